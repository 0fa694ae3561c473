"""Validate a parsed body against the operation's compiled schema.

A JSON `1024.0` is the integer 1024 and a boolean is never an integer: the schema
decides. A string field that carries JSON (`contentMediaType: application/json`) is
decoded and validated against its `contentSchema`, which JSON Schema itself only annotates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs

from mockserver.json_body import decode_json_string
from mockserver.long_text import LONG_TEXT_CHARS, forget_decoded
from mockserver.schema_errors import schema_error
from mockserver.spec_loader import BodyModel


def validate(model: BodyModel, data: dict[str, Any]) -> dict[str, Any]:
    """Raise MockError(400) naming the first invalid field; return the data with whole
    floats as ints and JSON string fields decoded."""
    decoded: dict[str, Any] = {}
    # Most bodies are valid: one is_valid() answers for them without building the error
    # iterator; iter_errors runs only to name what failed. The JSON string fields are
    # decoded (and checked) either way.
    view = _schema_view(data, model)
    # A long data URI meets its pattern by a cheaper exact route, when it can (long_text).
    route = model.long_text
    text = view.get(route.field) if route is not None else None
    if (
        route is not None
        and isinstance(text, str)
        and len(text) >= LONG_TEXT_CHARS  # tested here too: small bodies make no call
        and route.pattern.matches_long(text)
    ):
        valid = route.validator.is_valid(view)
    else:
        valid = model.validator.is_valid(view)
    if valid:
        errors = _string_field_errors(model, data, decoded) if model.json_string_fields else ()
    else:
        forget_decoded()  # no image check follows a body that fails
        errors = schema_errors(model, data, decoded)
    for path, error in errors:
        raise schema_error(error, ".".join(str(part) for part in path) or None, model.image_fields)
    # Only the integer fields the body has (a set intersection in C, not a loop over all).
    for name in model.integer_fields & data.keys():
        value = data[name]
        if isinstance(value, float):
            data[name] = int(value)
    if decoded:
        data.update(decoded)
    return data


def schema_errors(
    model: BodyModel, data: dict[str, Any], decoded: dict[str, Any] | None = None
) -> Iterator[tuple[tuple[str | int, ...], jsonschema_rs.ValidationError]]:
    """Each way the body breaks its schema, with the path to the value: the body's own
    errors, then those inside its JSON string fields (req_json), which are decoded into
    `decoded` on the way. The mock stops at the first; the proxy reports them all."""
    for error in model.validator.iter_errors(_schema_view(data, model)):
        yield tuple(error.instance_path), error
    yield from _string_field_errors(model, data, decoded)


def _string_field_errors(
    model: BodyModel, data: dict[str, Any], decoded: dict[str, Any] | None
) -> Iterator[tuple[tuple[str | int, ...], jsonschema_rs.ValidationError]]:
    for name, validator in model.json_string_fields.items():
        if isinstance(data.get(name), str):
            value = decode_json_string(data[name], name)
            if decoded is not None:
                decoded[name] = value
            if validator.is_valid(value):
                continue  # the common case: no error iterator built to find nothing
            for error in validator.iter_errors(value):
                yield (name, *error.instance_path), error


def _schema_view(data: dict[str, Any], model: BodyModel) -> dict[str, Any]:
    # A file part arrives as bytes; the schema types it as a (binary) string, and an
    # empty file is an empty string (minLength sees it).
    if not model.file_fields or not any(isinstance(data.get(f), bytes) for f in model.file_fields):
        return data
    return {k: ("<binary>" if v else "") if isinstance(v, bytes) else v for k, v in data.items()}
