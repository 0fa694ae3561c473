"""mockserver/byte_search.find answers what `bytes.find` answers, the oracle, on bytes and
bytearrays, long enough for memmem and not: needles planted anywhere (at the start, at
the very end, cut off by it, before `start`), near-misses, and haystacks made of the
needle's own pieces, where a search that skips too far goes wrong."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver import byte_search
from mockserver.byte_search import LONG_SEARCH_BYTES, find

NEEDLES = st.binary(min_size=1, max_size=80)


@st.composite
def searches(draw: st.DrawFn) -> tuple[bytes, bytes, int]:
    """(haystack, needle, start): mostly long haystacks, the needle planted 0-3 times."""
    needle = draw(NEEDLES)
    size = draw(st.sampled_from([0, 1, LONG_SEARCH_BYTES - 1, LONG_SEARCH_BYTES, 100_000]))
    size = max(0, size + draw(st.integers(-3, 3)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    if draw(st.booleans()):
        haystack = bytearray(rng.randbytes(size))
    else:
        # Only the needle's own bytes: partial matches everywhere.
        haystack = bytearray(rng.choices(needle + b"\x00", k=size))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, max(0, size)))
        cut = draw(st.sampled_from([len(needle), len(needle) - 1]))
        haystack[at : at + cut] = needle[:cut]
    start = draw(st.integers(0, len(haystack) + 2))
    return bytes(haystack), needle, start


@settings(max_examples=300, deadline=None)
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


def test_without_memmem_bytes_find_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(byte_search, "_MEMMEM", None)
    body = b"\x01" * LONG_SEARCH_BYTES * 2 + b"ab"
    assert find(body, b"ab") == LONG_SEARCH_BYTES * 2
