"""Recorded exchanges on disk: written by `ai302-mock proxy --record DIR`, served by
`ai302-mock --replay DIR`.

One pretty-printed JSON file per exchange, keys sorted, at
`DIR/<operationId>/<request key>-<n>.json`, where n counts repeats of the same request
(a polled task answers in_queue, then done: replay serves them in that order). Large
base64 strings and file parts are stored once, by content hash, under `DIR/blobs/`,
and referenced as `{"$blob": "blobs/<sha256>.txt"}`. No request header is stored but
the Content-Type, so no key or cookie can reach a recording.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from mockserver.errors import MockError
from mockserver.journal import redact_headers
from mockserver.json_body import load_json_exact, parse_json_object
from mockserver.multipart_fields import parse_multipart
from mockserver.spec_loader import OperationModel
from mockserver.violations import Violation

FORMAT = "ai302-recording/1"
# Strings at least this long that look like base64 (or a base64 data URI) become blobs.
BLOB_MIN_CHARS = 1024
_BASE64 = re.compile(r"(data:[\w.+-]+/[\w.+-]+;base64,)?[A-Za-z0-9+/_-]+={0,2}")
_BLOB_REF = re.compile(r"blobs/[0-9a-f]{64}\.(txt|bin)")
# Not worth keeping (they change every call, or describe the transfer, not the answer).
_UNSTORED_RESPONSE_HEADERS = frozenset(
    {"content-length", "content-encoding", "transfer-encoding", "connection", "date", "set-cookie"}
)


def request_value(
    operation: OperationModel, content_type: str, body: bytes, max_parts: int
) -> Any | None:
    """The body as its media type reads it (file parts as bytes); None when it cannot be
    read. Multipart boundaries and JSON spacing vary per call; the value does not."""
    media = content_type.partition(";")[0].strip().lower()
    model = operation.bodies.get(media)
    if model is None:
        return None
    try:
        if media == "multipart/form-data":
            return parse_multipart(body, content_type, model, max_parts)
        return parse_json_object(body)
    except MockError:
        return None


def request_key(operation: OperationModel, query: str, value: Any | None, body: bytes) -> str:
    """What makes two requests the same: operation, query parameters and body value,
    with JSON string fields (req_json) compared as the JSON they hold."""
    normal = {"$sha256": _sha256(body)} if value is None else _decode_json_strings(operation, value)
    material = json.dumps(
        {
            "operation": operation.operation_id,
            "query": sorted(parse_qsl(query, keep_blank_values=True)),
            "body": normal,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=lambda raw: {"$sha256": _sha256(raw)},
    )
    return _sha256(material.encode())[:16]


def _decode_json_strings(operation: OperationModel, value: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(value)
    for model in operation.bodies.values():
        for name in model.json_string_fields.keys() & value.keys():
            # By the mock's rules for JSON, integers exact: 1e400 and 2e400 stay apart as
            # text (json.loads made both infinity), as do 2**64 and 2**64 + 1.
            if isinstance(value[name], str):
                with suppress(MockError):
                    decoded[name] = {"$json": load_json_exact(value[name])}
    return decoded


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Exchange:
    operation: OperationModel
    query: str
    content_type: str
    request_body: bytes
    request_value: Any | None
    status: int
    response_headers: list[tuple[str, str]]
    response_body: bytes
    violations: list[Violation]


class Recorder:
    def __init__(self, directory: Path) -> None:
        self._dir = directory
        (directory / "blobs").mkdir(parents=True, exist_ok=True)
        # Repeats continue after what an earlier run recorded into the same directory.
        self._seen: Counter[str] = Counter(
            path.stem.rsplit("-", 1)[0] for path in directory.glob("*/*-*.json")
        )

    def save(self, exchange: Exchange) -> Path:
        operation_id = exchange.operation.operation_id
        key = request_key(
            exchange.operation, exchange.query, exchange.request_value, exchange.request_body
        )
        self._seen[key] += 1
        path = self._dir / operation_id / f"{key}-{self._seen[key]:03d}.json"
        path.parent.mkdir(exist_ok=True)
        headers = {name.lower(): value for name, value in exchange.response_headers}
        # Names only a key or cookie travels in are dropped, whatever the upstream echoed.
        secret = {n for n, v in redact_headers(headers).items() if v == "<redacted>"}
        record = {
            "format": FORMAT,
            "operation": operation_id,
            "key": key,
            "request": {
                "method": exchange.operation.method.upper(),
                "path": exchange.operation.path,
                "query": exchange.query,
                "content_type": exchange.content_type,
                "body": self._request_body(exchange),
            },
            "response": {
                "status": exchange.status,
                "headers": {
                    name: value
                    for name, value in sorted(headers.items())
                    if name not in _UNSTORED_RESPONSE_HEADERS and name not in secret
                },
                **self._response_body(headers.get("content-type", ""), exchange.response_body),
            },
            "violations": [v.as_dict() for v in exchange.violations],
        }
        text = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False, default=self._file)
        path.write_text(text + "\n", encoding="utf-8")
        return path

    def _request_body(self, exchange: Exchange) -> Any:
        if exchange.request_value is None:
            return {"$blob": self._blob(exchange.request_body, "bin")}
        return self._outline(exchange.request_value)

    def _response_body(self, content_type: str, body: bytes) -> dict[str, Any]:
        if "json" in content_type.lower():
            # What the mock cannot read as JSON (NaN, 1e400) is kept as text: a recording
            # holds only valid JSON. An answer too deep to outline is kept as text too.
            with suppress(MockError, RecursionError):
                return {"json": self._outline(load_json_exact(body))}
        try:
            return {"text": body.decode("utf-8")}
        except UnicodeDecodeError:
            return {"blob": self._blob(body, "bin")}

    def _outline(self, value: Any) -> Any:
        """The value with every large base64 string replaced by a blob reference."""
        if isinstance(value, dict):
            return {key: self._outline(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._outline(item) for item in value]
        if isinstance(value, str) and len(value) >= BLOB_MIN_CHARS and _BASE64.fullmatch(value):
            return {"$blob": self._blob(value.encode(), "txt")}
        return value

    def _file(self, raw: Any) -> Any:
        if isinstance(raw, bytes):
            return {"$blob": self._blob(raw, "bin")}
        raise TypeError(f"cannot record a {type(raw).__name__}")

    def _blob(self, data: bytes, suffix: str) -> str:
        name = f"blobs/{_sha256(data)}.{suffix}"
        target = self._dir / name
        if not target.exists():  # stored once, however many exchanges carry it
            target.write_bytes(data)
        return name


@dataclass(frozen=True)
class RecordedAnswer:
    status: int
    headers: dict[str, str]
    body: bytes
    source: str


class Recordings:
    """A recorded directory, by request key. Each key's answers are served in recorded
    order; the last one again once they are used up."""

    def __init__(self, directory: Path) -> None:
        self._dir = directory
        if not directory.is_dir():
            raise ValueError(f"--replay: {directory} is not a directory")
        answers: dict[str, list[tuple[str, RecordedAnswer]]] = {}
        for path in sorted(directory.glob("*/*.json")):
            relative = str(path.relative_to(directory))
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(record, dict) or record.get("format") != FORMAT:
                    raise ValueError(f"not an {FORMAT} file")
                answer = self._answer(record["response"], relative)
                answers.setdefault(str(record["key"]), []).append((path.stem, answer))
            except (KeyError, TypeError, ValueError, OSError) as exc:
                raise ValueError(f"--replay: {relative}: {exc}") from exc
        self._answers = {key: [a for _, a in sorted(found)] for key, found in answers.items()}
        self._served: Counter[str] = Counter()

    def __len__(self) -> int:
        return sum(len(found) for found in self._answers.values())

    def next(self, key: str) -> RecordedAnswer | None:
        found = self._answers.get(key)
        if not found:
            return None
        index = min(self._served[key], len(found) - 1)
        self._served[key] += 1
        return found[index]

    def _answer(self, response: Mapping[str, Any], source: str) -> RecordedAnswer:
        if "json" in response:
            value = self._inline(response["json"])
            body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        elif "text" in response:
            body = response["text"].encode("utf-8")
        else:
            body = self._read_blob(response["blob"])
        return RecordedAnswer(
            status=int(response["status"]),
            headers=dict(response.get("headers", {})),
            body=body,
            source=source,
        )

    def _inline(self, value: Any) -> Any:
        if isinstance(value, dict):
            if value.keys() == {"$blob"}:
                return self._read_blob(value["$blob"]).decode("utf-8")
            return {key: self._inline(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._inline(item) for item in value]
        return value

    def _read_blob(self, name: Any) -> bytes:
        # Only a blob of this directory: a recording must not read files elsewhere.
        if not isinstance(name, str) or not _BLOB_REF.fullmatch(name):
            raise ValueError(f"{str(name)[:80]!r} is not a blob reference")
        return (self._dir / name).read_bytes()
