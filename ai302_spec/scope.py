"""Where the comparison is, and which way data flows there: the context every rule reports in."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ai302_spec.changes import Change, Level


class Direction(enum.Enum):
    """REQUEST: the caller sends it (narrowing breaks). RESPONSE: the caller receives it
    (widening breaks)."""

    REQUEST = "request"
    RESPONSE = "response"


@dataclass
class Scope:
    operation: str
    prefix: str
    direction: Direction
    changes: list[Change] = field(default_factory=list)
    path: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        field_path = ".".join(self.path).replace(".[]", "[]").replace(".(", " (")
        if not field_path:
            return self.prefix
        return f"{self.prefix}: {field_path}" if self.prefix else field_path

    def at(self, name: str) -> Scope:
        """The same operation and direction, one field deeper; reports go to the same list."""
        return Scope(self.operation, self.prefix, self.direction, self.changes, (*self.path, name))

    def under(self, prefix: str, direction: Direction | None = None) -> Scope:
        """A new place in the operation (a parameter, a body, a response)."""
        return Scope(self.operation, prefix, direction or self.direction, self.changes)

    def add(self, level: Level, message: str) -> None:
        self.changes.append(Change(self.operation, self.location, level, message))

    def by_direction(self, request: Level, response: Level, message: str) -> None:
        """Report a change whose level depends on who sends the value."""
        self.add(request if self.direction is Direction.REQUEST else response, message)

    def narrowed(self, message: str) -> None:
        """Fewer values are valid: breaks whoever sends them, is fine for whoever receives."""
        self.by_direction(Level.BREAKING, Level.NON_BREAKING, message)

    def widened(self, message: str) -> None:
        """More values are valid: fine for whoever sends, breaks whoever relied on the bound."""
        self.by_direction(Level.NON_BREAKING, Level.BREAKING, message)
