"""Runtime type checks for generated models' `from_dict`, so a response that breaks the
spec raises instead of passing a wrong value through a bare `cast`."""

from __future__ import annotations

from typing import Any

from ai302_runtime.errors import SchemaMismatch

__all__ = ["SchemaMismatch", "check_json_type"]

_JSON_TYPES = (str, int, float, bool, list, dict, type(None))
_SIMPLE: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "None": (type(None),),
    "Any": (object,),
}


def check_json_type(value: Any, expected: str, field: str, optional: bool = False) -> Any:
    """Return `value` if it matches the generated type string (e.g. "list[str]"); else
    SchemaMismatch, a ValueError: the endpoint reports it as ResponseValidationError.

    Optional fields arrive as the generator's UNSET sentinel when absent; that is not a
    JSON value, so it passes through for the caller to handle.
    """
    if optional and not isinstance(value, _JSON_TYPES):
        return value
    if not _matches(value, expected.replace(" ", "")):
        raise SchemaMismatch(
            f"{field}: expected {expected}, got {type(value).__name__} {value!r:.60}"
        )
    return value


def _matches(value: Any, expected: str) -> bool:
    if "|" in expected and not expected.startswith("list["):
        return any(_matches(value, part) for part in expected.split("|"))
    if expected.startswith("list[") and expected.endswith("]"):
        inner = expected[5:-1]
        return isinstance(value, list) and all(_matches(item, inner) for item in value)
    if expected.startswith("dict["):
        return isinstance(value, dict)
    allowed = _SIMPLE.get(expected)
    if allowed is None:
        return True  # a type this checker does not model is left to the generated code
    if isinstance(value, bool) and bool not in allowed and object not in allowed:
        return False  # JSON true is not an integer
    return isinstance(value, allowed)
