"""The image a done portrait task's answer carries: a link to the mock (`return_url`), or
the PNG itself in base64, with the watermark `logo_info` asks for."""

from __future__ import annotations

import base64
from typing import Any

from mockserver.context import CallContext
from mockserver.image_route import MAX_TEXT, image_urls
from mockserver.renderer import render
from mockserver.spec_loader import WatermarkSpec

_Key = tuple[str | None, str, tuple[int, int]]


class PortraitLinks:
    """The path and query of a done task's link, by what decides it: the `req_json` text
    as sent, the task id and the image size. Reading the options, the watermark's
    defaults and encoding the link were 17k of the handler's 26k instructions, and a
    client polling a task sends the same text each time. The host is left out: it is the
    client's Host header, joined on each answer.

    Bounded: at most as many entries as the tasks the mock remembers (`--max-tasks`),
    and never more than MAX_ENTRIES, the oldest dropped first; an entry is kept only if
    its texts and link come to at most ENTRY_CHARS (a percent-encoded watermark of emoji
    is 12 characters each), so the whole stays within a few megabytes. What is not kept
    is worked out on every request, as all links were before; so is a base64 answer's
    empty path, which would only push links out."""

    MAX_ENTRIES = 1024
    ENTRY_CHARS = 1024

    def __init__(self, watermark: WatermarkSpec | None, max_tasks: int) -> None:
        self.watermark = watermark
        self.capacity = min(max_tasks, self.MAX_ENTRIES)
        self._paths: dict[_Key, str] = {}

    def path(self, ctx: CallContext, size: tuple[int, int]) -> str:
        """The link's path and query, or "" where the answer carries the image itself."""
        text, task_id = ctx.raw_data.get("req_json"), ctx.raw_data["task_id"]
        if text is not None and type(text) is not str:  # a --spec that types it otherwise
            return _link_path(ctx, size, self.watermark)
        key = (text, task_id, size)
        paths = self._paths
        path = paths.get(key)
        if path is not None:
            return path
        path = _link_path(ctx, size, self.watermark)
        if path and len(text or "") + len(task_id) + len(path) <= self.ENTRY_CHARS:
            if len(paths) >= self.capacity:
                del paths[next(iter(paths))]
            paths[key] = path
        return path

    def __len__(self) -> int:
        return len(self._paths)


def fill_images(
    data: dict[str, Any], ctx: CallContext, size: tuple[int, int], links: PortraitLinks
) -> None:
    """A done task's `image_urls` and `binary_data_base64`: one link, or one PNG."""
    path = links.path(ctx, size)
    if path:
        data["image_urls"] = [ctx.base_url + path]
        data["binary_data_base64"] = []
    else:
        data["binary_data_base64"] = [_image_base64(ctx, size, links.watermark)]
        data["image_urls"] = []


def _image_lines(ctx: CallContext) -> tuple[str, str]:
    """What the image shows: its kind and the task it belongs to."""
    return "portrait", ctx.raw_data["task_id"][:40]


def _link_path(
    ctx: CallContext, size: tuple[int, int], watermark_spec: WatermarkSpec | None
) -> str:
    """The link's path and query if `req_json` asks for a link (`return_url`), else ""."""
    options = ctx.data.get("req_json") or {}
    if options.get("return_url") is not True:
        return ""
    watermark, corner = _watermark(options.get("logo_info") or {}, watermark_spec)
    text, person = _image_lines(ctx)
    params: tuple[tuple[str, str], ...] = (("text", text), ("person", person))
    if watermark:
        params += (("wm", watermark), ("pos", str(corner)))
    return image_urls("", "portrait", *size, "png", params, 1)[0]


def _image_base64(
    ctx: CallContext, size: tuple[int, int], watermark_spec: WatermarkSpec | None
) -> str:
    options = ctx.data.get("req_json") or {}
    watermark, corner = _watermark(options.get("logo_info") or {}, watermark_spec)
    corner_name = watermark_spec.corners[corner] if watermark and watermark_spec else ""
    png = render(*size, (*_image_lines(ctx), "#1"), "PNG", watermark, corner_name)
    return base64.b64encode(png).decode("ascii")


def _watermark(logo: dict[str, Any], spec: WatermarkSpec | None) -> tuple[str, int]:
    """The watermark text and position `logo_info` asks for, with the spec's defaults."""
    if spec is None or not logo.get("add_logo", spec.default_add_logo):
        return "", 0
    language = logo.get("language", spec.default_language)
    text = logo.get("logo_text_content") or spec.texts[language]
    # Bounded like every text the image route carries, so the link always serves.
    return text[:MAX_TEXT], logo.get("position", spec.default_position)
