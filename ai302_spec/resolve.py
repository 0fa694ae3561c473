"""The effective view of a spec: every local `$ref` replaced by its target, `allOf` merged.

Comparing effective views is what lets a change to a shared schema (say HeadshotOptions)
be reported under every request body that uses it, rather than once under `components`.
"""

from __future__ import annotations

import copy
from typing import Any

# For keywords that bound a value, merging allOf parts keeps the strictest bound.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


def resolve_refs(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` with every local `$ref` inlined; a cyclic `$ref` is left as it is."""
    resolved: dict[str, Any] = _inline(spec, spec, ())
    return resolved


def _inline(spec: dict[str, Any], node: Any, stack: tuple[str, ...]) -> Any:
    if isinstance(node, list):
        return [_inline(spec, item, stack) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and ref not in stack:
        target = _lookup(spec, ref)
        if target is not None:
            # OpenAPI 3.1 lets a $ref carry siblings (description, ...): they win.
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            merged = {**copy.deepcopy(target), **siblings}
            return _inline(spec, merged, (*stack, ref))
    return {key: _inline(spec, value, stack) for key, value in node.items()}


def _lookup(spec: dict[str, Any], ref: str) -> Any:
    target: Any = spec
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            return None
        target = target[part]
    return target


def effective_schema(schema: Any) -> dict[str, Any]:
    """Fold `allOf` into one schema and `anyOf: [X, {type: null}]` into a nullable X."""
    if not isinstance(schema, dict):
        return {} if schema is True or schema is None else {"not": {}}
    view: dict[str, Any] = schema
    if "allOf" in view:
        own = {k: v for k, v in view.items() if k != "allOf"}
        view = {}
        for part in [*schema["allOf"], own]:
            view = merge(view, effective_schema(part))
    for keyword in ("anyOf", "oneOf"):
        variants = view.get(keyword)
        if isinstance(variants, list):
            folded = _fold_null(view, keyword, variants)
            if folded is not None:
                return folded
    return view


def _fold_null(schema: dict[str, Any], keyword: str, variants: list[Any]) -> dict[str, Any] | None:
    others = [v for v in variants if not _is_null(v)]
    if len(others) != 1 or len(others) == len(variants):
        return None
    base = effective_schema(others[0])
    types = type_set(base)
    if types is None:
        return None  # "any or null" is just "any": leave the composition as written
    own = {k: v for k, v in schema.items() if k != keyword}
    folded = merge(base, own)
    folded["type"] = sorted(types | {"null"})
    return folded


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") in ("null", ["null"])


def type_set(schema: dict[str, Any]) -> frozenset[str] | None:
    """The JSON types a schema allows, or None when it does not say (any type)."""
    declared = schema.get("type")
    if declared is None:
        return None
    types = set(declared) if isinstance(declared, list) else {declared}
    if schema.get("nullable") is True:  # OpenAPI 3.0 spelling, read so old specs compare
        types.add("null")
    return frozenset(types)


def merge(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Merge two allOf parts: properties merged by name, required united, bounds strictest."""
    out = dict(first)
    for key, value in second.items():
        if key not in out:
            out[key] = value
        elif key == "properties":
            props = dict(out[key])
            for name, prop in value.items():
                props[name] = (
                    merge(effective_schema(props[name]), effective_schema(prop))
                    if name in props
                    else prop
                )
            out[key] = props
        elif key == "required":
            out[key] = [*out[key], *(name for name in value if name not in out[key])]
        elif key in LOWER_BOUNDS:
            out[key] = max(out[key], value)
        elif key in UPPER_BOUNDS:
            out[key] = min(out[key], value)
        elif key == "enum":
            out[key] = [item for item in out[key] if item in value]
        else:
            out[key] = value
    return out
