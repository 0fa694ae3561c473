"""An httpx transport into an ASGI app, no socket, for the sync and the async client alike.

The generated client hands one `transport` to both its httpx.Client and its
httpx.AsyncClient, so one object serves both. The async side is httpx's own
ASGITransport. The sync side runs the same call on an event loop in a helper thread
(an anyio blocking portal, as starlette.testclient does), started on first use.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from types import TracebackType

import anyio.from_thread
import httpx
from starlette.types import ASGIApp


class ASGIAppTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Requests go straight to `app`: from sync code through a portal, from async code directly."""

    def __init__(self, app: ASGIApp) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._lock = threading.Lock()
        self._portal_cm: AbstractContextManager[anyio.from_thread.BlockingPortal] | None = None
        self._portal: anyio.from_thread.BlockingPortal | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._asgi.handle_async_request(request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # A sync client's body may be a sync-only stream: read it here, on the caller's side.
        request.read()
        status, headers, content, extensions = self._portal_for_sync().call(self._call, request)
        return httpx.Response(
            status, headers=headers, stream=httpx.ByteStream(content), extensions=extensions
        )

    async def _call(
        self, request: httpx.Request
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, dict[str, object]]:
        response = await self._asgi.handle_async_request(request)
        content = await response.aread()
        return response.status_code, response.headers.raw, content, dict(response.extensions)

    def _portal_for_sync(self) -> anyio.from_thread.BlockingPortal:
        with self._lock:
            if self._portal is None:
                self._portal_cm = anyio.from_thread.start_blocking_portal()
                self._portal = self._portal_cm.__enter__()
            return self._portal

    def close(self) -> None:
        """Stop the helper thread, if a sync request started one; a later request restarts it."""
        with self._lock:
            portal_cm, self._portal_cm, self._portal = self._portal_cm, None, None
        if portal_cm is not None:
            portal_cm.__exit__(None, None, None)

    async def aclose(self) -> None:
        self.close()

    def __enter__(self) -> ASGIAppTransport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        self.close()
