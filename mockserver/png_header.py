"""The header of a plain PNG, read without Pillow, where Pillow would read the same.

Pillow's `Image.open` of a PNG costs ~25 us in Python (file object, plugin lookup, a chunk
stream, a method call per chunk), most of the image check on a 100 KB upload. Most PNGs
are plain: the signature, a 13-byte IHDR, a few ancillary chunks, then the image data.
For those, this reads what the mock needs from Pillow's open (the size, and where the
image data starts) in a few slices, making each check Pillow's open makes there
(PngImagePlugin.PngImageFile._open and ImageFile's, Pillow 13):

- every chunk before the first IDAT has a type of four word characters, its whole data
  and a CRC that matches;
- IHDR's bit depth and colour type are a pair Pillow has a mode for, its filter byte is
  0, and both sides are above 0;
- a chunk Pillow reads into the image's info (sRGB, gAMA, pHYs, cHRM) is at least as long
  as Pillow needs; any chunk Pillow has no reader for is skipped, as Pillow skips it;
- the size is within Pillow's decompression-bomb limit.

The answer is either that Pillow would open it, with these figures, or None: anything
else (APNG, a PLTE or text chunk, LOAD_TRUNCATED_IMAGES, a broken header, input that is
not bytes) goes to Pillow, which gives its own verdict and message.
contract_tests/test_png_header.py holds the two to the same answers. It was checked
against Pillow 13.0: with another Pillow, every file goes to Pillow until it is checked
again there (PILLOW_CHECKED).
"""

from __future__ import annotations

import PIL
from PIL import Image, ImageFile, PngImagePlugin

from mockserver.png_chunks import HEAD, BrokenPng, checked_chunk_end, chunk_type

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IHDR_LENGTH = 13
# The chunks Pillow reads into the image before IDAT with no check but their length: the
# least length each reader takes.
_INFO_CHUNKS = {b"sRGB": 1, b"gAMA": 4, b"pHYs": 9, b"cHRM": 32}
# Every chunk type Pillow has a reader for (PngStream.chunk_*); any other it skips.
_READ_BY_PILLOW = frozenset(
    name.removeprefix("chunk_").encode("ascii")
    for name in dir(PngImagePlugin.PngStream)
    if name.startswith("chunk_")
)
# How many chunks this reads, IHDR's and the first IDAT's heads included, before leaving
# the file to Pillow: at most MAX_CHUNKS - 2 between them.
MAX_CHUNKS = 16
# The Pillow release (major, minor) whose open this reader was held to: the checks above
# are Pillow's own, and another release may add one.
PILLOW_CHECKED = (13, 0)
_ON_CHECKED_PILLOW = PIL.__version__.split(".")[:2] == [str(n) for n in PILLOW_CHECKED]


def plain_png_header(data: bytes | bytearray) -> tuple[int, int, int] | None:
    """(width, height, where the first IDAT's data starts) if Pillow would open `data` as a
    PNG with that size and tile; None when Pillow must decide."""
    if (
        not _ON_CHECKED_PILLOW
        or ImageFile.LOAD_TRUNCATED_IMAGES
        or type(data) not in (bytes, bytearray)  # the route decodes a data URI to a bytearray
        or not data.startswith(_SIGNATURE)
    ):
        return None
    start = len(_SIGNATURE)
    view = memoryview(data)
    try:
        for index in range(MAX_CHUNKS):
            # The same head and CRC checks as Pillow's verify() walk, from the first chunk.
            kind = chunk_type(data, start)
            if index > 0 and kind == b"IDAT":
                return _header_figures(data, start + HEAD)
            length = int.from_bytes(data[start : start + 4])
            if index == 0:
                known = kind == b"IHDR" and length == _IHDR_LENGTH
            else:  # a chunk Pillow reads must be one whose reader checks only its length
                least = _INFO_CHUNKS.get(kind)
                known = kind not in _READ_BY_PILLOW or (least is not None and length >= least)
            if not known:
                return None
            start = checked_chunk_end(view, start, kind)
    except BrokenPng:
        return None
    return None


def _header_figures(data: bytes | bytearray, image_data_at: int) -> tuple[int, int, int] | None:
    ihdr = len(_SIGNATURE) + HEAD
    width = int.from_bytes(data[ihdr : ihdr + 4])
    height = int.from_bytes(data[ihdr + 4 : ihdr + 8])
    depth, colour, _, filter_method = data[ihdr + 8 : ihdr + 12]
    limit = Image.MAX_IMAGE_PIXELS
    if (
        (depth, colour) not in PngImagePlugin._MODES
        or filter_method != 0
        or width <= 0
        or height <= 0
        or (limit is not None and width * height > limit)
    ):
        return None
    return width, height, image_data_at
