from enum import IntEnum
from typing import Any


class HeadshotStyle(IntEnum):
    """Preset style id. Ignored when `custom_prompt` is not empty.
    1 Comic, 2 Line Art, 3 Impressionism, 4 Clay, 5 Watercolor, 6 Cyberpunk,
    7 Elf, 8 Clown, 9 Robot, 10 Vampire, 11 Zombie, 12 Low Poly,
    13 Retro Portrait, 14 Ancient Style, 15 Cartoon Illustration,
    16 Pencil Sketch, 17 Steampunk.

    Where a model takes this enum, its plain value is accepted too; a value the
    spec does not list raises InvalidInputError (a ValueError) naming the field."""

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
