"""The mock's PNG check gives Pillow's verdict: for a PNG made by Pillow, then broken in
one of the ways a file gets broken, the mock refuses exactly what `Image.open(...)` and
`verify()` refuse (mockserver/png_chunks.py checks the chunk CRCs in Pillow's place)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from base64 import b64encode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH
from contract_tests.images import image_bytes, png_chunk
from mockserver.errors import MockError
from mockserver.image_input import ImageRules, check_image_bytes

RULES = ImageRules(["image/png"])
NO_PIXEL_LIMIT = 1 << 40


def pillow_accepts(data: bytes) -> bool:
    """The oracle: Pillow opens the bytes as a PNG and its own verify() passes."""
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.verify()
    except Exception:
        return False
    return True


def mock_accepts(data: bytes) -> bool:
    try:
        check_image_bytes(data, "image", RULES, NO_PIXEL_LIMIT)
    except MockError:
        return False
    return True


@st.composite
def pngs(draw: st.DrawFn) -> bytes:
    """Real PNGs: several modes, sizes and chunk layouts (text chunks before the image
    data, and images big enough to be split over several IDAT chunks)."""
    mode = draw(st.sampled_from(["L", "RGB", "RGBA", "P"]))
    width, height = draw(st.integers(1, 90)), draw(st.integers(1, 90))
    seed = draw(st.binary(min_size=1, max_size=64))
    noise = (seed * (width * height * 4 // len(seed) + 1))[: width * height * len(mode)]
    image = Image.frombytes(mode, (width, height), noise) if mode != "P" else None
    if image is None:
        image = Image.frombytes("L", (width, height), noise).convert("P")
    info = PngImagePlugin.PngInfo()
    for key in draw(st.lists(st.sampled_from(["Title", "Author", "Comment"]), max_size=2)):
        info.add_text(key, draw(st.text(max_size=20)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, compress_level=draw(st.integers(0, 9)))
    return buffer.getvalue()


def chunk_starts(data: bytes) -> list[int]:
    """Where each chunk of a well-formed PNG starts (its length field)."""
    starts, at = [], 8
    while at + 8 <= len(data):
        starts.append(at)
        at += 12 + struct.unpack(">I", data[at : at + 4])[0]
    return starts


def retyped(data: bytes, at: int, kind: bytes) -> bytes:
    """The chunk at `at` given another type, with its CRC made right for it."""
    length = struct.unpack(">I", data[at : at + 4])[0]
    body = kind + data[at + 8 : at + 8 + length]
    end = at + 8 + length
    return data[: at + 4] + body + struct.pack(">I", zlib.crc32(body)) + data[end + 4 :]


@st.composite
def broken(draw: st.DrawFn) -> bytes:
    data = draw(pngs())
    where = draw(st.integers(0, len(data) - 1))
    how = draw(
        st.sampled_from(
            ["flip", "truncate", "insert", "delete", "trail", "retype", "extra", "drop", "none"]
        )
    )
    if how == "extra":  # a chunk after the image data, as tEXt or tIME may be
        kind = draw(
            st.sampled_from([b"tEXt", b"tIME", b"zz_1"]) | st.binary(min_size=4, max_size=4)
        )
        # Now and then with a wrong CRC.
        chunk = png_chunk(kind, draw(st.binary(max_size=16)), draw(st.sampled_from([0, 0, 1])))
        return data[:-12] + chunk + data[-12:]  # before IEND, the last 12 bytes
    if how == "drop":  # a whole chunk gone: the image data, say, or the header
        at = draw(st.sampled_from(chunk_starts(data)))
        length = struct.unpack(">I", data[at : at + 4])[0]
        return data[:at] + data[at + 12 + length :]
    if how == "retype":  # a chunk type Pillow may refuse, under a CRC that is right
        at = draw(st.sampled_from(chunk_starts(data)))
        return retyped(data, at, draw(st.binary(min_size=4, max_size=4)))
    if how == "flip":
        return data[:where] + bytes([data[where] ^ draw(st.integers(1, 255))]) + data[where + 1 :]
    if how == "truncate":
        return data[:where]
    if how == "insert":
        return data[:where] + draw(st.binary(min_size=1, max_size=8)) + data[where:]
    if how == "delete":
        return data[:where] + data[where + draw(st.integers(1, 8)) :]
    if how == "trail":
        return data + draw(st.binary(min_size=1, max_size=8))
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken())
def test_the_mock_refuses_exactly_the_pngs_pillow_refuses(data: bytes) -> None:
    assert mock_accepts(data) == pillow_accepts(data)


def idat_crc_broken(data: bytes) -> bytes:
    """The PNG with the last byte of its first IDAT chunk's CRC changed."""
    at = data.index(b"IDAT") - 4
    length = struct.unpack(">I", data[at : at + 4])[0]
    crc_end = at + 8 + length + 4
    return data[: crc_end - 1] + bytes([data[crc_end - 1] ^ 0xFF]) + data[crc_end:]


def test_a_png_whose_image_data_crc_is_wrong_gets_400_image_invalid(client: TestClient) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(buffer, format="PNG")
    good = buffer.getvalue()
    bad = idat_crc_broken(good)
    assert zlib.crc32(bad) != zlib.crc32(good) and pillow_accepts(good)
    assert not pillow_accepts(bad)
    for data, status in ((good, 200), (bad, 400)):
        uri = "data:image/png;base64," + b64encode(data).decode()
        response = client.post(
            "/302/headshot/generate",
            content=json.dumps({"image": uri, "person_type": "female"}),
            headers={**AUTH, "Content-Type": "application/json"},
        )
        assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["message"].startswith("image: not a valid image/png"), error
    assert "不是有效的" in error["message_cn"] and "有効な" in error["message_jp"], error


def test_a_png_with_no_image_data_is_refused_as_pillow_refuses_it() -> None:
    data = image_bytes("PNG")
    starts = chunk_starts(data)
    kinds = [data[at + 4 : at + 8] for at in starts]
    header = data[: starts[kinds.index(b"IDAT")]]
    no_image_data = header + data[starts[kinds.index(b"IEND")] :]
    assert not pillow_accepts(no_image_data)
    assert not mock_accepts(no_image_data)
