"""Parsers for the two seed documentation pages, so tests compare the spec to the page text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from contract_tests.specfile import HEADSHOT_PAGE, PORTRAIT_PAGE

_TYPES = (
    "string",
    "integer",
    "object",
    "boolean",
    "number",
    "null",
    "array[string]",
    "enum<string>",
)


@dataclass
class PageField:
    """One field as a page lists it."""

    name: str
    type: str
    required: bool
    label: str = ""
    default: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    replacement: int | None = None
    allowed: str | None = None
    notes: list[str] = field(default_factory=list)


def _section(text: str, start: str, end: str) -> list[str]:
    begin = text.index(start) + len(start)
    return [
        line.strip() for line in text[begin : text.index(end, begin)].splitlines() if line.strip()
    ]


def parse_fields(lines: list[str]) -> list[PageField]:
    """Fields are a name line, then its type line; the lines up to the next field describe it."""
    fields: list[PageField] = []
    i = 0
    while i < len(lines) - 1:
        name, kind = lines[i], lines[i + 1]
        if re.fullmatch(r"[a-z_][a-z0-9_]*", name) and kind in _TYPES:
            fields.append(PageField(name=name, type=kind, required=False))
            i += 2
            continue
        if fields:
            _describe(fields[-1], lines, i)
        i += 1
    if fields and i == len(lines) - 1:
        _describe(fields[-1], lines, i)
    return fields


def _describe(current: PageField, lines: list[str], i: int) -> None:
    line = lines[i]
    if line in ("required", "optional"):
        current.required = line == "required"
    elif re.search(r"[\u4e00-\u9fff]", line) and not current.label:
        current.label = line
    elif line == "Default:":
        current.default = lines[i + 1]
    elif match := re.fullmatch(r">= (\d+)<= (\d+)", line):
        current.minimum, current.maximum = int(match[1]), int(match[2])
    elif match := re.fullmatch(
        r"Values outside the supported range will be treated as (\d+)", line
    ):
        current.replacement = int(match[1])
    elif line == "Allowed values:":
        current.allowed = lines[i + 1]
    else:
        current.notes.append(line)


def _json_after(text: str, marker: str, end: str) -> Any:
    begin = text.index(marker) + len(marker)
    return json.loads(text[begin : text.index(end, begin)])


class HeadshotPage:
    text: ClassVar[str] = HEADSHOT_PAGE.read_text(encoding="utf-8")
    body_fields: ClassVar[list[PageField]] = parse_fields(
        _section(text, "Body Params application/json", "\nExample\n")
    )
    response_fields: ClassVar[list[PageField]] = parse_fields(
        _section(text, "application/json\nBody", '\nExample\n{\n  "headshot')
    )
    styles: ClassVar[dict[int, str]] = {
        int(m[1]): m[2]
        for m in (
            re.fullmatch(r"(\d+)(\D.*)", s) for s in _section(text, "idStyles", "\nRequest\n")
        )
        if m
    }
    request_example: ClassVar[Any] = _json_after(
        text, "Default:\ngpt-4.1\nExample\n", "\nRequest samples"
    )
    response_example: ClassVar[Any] = _json_after(
        text,
        "Body\nheadshot_url_list\narray[string]\n头像链接列表\nrequired\nExample\n",
        "\nPrevious",
    )
    content_types: ClassVar[list[str]] = _section(text, "Supports two types Content-Type:", "Note:")


class PortraitPage:
    text: ClassVar[str] = PORTRAIT_PAGE.read_text(encoding="utf-8")
    query_fields: ClassVar[list[PageField]] = parse_fields(
        _section(text, "Query Params", "Header Params")
    )
    header_lines: ClassVar[list[str]] = _section(text, "Header Params", "Body Params")
    body_fields: ClassVar[list[PageField]] = parse_fields(
        _section(text, "Body Params application/json", "Currently supports")
    )
    watermark_lines: ClassVar[list[str]] = _section(
        text, "Watermark related information", "\nExample\n"
    )
    response_fields: ClassVar[list[PageField]] = parse_fields(
        _section(text, "application/json\nBody", '\nExample\n{\n"code"')
    )
    request_example: ClassVar[Any] = _json_after(
        text, "Default is 0\nExample\n", "\nRequest samples"
    )
    response_example: ClassVar[Any] = _json_after(
        text, "time_elapsed\nstring\nrequired\nExample\n", "\nModified at"
    )
