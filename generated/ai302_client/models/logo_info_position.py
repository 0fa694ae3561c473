from enum import IntEnum
from typing import Any


class LogoInfoPosition(IntEnum):
    """Position of the watermark: 0 bottom right, 1 bottom left, 2 top left, 3 top right.

    Where a model takes this enum, its plain value is accepted too; a value the
    spec does not list raises InvalidInputError (a ValueError) naming the field."""

    BOTTOM_RIGHT = 0
    BOTTOM_LEFT = 1
    TOP_LEFT = 2
    TOP_RIGHT = 3

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> "LogoInfoPosition | None":
        """Keep a value this client does not know (open enum); its name is UNKNOWN_<value>."""
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member
