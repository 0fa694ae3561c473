"""Image input from a local path or bytes, typed by content, never by file name.

JSON bodies take the image as a `data:image/...;base64,` URI; multipart bodies take
it as a file part. Both start from the same sniffed bytes. Which types the API accepts
is the spec's `x-image-types`, passed in by the generated client.
"""

from __future__ import annotations

import base64
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ai302_runtime.errors import InvalidInputError

# Magic numbers of common image formats: file-format knowledge, not an API fact.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type of image bytes by their magic number, or None."""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((mime for magic, mime in _SIGNATURES if data.startswith(magic)), None)


@dataclass(frozen=True)
class ImageInput:
    """Image bytes with their sniffed type and a file name for multipart."""

    data: bytes
    mime_type: str
    file_name: str

    @classmethod
    def load(cls, source: str | Path | bytes, accepted: Collection[str]) -> ImageInput:
        """Read a path (str or Path) or take raw bytes; refuse a type not in `accepted`."""
        if isinstance(source, bytes):
            data, name = source, "image"
        else:
            path = Path(source)
            data, name = path.read_bytes(), path.name
        mime = sniff_image_type(data)
        if mime is None or mime not in accepted:
            found = f"a {mime} image" if mime else "not a recognised image"
            raise InvalidInputError(
                f"image: {found}; the API accepts {', '.join(accepted)} "
                "(checked by content, not by name)"
            )
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return cls(data=data, mime_type=mime, file_name=f"{stem}.{mime.split('/')[1]}")

    def data_uri(self) -> str:
        """The image as a `data:image/...;base64,` URI, for the JSON body's `image`."""
        return f"data:{self.mime_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def image_data_uri(source: str | Path | bytes, accepted: Collection[str]) -> str:
    """A local image file or bytes as a data URI for the JSON body's `image`."""
    return ImageInput.load(source, accepted).data_uri()
