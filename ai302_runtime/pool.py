"""The httpx clients one client and every client derived from it share, and their closing.

The builders are the root client's, so `get_httpx_client()` keeps its defaults whichever
client in the family asks first.

An async httpx client's connections belong to the event loop that opened them, so this
pool builds one async client per running loop: each `asyncio.run()` (each thread's, too)
gets its own. A loop closed with connections still open would leave their sockets to be
collected with a ResourceWarning (an error under `pytest -W error`), so each is closed by
its loop's shutdown: asyncio.run(), asyncio.Runner, pytest-asyncio and anyio all call
`loop.shutdown_asyncgens()` before they close a loop, and that closes every async
generator started on it. A client set with `set_async_httpx_client` is the caller's: it
serves every loop, and only `aclose()` closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Callable

import httpx


class SharedPool:
    def __init__(
        self,
        build_sync: Callable[[], httpx.Client],
        build_async: Callable[[], httpx.AsyncClient],
    ) -> None:
        self._build_sync = build_sync
        self._build_async = build_async
        self.sync: httpx.Client | None = None
        self._built_sync: httpx.Client | None = None
        self.async_: httpx.AsyncClient | None = None  # the caller's, if set
        # Key None: built outside any loop (get_async_httpx_client() from sync code).
        self._by_loop: dict[asyncio.AbstractEventLoop | None, _LoopClient] = {}

    def get_sync(self) -> httpx.Client:
        if self.sync is None:
            self.sync = self._built_sync = self._build_sync()
        return self.sync

    def get_async(self) -> httpx.AsyncClient:
        if self.async_ is not None:
            return self.async_
        loop = _running_loop()
        built = self._by_loop.get(loop)
        if built is None:
            # Closed loops' clients are closed (or died with them): forgotten here.
            # list(): one copy under the GIL, as other threads may add their loops.
            for old in list(self._by_loop):
                if old is not None and old.is_closed():
                    self._by_loop.pop(old, None)
            built = self._by_loop[loop] = _LoopClient(self._build_async(), loop)
        return built.client

    def close(self) -> None:
        """Close the sync httpx client, and the async ones of loops not running (a running
        loop's is closed by `aclose()` from it, or by that loop's shutdown). What this pool
        built is built anew if the client is used again; a client the caller set stays,
        closed, as httpx leaves it."""
        if self.sync is not None:
            self.sync.close()
            if self.sync is self._built_sync:
                self.sync = self._built_sync = None
        for loop, built in list(self._by_loop.items()):
            if loop is not None and not loop.is_running():
                if not loop.is_closed():
                    loop.run_until_complete(built.aclose())
                self._by_loop.pop(loop, None)

    async def aclose(self) -> None:
        """Close the httpx clients: the sync one, this loop's (and one built outside any
        loop), those of loops not running, and one the caller set. Call it from the loop
        its async calls ran on."""
        for loop in (_running_loop(), None):
            built = self._by_loop.pop(loop, None)
            if built is not None:
                await built.aclose()
        self.close()
        if self.async_ is not None:
            await self.async_.aclose()


class _LoopClient:
    """An async httpx client built for one loop, closed with it (see _closed_with_loop)."""

    def __init__(self, client: httpx.AsyncClient, loop: asyncio.AbstractEventLoop | None):
        self.client = client
        # Held here: the loop keeps only a weak reference to it.
        self._closer = None if loop is None else _closed_with_loop(client)

    async def aclose(self) -> None:
        if self._closer is not None:
            await self._closer.aclose()  # its `finally` closes the client
        else:
            await self.client.aclose()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # called outside any loop (get_async_httpx_client() from sync code)
        return None


async def _close_at_shutdown(client: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        await client.aclose()


def _closed_with_loop(client: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    """An async generator, started on the running loop and paused, whose `finally` closes
    `client`: the loop's shutdown_asyncgens() runs it, as does the collection of the pool
    that holds it while the loop still runs."""
    closer = _close_at_shutdown(client)
    # Its first step registers it with the running loop and stops at `yield`; it awaits
    # nothing, so it runs here, without a task.
    step = closer.asend(None)
    with contextlib.suppress(StopIteration):  # how a step that reaches `yield` ends
        step.send(None)
    return closer
