"""Read a spec from a file, or from a git revision written `REV:path` (as `git show` takes it)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml


class SpecSourceError(Exception):
    """The spec could not be read or is not a YAML/JSON mapping; the message says why."""


def load(source: str, cwd: Path | None = None) -> dict[str, Any]:
    """Load `source`: an existing file wins over the `REV:path` reading of the same text."""
    return parse(read_text(source, cwd), source)


def read_text(source: str, cwd: Path | None = None) -> str:
    path = Path(cwd or ".") / source
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if ":" not in source:
        raise SpecSourceError(f"{source}: no such file (for a git revision write REV:path)")
    return git_show(source, cwd)


def git_show(revision_path: str, cwd: Path | None = None) -> str:
    """The text of `REV:path`; a path without `./` is relative to the repository's root."""
    try:
        result = subprocess.run(
            ["git", "show", revision_path],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise SpecSourceError(f"{revision_path}: git is not installed") from error
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1] if reason else f"git show exited {result.returncode}"
        raise SpecSourceError(f"{revision_path}: {detail}")
    return result.stdout.decode("utf-8")


# libyaml's loader when the wheel has it: the same safe loading, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str, name: str) -> dict[str, Any]:
    try:
        spec = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise SpecSourceError(f"{name}: not valid YAML or JSON: {error}") from error
    if not isinstance(spec, dict):
        raise SpecSourceError(f"{name}: not an OpenAPI document (the top level is not a mapping)")
    return spec
