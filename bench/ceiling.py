"""The benchmark's ceiling: a bare Starlette app answering the headshot route with a fixed
body and no validation, on the same uvicorn settings as the mock."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BODY = b'{"headshot_url_list":["http://127.0.0.1/_mock/images/a.webp","http://127.0.0.1/_mock/images/b.webp"]}'


async def fixed(request: Request) -> Response:
    await request.body()
    return Response(BODY, media_type="application/json")


async def health(request: Request) -> Response:
    return Response(b'{"status":"ok"}', media_type="application/json")


app = Starlette(
    routes=[
        Route("/302/headshot/generate", fixed, methods=["POST"]),
        Route("/doubao/drawing/portrait_result", fixed, methods=["POST"]),
        Route("/_mock/health", health, methods=["GET"]),
    ]
)
