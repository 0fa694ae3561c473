"""Read the spec once at start-up into what request handling needs, already compiled.

Handlers never walk the spec: validators, out-of-range rules, examples (pre-encoded),
error templates, field types, accepted image formats and the body limit are all
prepared here.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from hashlib import sha256
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson

from mockserver.long_text import LongTextCheck, text_pattern, without_field_pattern


class SpecError(Exception):
    """The spec lacks something the mock needs; raised at start-up, never per request."""


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
    # Fields whose value is an image, with the MIME types accepted (`x-image-types`).
    image_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The `pattern` an image field's text (a link or data URI) must match: its own, or for
    # a multipart text part, the same field's in the JSON body ("as in the JSON body").
    image_text_patterns: dict[str, str] = field(default_factory=dict)
    # Fields the schema types as arrays: a repeated multipart part is one of their items.
    array_fields: frozenset[str] = frozenset()
    # An image field whose pattern a long data URI can meet without running the regex
    # over every character (mockserver/long_text.py); None when no field's pattern can.
    long_text: LongTextCheck | None = None


@dataclass(frozen=True)
class ErrorTemplate:
    status: int
    err_code: int
    type: str
    headers: dict[str, str]
    example: bytes


@dataclass(frozen=True)
class DocumentedFields:
    """The property names a schema documents at each level, for spotting undocumented
    fields (the spec's objects are open, so the validators accept any extra name).
    `properties` is None where any name is allowed (a free-form object, or no object)."""

    properties: dict[str, DocumentedFields] | None = None
    items: DocumentedFields | None = None


@dataclass(frozen=True)
class ResponseModel:
    """One documented status of an operation, for checking a live answer (the proxy)."""

    status: int
    media_types: frozenset[str]
    # The JSON body's schema, with the spec's components; None when the status documents
    # no JSON body.
    schema: dict[str, Any] | None
    fields: DocumentedFields

    @cached_property
    def validator(self) -> jsonschema_rs.Validator | None:
        """Compiled on first use: only the proxy checks answers, and the mock's start-up
        is a measured target (issue 17), so its ~28 response schemas wait until then."""
        return None if self.schema is None else jsonschema_rs.validator_for(self.schema)


@dataclass(frozen=True)
class OperationModel:
    path: str
    method: str
    operation_id: str
    auth_required: bool
    auth_optional: bool
    bodies: dict[str, BodyModel]
    out_of_range: dict[str, OutOfRangeRule]
    # Named examples per status (`examples`, never a singular `example`), pre-encoded;
    # and decoded, for building on.
    examples: dict[int, dict[str, bytes]]
    example_values: dict[int, dict[str, Any]]
    # Named request examples, to replay the response example of the same name.
    request_examples: dict[str, Any]
    statuses: frozenset[int]
    # This operation's error responses by status (their x-err-code, type and example).
    errors: dict[int, ErrorTemplate] = field(default_factory=dict)
    # 200 body properties, and a value for each from the first 200 example that has it.
    response_properties: tuple[str, ...] = ()
    response_example_values: dict[str, Any] = field(default_factory=dict)
    enum_names: dict[str, dict[Any, str]] = field(default_factory=dict)
    # `x-paid: true`: a successful call is billed (the proxy's spending cap counts these).
    paid: bool = False
    responses: dict[int, ResponseModel] = field(default_factory=dict)


@dataclass(frozen=True)
class WatermarkSpec:
    """LogoInfo as the spec states it: the default text per `language` and the corner
    per `position` (their `x-enum-names`), and each field's `default`."""

    texts: dict[int, str]
    corners: dict[int, str]
    default_language: int
    default_position: int
    default_add_logo: bool


@dataclass(frozen=True)
class LoadedSpec:
    raw: dict[str, Any]
    yaml_bytes: bytes
    json_bytes: bytes
    operations: dict[str, OperationModel]
    # By status: the routing errors (`x-routing-errors`: 404, 405), then the first
    # operation's error response for each other status. Used where no operation applies.
    errors: dict[int, ErrorTemplate]
    # The portrait task stages in order (`x-lifecycle` on the task status).
    lifecycle_stages: tuple[str, ...]
    # The largest request body accepted (`x-max-body-bytes`).
    max_body_bytes: int
    # What each task status means to a caller (`x-status-meaning`): pending, done, ...
    status_meanings: dict[str, str] = field(default_factory=dict)
    watermark: WatermarkSpec | None = None


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
    return jsonschema_rs.validator_for(_with_components(spec, schema))


def _with_components(spec: dict[str, Any], schema: Any) -> dict[str, Any]:
    # The components travel with the schema so that local $refs resolve.
    return {**schema, "components": spec["components"]}


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
        image_fields={
            name: tuple(prop["x-image-types"])
            for name, prop in props.items()
            if "x-image-types" in prop
        },
        array_fields=frozenset(n for n, p in props.items() if p.get("type") == "array"),
        long_text=_long_text_check(spec, media["schema"], props),
    )


