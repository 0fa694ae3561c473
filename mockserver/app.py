"""The app factory: load the spec once, then route each API operation through one pipeline.

Pipeline: request id -> Prefer -> auth -> Prefer code -> content type -> body -> schema
-> handler -> latency -> journal. Any MockError becomes 302.AI's error body.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.config import MockConfig
from mockserver.context import CallContext
from mockserver.controls import Latency, Preferences, parse_prefer
from mockserver.errors import ErrorBuilder, MockError
from mockserver.headshot import generate_headshot
from mockserver.image_route import serve_image
from mockserver.journal import Journal, redact_headers, summarize_body
from mockserver.lifecycle import TaskLifecycle
from mockserver.portrait import get_portrait_result
from mockserver.renderer import render
from mockserver.response_fill import fill_response
from mockserver.responses import json_response, raw_json_response
from mockserver.spec_loader import LoadedSpec, OperationModel, load_spec
from mockserver.validation import parse_json_object, parse_multipart, read_body, validate

Handler = Callable[[CallContext], dict[str, Any] | Response]


class MockState:
    """Everything built once at start-up and shared by all requests."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.spec: LoadedSpec = load_spec(config.spec_path)
        self.errors = ErrorBuilder(self.spec.errors)
        self.latency = Latency(*config.latency_ms, seed=config.seed)
        self.journal = Journal(config.journal_size)
        self.lifecycle = TaskLifecycle(
            self.spec.lifecycle_stages,
            config.task_duration_s,
            config.max_tasks,
            config.clock,
        )
        self.handlers: dict[str, Handler] = {
            "generate_headshot": generate_headshot,
            "get_portrait_result": lambda ctx: get_portrait_result(ctx, self.lifecycle),
        }
        self._counter = 0

    def next_request_id(self) -> str:
        self._counter += 1
        digest = hashlib.sha256(f"{self.config.seed}:{self._counter}".encode()).hexdigest()
        return f"MOCK{self._counter:010d}{digest[:20].upper()}"


def _replay_first_example(ctx: CallContext) -> Response:
    """For an operation added to the spec without a handler: its first 200 example."""
    examples = ctx.operation.examples.get(200) or {"": b"{}"}
    return raw_json_response(next(iter(examples.values())), 200, ctx.request_id)


def _check_auth(operation: OperationModel, request: Request, api_keys: frozenset[str]) -> None:
    value = request.headers.get("authorization")
    if value is None:
        if operation.auth_required:
            raise MockError(401, "missing API key: send 'Authorization: Bearer sk-...'")
        return
    if not (operation.auth_required or operation.auth_optional):
        return
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise MockError(401, "malformed Authorization header: use 'Bearer <API key>'")
    if api_keys and token.strip() not in api_keys:
        # Never echo the key: error messages end up in logs.
        raise MockError(401, "invalid API key")


def _content_type(operation: OperationModel, request: Request) -> str:
    header = request.headers.get("content-type", "")
    media, _, params = header.partition(";")
    media = media.strip().lower()
    if media not in operation.bodies:
        accepted = " or ".join(operation.bodies)
        shown = header[:60] or "none"
        raise MockError(415, f"unsupported Content-Type {shown!r}: use {accepted}")
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() != "utf-8":
            raise MockError(415, f"unsupported charset {value.strip()[:20]!r}: use utf-8")
    return media


async def _parse_body(
    state: MockState, operation: OperationModel, media: str, request: Request
) -> tuple[dict[str, Any], int]:
    config = state.config
    body = await read_body(request, config.max_body_bytes, config.body_timeout_s)
    model = operation.bodies[media]
    if media == "multipart/form-data":
        content_type = request.headers.get("content-type", "")
        data = parse_multipart(body, content_type, model, config.max_multipart_parts)
    else:
        data = parse_json_object(body)
    return data, len(body)


def _preferred_example(
    state: MockState, operation: OperationModel, preferences: Preferences, request_id: str
) -> Response | None:
    if preferences.example is None:
        return None
    for status, named in sorted(operation.examples.items()):
        if preferences.example in named:
            return raw_json_response(named[preferences.example], status, request_id)
    known = sorted({name for named in operation.examples.values() for name in named})
    raise MockError(400, f"Prefer: no example named {preferences.example[:40]!r}; known: {known}")


