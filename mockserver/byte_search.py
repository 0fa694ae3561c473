"""`bytes.find` over a long buffer, by the C library's `memmem`.

A multipart upload's file runs to the next delimiter, so the reader finds each delimiter
by searching all of the file's bytes. CPython's `find` took ~21 us over a 100 KB PNG
here; glibc's `memmem`, made for this search, ~7.5 us. A call through ctypes costs ~4 us
more (converting its arguments, finding the buffer's address), so a search over less
than 16 KiB stays with `find`, and so do the first 4 KiB of a longer one: a delimiter
close by (a text part's, or the boundary's bytes in the data, which a hostile body
repeats) costs no ctypes call, and only the search beyond goes to `memmem`. Where the C
library has no `memmem` (Windows), `find` answers everything.
"""

from __future__ import annotations

import ctypes

from mockserver.libc import libc_function

# Below this, `find` searches all of it: at 16 KiB the two took the same time here.
LONG_SEARCH_BYTES = 16 * 1024
# What `find` searches first in a longer search: ~0.9 us, against the ctypes call's ~4.
NEAR_BYTES = 4 * 1024


def _load_memmem() -> ctypes._NamedFuncPointer | None:
    memmem = libc_function("memmem")
    if memmem is not None:
        memmem.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]
        memmem.restype = ctypes.c_void_p
    return memmem


_MEMMEM = _load_memmem()


def find(haystack: bytes | bytearray, needle: bytes, start: int = 0) -> int:
    """`haystack.find(needle, start)`, for a non-empty needle."""
    if _MEMMEM is None or start < 0 or len(haystack) - start < LONG_SEARCH_BYTES:
        return haystack.find(needle, start)
    # The first NEAR_BYTES, with room for a needle that starts in them.
    found = haystack.find(needle, start, start + NEAR_BYTES + len(needle) - 1)
    if found != -1:
        return found
    return _memmem(haystack, needle, start + NEAR_BYTES)


def _memmem(haystack: bytes | bytearray, needle: bytes, start: int) -> int:
    """memmem over haystack[start:], 0 <= start < len(haystack), read in place."""
    assert _MEMMEM is not None
    # A bytes object's storage never moves. A bytearray's cannot while `pinned`, an export
    # of its buffer, lives: ctypes lets other threads run during the call.
    pinned = None if isinstance(haystack, bytes) else ctypes.c_char.from_buffer(haystack)
    if pinned is None:
        # ctypes reads a bytes object as a pointer to its own storage, not a copy.
        base = ctypes.cast(haystack, ctypes.c_void_p).value  # type: ignore[arg-type]
    else:
        base = ctypes.addressof(pinned)
    assert base is not None
    found = _MEMMEM(base + start, len(haystack) - start, needle, len(needle))
    return -1 if found is None else int(found) - base
