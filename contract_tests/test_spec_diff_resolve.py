"""The effective view the gate compares: $ref inlined (siblings win), allOf merged,
anyOf-with-null folded into a nullable type, and cyclic schemas that do not hang."""

from __future__ import annotations

from typing import Any

from ai302_spec import Level, compare_specs
from ai302_spec.resolve import effective_schema, resolve_refs


def _spec(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/tree": {
                "post": {
                    "operationId": "post_tree",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Node"}}
                        },
                    },
                    "responses": {"204": {"description": "stored"}},
                }
            }
        },
        "components": {"schemas": {"Node": node}},
    }


def _node(**name: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "name": {"type": "string", **name},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    }


def test_a_self_referencing_schema_is_compared_without_recursing_forever() -> None:
    changes = compare_specs(_spec(_node()), _spec(_node(maxLength=8)))
    assert [(c.level, c.location) for c in changes] == [
        (Level.BREAKING, "request body application/json: name")
    ]


def test_siblings_of_a_ref_override_the_target() -> None:
    spec = {
        "components": {"schemas": {"A": {"type": "string", "description": "target"}}},
        "x": {"$ref": "#/components/schemas/A", "description": "sibling"},
    }
    assert resolve_refs(spec)["x"] == {"type": "string", "description": "sibling"}


def test_allof_merges_properties_and_required_and_keeps_the_strictest_bound() -> None:
    merged = effective_schema(
        {
            "allOf": [
                {"type": "object", "required": ["a"], "properties": {"a": {"maximum": 9}}},
                {"required": ["b"], "properties": {"a": {"maximum": 4}, "b": {}}},
            ]
        }
    )
    assert merged["required"] == ["a", "b"]
    assert merged["properties"]["a"] == {"maximum": 4}


def test_anyof_with_null_reads_as_a_nullable_type() -> None:
    folded = effective_schema(
        {"description": "d", "anyOf": [{"type": "object", "properties": {}}, {"type": "null"}]}
    )
    assert folded == {"type": ["null", "object"], "properties": {}, "description": "d"}
