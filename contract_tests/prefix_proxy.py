"""A reverse proxy that serves a mock under a path prefix on its own port, as nginx's
`location /mock/ { proxy_pass http://127.0.0.1:4010/; }` does, for the /docs tests.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

# Hop-by-hop headers, and those httpx recomputes for the body it sends or decodes.
_DROPPED = frozenset(
    {"host", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}
)


class StripPrefixProxy:
    def __init__(self, upstream: str, prefix: str) -> None:
        self.upstream = upstream
        self.prefix = prefix
        self.seen: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        path = request.url.path
        self.seen.append(path)
        if not path.startswith(self.prefix + "/"):
            response: Response = PlainTextResponse("outside the proxy's prefix", 404)
        else:
            response = await self._forward(request, path.removeprefix(self.prefix))
        await response(scope, receive, send)

    async def _forward(self, request: Request, path: str) -> Response:
        headers = {k: v for k, v in request.headers.items() if k not in _DROPPED}
        async with httpx.AsyncClient(base_url=self.upstream) as client:
            answer = await client.request(
                request.method,
                path,
                params=request.url.query,
                headers=headers,
                content=await request.body(),
            )
        kept = {k: v for k, v in answer.headers.items() if k not in _DROPPED}
        return Response(answer.content, status_code=answer.status_code, headers=kept)


@contextmanager
def prefix_proxy(upstream: str, prefix: str) -> Iterator[tuple[str, StripPrefixProxy]]:
    """Run the proxy on a free 127.0.0.1 port; yields its URL (with the prefix) and itself."""
    proxy = StripPrefixProxy(upstream, prefix)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(proxy, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the proxy did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}{prefix}", proxy
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