def _long_text_check(
    spec: dict[str, Any], schema: Any, props: dict[str, dict[str, Any]]
) -> LongTextCheck | None:
    for name, prop in props.items():
        if "x-image-types" in prop and isinstance(prop.get("pattern"), str):
            pattern = text_pattern(prop["pattern"])
            if pattern.tail is not None:
                loose = without_field_pattern(spec, schema, name, prop["pattern"])
                return LongTextCheck(name, pattern, _validator(spec, loose))
    return None


def _with_image_text_patterns(bodies: dict[str, BodyModel]) -> dict[str, BodyModel]:
    patterns: dict[str, str] = {}
    for model in bodies.values():
        for name in model.image_fields:
            if "pattern" in model.properties[name]:
                patterns.setdefault(name, model.properties[name]["pattern"])
    return {
        media: dataclasses.replace(
            model, image_text_patterns={n: patterns[n] for n in model.image_fields if n in patterns}
        )
        for media, model in bodies.items()
    }


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
    bodies = _with_image_text_patterns(bodies)
    examples: dict[int, dict[str, bytes]] = {}
    values: dict[int, dict[str, Any]] = {}
    for status_text, response in op.get("responses", {}).items():
        status = int(status_text)
        media = _resolve(spec, response).get("content", {}).get("application/json", {})
        # Only named examples can be asked for by name: a singular `example` has no name,
        # and inventing one ("default") would expose it to `Prefer: example=`.
        named = {n: _resolve(spec, e)["value"] for n, e in media.get("examples", {}).items()}
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
        errors=_error_templates(spec, op.get("responses", {})),
        response_properties=tuple(ok_props),
        response_example_values={k: v for k, v in ok_values.items() if k in ok_props},
        enum_names={
            name: dict(zip(prop["enum"], prop["x-enum-names"], strict=True))
            for name, prop in all_props.items()
            if "x-enum-names" in prop
        },
        paid=op.get("x-paid", False) is True,
        responses={
            int(status): _response_model(spec, int(status), response)
            for status, response in op.get("responses", {}).items()
        },
    )


def _response_model(spec: dict[str, Any], status: int, response: Any) -> ResponseModel:
    content = _resolve(spec, response).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return ResponseModel(
        status=status,
        media_types=frozenset(content),
        schema=None if schema is None else _with_components(spec, schema),
        fields=DocumentedFields() if schema is None else _documented_fields(spec, schema),
    )


