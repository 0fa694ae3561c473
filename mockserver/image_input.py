"""Checks on every field the spec marks with `x-image-types`: a public http(s) link, a
data:image URI, or a file part, whose bytes must be an image of one of those types.

A link is checked for syntax only: the mock never fetches what a client sends it.
Image bytes are opened only far enough to read their header, so a decompression
bomb is rejected by its declared size before any pixel is decoded.
"""

from __future__ import annotations

import binascii
import contextlib
import importlib
import io
import ipaddress
import re
import socket
import warnings
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import PIL
import pybase64
from PIL import Image

from mockserver.errors import MockError
from mockserver.long_text import take_decoded, text_pattern
from mockserver.messages import library_reason
from mockserver.png_chunks import verify_png_chunks
from mockserver.png_header import plain_png_header
from mockserver.spec_loader import BodyModel, SpecError

_DATA_URI = re.compile(r"data:(image/[a-zA-Z0-9.+-]+)?(;[^,;]*)*?;base64,", re.ASCII)
# A common misspelling of image/jpeg in data URIs, read as what it means.
_MIME_ALIASES = {"image/jpg": "image/jpeg"}
_PRIVATE_NAMES = ("localhost", "localhost.localdomain")
# A host whose last label is a number is an IPv4 address, in any of the spellings
# inet_aton reads (127.1, 0x7f000001, 2130706433, 0177.0.0.1): the WHATWG URL rule, which
# browsers and most HTTP clients follow, so a fetcher would go there.
_NUMBER_LABEL = re.compile(r"[0-9]+|0[xX][0-9a-fA-F]*")
# The common shape of a public link, decided by one match of its start: http(s), then a
# DNS name of ASCII labels ending in a letter-only label (so never an IP address), an
# optional port, and the end of the authority. urlsplit reads the host from exactly that
# span (what follows cannot change it). Anything else (userinfo, IP literals, upper-case
# schemes, trailing dots, other characters) goes through urlsplit, as it always has.
_PLAIN_PUBLIC_URL = re.compile(
    r"https?://((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,63})(?::[0-9]{1,5})?(?=[/?#]|\Z)", re.ASCII
)


class ImageRules:
    """What the spec says one image field accepts: its MIME types (`x-image-types`), with
    the Pillow decoder for each, and its pattern as text (a link or a data URI)."""

    def __init__(self, mime_types: Iterable[str], pattern: str | None = None) -> None:
        self.mime_types = tuple(mime_types)
        decoders = load_decoders(self.mime_types)
        unknown = [mime for mime in self.mime_types if mime not in decoders]
        if unknown:
            raise SpecError(f"x-image-types names {unknown}, which no image decoder reads")
        self.decoders = {decoders[mime]: mime for mime in self.mime_types}
        # JSON Schema's own regex dialect, as the body's validator applies it.
        self.text = text_pattern(pattern) if pattern else None

    def describe(self) -> str:
        return ", ".join(self.mime_types)


def load_decoders(mime_types: tuple[str, ...]) -> dict[str, str]:
    """Pillow's format name for each MIME type it reads, with the decoders for these types
    registered. Image.init() imports all ~45 of Pillow's plugins, ~40 ms of the mock's
    start-up (a measured target): a plugin is named after its format (PngImagePlugin,
    WebPImagePlugin), so only those named like a type not yet known are imported, and a
    type they do not register sends us to Image.init(), as before."""
    Image.preinit()  # BMP, GIF, JPEG, PPM and PNG, which Image.open loads anyway
    known = set(Image.MIME.values())
    wanted = {mime.partition("/")[2].lower() for mime in mime_types if mime not in known}
    for plugin in getattr(PIL, "_plugins", []) if wanted else []:
        if plugin.lower().startswith(tuple(wanted)):
            with contextlib.suppress(ImportError):  # as Image.init(): a missing library
                importlib.import_module(f"PIL.{plugin}")
    if not set(mime_types) <= set(Image.MIME.values()):
        Image.init()
    return {mime: name for name, mime in Image.MIME.items()}


def image_checks(model: BodyModel) -> dict[str, ImageRules]:
    """Built once at start-up, for each field of the body with `x-image-types`; for use on
    a body its schema's validator has passed. A field whose own schema carries the text
    pattern has been matched against it there, so it is not matched again (on a data URI
    of megabytes, the match is most of the validation time); a multipart text part, whose
    pattern is borrowed from the JSON body, is matched here."""
    return {
        name: ImageRules(types, _unchecked_pattern(model, name))
        for name, types in model.image_fields.items()
    }


def _unchecked_pattern(model: BodyModel, name: str) -> str | None:
    pattern = model.image_text_patterns.get(name)
    if pattern is not None and model.properties[name].get("pattern") == pattern:
        return None  # the body's validator applies this very pattern to this field
    return pattern


