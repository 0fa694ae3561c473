from enum import StrEnum
from typing import Any


class PersonType(StrEnum):
    """The kind of person in the photo.

    Where a model takes this enum, its plain value is accepted too; a value the
    spec does not list raises InvalidInputError (a ValueError) naming the field."""

    FEMALE = "female"
    KID = "kid"
    MALE = "male"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> "PersonType | None":
        """Keep a value this client does not know (open enum); its name is UNKNOWN_<value>."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member