def _documented_fields(spec: dict[str, Any], schema: Any, depth: int = 0) -> DocumentedFields:
    """Merge what `properties`, `items` and every allOf/anyOf/oneOf branch document."""
    schema = _resolve(spec, schema)
    if not isinstance(schema, dict) or depth > 32:
        return DocumentedFields()
    found = DocumentedFields(
        properties={
            name: _documented_fields(spec, prop, depth + 1)
            for name, prop in schema.get("properties", {}).items()
        }
        if "properties" in schema
        else None,
        items=_documented_fields(spec, schema["items"], depth + 1) if "items" in schema else None,
    )
    for keyword in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(keyword, []):
            found = _merge_fields(found, _documented_fields(spec, branch, depth + 1))
    if schema.get("additionalProperties", False) is not False or "patternProperties" in schema:
        return DocumentedFields(properties=None, items=found.items)
    return found


def _merge_fields(a: DocumentedFields, b: DocumentedFields) -> DocumentedFields:
    properties = a.properties
    if b.properties is not None:
        properties = dict(properties or {})
        for name, sub in b.properties.items():
            properties[name] = _merge_fields(properties[name], sub) if name in properties else sub
    if a.items is None or b.items is None:
        items = a.items or b.items
    else:
        items = _merge_fields(a.items, b.items)
    return DocumentedFields(properties=properties, items=items)


def _error_template(spec: dict[str, Any], status: int, response: Any) -> ErrorTemplate:
    resolved = _resolve(spec, response)
    example = resolved["content"]["application/json"]["example"]
    headers = resolved.get("headers", {})
    return ErrorTemplate(
        status=status,
        err_code=resolved["x-err-code"],
        type=example["error"]["type"],
        headers={"Retry-After": "1"} if "Retry-After" in headers else {},
        example=orjson.dumps(example),
    )


def _error_templates(spec: dict[str, Any], responses: dict[str, Any]) -> dict[int, ErrorTemplate]:
    return {
        int(status): _error_template(spec, int(status), response)
        for status, response in responses.items()
        if int(status) >= 400
    }


def _errors(spec: dict[str, Any]) -> dict[int, ErrorTemplate]:
    """Error templates by status for answers outside any operation: the routing errors
    first, then the first operation's response for each other status."""
    found = _error_templates(spec, spec.get("x-routing-errors", {}))
    for item in spec["paths"].values():
        for op in item.values():
            for status, template in _error_templates(spec, op.get("responses", {})).items():
                found.setdefault(status, template)
    return found


# The parsed twin of a spec file: its data as JSON, beside it, named after the SHA-256 of
# the YAML bytes it was made from. openapi/generate.py writes one for the packaged spec.
# orjson reads it in under a millisecond, where importing PyYAML and parsing the spec take
# ~50 ms, a sixth of the mock's start-up (a measured target, issue 17). A YAML file that
# is not the one a twin was made from (edited, or any other spec) is parsed as YAML.
PARSED_TWIN_SUFFIX = ".parsed.json"


def twin_path(spec: Path) -> Path:
    return spec.with_suffix(PARSED_TWIN_SUFFIX)


def parsed_twin(yaml_text: bytes) -> bytes:
    """The twin file's bytes for this YAML; refused, naming the place, for a spec JSON
    cannot carry as is (a YAML date or timestamp, a non-string key)."""
    data = _yaml_data(yaml_text)
    where = _not_json(data, "")
    if where is not None:
        raise ValueError(f"the spec holds a value JSON cannot carry at {where or '/'}: quote it")
    twin = orjson.dumps(
        {"yaml_sha256": sha256(yaml_text).hexdigest(), "spec": data}, option=orjson.OPT_INDENT_2
    )
    return twin + b"\n"


