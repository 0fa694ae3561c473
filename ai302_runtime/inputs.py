"""Caller input for generated models: plain enum values, typed JSON-in-a-string fields.

Both run when a model is built, so a wrong value fails before any request is sent.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any, Protocol, TypeVar

from ai302_runtime.errors import InvalidInputError

E = TypeVar("E", bound=Enum)
F = TypeVar("F")


def coerce_enum(enum_cls: type[E], value: object, field: str) -> E:
    """A member of `enum_cls` from a member or its plain value; else InvalidInputError.

    A member passes as is (even one a response introduced); a plain value must be one
    the spec lists: the generated enums are open for responses, not for input.
    """
    if isinstance(value, enum_cls):
        return value
    members: dict[Any, E] = {member.value: member for member in enum_cls}
    plain = isinstance(value, str | int) and not isinstance(value, bool | Enum)
    if plain and value in members and type(value) is type(next(iter(members))):
        return members[value]
    allowed = ", ".join(repr(v) for v in members)
    raise InvalidInputError(f"{field}: {value!r} is not one of {allowed}")


class JsonModel(Protocol):
    """A generated model: anything with `to_dict()`."""

    def to_dict(self) -> dict[str, Any]: ...


def json_string(value: str | JsonModel, field: str) -> str:
    """A JSON-in-a-string field: a string is sent as given, a model is encoded."""
    if isinstance(value, str):
        return value
    to_dict = getattr(value, "to_dict", None)
    if not callable(to_dict):
        raise InvalidInputError(f"{field}: expected a JSON string or a model, got {value!r:.60}")
    return json.dumps(to_dict(), ensure_ascii=False, separators=(",", ":"))


def check_body(body: object, accepted: tuple[type, ...]) -> None:
    """A request body of the operation's own model types; else InvalidInputError, before
    anything is sent (a dict would otherwise go out as no body at all)."""
    if isinstance(body, accepted):
        return
    names = " or ".join(kind.__name__ for kind in accepted)
    # Not from_dict: it reads responses, leniently (an unknown enum value passes).
    hint = f"; for a dict, build one with {accepted[0].__name__}(**fields)"
    raise InvalidInputError(
        f"body: expected {names}, got {type(body).__name__}{hint if isinstance(body, dict) else ''}"
    )


def check_file(value: object, file_type: type[F], field: str) -> F:
    """A multipart file field's value, checked when the model is built: a link or a path
    given as a string would otherwise fail deep inside the send, as an AttributeError."""
    if isinstance(value, file_type):
        return value
    raise InvalidInputError(
        f"{field}: expected a {file_type.__name__} (e.g. {file_type.__name__}.from_image(path)), "
        f"got {type(value).__name__}; a link or data: URI goes in the JSON body instead"
    )


def image_text(value: object, field: str) -> str:
    """A JSON body's image field: a link or a data: URI, as a string. A File (or bytes, or
    a Path) would otherwise fail inside the send, as a raw TypeError from the encoder."""
    if isinstance(value, str):
        return value
    raise InvalidInputError(
        f"{field}: expected a link or a data: URI string (image_data_uri(path) makes one "
        f"from a file), got {type(value).__name__}; a File goes in the multipart request"
    )
