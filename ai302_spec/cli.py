"""`ai302-spec`: classify the changes between two specs before the client is regenerated.

    ai302-spec diff OLD NEW        OLD and NEW are files or git `REV:path`
    ai302-spec check [SPEC]        SPEC against `git merge-base HEAD origin/main`, else HEAD

Exit status: 0 when no change is breaking, 1 when one is, 2 when a spec cannot be read.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ai302_spec import report
from ai302_spec.base import base_revision, repo_path
from ai302_spec.changes import Change, Level
from ai302_spec.compare import compare_specs
from ai302_spec.source import SpecSourceError, git_show, load, parse

FORMATS = ("table", "json", "markdown")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "diff":
            old, new = load(args.old), load(args.new)
        else:
            loaded = _against_base(Path(args.spec), args.upstream)
            if loaded is None:
                return 0
            old, new = loaded
    except SpecSourceError as error:
        print(f"ai302-spec: {error}", file=sys.stderr)
        return 2
    changes = compare_specs(old, new)
    sys.stdout.write(_render(changes, args.format, old, new))
    return _exit_status(changes, old, new, args.allow_breaking_if_major)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ai302-spec",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    diff = commands.add_parser("diff", help="compare two specs (files or REV:path)")
    diff.add_argument("old", help="the spec callers use now: a file or REV:path")
    diff.add_argument("new", help="the changed spec: a file or REV:path")
    check = commands.add_parser("check", help="compare a working spec with its base commit")
    check.add_argument("spec", nargs="?", default="openapi/openapi.yaml")
    check.add_argument("--upstream", default="origin/main", help="branch to fork from")
    for command in (diff, check):
        command.add_argument("--format", choices=FORMATS, default="table")
        command.add_argument(
            "--allow-breaking-if-major",
            action="store_true",
            help="exit 0 despite breaking changes when info.version's major number went up",
        )
    return parser


def _against_base(spec: Path, upstream: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(base spec, working spec), or None when there is nothing to compare with."""
    new = load(str(spec))
    folder = spec.resolve().parent
    revision = base_revision(folder, upstream)
    inside = repo_path(spec, folder)
    if revision is None or inside is None:
        print(f"ai302-spec: {spec} is not in a git checkout: nothing to compare", file=sys.stderr)
        return None
    print(f"ai302-spec: {spec} against {revision[:12]}:{inside}", file=sys.stderr)
    try:
        old = parse(git_show(f"{revision}:{inside}", folder), f"{revision}:{inside}")
    except SpecSourceError:
        print(f"ai302-spec: {inside} is new since {revision[:12]}", file=sys.stderr)
        old = {}
    return old, new


def _render(changes: list[Change], form: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    if form == "json":
        return report.as_json(changes) + "\n"
    if form == "markdown":
        return report.markdown(changes, _version(old), _version(new))
    return report.table(changes)


def _version(spec: dict[str, Any]) -> str:
    return str((spec.get("info") or {}).get("version", "?"))


def major(version: str) -> int | None:
    found = re.match(r"\s*v?(\d+)", version)
    return int(found.group(1)) if found else None


def _exit_status(
    changes: list[Change], old: dict[str, Any], new: dict[str, Any], allow_major: bool
) -> int:
    if not any(c.level is Level.BREAKING for c in changes):
        return 0
    before, after = major(_version(old)), major(_version(new))
    if allow_major and before is not None and after is not None and after > before:
        print(
            f"ai302-spec: breaking changes allowed: info.version's major went {before} → {after}",
            file=sys.stderr,
        )
        return 0
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