def _not_json(node: Any, path: str) -> str | None:
    """The JSON-pointer-like path of the first value that is not plain JSON data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                return f"{path}/{key!r}"
            found = _not_json(value, f"{path}/{key}")
            if found is not None:
                return found
        return None
    if isinstance(node, list):
        for index, value in enumerate(node):
            found = _not_json(value, f"{path}/{index}")
            if found is not None:
                return found
        return None
    # YAML's .nan and .inf are floats JSON has no numbers for (orjson writes null).
    ok = (
        node is None
        or isinstance(node, str | int | bool)
        or (isinstance(node, float) and math.isfinite(node))
    )
    return None if ok else path


def load_spec(path: Path) -> LoadedSpec:
    """The spec at `path`, loaded and compiled. SpecError, in one line, where the file
    cannot be read, or is not a spec of the shape the mock serves (the loader reads the
    keys and extensions of this kit's spec: another document fails on the first it lacks)."""
    try:
        text = path.read_bytes()
        twin = twin_path(path)
        return _parse(text, twin.read_bytes() if twin.is_file() else None)
    except SpecError:
        raise
    except OSError as error:
        raise SpecError(f"cannot read the spec {path}: {error.strerror or error}") from None
    except Exception as error:  # YAML's errors, or a KeyError/TypeError from another shape
        kind = type(error).__name__
        raise SpecError(f"{path} is not a spec the mock can serve ({kind}: {error})") from None


def _spec_data(text: bytes, twin: bytes | None) -> dict[str, Any]:
    if twin is not None:
        try:
            parsed = orjson.loads(twin)
        except orjson.JSONDecodeError:
            parsed = None
        named = isinstance(parsed, dict) and parsed.get("yaml_sha256") == sha256(text).hexdigest()
        if named and isinstance(parsed.get("spec"), dict):
            spec: dict[str, Any] = parsed["spec"]
            return spec
    return _yaml_data(text)


def _yaml_data(text: bytes) -> dict[str, Any]:
    # Imported here, not at the top: with the packaged spec's twin the mock never needs it.
    import yaml

    # libyaml's parser where PyYAML was built with it: the same safe constructor (the
    # same data: plain types only), about 9x faster than the pure-Python one on this spec.
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec: dict[str, Any] = yaml.load(text, Loader=loader)
    return spec


# Keyed on the files' bytes: a process that builds many apps (a test session) parses and
# compiles each spec once, and an edited spec is a new key. A LoadedSpec is never mutated.
@lru_cache(maxsize=8)
def _parse(text: bytes, twin: bytes | None) -> LoadedSpec:
    spec = _spec_data(text, twin)
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
        status_meanings=_status_meanings(spec),
        watermark=_watermark(spec),
        max_body_bytes=spec["x-max-body-bytes"],
    )


def _lifecycle_stages(spec: dict[str, Any]) -> tuple[str, ...]:
    """The first `x-lifecycle` list in the components; without one, straight to the
    statuses `x-status-meaning` calls done."""
    done: list[str] = []
    for schema in spec["components"]["schemas"].values():
        for prop in schema.get("properties", {}).values():
            if "x-lifecycle" in prop:
                return tuple(prop["x-lifecycle"])
            meanings = prop.get("x-status-meaning", {})
            done += [status for status, meaning in meanings.items() if meaning == "done"]
    return tuple(done[:1])


def _status_meanings(spec: dict[str, Any]) -> dict[str, str]:
    """The first `x-status-meaning` map in the components; empty if the spec has none."""
    for schema in spec["components"]["schemas"].values():
        for prop in schema.get("properties", {}).values():
            if "x-status-meaning" in prop:
                return dict(prop["x-status-meaning"])
    return {}


def _watermark(spec: dict[str, Any]) -> WatermarkSpec | None:
    """The `logo_info` object of the components (LogoInfo), if the spec has one."""
    for schema in spec["components"]["schemas"].values():
        logo = schema.get("properties", {}).get("logo_info")
        if logo is None:
            continue
        props = _flat_properties(spec, logo)
        language, position = props["language"], props["position"]
        return WatermarkSpec(
            texts=dict(zip(language["enum"], language["x-enum-names"], strict=True)),
            corners=dict(zip(position["enum"], position["x-enum-names"], strict=True)),
            default_language=language["default"],
            default_position=position["default"],
            default_add_logo=props["add_logo"]["default"],
        )
    return None