def check_images(checks: dict[str, ImageRules], data: dict[str, Any], max_pixels: int) -> None:
    for name, types in checks.items():
        value = data.get(name)
        if isinstance(value, bytes):
            check_image_bytes(value, name, types, max_pixels)
        elif isinstance(value, str):
            check_image_field(value, name, types, max_pixels)


def check_image_field(value: str, field: str, types: ImageRules, max_pixels: int) -> None:
    """Accept a public http(s) URL or a valid data:image URI; raise MockError otherwise."""
    if types.text is not None and not types.text.is_valid(value):
        # A multipart text part meets the JSON body's pattern too, so both agree.
        raise MockError(400, "image.not_link_or_data_uri", field)
    if value.startswith("data:"):
        check_data_uri(value, field, types, max_pixels)
    else:
        check_public_url(value, field)


def check_public_url(value: str, field: str) -> None:
    match = _PLAIN_PUBLIC_URL.match(value)
    if match is not None:
        host = match.group(1).lower()
        if host not in _PRIVATE_NAMES and not host.endswith(".localhost"):
            return  # a plain http(s) link to a DNS name: what urlsplit would accept too
    _check_split_url(value, field)


def _is_local_name(host: str) -> bool:
    return host in _PRIVATE_NAMES or host.endswith(".localhost")


def _check_split_url(value: str, field: str) -> None:
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError as exc:
        raise MockError(400, "image.bad_url", field, reason=library_reason(str(exc))) from exc
    if parts.scheme not in ("http", "https"):
        raise MockError(400, "image.scheme", field)
    if not host:
        raise MockError(400, "image.no_host", field)
    # `localhost.` is localhost: a trailing dot only names the DNS root.
    name = host.lower().rstrip(".")
    if _is_local_name(name):
        raise MockError(400, "image.not_public", field, host="localhost")
    address: ipaddress.IPv4Address | ipaddress.IPv6Address
    if ":" in name:  # an IPv6 literal (urlsplit has taken its brackets off)
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            raise MockError(400, "image.bad_ip", field, host=host[:80]) from None
    elif _NUMBER_LABEL.fullmatch(name.rsplit(".", 1)[-1]):
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            raise MockError(400, "image.bad_ip", field, host=host[:80]) from None
    else:
        return  # a name: syntax only, never resolved
    if not address.is_global:
        raise MockError(400, "image.not_public", field, host=host[:80])


def check_data_uri(value: str, field: str, types: ImageRules, max_pixels: int) -> None:
    match = _DATA_URI.match(value)
    if match is None or match.group(1) is None:
        raise MockError(400, "image.data_uri_prefix", field)
    declared = match.group(1).lower()
    declared = _MIME_ALIASES.get(declared, declared)
    # The long-text route has decoded a long payload already, exactly as here.
    data = take_decoded(value, match.end())
    if data is None:
        try:
            data = pybase64.b64decode(value[match.end() :], validate=True)
        except binascii.Error as exc:
            raise MockError(
                400, "image.bad_base64", field, reason=library_reason(str(exc))
            ) from exc
    actual = check_image_bytes(data, field, types, max_pixels)
    if declared != actual:
        raise MockError(400, "image.type_mismatch", field, declared=declared, actual=actual)


def check_image_bytes(
    data: bytes | bytearray, field: str, types: ImageRules, max_pixels: int
) -> str:
    """Return the MIME type of real image bytes of an accepted type; raise MockError otherwise."""
    if not data:
        raise MockError(400, "image.empty", field)
    # A plain PNG's header is read without Pillow, which would read the same (png_header).
    plain = plain_png_header(data) if "PNG" in types.decoders else None
    try:
        if plain is not None:
            width, height, image_data_at = plain
            _check_pixels(width, height, field, max_pixels)
            verify_png_chunks(data, image_data_at)
            return types.decoders["PNG"]
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(types.decoders)) as image:
                _check_pixels(*image.size, field, max_pixels)
                if image.format == "PNG":
                    # What image.verify() checks, from where it starts, at SIMD speed.
                    verify_png_chunks(data, image.tile[0][2])
                else:
                    image.verify()
                mime = types.decoders[image.format or ""]
    except MockError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MockError(400, "image.bomb", field, reason=library_reason(str(exc))) from exc
    except Exception as exc:  # Pillow raises many types for broken input
        raise MockError(400, "image.invalid", field, formats=types.describe()) from exc
    return mime


def _check_pixels(width: int, height: int, field: str, max_pixels: int) -> None:
    if width * height > max_pixels:
        raise MockError(
            400, "image.too_many_pixels", field, width=width, height=height, limit=max_pixels
        )
