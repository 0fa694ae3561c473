"""Image input from a local path or bytes, typed by content, never by file name.

JSON bodies take the image as a `data:image/...;base64,` URI; multipart bodies take
it as a file part. Both start from the same sniffed bytes.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

# Magic numbers of the formats 302.AI's pages and the mock accept.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
)


def sniff_image_type(data: bytes) -> str:
    """Return the MIME type of PNG, JPEG, WebP or GIF bytes; raise ValueError otherwise."""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for magic, offset, mime in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return mime
    raise ValueError("not a PNG, JPEG, WebP or GIF image (checked by content, not by name)")


@dataclass(frozen=True)
class ImageInput:
    """Image bytes with their sniffed type and a file name for multipart."""

    data: bytes
    mime_type: str
    file_name: str

    @classmethod
    def load(cls, source: str | Path | bytes) -> ImageInput:
        """Read a path (str or Path) or take raw bytes, and sniff the type."""
        if isinstance(source, bytes):
            data, name = source, "image"
        else:
            path = Path(source)
            data, name = path.read_bytes(), path.name
        mime = sniff_image_type(data)
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return cls(data=data, mime_type=mime, file_name=f"{stem}.{mime.split('/')[1]}")

    def data_uri(self) -> str:
        """The image as a `data:image/...;base64,` URI, for the JSON body's `image`."""
        return f"data:{self.mime_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def image_data_uri(source: str | Path | bytes) -> str:
    """A local image file or bytes as a data URI for the JSON body's `image`."""
    return ImageInput.load(source).data_uri()
