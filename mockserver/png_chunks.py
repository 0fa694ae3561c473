"""A PNG's chunk checksums, checked over the bytes in memory with a SIMD CRC.

Pillow's `PngImageFile.verify()` copies each chunk after the header into a new bytes
object and checks its CRC with the stdlib's `zlib.crc32`: Debian's zlib 1.2.13 here, about
2.3 GB/s, half the image check on a 100 KB upload. This makes the same checks, in the
same order, over slices of one memoryview with zlib-ng's CRC (about 40 GB/s): every chunk
from the signature on has a type of four word characters, its data and its CRC are all
there, and the CRC matches; the walk ends at IEND, whose CRC Pillow does not read either.
Pillow's open has already checked the chunks before the first IDAT the same way, so
starting at the signature changes no verdict.
"""

from __future__ import annotations

import re

from zlib_ng.zlib_ng import crc32

_SIGNATURE_BYTES = 8
# Pillow's own test for a chunk type (PngImagePlugin.is_cid).
_CHUNK_TYPE = re.compile(rb"\w\w\w\w")


class BrokenPng(ValueError):
    """The bytes Pillow opened as a PNG have a chunk that Pillow's verify() would refuse."""


def verify_png_chunks(data: bytes) -> None:
    view = memoryview(data)
    size = len(data)
    start = _SIGNATURE_BYTES
    while True:
        if start + 8 > size:
            raise BrokenPng("truncated PNG file")
        kind = data[start + 4 : start + 8]
        if not _CHUNK_TYPE.match(kind):
            raise BrokenPng(f"broken PNG file (chunk {kind!r})")
        if kind == b"IEND":
            return
        end = start + 8 + int.from_bytes(view[start : start + 4])
        if end + 4 > size:
            raise BrokenPng(f"truncated PNG chunk {kind!r}")
        # The CRC covers the chunk's type and data.
        if crc32(view[start + 4 : end]) != int.from_bytes(view[end : end + 4]):
            raise BrokenPng(f"broken PNG file (bad checksum in {kind!r})")
        start = end + 4
