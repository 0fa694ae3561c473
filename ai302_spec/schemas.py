"""Rules for one schema, old against new, in the direction the data flows.

Every keyword is either judged by a rule here (or in `extensions`) or, when it only
documents (description, examples, x-source...), reported as info: nothing that differs
goes unreported.
"""

from __future__ import annotations

import json
from typing import Any

from ai302_spec import extensions
from ai302_spec.changes import Level
from ai302_spec.resolve import LOWER_BOUNDS, UPPER_BOUNDS, effective_schema, type_set
from ai302_spec.scope import Direction, Scope

# Formats the generator turns into another Python type (datetime, UUID, File): adding,
# removing or swapping one changes the type calling code sees.
TYPED_FORMATS = frozenset({"date", "date-time", "uuid", "binary"})
RESTRICTIONS = ("pattern", "multipleOf", "uniqueItems")
RULED = frozenset(
    {
        "type",
        "nullable",
        "format",
        "enum",
        "const",
        "properties",
        "required",
        "items",
        "additionalProperties",
        "contentSchema",
        "contentMediaType",
        "anyOf",
        "oneOf",
        "default",
        *LOWER_BOUNDS,
        *UPPER_BOUNDS,
        *RESTRICTIONS,
        *extensions.SCHEMA_RULES,
    }
)


def compare_schema(old: Any, new: Any, scope: Scope) -> None:
    old, new = effective_schema(old), effective_schema(new)
    if old == new:
        return
    if not _compare_types(old, new, scope):
        return  # a changed type says it all; the keywords under it no longer compare
    _compare_format(old, new, scope)
    _compare_enum(old, new, scope)
    _compare_bounds(old, new, scope)
    _compare_restrictions(old, new, scope)
    _compare_default(old, new, scope)
    _compare_object(old, new, scope)
    if old.get("items") != new.get("items") and ("items" in old or "items" in new):
        compare_schema(old.get("items", {}), new.get("items", {}), scope.at("[]"))
    _compare_content(old, new, scope)
    _compare_variants(old, new, scope)
    extensions.compare_schema_extensions(old, new, scope)
    report_documentation(old, new, scope, RULED)


def report_documentation(
    old: dict[str, Any], new: dict[str, Any], scope: Scope, ruled: frozenset[str]
) -> None:
    """Info for every other keyword that differs: descriptions, examples, labels, x-source."""
    for key in sorted((old.keys() | new.keys()) - ruled):
        if old.get(key) != new.get(key):
            verb = "added" if key not in old else "removed" if key not in new else "changed"
            scope.add(Level.INFO, f"{key} {verb}")