def _handle(
    state: MockState,
    operation: OperationModel,
    request: Request,
    data: dict[str, Any],
    raw: dict[str, Any],
    preferences: Preferences,
    request_id: str,
) -> Response:
    context = CallContext(
        operation=operation,
        config=state.config,
        data=data,
        raw_data=raw,
        preferences=preferences,
        base_url=_base_url(request),
        request_id=request_id,
    )
    result = state.handlers.get(operation.operation_id, _replay_first_example)(context)
    if isinstance(result, Response):
        return result
    return json_response(fill_response(result, operation, data), 200, request_id)


def _base_url(request: Request) -> str:
    """scheme://host of this request, for absolute links back to the mock (cheaper than
    Starlette's base_url, which builds a URL object)."""
    scope = request.scope
    host = request.headers.get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


def _api_endpoint(
    state: MockState, operation: OperationModel
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        request_id = state.next_request_id()
        summary: dict[str, Any] = {}
        preferences = Preferences()
        try:
            preferences = parse_prefer(request.headers.get("prefer"), state.config.max_delay_ms)
            _check_auth(operation, request, state.config.api_keys)
            if preferences.code is not None and preferences.code != 200:
                if preferences.code not in operation.statuses:
                    documented = sorted(operation.statuses)
                    raise MockError(
                        400, f"Prefer: code {preferences.code} is not documented here: {documented}"
                    )
                response = state.errors.example(preferences.code, request_id)
            else:
                media = _content_type(operation, request)
                raw, size = await _parse_body(state, operation, media, request)
                summary = summarize_body(raw, size, media)
                data = validate(operation.bodies[media], dict(raw))
                response = _preferred_example(state, operation, preferences, request_id) or _handle(
                    state, operation, request, data, raw, preferences, request_id
                )
        except MockError as error:
            response = state.errors.build(error.status, error.message, request_id)
        delay = state.latency.pick_ms(preferences)
        if delay:
            await asyncio.sleep(delay / 1000)
        state.journal.record(
            {
                "request_id": request_id,
                "method": request.method,
                "path": request.url.path,
                "query": request.url.query,
                "headers": redact_headers(request.headers.items()),
                "body": summary,
                "status": response.status_code,
            }
        )
        return response

    return endpoint


def create_app(config: MockConfig | None = None) -> Starlette:
    state = MockState(config or MockConfig())

    async def health(request: Request) -> Response:
        return json_response({"status": "ok"}, 200, "health")

    async def spec_yaml(request: Request) -> Response:
        return Response(state.spec.yaml_bytes, media_type="application/yaml")

    async def spec_json(request: Request) -> Response:
        return Response(state.spec.json_bytes, media_type="application/json")

    async def journal(request: Request) -> Response:
        if request.method == "DELETE":
            state.journal.clear()
            return Response(status_code=204)
        return json_response(
            {"capacity": state.journal.capacity, "requests": state.journal.entries()},
            200,
            "journal",
        )

    async def stats(request: Request) -> Response:
        """Sizes of everything the mock keeps, against their bounds (soak tests read it)."""
        cache = render.cache_info()
        return json_response(
            {
                "journal": {"size": len(state.journal), "capacity": state.journal.capacity},
                "tasks": {"size": len(state.lifecycle), "capacity": state.lifecycle.capacity},
                "image_cache": {"size": cache.currsize, "capacity": cache.maxsize},
            },
            200,
            "stats",
        )

    async def image(request: Request) -> Response:
        try:
            return await serve_image(request)
        except MockError as error:
            return state.errors.build(error.status, error.message, state.next_request_id())

    routes = [
        Route("/_mock/health", health, methods=["GET"]),
        Route("/_mock/requests", journal, methods=["GET", "DELETE"]),
        Route("/_mock/stats", stats, methods=["GET"]),
        Route("/_mock/images/{name}", image, methods=["GET"]),
        Route("/openapi.yaml", spec_yaml, methods=["GET"]),
        Route("/openapi.json", spec_json, methods=["GET"]),
    ]
    routes += [
        Route(op.path, _api_endpoint(state, op), methods=[op.method.upper()])
        for op in state.spec.operations.values()
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        # Routing errors (404, 405 with its Allow header) in 302.AI's error shape.
        assert isinstance(exc, HTTPException)
        message = f"{request.method} {request.url.path[:80]}: {exc.detail}"
        return state.errors.build(exc.status_code, message, state.next_request_id(), exc.headers)

    middleware = []
    if state.config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(state.config.cors_origins),
                allow_methods=["GET", "POST", "DELETE"],
                allow_headers=["*"],
                expose_headers=["x-request-id", "retry-after"],
            )
        )
    app = Starlette(
        routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error}
    )
    app.state.mock = state
    return app
