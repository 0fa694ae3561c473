"""A plain PNG's header, read without Pillow (mockserver/png_header.py), gives what Pillow's
own open gives: whenever the reader answers, Pillow opens the bytes as a PNG with the same
size and the same start of image data, and the mock's whole image check (MIME type, or
the refusal with its message key and parameters) is what it is with Pillow alone. The
oracle is Pillow itself. Headers come from hypothesis, built chunk by chunk around the
cases Pillow's reader treats apart (IHDR's fields, the chunks it reads and their least
lengths, the ones it skips, CRCs, truncation, the decompression-bomb limit).
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from contract_tests.images import png_chunk
from mockserver import image_input, png_header
from mockserver.errors import MockError
from mockserver.image_input import ImageRules, check_image_bytes
from mockserver.png_header import MAX_CHUNKS, plain_png_header

SIGNATURE = b"\x89PNG\r\n\x1a\n"
T = TypeVar("T")
RULES = ImageRules(["image/png", "image/jpeg", "image/webp"])
SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pillow_header(data: bytes) -> tuple[int, int, int] | None:
    """The oracle: what Pillow's open gives (size, first tile's offset), or None if it
    refuses, a decompression-bomb warning included."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
                return width, height, image.tile[0][2]
    except Exception:
        return None


def mock_answer(data: bytes, max_pixels: int) -> tuple[str, ...]:
    try:
        return (check_image_bytes(data, "image", RULES, max_pixels),)
    except MockError as error:
        return (error.key, repr(sorted(error.params.items())))


# ---------------------------------------------------------------- headers, chunk by chunk


