"""One API request through the pipeline: request id -> Prefer -> auth -> canned answer ->
content type -> body -> schema -> images -> handler -> latency -> journal. Any MockError
becomes 302.AI's error body; the handlers never see a raw request."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope

from mockserver.auth import check_auth
from mockserver.body_reader import read_body
from mockserver.context import CallContext
from mockserver.errors import MockError
from mockserver.handlers import Handler, replay_first_example
from mockserver.image_input import ImageRules, check_images, image_checks
from mockserver.json_body import LARGE_BODY_BYTES, json_text, parse_json_object, parse_json_text
from mockserver.multipart_fields import parse_multipart
from mockserver.prefer import NO_PREFERENCES, Canned, choose_canned, parse_prefer
from mockserver.responses import json_response, raw_json_response
from mockserver.routing import Endpoint
from mockserver.schema_validation import validate
from mockserver.spec_loader import OperationModel
from mockserver.state import MockState
from mockserver.success_body import complete_success_body

_MULTIPART = "multipart/form-data"
# Request headers as ASGI gives them: lower-case names, latin-1 bytes.
Headers = dict[bytes, bytes]


# Clients send the same few Content-Type values: each is parsed once. Bounded; a value
# longer than any real one, or with a multipart boundary (random per request, so a cache
# would only churn), is parsed each time rather than kept.
_PARSED_HEADER_CACHE = 256
_CACHED_HEADER_CHARS = 256


@lru_cache(maxsize=_PARSED_HEADER_CACHE)
def _parse_content_type(header: str) -> tuple[str, str | None]:
    """The media type, lower-cased, and the first charset parameter that is not utf-8."""
    media, _, params = header.partition(";")
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() != "utf-8":
            return media.strip().lower(), value.strip()
    return media.strip().lower(), None


def _content_type(operation: OperationModel, header: str) -> str:
    if len(header) <= _CACHED_HEADER_CHARS and "boundary=" not in header:
        media, bad_charset = _parse_content_type(header)
    else:
        media, bad_charset = _parse_content_type.__wrapped__(header)
    if media not in operation.bodies:
        accepted = ", ".join(operation.bodies)
        if not header:
            raise MockError(415, "content_type.missing", accepted=accepted)
        raise MockError(415, "content_type.unsupported", shown=repr(header[:60]), accepted=accepted)
    if bad_charset is not None:
        raise MockError(415, "content_type.charset", charset=repr(bad_charset[:20]))
    return media


async def _parse_body(
    state: MockState,
    operation: OperationModel,
    media: str,
    receive: Receive,
    headers: Headers,
    content_type: str,
) -> tuple[dict[str, Any], int]:
    config = state.config
    length = headers.get(b"content-length")
    declared = None if length is None else length.decode("latin-1")
    body = await read_body(receive, declared, state.max_body_bytes, config.body_timeout_s)
    size = len(body)
    if media == _MULTIPART:
        model = operation.bodies[media]
        data = parse_multipart(body, content_type, model, config.max_multipart_parts)
    elif size > LARGE_BODY_BYTES:
        text = json_text(body)
        del body  # the only reference: its bytes go before the parse (parse_json_text)
        data = parse_json_text(text)
    else:
        data = parse_json_object(body)
    return data, size


def _canned_response(
    state: MockState, operation: OperationModel, canned: Canned, request_id: str
) -> Response:
    if canned.body is None:
        return state.errors.example(canned.status, request_id, operation.errors)
    return raw_json_response(canned.body, canned.status, request_id)


def _handle(
    state: MockState,
    operation: OperationModel,
    handler: Handler,
    base_url: str,
    data: dict[str, Any],
    raw: dict[str, Any],
    request_id: str,
) -> Response:
    # Positional: a NamedTuple's __new__ given keywords costs 3x as much (on 3.11).
    context = CallContext(operation, state.config, data, raw, base_url, request_id)
    result = handler(context)
    if isinstance(result, Response):
        return result
    return json_response(complete_success_body(result, operation, data), 200, request_id)


def _headers(scope: Scope) -> Headers:
    """The request headers as one dict, built once (ASGI names are already lower-case).
    Left as bytes: the few values the pipeline reads are decoded where read, and the
    journal decodes the rest only if /_mock/requests is read."""
    return dict(scope["headers"])


def _base_url(scope: Scope, headers: Headers) -> str:
    """scheme://host of this request, for absolute links back to the mock."""
    host = headers.get(b"host", b"").decode("latin-1")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


def api_endpoint(state: MockState, operation: OperationModel) -> Endpoint:
    images: dict[str, dict[str, ImageRules]] = {
        media: image_checks(model) for media, model in operation.bodies.items()
    }
    # Which function answers this operation: found once, not on every request.
    handler = state.handlers.get(operation.operation_id, replay_first_example)

    async def endpoint(scope: Scope, receive: Receive) -> Response:
        request_id = state.next_request_id()
        headers = _headers(scope)
        body: tuple[dict[str, Any], int, str] | None = None
        preferences = NO_PREFERENCES
        try:
            # Decoded inline, not by a helper: five calls per request cost more than the
            # decoding. An empty Prefer is no Prefer; an empty Authorization is not none.
            # Prefer as UTF-8: its errors echo what was asked, and clients send UTF-8.
            prefer = headers.get(b"prefer", b"").decode("utf-8", "replace")
            preferences = parse_prefer(prefer, state.config.max_delay_ms)
            canned = choose_canned(operation, preferences)
            auth = headers.get(b"authorization")
            key = None if auth is None else auth.decode("latin-1")
            check_auth(operation, key, state.config.api_keys)
            if canned is not None and canned.status >= 400:
                # An error asked for by `Prefer: code=`: the request body does not matter.
                response = _canned_response(state, operation, canned, request_id)
            else:
                content_type = headers.get(b"content-type", b"").decode("latin-1")
                media = _content_type(operation, content_type)
                raw, size = await _parse_body(
                    state, operation, media, receive, headers, content_type
                )
                body = (raw, size, media)
                data = validate(operation.bodies[media], dict(raw))
                check_images(images[media], data, state.config.max_image_pixels)
                if canned is not None:
                    response = _canned_response(state, operation, canned, request_id)
                else:
                    base_url = _base_url(scope, headers)
                    response = _handle(state, operation, handler, base_url, data, raw, request_id)
        except MockError as error:
            response = state.errors.build(error, request_id, documented=operation.errors)
        delay = state.latency.pick_ms(preferences)
        if delay:
            await state.config.sleep(delay / 1000)
        state.journal.record(
            request_id,
            scope["method"],
            scope["path"],
            scope["query_string"],
            headers,
            body,
            response.status_code,
        )
        return response

    return endpoint