def _compare_types(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> bool:
    """Report a type change; False when the types no longer overlap (stop comparing)."""
    before, after = type_set(old), type_set(new)
    if before == after:
        return True
    if before is not None and after is not None and before - {"null"} == after - {"null"}:
        if "null" in after:
            # A request may now send null; a response may now carry one the caller must handle.
            scope.widened("became nullable")
        else:
            scope.narrowed("is no longer nullable")
        return True
    message = f"type changed from {_types(before)} to {_types(after)}"
    if _covers(after, before):
        scope.widened(message)
        return True
    if _covers(before, after):
        scope.narrowed(message)
        return True
    scope.add(Level.BREAKING, message)
    return False


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _types(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def _compare_format(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    before, after = old.get("format"), new.get("format")
    if before == after:
        return
    message = f"format changed from {before or 'none'} to {after or 'none'}"
    if before in TYPED_FORMATS or after in TYPED_FORMATS:
        scope.add(Level.BREAKING, f"{message} (the generated Python type changes)")
    elif after is None:
        scope.widened(message)
    elif before is None:
        scope.narrowed(message)
    else:
        scope.add(Level.BREAKING, message)


def _enum(schema: dict[str, Any]) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    return [schema["const"]] if "const" in schema else None


def _key(value: Any) -> str:
    # JSON text, so that 1, 1.0 and true stay distinct values as they are on the wire.
    return json.dumps(value, sort_keys=True)


def _compare_enum(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    before, after = _enum(old), _enum(new)
    if before == after:
        return
    if before is None:
        # Request: values that were valid are now rejected. Response: fewer values arrive,
        # and the generated StrEnum/IntEnum still is a str/int for code that reads it.
        scope.narrowed(f"now restricted to the values {_show(after or [])}")
        return
    if after is None:
        # Request: any value is accepted now. Response: the generated field stops being
        # an enum class, so code that uses it as one no longer type-checks.
        scope.add(
            Level.NON_BREAKING if scope.direction is Direction.REQUEST else Level.BREAKING,
            "no longer restricted to enum values",
        )
        return
    before_keys, after_keys = {_key(v) for v in before}, {_key(v) for v in after}
    removed = [v for v in before if _key(v) not in after_keys]
    added = [v for v in after if _key(v) not in before_keys]
    if removed:
        # In either direction: callers sending it are rejected, and the generated enum
        # member that calling code names disappears.
        scope.add(Level.BREAKING, f"enum value {_show(removed)} removed")
    if added:
        # Request: callers may send more. Response: our enums are open, an unknown value
        # parses to an UNKNOWN_ member instead of raising.
        scope.add(Level.NON_BREAKING, f"enum value {_show(added)} added")
    if not removed and not added:
        scope.add(Level.INFO, "enum values reordered")


def _show(values: list[Any]) -> str:
    return ", ".join(json.dumps(v, ensure_ascii=False) for v in values)


def _compare_bounds(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    for key in (*LOWER_BOUNDS, *UPPER_BOUNDS):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        message = f"{key} changed from {_num(before)} to {_num(after)}"
        lower = key in LOWER_BOUNDS
        if before is None or (after is not None and (after > before if lower else after < before)):
            scope.narrowed(message)
        else:
            scope.widened(message)


def _num(value: Any) -> str:
    return "none" if value is None else json.dumps(value)


def _compare_restrictions(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    for key in RESTRICTIONS:
        before, after = old.get(key), new.get(key)
        if before == after or (key == "uniqueItems" and bool(before) == bool(after)):
            continue
        message = f"{key} changed from {_num(before)} to {_num(after)}"
        lifted = after in (None, False) or (key == "pattern" and after in (".*", "^.*$"))
        if lifted:
            scope.widened(message)
        elif before in (None, False):
            scope.narrowed(message)
        else:
            scope.add(Level.BREAKING, message)  # a different pattern: neither wider nor narrower


def _compare_default(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    if old.get("default") == new.get("default") and ("default" in old) == ("default" in new):
        return
    message = f"default changed from {_num(old.get('default'))} to {_num(new.get('default'))}"
    if scope.direction is Direction.RESPONSE:
        scope.add(Level.INFO, message)
    elif "default" not in old:
        # It documents what omitting the field does; the generated client now sends it.
        scope.add(Level.NON_BREAKING, message)
    else:
        # A caller who omits the field gets different behaviour (for `num`, a different
        # number of paid avatars) without touching their code.
        scope.add(Level.BREAKING, message)


def _compare_object(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    request = scope.direction is Direction.REQUEST
    names = [*old_props, *(n for n in new_props if n not in old_props)]
    names += sorted((old_required | new_required) - set(names))
    for name in names:
        field = scope.at(name)
        if name in old_props and name not in new_props:
            field.add(Level.BREAKING, "field removed")
            continue
        if name not in old_props and name in new_props:
            if request and name in new_required:
                field.add(Level.BREAKING, "new required request field")
            elif request:
                field.add(Level.NON_BREAKING, "new optional request field")
            else:
                field.add(Level.NON_BREAKING, "new response field")
            continue
        was, now = name in old_required, name in new_required
        if was != now:
            if now:
                field.by_direction(Level.BREAKING, Level.NON_BREAKING, "became required")
            else:
                field.by_direction(Level.NON_BREAKING, Level.BREAKING, "became optional")
        if name in old_props:
            compare_schema(old_props[name], new_props[name], field)
    _compare_additional(old, new, scope)


def _compare_additional(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    before, after = old.get("additionalProperties", True), new.get("additionalProperties", True)
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        compare_schema(before, after, scope.at("*"))
    elif after is False:
        scope.narrowed("additional properties no longer allowed")
    elif scope.direction is Direction.REQUEST or after is True:
        # Extra fields in a response land in the generated model's additional_properties.
        scope.add(Level.NON_BREAKING, "additional properties allowed")
    else:
        scope.add(Level.BREAKING, "additional properties restricted to a schema")


def _compare_content(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    """A string that carries JSON (req_json): its decoded content flows the same way."""
    if old.get("contentMediaType") != new.get("contentMediaType"):
        scope.add(
            Level.BREAKING,
            f"content media type changed from {old.get('contentMediaType')} "
            f"to {new.get('contentMediaType')}",
        )
    if old.get("contentSchema") != new.get("contentSchema"):
        compare_schema(
            old.get("contentSchema", {}), new.get("contentSchema", {}), scope.at("(decoded JSON)")
        )


def _compare_variants(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    for keyword in ("anyOf", "oneOf"):
        before, after = old.get(keyword), new.get(keyword)
        if before == after:
            continue
        if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
            for index, (was, now) in enumerate(zip(before, after, strict=True)):
                compare_schema(was, now, scope.at(f"({keyword} {index + 1})"))
        elif isinstance(before, list) and isinstance(after, list) and len(after) > len(before):
            scope.widened(f"{keyword} gained {len(after) - len(before)} alternative(s)")
        elif isinstance(before, list) and isinstance(after, list):
            scope.narrowed(f"{keyword} lost {len(before) - len(after)} alternative(s)")
        else:
            scope.add(Level.BREAKING, f"{keyword} {'added' if after else 'removed'}")
