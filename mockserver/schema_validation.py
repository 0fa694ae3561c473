"""Validate a parsed body against the operation's compiled schema.

A JSON `1024.0` is the integer 1024 and a boolean is never an integer: the schema
decides. A string field that carries JSON (`contentMediaType: application/json`) is
decoded and validated against its `contentSchema`, which JSON Schema itself only annotates.
"""

from __future__ import annotations

from typing import Any

from mockserver.errors import MockError
from mockserver.json_body import decode_json_string
from mockserver.spec_loader import BodyModel

_MAX_MESSAGE = 300


def validate(model: BodyModel, data: dict[str, Any]) -> dict[str, Any]:
    """Raise MockError(400) naming the first invalid field; return the data with whole
    floats as ints and JSON string fields decoded."""
    for error in model.validator.iter_errors(_schema_view(data, model)):
        path = ".".join(str(part) for part in error.instance_path) or None
        message = error.message
        if len(message) > _MAX_MESSAGE:
            message = message[:_MAX_MESSAGE] + "..."
        raise MockError(400, message, path)
    for name in model.integer_fields:
        value = data.get(name)
        if isinstance(value, float):
            data[name] = int(value)
    for name, validator in model.json_string_fields.items():
        if isinstance(data.get(name), str):
            decoded = decode_json_string(data[name], name)
            for error in validator.iter_errors(decoded):
                inner = ".".join(str(part) for part in error.instance_path)
                raise MockError(400, error.message, f"{name}.{inner}" if inner else name)
            data[name] = decoded
    return data


def _schema_view(data: dict[str, Any], model: BodyModel) -> dict[str, Any]:
    # A file part arrives as bytes; the schema types it as a (binary) string, and an
    # empty file is an empty string (minLength sees it).
    if not model.file_fields or not any(isinstance(data.get(f), bytes) for f in model.file_fields):
        return data
    return {k: ("<binary>" if v else "") if isinstance(v, bytes) else v for k, v in data.items()}
