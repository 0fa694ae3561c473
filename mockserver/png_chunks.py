"""A PNG's chunk checksums, checked over the bytes in memory with a SIMD CRC.

Pillow's `PngImageFile.verify()` copies each chunk from the first image-data chunk on into
a new bytes object and checks its CRC with the stdlib's `zlib.crc32`: Debian's zlib
1.2.13 here, about 2.3 GB/s, half the image check on a 100 KB upload. This makes the same
checks from the same place (Pillow's open, or png_header for a plain PNG, has checked
the chunks before it), in the same order, over slices of one memoryview with zlib-ng's
CRC (about 40 GB/s): each chunk has a type of four word characters, its data and its CRC
are all there, and the CRC matches; the walk ends at IEND, whose CRC Pillow does not read
either.
"""

from __future__ import annotations

import re

from zlib_ng.zlib_ng import crc32

# A chunk: a 4-byte length, a 4-byte type, the data, a 4-byte CRC of type and data.
_LENGTH = _TYPE = _CRC = 4
# From where a chunk's length field starts to where its data does.
HEAD = _LENGTH + _TYPE
# Pillow's own test for a chunk type (PngImagePlugin.is_cid).
_CHUNK_TYPE = re.compile(rb"\w\w\w\w")


class BrokenPng(ValueError):
    """The bytes Pillow opened as a PNG have a chunk that Pillow's verify() would refuse."""


def verify_png_chunks(data: bytes | bytearray, image_data_at: int) -> None:
    """Walk the chunks from the first image-data chunk, whose data starts at
    `image_data_at`: for an image Pillow has opened, `image.tile[0][2]`, from which its
    own verify() starts too (an image with no image data has no tile, which refuses it as
    Pillow does)."""
    start = image_data_at - HEAD
    view = memoryview(data)
    while (kind := chunk_type(data, start)) != b"IEND":
        start = checked_chunk_end(view, start, kind)


def chunk_type(data: bytes | bytearray, start: int) -> bytes:
    """The type of the chunk whose length field is at `start`; BrokenPng where its head is
    cut short or the type is not four word characters."""
    if start + HEAD > len(data):
        raise BrokenPng("truncated PNG file")
    kind = bytes(data[start + _LENGTH : start + HEAD])  # the same object where data is bytes
    if not _CHUNK_TYPE.match(kind):
        raise BrokenPng(f"broken PNG file (chunk {kind!r})")
    return kind


def checked_chunk_end(view: memoryview, start: int, kind: bytes) -> int:
    """Where the chunk after the one at `start` starts; BrokenPng unless that one has all
    its data and a CRC that matches."""
    end = start + HEAD + int.from_bytes(view[start : start + _LENGTH])
    if end + _CRC > len(view):
        raise BrokenPng(f"truncated PNG chunk {kind!r}")
    if crc32(view[start + _LENGTH : end]) != int.from_bytes(view[end : end + _CRC]):
        raise BrokenPng(f"broken PNG file (bad checksum in {kind!r})")
    return end + _CRC
