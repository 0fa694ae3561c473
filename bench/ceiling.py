"""The benchmark's ceiling: a bare Starlette app that reads the whole body and answers a
fixed reply, served as the mock is (the mock CLI's socket, uvicorn settings, allocator
settings and frozen heap) but on uvicorn's own HTTP protocol, as any Starlette app is.
The mock's protocol (mockserver/http_protocol.py) sends an answer's head and body in one
write where uvicorn's makes two, ~10 us of kernel time per request here: the mock/ceiling
ratio is the cost of the mock's own work less that saving.

`python -m bench.ceiling --port N --no-access-log --log-level warning` takes the mock's options.
"""

from __future__ import annotations

import gc
import logging

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.workloads import HEADSHOT, PORTRAIT
from mockserver.allocator import keep_freed_memory
from mockserver.cli import bind_socket, build_parser, server_config

BODY = b'{"headshot_url_list":["http://127.0.0.1/_mock/images/a.webp","http://127.0.0.1/_mock/images/b.webp"]}'


async def fixed(request: Request) -> Response:
    await request.body()
    return Response(BODY, media_type="application/json")


async def health(request: Request) -> Response:
    return Response(b'{"status":"ok"}', media_type="application/json")


app = Starlette(
    routes=[
        Route(HEADSHOT, fixed, methods=["POST"]),
        Route(PORTRAIT, fixed, methods=["POST"]),
        Route("/_mock/health", health, methods=["GET"]),
    ]
)


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper())
    keep_freed_memory()
    gc.freeze()
    sock = bind_socket(args.host, args.port)
    uvicorn.Server(server_config(app, args)).run(sockets=[sock])


if __name__ == "__main__":
    main()
