"""mockserver/byte_search.find answers what `bytes.find` answers, the oracle, on bytes and
bytearrays, short and long enough for memmem: needles planted anywhere (at the start, at
the very end, cut off by it, across the edge where `find` hands over to memmem, before
`start`), negative starts, near-misses, and haystacks made of the needle's own pieces,
where a search that skips too far goes wrong."""

from __future__ import annotations

import ctypes
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver import byte_search, libc
from mockserver.allocator import keep_freed_memory
from mockserver.byte_search import LONG_SEARCH_BYTES, NEAR_BYTES, find

NEEDLES = st.binary(min_size=1, max_size=80)
SIZES = [0, 1, NEAR_BYTES + 80, LONG_SEARCH_BYTES, LONG_SEARCH_BYTES + 80, 100_000]


@st.composite
def searches(draw: st.DrawFn) -> tuple[bytes, bytes, int]:
    """(haystack, needle, start): mostly long haystacks, the needle planted 0-3 times."""
    needle = draw(NEEDLES)
    size = max(0, draw(st.sampled_from(SIZES)) + draw(st.integers(-3, 3)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    if draw(st.booleans()):
        haystack = bytearray(rng.randbytes(size))
    else:
        # Only the needle's own bytes: partial matches everywhere.
        haystack = bytearray(rng.choices(needle + b"\x00", k=size))
    start = draw(st.sampled_from([0, 1, 5]) | st.integers(-3, size + 2))
    # Where `find` hands the search over to memmem, a needle may start on either side.
    handover = start + NEAR_BYTES
    edges = [handover - len(needle), handover - 1, handover, handover + 1]
    near_handover = st.sampled_from(edges) | st.integers(handover - len(needle) - 1, handover)
    for _ in range(draw(st.integers(0, 3))):
        at = max(0, draw(st.integers(0, max(0, size)) | near_handover))
        cut = draw(st.sampled_from([len(needle), len(needle) - 1]))
        haystack[at : at + cut] = needle[:cut]
    return bytes(haystack), needle, start


@settings(max_examples=400, deadline=None)
@given(searches())
def test_find_is_bytes_find(search: tuple[bytes, bytes, int]) -> None:
    haystack, needle, start = search
    expected = haystack.find(needle, start)
    assert find(haystack, needle, start) == expected
    assert find(bytearray(haystack), needle, start) == expected


def test_memmem_is_used_here() -> None:
    """The machines this runs on have glibc: the fast route is the one under test."""
    assert byte_search._MEMMEM is not None


@pytest.mark.parametrize("kind", [bytes, bytearray])
def test_needle_at_the_last_byte_and_past_it(kind: type[bytes] | type[bytearray]) -> None:
    needle = b"\r\n--boundary"
    body = kind(b"\x00" * LONG_SEARCH_BYTES * 2) + needle
    assert find(body, needle) == LONG_SEARCH_BYTES * 2
    assert find(body[:-1], needle) == -1
    assert find(body, needle, LONG_SEARCH_BYTES * 2 + 1) == -1


@pytest.mark.parametrize("kind", [bytes, bytearray])
@pytest.mark.parametrize("start", [0, 3])
def test_a_needle_on_either_side_of_the_handover_to_memmem_is_found(
    kind: type[bytes] | type[bytearray], start: int
) -> None:
    needle = b"\r\n--XyZ"
    for offset in range(-len(needle) - 1, 2):
        at = start + NEAR_BYTES + offset
        body = kind(b"\x00" * at + needle + b"\x00" * LONG_SEARCH_BYTES)
        assert find(body, needle, start) == at, offset


def test_a_negative_start_counts_from_the_end_as_bytes_find_does() -> None:
    body = b"x" * 3 * LONG_SEARCH_BYTES + b"ab" + b"x" * 3 * LONG_SEARCH_BYTES
    for start in (-1, -2, -3 * LONG_SEARCH_BYTES):
        assert find(body, b"ab", start) == body.find(b"ab", start) == -1
    assert find(body, b"ab", -len(body)) == body.find(b"ab", -len(body)) == 3 * LONG_SEARCH_BYTES


def test_without_memmem_bytes_find_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(byte_search, "_MEMMEM", None)
    body = b"\x01" * LONG_SEARCH_BYTES * 2 + b"ab"
    assert find(body, b"ab") == LONG_SEARCH_BYTES * 2


def test_where_ctypes_cannot_open_the_c_library_there_is_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows: CDLL(None) raises TypeError. The mock then searches with bytes.find and
    leaves the allocator alone, rather than failing to import or to start."""

    def no_library(name: object, *args: object, **kwargs: object) -> ctypes.CDLL:
        raise TypeError("argument of type 'NoneType' is not iterable")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    assert libc.libc_function("memmem") is None
    assert byte_search._load_memmem() is None
    assert keep_freed_memory() is False
