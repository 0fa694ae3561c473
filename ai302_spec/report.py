"""The three output formats: a table for people, JSON for tools, Markdown for a changelog."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ai302_spec.changes import Change, Level

HEADERS = ("LEVEL", "OPERATION", "LOCATION", "CHANGE")


def summary(changes: Sequence[Change]) -> str:
    if not changes:
        return "no changes"
    counts = [
        f"{sum(c.level is level for c in changes)} {level.label}"
        for level in sorted(Level, reverse=True)
    ]
    return f"{len(changes)} change{'s' if len(changes) != 1 else ''}: {', '.join(counts)}"


def table(changes: Sequence[Change]) -> str:
    rows = [HEADERS, *((c.level.label, c.operation or "-", c.location, c.message) for c in changes)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS) - 1)]
    lines = [
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]
    body = "\n".join(line.rstrip() for line in lines) + "\n" if changes else ""
    return f"{body}{summary(changes)}\n"


def as_json(changes: Sequence[Change]) -> str:
    return json.dumps({"changes": [c.as_dict() for c in changes]}, indent=2, ensure_ascii=False)


def markdown(changes: Sequence[Change], old_version: str, new_version: str) -> str:
    """A changelog entry: one section per level, breaking first, each change one bullet."""
    title = f"## API changes: {old_version} → {new_version}"
    if old_version == new_version:
        title = f"## API changes in {new_version}"
    if not changes:
        return f"{title}\n\nNo changes to the API.\n"
    sections = [title]
    for level in sorted(Level, reverse=True):
        items = [c for c in changes if c.level is level]
        if items:
            bullets = "\n".join(_bullet(c) for c in items)
            sections.append(f"### {level.label.capitalize()}\n\n{bullets}")
    return "\n\n".join(sections) + "\n"


def _bullet(change: Change) -> str:
    where = f"`{change.location}`: " if change.location else ""
    what = f"**{change.operation}** " if change.operation else ""
    return f"- {what}{where}{change.message}"
