"""Upstreams for the proxy tests, on 127.0.0.1 only: any ASGI app served in a thread,
a scripted app that answers every call the same way (to play a drifting API), and a
server that drops every connection."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from mockserver.cli import bind_socket


@contextmanager
def served(app: ASGIApp, *, wait_for_shutdown: bool = True) -> Iterator[str]:
    """Serve `app` on a free 127.0.0.1 port in a thread; yield its URL. With
    wait_for_shutdown=False, requests still running (a slow upstream's) are abandoned."""
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the upstream did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.force_exit = not wait_for_shutdown
        server.should_exit = True
        thread.join(timeout=30)


@dataclass
class Scripted:
    """An upstream that answers every POST with one scripted answer, and notes what it got."""

    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    delay_s: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def json(cls, value: Any, status: int = 200, **kwargs: Any) -> Scripted:
        return cls(status=status, body=orjson.dumps(value), **kwargs)

    def app(self) -> Starlette:
        async def answer(request: Request) -> Response:
            self.received.append(
                {
                    "url": str(request.url),
                    "headers": list(request.headers.items()),
                    "body": await request.body(),
                }
            )
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            return Response(
                self.body,
                status_code=self.status,
                headers=self.headers,
                media_type=self.content_type,
            )

        return Starlette(routes=[Route("/{path:path}", answer, methods=["POST"])])


@contextmanager
def dropping_upstream() -> Iterator[str]:
    """Accepts each connection, reads the request, and closes without a word."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                with suppress(OSError):
                    conn.recv(65536)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=10)
        listener.close()
