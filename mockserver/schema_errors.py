"""A JSON Schema validation error as a localized MockError.

jsonschema-rs words its messages in English only; its error `kind` says which keyword
failed and with what limit, which is enough to fill the three-language templates.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import jsonschema_rs
import orjson

from mockserver.errors import MockError
from mockserver.messages import library_reason

_SHOWN = 60


def _show(value: Any) -> str:
    """A value as JSON, cut short: a rejected image may be megabytes long."""
    try:
        text = orjson.dumps(value).decode("utf-8")
    except TypeError:
        text = repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


def _listed(values: Any) -> str:
    return ", ".join(_show(v) for v in values)


def schema_error(
    error: jsonschema_rs.ValidationError, field: str | None, image_fields: Collection[str] = ()
) -> MockError:
    kind = error.kind
    value = _show(error.instance)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        return MockError(400, "schema.required", field, property=kind.property)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Type):
        return MockError(400, "schema.type", field, value=value, types=_listed(kind.types))
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Enum):
        return MockError(400, "schema.enum", field, value=value, options=_listed(kind.options))
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Maximum):
        return MockError(400, "schema.maximum", field, value=value, limit=_show(kind.limit))
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Minimum):
        return MockError(400, "schema.minimum", field, value=value, limit=_show(kind.limit))
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.MinLength):
        if kind.limit == 1:  # not "shorter than 1 characters"
            return MockError(400, "schema.empty", field)
        return MockError(400, "schema.min_length", field, value=value, limit=kind.limit)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.MaxLength):
        return MockError(400, "schema.max_length", field, value=value, limit=kind.limit)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Pattern):
        if field in image_fields:
            # An image's pattern is the spec's way to say "a link or a data URI": say that,
            # as a multipart text part is told, rather than show the regex.
            return MockError(400, "image.not_link_or_data_uri", field)
        return MockError(400, "schema.pattern", field, value=value, pattern=kind.pattern)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        return MockError(400, "schema.additional", field, unexpected=_listed(kind.unexpected))
    message = error.message
    return MockError(400, "schema.invalid", field, reason=library_reason(message[:300]))
