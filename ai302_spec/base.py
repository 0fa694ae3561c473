"""Which committed spec `ai302-spec check` compares the working one with."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(args: list[str], cwd: Path) -> str | None:
    """The command's output, or None when git fails (no repository, no such ref...)."""
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def base_revision(cwd: Path, upstream: str = "origin/main") -> str | None:
    """The fork point from `upstream` when there is one, else HEAD; None outside git.

    In a fresh clone of main, upstream and HEAD are the same commit, so the working
    spec is compared with itself plus any edits not yet committed.
    """
    fork = git(["merge-base", "HEAD", upstream], cwd)
    return fork or git(["rev-parse", "--verify", "--quiet", "HEAD"], cwd)


def repo_path(spec: Path, cwd: Path) -> str | None:
    """`spec` relative to the repository's root, as `git show REV:path` wants it."""
    top = git(["rev-parse", "--show-toplevel"], cwd)
    if top is None:
        return None
    return spec.resolve().relative_to(Path(top).resolve()).as_posix()
