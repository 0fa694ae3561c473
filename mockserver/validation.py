"""Read, parse and validate a request body against the operation's compiled schema.

Multipart text parts are typed by the schema (an integer field's "2" is 2), a JSON
`1024.0` is the integer 1024, and a boolean is never an integer: the schema decides.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import jsonschema_rs
import orjson
from starlette.requests import Request

from mockserver.errors import MockError
from mockserver.multipart import Part, read_parts
from mockserver.schema_errors import schema_error
from mockserver.spec_loader import BodyModel

_INTEGER_TEXT = re.compile(r"[+-]?\d+(\.0*)?")
_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# How deep a decoded JSON string (req_json) may nest before it is refused.
MAX_JSON_DEPTH = 32
# Above this, JSON is parsed for memory rather than speed (see parse_json_object).
LARGE_BODY_BYTES = 1024 * 1024


async def read_body(
    request: Request, declared: str | None, limit: int, chunk_timeout: float
) -> bytearray:
    """The whole body, refused with 413 as soon as it passes `limit` bytes (or as soon as
    the declared Content-Length says it will)."""
    if declared is not None:
        if not declared.isdigit():
            raise MockError(400, "body.bad_content_length")
        if int(declared) > limit:
            raise MockError(413, "body.too_large", limit=limit)
    # One growing buffer: a list of chunks plus their join would hold the body twice.
    body = bytearray()
    loop = asyncio.get_running_loop()
    try:
        # One timer for the whole body, pushed back only when more chunks are due:
        # cheaper than wait_for, which starts a task per chunk.
        async with asyncio.timeout(chunk_timeout) as deadline:
            while True:
                message = await request.receive()
                if message["type"] == "http.disconnect":
                    raise MockError(400, "body.disconnected")
                body += message.get("body", b"")
                if len(body) > limit:
                    raise MockError(413, "body.too_large", limit=limit)
                if not message.get("more_body", False):
                    break
                deadline.reschedule(loop.time() + chunk_timeout)
    except TimeoutError as exc:
        raise MockError(408, "body.timeout", seconds=f"{chunk_timeout:g}") from exc
    return body


def parse_json_object(body: bytes | bytearray) -> dict[str, Any]:
    if not body:
        raise MockError(400, "body.empty")
    # orjson's transient memory reaches ~13x a 10 MB body (a data-URI image); the
    # stdlib parser peaks near 2x, and parse time is not what dominates there.
    data = _stdlib_json(body) if len(body) > LARGE_BODY_BYTES else _load_json(body)
    if not isinstance(data, dict):
        raise MockError(400, "body.not_object", kind=type(data).__name__)
    return data


def _load_json(text: bytes | bytearray | str, field: str | None = None) -> Any:
    """orjson first; the stdlib when orjson refuses. JSON allows integers beyond 64 bits,
    which orjson rejects, and they are merely out of range (num: 10**100 is replaced like
    num: 5), so they must parse."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return _stdlib_json(text, field)


def _stdlib_json(body: bytes | bytearray | str, field: str | None = None) -> Any:
    try:
        text = body if isinstance(body, str) else body.decode("utf-8")
        return json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise MockError(400, "json.not_utf8", field, reason=exc.reason, start=exc.start) from exc
    except json.JSONDecodeError as exc:
        raise MockError(
            400, "json.syntax", field, reason=exc.msg, line=exc.lineno, column=exc.colno
        ) from exc
    except ValueError as exc:
        raise MockError(400, "json.invalid", field, reason=str(exc)) from exc
    except RecursionError as exc:
        raise MockError(400, "json.too_deep", field) from exc


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def parse_multipart(
    body: bytes | bytearray, content_type: str, model: BodyModel, max_parts: int
) -> dict[str, Any]:
    """Parse multipart/form-data into values typed as the schema says."""
    data: dict[str, Any] = {}
    for part in read_parts(body, content_type, max_parts):
        if part.name in data:
            raise MockError(400, "multipart.repeated", part.name)
        data[part.name] = _part_value(part, model)
    return data


def _part_value(part: Part, model: BodyModel) -> Any:
    if part.name in model.file_fields and not part.is_text:
        return part.data
    try:
        value = part.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if part.name in model.file_fields:
            # Binary content in a part with no filename (httpx sends `File` that way): a file.
            return part.data
        raise MockError(400, "multipart.not_utf8", part.name) from exc
    if part.name in model.integer_fields:
        if not _INTEGER_TEXT.fullmatch(value.strip()):
            raise MockError(400, "multipart.not_integer", part.name, value=repr(value[:40]))
        # Decimal, not float: "123456789012345678901.0" must keep every digit.
        return int(Decimal(value.strip()))
    if part.name in model.number_fields:
        if not _NUMBER_TEXT.fullmatch(value.strip()):
            raise MockError(400, "multipart.not_number", part.name, value=repr(value[:40]))
        return float(value)
    return value


def validate(model: BodyModel, data: dict[str, Any]) -> dict[str, Any]:
    """Validate against the compiled schema; return the data with whole floats as ints."""
    decoded: dict[str, Any] = {}
    for path, error in schema_errors(model, data, decoded):
        raise schema_error(error, ".".join(str(part) for part in path) or None)
    for name in model.integer_fields:
        value = data.get(name)
        if isinstance(value, float):
            data[name] = int(value)
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
    for name, validator in model.json_string_fields.items():
        if isinstance(data.get(name), str):
            value = _decode_json_string(data[name], name)
            if decoded is not None:
                decoded[name] = value
            for error in validator.iter_errors(value):
                yield (name, *error.instance_path), error


def _schema_view(data: dict[str, Any], model: BodyModel) -> dict[str, Any]:
    # A file part arrives as bytes; the schema types it as a (binary) string.
    if not model.file_fields or not any(isinstance(data.get(f), bytes) for f in model.file_fields):
        return data
    return {k: "<binary>" if isinstance(v, bytes) else v for k, v in data.items()}


def _decode_json_string(text: str, name: str) -> Any:
    if _depth_exceeds(text, MAX_JSON_DEPTH):
        raise MockError(400, "json.deeper_than", name, limit=MAX_JSON_DEPTH)
    return _load_json(text, name)


def _depth_exceeds(text: str, limit: int) -> bool:
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False
