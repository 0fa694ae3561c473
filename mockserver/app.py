"""The app factory. API operations are dispatched from the one routing table built from
the spec (routing.ApiRoutes), which also answers 405 for a wrong method on their paths;
everything else (the mock's own /_mock routes, the spec, 404) goes through a Starlette app.

The API path skips Starlette's router and middleware stack: it is the hot path, and
those layers cost more than the mock's own validation.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from starlette.applications import Starlette
from starlette.datastructures import State
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.config import MockConfig
from mockserver.cors import ApiShapedCors
from mockserver.docs import docs_routes
from mockserver.errors import MockError
from mockserver.image_route import serve_image
from mockserver.pipeline import api_endpoint
from mockserver.renderer import render
from mockserver.responses import json_response
from mockserver.routing import ApiRoutes
from mockserver.state import MockState
from mockserver.task_route import task_endpoint

log = logging.getLogger("mockserver")


def routing_error(
    state: MockState,
    scope: Scope,
    status: int,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """404 and 405 in 302.AI's error shape, with the err_code of the spec's x-routing-errors."""
    error = MockError(
        status,
        "route.method_not_allowed" if status == 405 else "route.not_found",
        method=scope["method"],
        path=Request(scope).url.path[:80],
    )
    return state.errors.build(error, state.next_request_id(), headers)


class MockApp:
    """Dispatches API requests from the routing table, the rest to Starlette."""

    def __init__(self, state: MockState, fallback: Starlette) -> None:
        self.state: State = fallback.state
        self.state.mock = state
        self._mock = state
        self._fallback = fallback
        self._routes = ApiRoutes(
            (op.path, op.method, api_endpoint(state, op)) for op in state.spec.operations.values()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        methods = self._routes.at(scope["path"]) if scope["type"] == "http" else None
        if methods is None:
            await self._fallback(scope, receive, send)
            return
        endpoint = methods.get(scope["method"])
        if endpoint is None:
            allow = {"Allow": ", ".join(methods)}
            response = routing_error(self._mock, scope, 405, allow)
            await response(scope, receive, send)
            return
        try:
            response = await endpoint(scope, receive)
        except Exception:  # a bug: say so in the API's error shape rather than drop the connection
            log.exception("unexpected error in %s %s", scope["method"], scope["path"])
            response = self._mock.errors.build(MockError(500, "mock.bug"), "mock-bug")
        await response(scope, receive, send)


def create_app(config: MockConfig | None = None) -> ASGIApp:
    return app_for(MockState(config or MockConfig()))


def app_for(state: MockState) -> ASGIApp:
    """The app serving `state`; a server keeps the state for its own error answers."""

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
                "portrait_links": {
                    "size": len(state.portrait_links),
                    "capacity": state.portrait_links.capacity,
                },
                "image_cache": {"size": cache.currsize, "capacity": cache.maxsize},
            },
            200,
            "stats",
        )

    corners = state.spec.watermark.corners if state.spec.watermark else {}

    async def image(request: Request) -> Response:
        try:
            return await serve_image(request, corners)
        except MockError as error:
            return state.errors.build(error, state.next_request_id())

    routes = [
        Route("/_mock/health", health, methods=["GET"]),
        Route("/_mock/requests", journal, methods=["GET", "DELETE"]),
        Route("/_mock/stats", stats, methods=["GET"]),
        Route("/_mock/tasks", task_endpoint(state), methods=["POST"]),
        Route("/_mock/images/{name}", image, methods=["GET"]),
        Route("/openapi.yaml", spec_yaml, methods=["GET"]),
        Route("/openapi.json", spec_json, methods=["GET"]),
    ]
    routes += docs_routes()

    async def http_error(request: Request, exc: Exception) -> Response:
        # Starlette's routing errors (404; 405 on the mock's own routes) in 302.AI's shape.
        assert isinstance(exc, HTTPException)
        return routing_error(state, request.scope, exc.status_code, exc.headers)

    fallback = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    # A trailing slash is another path: 404, as for the API paths, never a redirect.
    fallback.router.redirect_slashes = False
    app: ASGIApp = MockApp(state, fallback)
    if state.config.replay_dir is not None:
        # Imported only here: recording, replay and the violation checks they bring are
        # ~10 ms of start-up that serving without --replay-dir never uses.
        from mockserver.recording import Recordings
        from mockserver.replay import ReplayApp

        app = ReplayApp(app, state, Recordings(state.config.replay_dir))
    if state.config.cors_origins:
        app = ApiShapedCors(app, state, list(state.config.cors_origins))
    return app
