"""Deterministic placeholder images, rendered with Pillow and cached.

The mock's image URLs carry everything needed to draw the image, so any mock process
can serve any URL and nothing is stored per request. Text is set in the packaged
Noto Sans SC subset (mockserver/fonts/, OFL-1.1): Pillow's built-in font has no CJK
glyphs, and the watermark's default text is Chinese.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

FONT_FILE = "NotoSansSC-Regular-subset.ttf"


@lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    # Read once through importlib.resources, so an installed (even zipped) package works.
    return (resources.files("mockserver") / "fonts" / FONT_FILE).read_bytes()


@lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont:
    # Basic layout, not raqm: a watermark is one plain line, and raqm fails outright
    # (RuntimeError) on some text a client may send, such as lone surrogates.
    return ImageFont.truetype(io.BytesIO(_font_bytes()), size, layout_engine=ImageFont.Layout.BASIC)


def _colour(text: str) -> tuple[int, int, int]:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return (64 + digest[0] % 160, 64 + digest[1] % 160, 64 + digest[2] % 160)


def _drawable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def _draw(
    width: int, height: int, lines: tuple[str, ...], watermark: str, corner: str
) -> Image.Image:
    # Text from a client may hold lone surrogates, which no font draws: shown as "?".
    lines = tuple(_drawable(line) for line in lines)
    watermark = _drawable(watermark)
    image = Image.new("RGB", (width, height), _colour("|".join(lines)))
    draw = ImageDraw.Draw(image)
    face = font(max(10, min(width, height) // 16))
    y = height // 3
    for line in lines:
        draw.text((width // 12, y), line[:60], fill=(255, 255, 255), font=face)
        y += max(12, min(width, height) // 12)
    if watermark:
        # `corner` is the spec's name for the position, e.g. "bottom right".
        left, top, right, bottom = draw.textbbox((0, 0), watermark, font=face)
        margin = max(4, width // 50)
        x = width - int(right) - margin if "right" in corner else margin - int(left)
        y = height - int(bottom) - margin if "bottom" in corner else margin - int(top)
        draw.text((x, y), watermark, fill=(255, 255, 0), font=face)
    return image


@lru_cache(maxsize=64)
def render(
    width: int,
    height: int,
    lines: tuple[str, ...],
    fmt: str = "WEBP",
    watermark: str = "",
    corner: str = "",
) -> bytes:
    """Encode a placeholder; the cache bounds memory and makes repeats free."""
    buffer = io.BytesIO()
    image = _draw(width, height, lines, watermark, corner)
    image.save(buffer, format=fmt, quality=60) if fmt == "WEBP" else image.save(buffer, format=fmt)
    return buffer.getvalue()
