"""Numbers a client sends as text (a JSON literal, a multipart part): how many digits an
integer may have, and how a refused number is quoted back.

Python's int() from text takes time that grows with the square of the digits, so Python
bounds it (sys.get_int_max_str_digits(), 4300 by default) and, past the bound, raises
with advice for the mock's own code (call sys.set_int_max_str_digits()). The mock keeps
that default bound even where the environment lifts it (PYTHONINTMAXSTRDIGITS=0), and a
lower one where the process sets it, and says so in its own words.
"""

from __future__ import annotations

import sys

MAX_INT_DIGITS = 4300
# How much of a refused number a message quotes: a client may send thousands of digits.
_SHOWN_CHARS = 40


def int_digit_limit() -> int:
    """The most digits an integer may have here; int() reads any number within it."""
    return min(sys.get_int_max_str_digits() or MAX_INT_DIGITS, MAX_INT_DIGITS)


def int_refuses_past_limit() -> bool:
    """int() itself refuses any integer past int_digit_limit(): the process's bound is
    the mock's, not lifted (0) nor raised above MAX_INT_DIGITS."""
    return 0 < sys.get_int_max_str_digits() <= MAX_INT_DIGITS


class TooManyDigits(ValueError):
    """An integer's text past int_digit_limit(): `number` is it as a message quotes it."""

    def __init__(self, text: str, limit: int) -> None:
        self.number = shown(text)
        self.limit = limit
        super().__init__(f"{self.number} has more than {limit} digits")


def read_int(text: str) -> int:
    """int() of an integer's text, a `.0...` tail dropped, within int_digit_limit():
    TooManyDigits past it, before int() reads a digit."""
    limit = int_digit_limit()
    if digits_of(text) > limit:
        raise TooManyDigits(text, limit)
    return int(text.partition(".")[0])


def digits_of(text: str) -> int:
    """The digits of an integer's text, sign and a `.0...` tail not counted."""
    return len(text.partition(".")[0].lstrip("+-"))


def shown(text: str) -> str:
    """The number as a message quotes it."""
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "..."
