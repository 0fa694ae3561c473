"""A function of this process's own C library, through ctypes, where there is one.

`ctypes.CDLL(None)` opens the C library the interpreter already runs on (glibc, musl,
macOS's libSystem). On Windows it raises TypeError, not OSError (CPython issue 83424):
every caller gets None there, and does without.
"""

from __future__ import annotations

import ctypes


def libc_function(name: str) -> ctypes._NamedFuncPointer | None:
    """The C library's function `name`, or None where there is no such library or function."""
    try:
        function: ctypes._NamedFuncPointer = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError, TypeError):
        return None
    return function
