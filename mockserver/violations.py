"""Check one exchange against the spec: what the proxy reports in `x-ai302-violations`.

Kinds (errors unless said otherwise):
- `undocumented_status`: the operation documents no such status;
- `missing_required_field`, `wrong_type`, `unknown_enum_value`, `constraint` (any other
  schema keyword: minLength, minimum, ...), from the spec's compiled validators;
- `error_shape`: a 4xx/5xx body that is not 302.AI's `{"error": {...}}`;
- `invalid_body`: a body that is not what its Content-Type says (not JSON, bad multipart);
- `undocumented_content_type`; `missing_auth` (a request without the required key);
- `undocumented_field` (a warning): a field the spec does not name. The spec's objects
  are open, so it is legal, but it is how drift shows first.
The proxy adds `unchecked` when a check itself failed (a bug).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

from mockserver.errors import MockError
from mockserver.json_body import load_json_exact, parse_json_object
from mockserver.multipart_fields import parse_multipart
from mockserver.schema_validation import schema_errors
from mockserver.spec_loader import DocumentedFields, OperationModel

WARNING_KINDS = frozenset({"undocumented_field"})
# A header has to stay small: clients refuse response headers above ~16 KB (h11, nginx).
HEADER_ITEMS = 20
MESSAGE_CHARS = 200
_ENUM_KINDS = (jsonschema_rs.ValidationErrorKind.Enum, jsonschema_rs.ValidationErrorKind.Constant)
_BRANCH_KINDS = (
    jsonschema_rs.ValidationErrorKind.AnyOf,
    jsonschema_rs.ValidationErrorKind.OneOfNotValid,
)


@dataclass(frozen=True)
class Violation:
    kind: str
    location: str
    message: str

    @property
    def severity(self) -> str:
        return "warning" if self.kind in WARNING_KINDS else "error"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "location": self.location, "message": self.message}


class _Findings:
    """Violations of one message, one per (kind, location): a list of 10,000 items with
    the same extra field is one finding, not 10,000."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Violation] = {}

    def add(self, kind: str, location: str, message: str) -> None:
        if len(message) > MESSAGE_CHARS:
            message = message[:MESSAGE_CHARS] + "..."
        self._items.setdefault((kind, location), Violation(kind, location, message))

    def as_list(self) -> list[Violation]:
        return list(self._items.values())


def check_request(
    operation: OperationModel, headers: Mapping[str, str], body: bytes, max_parts: int
) -> list[Violation]:
    """What is wrong with a request, by the spec. `headers` have lower-case names."""
    found = _Findings()
    if operation.auth_required and "authorization" not in headers:
        found.add("missing_auth", "request.header.authorization", "the operation requires a key")
    content_type = headers.get("content-type", "")
    media = content_type.partition(";")[0].strip().lower()
    model = operation.bodies.get(media)
    if model is None:
        accepted = " or ".join(operation.bodies)
        found.add(
            "undocumented_content_type",
            "request.header.content-type",
            f"{content_type[:60]!r} is not {accepted}",
        )
        return found.as_list()
    try:
        if media == "multipart/form-data":
            data = parse_multipart(body, content_type, model, max_parts)
        else:
            data = parse_json_object(body)
        for path, error in schema_errors(model, data):
            _add_schema_error(found, error, "request.body", path, as_kind=None)
    except MockError as error:
        location = f"request.body.{error.field}" if error.field else "request.body"
        found.add("invalid_body", location, error.message)
        return found.as_list()
    for name in data.keys() - model.properties.keys():
        found.add("undocumented_field", f"request.body.{name}", f"{name!r} is not in the spec")
    return found.as_list()


