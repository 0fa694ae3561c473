from enum import IntEnum
from typing import Any


class HeadshotStyle(IntEnum):
    COMIC = 1
    LINE_ART = 2
    IMPRESSIONISM = 3
    CLAY = 4
    WATERCOLOR = 5
    CYBERPUNK = 6
    ELF = 7
    CLOWN = 8
    ROBOT = 9
    VAMPIRE = 10
    ZOMBIE = 11
    LOW_POLY = 12
    RETRO_PORTRAIT = 13
    ANCIENT_STYLE = 14
    CARTOON_ILLUSTRATION = 15
    PENCIL_SKETCH = 16
    STEAMPUNK = 17

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> "HeadshotStyle | None":
        """Keep a value this client does not know (open enum); its name is UNKNOWN_<value>."""
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member
