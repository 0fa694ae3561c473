"""What one classified change looks like."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Level(enum.IntEnum):
    """Severity, ordered so that `max()` gives the verdict for a set of changes."""

    INFO = 0
    NON_BREAKING = 1
    BREAKING = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


@dataclass(frozen=True, order=True)
class Change:
    """One change, reported where it takes effect (after $ref and allOf are resolved).

    `operation` is "POST /path" for a change that reaches an operation, or "" for a
    spec-wide one (info, servers). `location` says where inside the operation.
    """

    operation: str
    location: str
    level: Level
    message: str

    def as_dict(self) -> dict[str, str]:
        return {
            "level": self.level.label,
            "operation": self.operation,
            "location": self.location,
            "message": self.message,
        }
