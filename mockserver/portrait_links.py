"""The image a done portrait task's answer carries: a link to the mock (`return_url`), or
the PNG itself in base64, with the watermark `logo_info` asks for."""

from __future__ import annotations

import base64
from typing import Any

from mockserver.context import CallContext
from mockserver.image_route import MAX_TEXT, image_urls
from mockserver.renderer import render
from mockserver.spec_loader import WatermarkSpec


class PortraitLinks:
    """The path and query of a done task's link, by what decides it: the `req_json` text
    as sent, the task id and the image size; "" where the answer carries the image
    itself. Reading the options, the watermark's defaults and encoding the link were 17k
    of the handler's 26k instructions, and a client polling a task sends the same text
    each time. The host is left out: it is the client's Host header, joined on each answer.

    Bounded: as many entries as the tasks the mock remembers (`--max-tasks`), the oldest
    dropped first, each key at most KEY_CHARS long (a longer one is worked out on every
    request, as all were before)."""

    KEY_CHARS = 512

    def __init__(self, watermark: WatermarkSpec | None, capacity: int) -> None:
        self.watermark = watermark
        self.capacity = capacity
        self._paths: dict[tuple[Any, ...], str] = {}

    def path(self, ctx: CallContext, size: tuple[int, int]) -> str:
        text, task_id = ctx.raw_data.get("req_json"), ctx.raw_data["task_id"]
        key = (text, task_id, size)
        paths = self._paths
        path = paths.get(key)
        if path is not None:
            return path
        path = _link_path(ctx, size, self.watermark)
        if len(task_id) + (len(text) if isinstance(text, str) else 0) <= self.KEY_CHARS:
            if len(paths) >= self.capacity:
                del paths[next(iter(paths))]
            paths[key] = path
        return path

    def __len__(self) -> int:
        return len(self._paths)


def fill_images(
    data: dict[str, Any], ctx: CallContext, size: tuple[int, int], links: PortraitLinks
) -> None:
    path = links.path(ctx, size)
    if path:
        data["image_urls"] = [ctx.base_url + path]
        data["binary_data_base64"] = []
    else:
        data["binary_data_base64"] = [_image_base64(ctx, size, links.watermark)]
        data["image_urls"] = []


def _lines(ctx: CallContext) -> tuple[str, str]:
    return "portrait", ctx.raw_data["task_id"][:40]


def _link_path(
    ctx: CallContext, size: tuple[int, int], watermark_spec: WatermarkSpec | None
) -> str:
    """The link's path and query if `req_json` asks for a link (`return_url`), else ""."""
    options = ctx.data.get("req_json") or {}
    if options.get("return_url") is not True:
        return ""
    watermark, corner = _watermark(options.get("logo_info") or {}, watermark_spec)
    text, person = _lines(ctx)
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
    png = render(*size, (*_lines(ctx), "#1"), "PNG", watermark, corner_name)
    return base64.b64encode(png).decode("ascii")


def _watermark(logo: dict[str, Any], spec: WatermarkSpec | None) -> tuple[str, int]:
    """The watermark text and position `logo_info` asks for, with the spec's defaults."""
    if spec is None or not logo.get("add_logo", spec.default_add_logo):
        return "", 0
    language = logo.get("language", spec.default_language)
    text = logo.get("logo_text_content") or spec.texts[language]
    # Bounded like every text the image route carries, so the link always serves.
    return text[:MAX_TEXT], logo.get("position", spec.default_position)
