"""Small real images for tests, made with Pillow."""

from __future__ import annotations

import base64
import io
import struct
import zlib

from PIL import Image


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (16, 12)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def data_uri(fmt: str = "PNG", mime: str | None = None) -> str:
    mime = mime or f"image/{fmt.lower()}"
    return f"data:{mime};base64,{base64.b64encode(image_bytes(fmt)).decode()}"


def png_chunk(kind: bytes, data: bytes, crc_flip: int = 0) -> bytes:
    """One PNG chunk: length, type, data and the CRC of type and data (XORed with
    `crc_flip`, to break it)."""
    crc = zlib.crc32(kind + data) ^ crc_flip
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims this size, with no image data: what a decompression bomb
    looks like to a decoder that reads the header first."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IEND", b"")