def check_response(
    operation: OperationModel, status: int, content_type: str, body: bytes
) -> list[Violation]:
    """What is wrong with an answer, by the spec's response for that status."""
    found = _Findings()
    is_error = status >= 400
    model = operation.responses.get(status)
    if model is None:
        documented = sorted(operation.responses)
        found.add("undocumented_status", "response.status", f"{status} is not one of {documented}")
        # An undocumented error status still owes 302.AI's error shape.
        errors = [m for s, m in sorted(operation.responses.items()) if s >= 400]
        if not (is_error and errors):
            return found.as_list()
        model = errors[0]
    # Every broken part of an error body is one problem: it is not 302.AI's error shape.
    as_kind = "error_shape" if is_error else None
    media = content_type.partition(";")[0].strip().lower()
    if model.media_types and media not in model.media_types:
        shown = sorted(model.media_types)
        found.add(
            as_kind or "undocumented_content_type",
            "response.header.content-type",
            f"{content_type[:60]!r} is not one of {shown}",
        )
    if model.validator is None:
        return found.as_list()
    try:
        # The mock's rules for JSON, integers exact: NaN, 1e400, integers past int()'s
        # bound and deep nesting are refused, each in the mock's own words.
        value = load_json_exact(body)
    except MockError as exc:
        found.add(as_kind or "invalid_body", "response.body", exc.message)
        return found.as_list()
    for error in model.validator.iter_errors(value):
        _add_schema_error(found, error, "response.body", tuple(error.instance_path), as_kind)
    for location in _undocumented(model.fields, value, "response.body"):
        found.add("undocumented_field", location, "the spec does not name this field")
    return found.as_list()


def header_value(violations: list[Violation]) -> str:
    """The `x-ai302-violations` value: a JSON array, ASCII, bounded in size."""
    items = [v.as_dict() for v in violations[:HEADER_ITEMS]]
    if len(violations) > HEADER_ITEMS:
        more = len(violations) - HEADER_ITEMS
        items.append(
            {"kind": "truncated", "location": "", "message": f"{more} more: GET /_mock/violations"}
        )
    return json.dumps(items, ensure_ascii=True, separators=(",", ":"))


def _add_schema_error(
    found: _Findings,
    error: jsonschema_rs.ValidationError,
    prefix: str,
    path: tuple[str | int, ...],
    as_kind: str | None,
) -> None:
    kind = error.kind
    if isinstance(kind, _BRANCH_KINDS):
        # `anyOf: [object, null]`: name what is wrong inside the branch of the right type.
        here = len(error.instance_path)
        matching = [b for b in kind.context if not any(_is_type_error_at(e, here) for e in b)]
        if len(matching) == 1:
            base = path[: len(path) - here]
            for inner in matching[0]:
                inner_path = (*base, *inner.instance_path)
                _add_schema_error(found, inner, prefix, inner_path, as_kind)
            return
    location = _location(prefix, path)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        found.add(
            as_kind or "missing_required_field",
            _location(location, (kind.property,)),
            error.message,
        )
    elif isinstance(kind, (jsonschema_rs.ValidationErrorKind.Type, *_BRANCH_KINDS)):
        found.add(as_kind or "wrong_type", location, error.message)
    elif isinstance(kind, _ENUM_KINDS):
        found.add(as_kind or "unknown_enum_value", location, error.message)
    else:
        found.add(as_kind or "constraint", location, error.message)


def _is_type_error_at(error: jsonschema_rs.ValidationError, depth: int) -> bool:
    return (
        isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Type)
        and len(error.instance_path) == depth
    )


def _location(prefix: str, path: tuple[str | int, ...]) -> str:
    """`response.body.data.image_urls[]`: list indexes are dropped, so that one drift in
    every item of a list is one finding."""
    text = prefix
    for part in path:
        text += "[]" if isinstance(part, int) else f".{part}"
    return text


def _undocumented(fields: DocumentedFields, value: Any, location: str) -> Iterator[str]:
    if isinstance(value, dict) and fields.properties is not None:
        for name, inner in value.items():
            documented = fields.properties.get(name)
            if documented is None:
                yield f"{location}.{name}"
            else:
                yield from _undocumented(documented, inner, f"{location}.{name}")
    elif isinstance(value, list) and fields.items is not None:
        for item in value:
            yield from _undocumented(fields.items, item, f"{location}[]")
