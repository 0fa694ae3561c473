"""The spec's 3.1 schemas converted for property-based generation (draft 7, no $refs)."""

from __future__ import annotations

from typing import Any

from hypothesis.strategies import SearchStrategy
from schemathesis.generation.jsonschema.builder import build

from contract_tests.specfile import resolve

# Keywords that are annotations here, or that draft 7 generation does not know.
_DROP = frozenset({"contentMediaType", "contentSchema", "example", "examples", "format"})


def to_draft7(spec: dict[str, Any], schema: Any) -> Any:
    """Inline every local $ref and drop 3.1-only and vendor keywords."""
    if isinstance(schema, list):
        return [to_draft7(spec, item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return to_draft7(spec, resolve(spec, schema))
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key.startswith("x-") or key in _DROP:
            continue
        if key == "properties":
            out[key] = {name: to_draft7(spec, prop) for name, prop in value.items()}
        elif key == "default":
            out[key] = value
        else:
            out[key] = to_draft7(spec, value)
    return out


def strategy_for(spec: dict[str, Any], schema: Any) -> SearchStrategy[Any]:
    """Hypothesis values for a spec schema, from schemathesis's own generator.

    hypothesis-jsonschema 0.23.1 breaks on the hypothesis that schemathesis 4.32 pins
    (`'many' object has no attribute 'more'`), so we use the engine schemathesis runs.
    It is internal API: schemathesis is pinned in pyproject.toml.
    """
    return build(to_draft7(spec, schema), draft=7, formats={})
