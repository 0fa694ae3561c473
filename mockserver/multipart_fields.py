"""multipart/form-data parts as the values the schema types them as.

Text parts of integer and number fields are read as numbers (an integer field's "2" is
2), a file field keeps its bytes, and a part repeated for a field the schema does not
type as a single value becomes a list, as the same field sent as a JSON array would.
"""

from __future__ import annotations

import re
from typing import Any

from mockserver.errors import MockError
from mockserver.multipart import Part, read_parts
from mockserver.numbers import TooManyDigits, read_int
from mockserver.spec_loader import BodyModel

_INTEGER_TEXT = re.compile(r"[+-]?\d+(\.0*)?")
_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_multipart(
    body: bytes | bytearray, content_type: str, model: BodyModel, max_parts: int
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for part in read_parts(body, content_type, max_parts):
        value = _part_value(part, model)
        if part.name in model.array_fields:
            data.setdefault(part.name, []).append(value)
        elif part.name not in data:
            data[part.name] = value
        elif part.name in model.properties:
            # The schema says one value: two parts are as wrong as a JSON array would be.
            raise MockError(400, "multipart.repeated", part.name)
        else:
            # Unknown fields are allowed; repeated, they are a list, like their JSON twin.
            earlier = data[part.name]
            data[part.name] = [*earlier, value] if isinstance(earlier, list) else [earlier, value]
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
        text = value.strip()
        if not _INTEGER_TEXT.fullmatch(text):
            raise MockError(400, "multipart.not_integer", part.name, value=repr(value[:40]))
        try:
            # Every digit kept, as a float would not.
            return read_int(text)
        except TooManyDigits as exc:
            raise MockError(
                400, "number.too_many_digits", part.name, number=exc.number, limit=exc.limit
            ) from exc
    if part.name in model.number_fields:
        if not _NUMBER_TEXT.fullmatch(value.strip()):
            raise MockError(400, "multipart.not_number", part.name, value=repr(value[:40]))
        return float(value)
    return value