def mostly(common: st.SearchStrategy[T], rare: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """`common` about seven times in eight: most headers stay plain, so the reader answers
    often."""

    def pick(draw: int) -> st.SearchStrategy[T]:
        return rare if draw == 0 else common

    return st.integers(0, 7).flatmap(pick)


SIDES = mostly(st.integers(1, 4000), st.sampled_from([0, 9459, 9460, 2**31 - 1, 2**32 - 1]))
# Bit depth and colour type: Pillow's pairs, and now and then one it has no mode for.
DEPTH_COLOUR = mostly(
    st.sampled_from(sorted(PngImagePlugin._MODES)),
    st.tuples(st.sampled_from([0, 1, 2, 4, 8, 16, 32]), st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7])),
)
# The chunks the reader passes over, and the ones it leaves to Pillow (read, decoded or
# out of place there), or that are no chunk type at all.
SKIPPED_OR_READ = [b"sRGB", b"gAMA", b"pHYs", b"cHRM", b"bKGD", b"tIME", b"sBIT", b"prVt"]
LEFT_TO_PILLOW = [b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf", b"PLTE", b"tRNS", b"acTL"]
LEFT_TO_PILLOW += [b"fcTL", b"IEND", b"IHDR", b"IDAT", b"a b!", b"\x00\x00\x00\x00"]
LEAST = {b"sRGB": 1, b"gAMA": 4, b"pHYs": 9, b"cHRM": 32}
CRC_FLIP = mostly(st.just(0), st.just(1))


@st.composite
def ihdr(draw: st.DrawFn) -> bytes:
    depth, colour = draw(DEPTH_COLOUR)
    fields = struct.pack(
        ">IIBBBBB",
        draw(SIDES),
        draw(SIDES),
        depth,
        colour,
        draw(st.sampled_from([0, 0, 1])),  # compression: Pillow does not look
        draw(mostly(st.just(0), st.just(1))),  # filter: Pillow refuses all but 0
        draw(st.sampled_from([0, 1])),  # interlace
    )
    length = draw(mostly(st.just(13), st.sampled_from([12, 14])))
    fields = (fields + b"\x00")[:length]
    return png_chunk(b"IHDR", fields, draw(CRC_FLIP))


@st.composite
def ancillary(draw: st.DrawFn) -> bytes:
    kind = draw(mostly(st.sampled_from(SKIPPED_OR_READ), st.sampled_from(LEFT_TO_PILLOW)))
    least = LEAST.get(kind, 4)
    length = max(0, draw(mostly(st.sampled_from([least, least + 3]), st.just(least - 1))))
    data = draw(st.binary(min_size=length, max_size=length))
    return png_chunk(kind, data, draw(CRC_FLIP))


@st.composite
def pngs(draw: st.DrawFn) -> bytes:
    signature = draw(mostly(st.just(SIGNATURE), st.sampled_from([SIGNATURE[:7] + b"\x0b", b""])))
    pixels = zlib.compress(draw(st.binary(max_size=64)))
    data = (
        signature
        + draw(ihdr())
        + b"".join(draw(st.lists(ancillary(), max_size=4)))
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )
    cut = draw(mostly(st.none(), st.integers(0, len(data))))
    return data if cut is None else data[:cut]


def saved(mode: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (64, 48), 128 if mode == "L" else None).save(buffer, "PNG", **options)
    return buffer.getvalue()


def with_chunks(png: bytes, *chunks: bytes) -> bytes:
    """The PNG with these chunks right after IHDR."""
    return png[:33] + b"".join(chunks) + png[33:]


PLAIN = saved("RGB")
assert Image.MAX_IMAGE_PIXELS is not None  # Pillow's default limit is on
BOMB_SIDE = int(Image.MAX_IMAGE_PIXELS**0.5) + 1  # pixels above the limit, below twice it


@SETTINGS
@given(pngs())
@example(PLAIN)
@example(SIGNATURE + png_chunk(b"IDAT", PLAIN[16:29]) + PLAIN[33:])  # image data, no IHDR first
@example(with_chunks(PLAIN, png_chunk(b"pHYs", b"\x00" * 8)))  # one byte short of Pillow's 9
@example(with_chunks(PLAIN, png_chunk(b"gAMA", b"\x00\x00\xb1\x8f", 1)))  # a wrong CRC
def test_whenever_the_reader_answers_pillow_gives_the_same_header(data: bytes) -> None:
    plain = plain_png_header(data)
    assert plain_png_header(bytearray(data)) == plain  # a data URI the route decoded
    if plain is not None:
        assert plain == pillow_header(data)


@SETTINGS
@given(pngs(), st.sampled_from([1 << 40, 4000 * 4000, 640 * 480, 1]))
@example(PLAIN, 1 << 40)
@example(PLAIN, 64 * 48 - 1)
def test_the_image_check_answers_as_with_pillow_alone(data: bytes, max_pixels: int) -> None:
    with_reader = mock_answer(data, max_pixels)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(image_input, "plain_png_header", lambda data: None)
        assert mock_answer(data, max_pixels) == with_reader


@pytest.mark.parametrize(
    "data",
    [
        PLAIN,
        saved("L"),
        saved("RGBA"),
        saved("RGB", dpi=(72, 72)),  # pHYs
        with_chunks(PLAIN, png_chunk(b"sRGB", b"\x00"), png_chunk(b"gAMA", b"\x00\x00\xb1\x8f")),
        with_chunks(PLAIN, png_chunk(b"cHRM", bytes(32)), png_chunk(b"bKGD", b"\x00\x00\x00")),
        with_chunks(PLAIN, png_chunk(b"tIME", bytes(7)), png_chunk(b"prVt", b"private")),
        # IHDR and as many chunks after it as the reader reads before the image data
        with_chunks(PLAIN, *[png_chunk(b"tIME", bytes(7))] * (MAX_CHUNKS - 2)),
    ],
    ids=["rgb", "grey", "rgba", "dpi", "srgb-gama", "chrm-bkgd", "time-private", "most"],
)
def test_plain_pngs_are_read_without_pillow(data: bytes) -> None:
    """The reader is taken for what encoders commonly write, with Pillow's figures."""
    header = pillow_header(data)
    assert header is not None and header[:2] == (64, 48)
    assert plain_png_header(data) == header


@pytest.mark.parametrize(
    "data",
    [
        saved("P"),  # a palette: PLTE, which Pillow reads and checks
        with_chunks(PLAIN, png_chunk(b"tEXt", b"Title\x00x")),  # text Pillow decodes
        with_chunks(PLAIN, png_chunk(b"pHYs", bytes(8))),  # shorter than Pillow reads
        with_chunks(PLAIN, png_chunk(b"gAMA", bytes(4), 1)),  # a broken CRC
        PLAIN[:30],  # cut inside IHDR
        PLAIN[:37],  # cut inside the IDAT chunk's length and type
        with_chunks(PLAIN, *[png_chunk(b"tIME", bytes(7))] * (MAX_CHUNKS - 1)),  # one too many
        SIGNATURE
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", BOMB_SIDE, BOMB_SIDE, 8, 2, 0, 0, 0))
        + png_chunk(b"IDAT", b""),
    ],
    ids=[
        "palette",
        "text",
        "short-phys",
        "bad-crc",
        "cut-ihdr",
        "cut-idat-head",
        "too-many-chunks",
        "bomb",
    ],
)
def test_anything_else_is_left_to_pillow(data: bytes) -> None:
    assert plain_png_header(data) is None


def test_bytes_and_bytearrays_are_read_and_anything_else_is_left_to_pillow() -> None:
    srgb = with_chunks(PLAIN, png_chunk(b"sRGB", b"\x00"))
    assert plain_png_header(srgb) is not None
    assert plain_png_header(bytearray(srgb)) == plain_png_header(srgb) == pillow_header(srgb)
    assert plain_png_header(memoryview(srgb)) is None  # type: ignore[arg-type]


def test_with_a_pillow_the_reader_was_not_checked_against_all_goes_to_pillow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert png_header._ON_CHECKED_PILLOW  # the pinned Pillow is the checked one
    monkeypatch.setattr(png_header, "_ON_CHECKED_PILLOW", False)
    assert plain_png_header(PLAIN) is None


def test_the_reader_leaves_all_to_pillow_when_truncated_images_are_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    assert plain_png_header(PLAIN) is None
