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

from mockserver.libc import libc_function

# glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Free heap kept for reuse: what a 10 MB data URI's request frees (its body, the string
# parsed from it and the decoded image: ~4x the body), with room to spare. The price is
# a resident size that stays up to this much above its low point after large requests.
TRIM_THRESHOLD = 64 * 1024 * 1024
# Blocks from here up still come from mmap. Setting either threshold stops glibc moving
# this one by itself; 32 MiB is as far as it would move it on 64-bit, and above the
# spec's largest body (x-max-body-bytes, 20 MiB). At 4 MiB, a 10 MB upload's buffers
# were mmapped and faulted in afresh every time: 28-33 ms became 50-59 ms.
MMAP_THRESHOLD = 32 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Set both thresholds; False where the C library does not take them."""
    mallopt = libc_function("mallopt")
    if mallopt is None:
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    # mallopt returns 1 on success, 0 for a setting it does not take.
    return bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)) and bool(
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    )
