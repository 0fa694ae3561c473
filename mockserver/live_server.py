"""The mock on a real socket, served by uvicorn from a thread of the calling process.

For code that is not ours and only knows URLs: requests, curl, a subprocess in another
language. The pytest plugin starts one per session on a free port.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import uvicorn
from ai302_client import AuthenticatedClient

from ai302_runtime.tls import shared_context
from mockserver.app import app_for
from mockserver.cli import KEEP_ALIVE_S, bind_socket
from mockserver.config import MockConfig
from mockserver.http_protocol import guarded_http
from mockserver.in_process import TEST_KEY
from mockserver.state import MockState

# Start-up is a few milliseconds; this bounds a start that is stuck, not a slow one.
_START_TIMEOUT_S = 30.0


class LiveMock:
    """`start()` binds a free port (or `port`) and serves until `stop()`; `url` says where."""

    def __init__(self, config: MockConfig | None = None, host: str = "127.0.0.1", port: int = 0):
        self.config = config or MockConfig()
        self._host, self._port = host, port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._clients: list[AuthenticatedClient] = []
        self.url = ""

    def start(self) -> LiveMock:
        state = MockState(self.config)
        sock = bind_socket(self._host, self._port)
        server = uvicorn.Server(
            uvicorn.Config(
                app_for(state),
                http=guarded_http(state.errors, state.next_request_id, self.config.body_timeout_s),
                # The host application's logging is not ours to reconfigure.
                log_config=None,
                log_level="warning",
                access_log=False,
                server_header=False,
                timeout_keep_alive=KEEP_ALIVE_S,
            )
        )
        sock.listen(server.config.backlog)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="ai302-mock", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                sock.close()
                raise RuntimeError("ai302 mock server did not start (see the log above)")
            time.sleep(0.005)
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{port}"
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        self.close_clients()
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join()
        self._server = self._thread = None

    def client(self, token: str = TEST_KEY, **kwargs: Any) -> AuthenticatedClient:
        """The generated client, pointed at this server; kwargs go to AuthenticatedClient.
        `stop()` (or `close_clients()`) closes it: a test need not."""
        client = AuthenticatedClient(base_url=self.url, token=token, **kwargs)
        self._clients.append(client)
        return client

    def close_clients(self) -> None:
        """Close the connections of every client `client()` made so far. A socket left open
        is a ResourceWarning when collected: an error under `pytest -W error`."""
        clients, self._clients = self._clients, []
        for client in clients:
            client.close()

    def journal(self) -> list[dict[str, Any]]:
        """What the mock received, oldest first (keys redacted), from GET /_mock/requests."""
        entries: list[dict[str, Any]] = self._call("GET").json()["requests"]
        return entries

    def clear_journal(self) -> None:
        self._call("DELETE")

    def _call(self, method: str) -> httpx.Response:
        # trust_env=False: a proxy set for the user's real traffic must not catch this one.
        # The shared context: httpx would load the CA bundle again for each call.
        with httpx.Client(trust_env=False, verify=shared_context(trust_env=False)) as http:
            return http.request(method, f"{self.url}/_mock/requests")

    def __enter__(self) -> LiveMock:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
