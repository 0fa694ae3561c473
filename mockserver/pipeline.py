"""One API request through the pipeline: request id -> Prefer -> auth -> Prefer code ->
content type -> body -> schema -> handler -> latency -> journal. Any MockError becomes
302.AI's error body; the handlers never see a raw request."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from mockserver.context import CallContext
from mockserver.controls import NO_PREFERENCES, Preferences, parse_prefer
from mockserver.errors import MockError
from mockserver.journal import redact_headers, summarize_body
from mockserver.response_fill import fill_response
from mockserver.responses import json_response, raw_json_response
from mockserver.spec_loader import OperationModel
from mockserver.state import MockState
from mockserver.validation import parse_json_object, parse_multipart, read_body, validate


def _replay_first_example(ctx: CallContext) -> Response:
    """For an operation added to the spec without a handler: its first 200 example."""
    examples = ctx.operation.examples.get(200) or {"": b"{}"}
    return raw_json_response(next(iter(examples.values())), 200, ctx.request_id)


def _check_auth(
    operation: OperationModel, headers: dict[str, str], api_keys: frozenset[str]
) -> None:
    value = headers.get("authorization")
    if value is None:
        if operation.auth_required:
            raise MockError(401, "auth.missing")
        return
    if not (operation.auth_required or operation.auth_optional):
        return
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise MockError(401, "auth.malformed")
    if api_keys and token.strip() not in api_keys:
        # Never echo the key: error messages end up in logs.
        raise MockError(401, "auth.invalid")


def _content_type(operation: OperationModel, headers: dict[str, str]) -> str:
    header = headers.get("content-type", "")
    media, _, params = header.partition(";")
    media = media.strip().lower()
    if media not in operation.bodies:
        accepted = ", ".join(operation.bodies)
        shown = header[:60] or "none"
        raise MockError(415, "content_type.unsupported", shown=repr(shown), accepted=accepted)
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() != "utf-8":
            raise MockError(415, "content_type.charset", charset=repr(value.strip()[:20]))
    return media


async def _parse_body(
    state: MockState,
    operation: OperationModel,
    media: str,
    request: Request,
    headers: dict[str, str],
) -> tuple[dict[str, Any], int]:
    config = state.config
    body = await read_body(
        request, headers.get("content-length"), config.max_body_bytes, config.body_timeout_s
    )
    model = operation.bodies[media]
    if media == "multipart/form-data":
        content_type = headers.get("content-type", "")
        data = parse_multipart(body, content_type, model, config.max_multipart_parts)
    else:
        data = parse_json_object(body)
    return data, len(body)


def _preferred_example(
    operation: OperationModel, preferences: Preferences, request_id: str
) -> Response | None:
    if preferences.example is None:
        return None
    for status, named in sorted(operation.examples.items()):
        if preferences.example in named:
            return raw_json_response(named[preferences.example], status, request_id)
    known = sorted({name for named in operation.examples.values() for name in named})
    raise MockError(400, "prefer.unknown_example", name=repr(preferences.example[:40]), known=known)


def _handle(
    state: MockState,
    operation: OperationModel,
    base_url: str,
    data: dict[str, Any],
    raw: dict[str, Any],
    request_id: str,
) -> Response:
    context = CallContext(
        operation=operation,
        config=state.config,
        data=data,
        raw_data=raw,
        base_url=base_url,
        request_id=request_id,
    )
    result = state.handlers.get(operation.operation_id, _replay_first_example)(context)
    if isinstance(result, Response):
        return result
    return json_response(fill_response(result, operation, data), 200, request_id)


def _headers(scope: Scope) -> dict[str, str]:
    """The request headers as one dict, built once (ASGI names are already lower-case)."""
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}


def _base_url(scope: Scope, headers: dict[str, str]) -> str:
    """scheme://host of this request, for absolute links back to the mock."""
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


def api_endpoint(
    state: MockState, operation: OperationModel
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        request_id = state.next_request_id()
        headers = _headers(request.scope)
        summary: dict[str, Any] = {}
        preferences = NO_PREFERENCES
        try:
            preferences = parse_prefer(headers.get("prefer"), state.config.max_delay_ms)
            _check_auth(operation, headers, state.config.api_keys)
            if preferences.code is not None and preferences.code != 200:
                if preferences.code not in operation.statuses:
                    documented = sorted(operation.statuses)
                    raise MockError(
                        400,
                        "prefer.undocumented_code",
                        code=preferences.code,
                        documented=documented,
                    )
                response = state.errors.example(preferences.code, request_id)
            else:
                media = _content_type(operation, headers)
                raw, size = await _parse_body(state, operation, media, request, headers)
                summary = summarize_body(raw, size, media)
                data = validate(operation.bodies[media], dict(raw))
                base_url = _base_url(request.scope, headers)
                response = _preferred_example(operation, preferences, request_id) or _handle(
                    state, operation, base_url, data, raw, request_id
                )
        except MockError as error:
            response = state.errors.build(error, request_id)
        delay = state.latency.pick_ms(preferences)
        if delay:
            await asyncio.sleep(delay / 1000)
        state.journal.record(
            {
                "request_id": request_id,
                "method": request.method,
                "path": request.scope["path"],
                "query": request.scope["query_string"].decode("latin-1"),
                "headers": redact_headers(headers),
                "body": summary,
                "status": response.status_code,
            }
        )
        return response

    return endpoint
