"""Checks on the request's `image`: a public http(s) link, a data:image URI, or a file part.

A link is checked for syntax only: the mock never fetches what a client sends it.
Image bytes are opened only far enough to read their header, so a decompression
bomb is rejected by its declared size before any pixel is decoded.
"""

from __future__ import annotations

import binascii
import io
import ipaddress
import re
import warnings
from urllib.parse import urlsplit

import pybase64
from PIL import Image

from mockserver.errors import MockError

_DATA_URI = re.compile(r"data:(image/[a-zA-Z0-9.+-]+)?(;[^,;]*)*?;base64,", re.ASCII)
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
_FORMAT_NAMES = ", ".join(_FORMATS)
_PRIVATE_NAMES = ("localhost", "localhost.localdomain")
_LOOKS_LIKE_IP = re.compile(r"[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")


def check_image_field(value: str, field: str, max_pixels: int) -> None:
    """Accept a public http(s) URL or a valid data:image URI; raise MockError otherwise."""
    if value.startswith("data:"):
        check_data_uri(value, field, max_pixels)
    else:
        check_public_url(value, field)


def check_public_url(value: str, field: str) -> None:
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError as exc:
        raise MockError(400, "image.bad_url", field, reason=str(exc)) from exc
    if parts.scheme not in ("http", "https"):
        raise MockError(400, "image.scheme", field)
    if not host:
        raise MockError(400, "image.no_host", field)
    if host.lower() in _PRIVATE_NAMES or host.lower().endswith(".localhost"):
        raise MockError(400, "image.not_public", field, host="localhost")
    if not _LOOKS_LIKE_IP.fullmatch(host):
        return  # a name: syntax only, never resolved
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    if not address.is_global:
        raise MockError(400, "image.not_public", field, host=host)


def check_data_uri(value: str, field: str, max_pixels: int) -> None:
    match = _DATA_URI.match(value)
    if match is None or match.group(1) is None:
        raise MockError(400, "image.data_uri_prefix", field)
    declared = match.group(1).lower()
    try:
        data = pybase64.b64decode(value[match.end() :], validate=True)
    except binascii.Error as exc:
        raise MockError(400, "image.bad_base64", field, reason=str(exc)) from exc
    actual = check_image_bytes(data, field, max_pixels)
    if declared != actual and not (declared == "image/jpg" and actual == "image/jpeg"):
        raise MockError(400, "image.type_mismatch", field, declared=declared, actual=actual)


def check_image_bytes(data: bytes, field: str, max_pixels: int) -> str:
    """Return the MIME type of real PNG/JPEG/WebP/GIF bytes; raise MockError otherwise."""
    if not data:
        raise MockError(400, "image.empty", field)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(_FORMATS)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise MockError(
                        400,
                        "image.too_many_pixels",
                        field,
                        width=width,
                        height=height,
                        limit=max_pixels,
                    )
                image.verify()
                mime = _FORMATS[image.format or ""]
    except MockError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MockError(400, "image.bomb", field, reason=str(exc)) from exc
    except Exception as exc:  # Pillow raises many types for broken input
        raise MockError(400, "image.invalid", field, formats=_FORMAT_NAMES) from exc
    return mime
