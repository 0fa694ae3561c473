"""glibc's malloc, told to keep freed memory for the next request instead of handing it back.

Each request with a 100 KB body allocates that body, and the strings and bytes made from
it, afresh. By default glibc gives the top of its heap back to the kernel as soon as
128 KB of it is free (M_TRIM_THRESHOLD), and serves blocks from 128 KB up (a threshold it
then moves by itself) with mmap, unmapped again when freed: so the next request faults
the same pages in again, zeroed by the kernel, about 25 page faults a request on the
bench's 100 KB data URI, for the mock and a bare Starlette app alike. With the heap kept
(up to TRIM_THRESHOLD of it free) and blocks under MMAP_THRESHOLD taken from it, a
served request faults in nothing after warm-up.

Only for the serving process (the CLI): a test session that runs the mock in-process
keeps its own allocator settings. Where the C library has no mallopt (macOS, Windows)
this does nothing; musl has one that ignores these settings.
"""

from __future__ import annotations

import ctypes

# glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Free heap kept for reuse: well above what a few in-flight 1 MB requests free at once.
TRIM_THRESHOLD = 64 * 1024 * 1024
# Blocks from here up still come from mmap and go back to the kernel when freed, so a
# 10 MB upload does not leave the process 10 MB larger.
MMAP_THRESHOLD = 4 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Set both thresholds; False where the C library does not take them."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # this process's own C library
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    # mallopt returns 1 on success, 0 for a setting it does not take.
    return bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)) and bool(
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    )
