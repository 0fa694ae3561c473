"""Deterministic placeholder images, rendered with Pillow and cached.

The mock's image URLs carry everything needed to draw the image, so any mock process
can serve any URL and nothing is stored per request.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont


def _colour(text: str) -> tuple[int, int, int]:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return (64 + digest[0] % 160, 64 + digest[1] % 160, 64 + digest[2] % 160)


def _draw(
    width: int, height: int, lines: tuple[str, ...], watermark: str, corner: int
) -> Image.Image:
    image = Image.new("RGB", (width, height), _colour("|".join(lines)))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(10, min(width, height) // 16))
    y = height // 3
    for line in lines:
        draw.text((width // 12, y), line[:60], fill=(255, 255, 255), font=font)
        y += max(12, min(width, height) // 12)
    if watermark:
        box = draw.textbbox((0, 0), watermark, font=font)
        text_w, text_h = int(box[2] - box[0]), int(box[3] - box[1])
        margin = max(4, width // 50)
        x = width - text_w - margin if corner in (0, 3) else margin
        y = height - text_h - margin * 2 if corner in (0, 1) else margin
        draw.text((x, y), watermark, fill=(255, 255, 0), font=font)
    return image


@lru_cache(maxsize=64)
def render(
    width: int,
    height: int,
    lines: tuple[str, ...],
    fmt: str = "WEBP",
    watermark: str = "",
    corner: int = 0,
) -> bytes:
    """Encode a placeholder; the cache bounds memory and makes repeats free."""
    buffer = io.BytesIO()
    image = _draw(width, height, lines, watermark, corner)
    image.save(buffer, format=fmt, quality=60) if fmt == "WEBP" else image.save(buffer, format=fmt)
    return buffer.getvalue()
