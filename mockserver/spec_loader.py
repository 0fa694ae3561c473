"""Read the spec once at start-up into what request handling needs, already compiled.

Handlers never walk the spec: validators, out-of-range rules, examples (pre-encoded),
error templates and field types are all prepared here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson
import yaml


@dataclass(frozen=True)
class OutOfRangeRule:
    """From `x-out-of-range`: a value outside [minimum, maximum] becomes `replacement`."""

    minimum: int
    maximum: int
    replacement: int
    default: int

    def apply(self, value: int | None) -> int:
        if value is None:
            return self.default
        return value if self.minimum <= value <= self.maximum else self.replacement


@dataclass(frozen=True)
class BodyModel:
    """One request content type of an operation."""

    content_type: str
    validator: jsonschema_rs.Validator
    properties: dict[str, dict[str, Any]]
    integer_fields: frozenset[str]
    number_fields: frozenset[str]
    file_fields: frozenset[str]
    # Decoded JSON strings (`contentMediaType: application/json`) and their validators.
    json_string_fields: dict[str, jsonschema_rs.Validator]


@dataclass(frozen=True)
class ErrorTemplate:
    status: int
    err_code: int
    type: str
    headers: dict[str, str]
    example: bytes


@dataclass(frozen=True)
class OperationModel:
    path: str
    method: str
    operation_id: str
    auth_required: bool
    auth_optional: bool
    bodies: dict[str, BodyModel]
    out_of_range: dict[str, OutOfRangeRule]
    # Named examples per status, pre-encoded; and decoded, for building on.
    examples: dict[int, dict[str, bytes]]
    example_values: dict[int, dict[str, Any]]
    # Named request examples, to replay the response example of the same name.
    request_examples: dict[str, Any]
    statuses: frozenset[int]
    # 200 body properties, and a value for each from the first 200 example that has it.
    response_properties: tuple[str, ...] = ()
    response_example_values: dict[str, Any] = field(default_factory=dict)
    enum_names: dict[str, dict[Any, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadedSpec:
    raw: dict[str, Any]
    yaml_bytes: bytes
    json_bytes: bytes
    operations: dict[str, OperationModel]
    errors: dict[int, ErrorTemplate]
    # The portrait task stages in order (`x-lifecycle` on the task status).
    lifecycle_stages: tuple[str, ...]


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _flat_properties(spec: dict[str, Any], schema: Any) -> dict[str, dict[str, Any]]:
    schema = _resolve(spec, schema)
    props: dict[str, dict[str, Any]] = {}
    for part in schema.get("allOf", []):
        props.update(_flat_properties(spec, part))
    for name, prop in schema.get("properties", {}).items():
        resolved = dict(_resolve(spec, prop))
        # Sibling keywords beside a $ref (3.1) refine the target.
        resolved.update({k: v for k, v in prop.items() if k != "$ref"})
        props[name] = resolved
    return props


def _validator(spec: dict[str, Any], schema: Any) -> jsonschema_rs.Validator:
    # The components travel with the schema so that local $refs resolve.
    return jsonschema_rs.validator_for({**schema, "components": spec["components"]})


def _body_model(spec: dict[str, Any], content_type: str, media: dict[str, Any]) -> BodyModel:
    props = _flat_properties(spec, media["schema"])
    return BodyModel(
        content_type=content_type,
        validator=_validator(spec, media["schema"]),
        properties=props,
        integer_fields=frozenset(n for n, p in props.items() if p.get("type") == "integer"),
        number_fields=frozenset(n for n, p in props.items() if p.get("type") == "number"),
        file_fields=frozenset(n for n, p in props.items() if p.get("format") == "binary"),
        json_string_fields={
            name: _validator(spec, prop["contentSchema"])
            for name, prop in props.items()
            if prop.get("contentMediaType") == "application/json" and "contentSchema" in prop
        },
    )


def _out_of_range(props: dict[str, dict[str, Any]]) -> dict[str, OutOfRangeRule]:
    return {
        name: OutOfRangeRule(
            minimum=prop["x-out-of-range"]["minimum"],
            maximum=prop["x-out-of-range"]["maximum"],
            replacement=prop["x-out-of-range"]["replacement"],
            default=prop.get("default", prop["x-out-of-range"]["replacement"]),
        )
        for name, prop in props.items()
        if "x-out-of-range" in prop
    }


def _operation(spec: dict[str, Any], path: str, method: str, op: dict[str, Any]) -> OperationModel:
    security = op.get("security", spec.get("security", []))
    body = _resolve(spec, op.get("requestBody", {}))
    bodies = {ct: _body_model(spec, ct, media) for ct, media in body.get("content", {}).items()}
    examples: dict[int, dict[str, bytes]] = {}
    values: dict[int, dict[str, Any]] = {}
    for status_text, response in op.get("responses", {}).items():
        status = int(status_text)
        media = _resolve(spec, response).get("content", {}).get("application/json", {})
        named = {n: _resolve(spec, e)["value"] for n, e in media.get("examples", {}).items()}
        if "example" in media:
            named.setdefault("default", media["example"])
        values[status] = named
        examples[status] = {n: orjson.dumps(v) for n, v in named.items()}
    request_examples = {
        name: _resolve(spec, example)["value"]
        for media in body.get("content", {}).values()
        for name, example in media.get("examples", {}).items()
    }
    all_props: dict[str, dict[str, Any]] = {}
    for model in bodies.values():
        all_props.update(model.properties)
    ok_media = _resolve(spec, op.get("responses", {}).get("200", {})).get("content", {})
    ok_props = _flat_properties(spec, ok_media["application/json"]["schema"]) if ok_media else {}
    ok_values: dict[str, Any] = {}
    for example in values.get(200, {}).values():
        if isinstance(example, dict):
            for key, value in example.items():
                ok_values.setdefault(key, value)
    return OperationModel(
        path=path,
        method=method,
        operation_id=op["operationId"],
        auth_required=bool(security) and {} not in security,
        auth_optional=bool(security) and {} in security,
        bodies=bodies,
        out_of_range=_out_of_range(all_props),
        examples=examples,
        example_values=values,
        request_examples=request_examples,
        statuses=frozenset(examples),
        response_properties=tuple(ok_props),
        response_example_values={k: v for k, v in ok_values.items() if k in ok_props},
        enum_names={
            name: dict(zip(prop["enum"], prop["x-enum-names"], strict=True))
            for name, prop in all_props.items()
            if "x-enum-names" in prop
        },
    )


def _errors(spec: dict[str, Any]) -> dict[int, ErrorTemplate]:
    """Error templates by status, from the operations' shared error responses."""
    found: dict[int, ErrorTemplate] = {}
    for item in spec["paths"].values():
        for op in item.values():
            for status_text, response in op.get("responses", {}).items():
                status = int(status_text)
                resolved = _resolve(spec, response)
                if status < 400 or status in found:
                    continue
                example = resolved["content"]["application/json"]["example"]
                found[status] = ErrorTemplate(
                    status=status,
                    err_code=resolved["x-err-code"],
                    type=example["error"]["type"],
                    headers={"Retry-After": "1"}
                    if "Retry-After" in resolved.get("headers", {})
                    else {},
                    example=orjson.dumps(example),
                )
    return found


def load_spec(path: Path) -> LoadedSpec:
    return _parse(path.read_bytes())


# Keyed on the file's bytes: a process that builds many apps (a test session) parses and
# compiles each spec once, and an edited spec is a new key. A LoadedSpec is never mutated.
@lru_cache(maxsize=8)
def _parse(text: bytes) -> LoadedSpec:
    spec: dict[str, Any] = yaml.safe_load(text)
    operations = {
        op["operationId"]: _operation(spec, path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
    }
    return LoadedSpec(
        raw=spec,
        yaml_bytes=text,
        json_bytes=orjson.dumps(spec),
        operations=operations,
        errors=_errors(spec),
        lifecycle_stages=_lifecycle_stages(spec),
    )


def _lifecycle_stages(spec: dict[str, Any]) -> tuple[str, ...]:
    """The first `x-lifecycle` list in the components; ("done",) if the spec has none."""
    for schema in spec["components"]["schemas"].values():
        for prop in schema.get("properties", {}).values():
            if "x-lifecycle" in prop:
                return tuple(prop["x-lifecycle"])
    return ("done",)
