"""The mock inside the test process, no socket: what the pytest plugin's `ai302_mock` is.

Building one is cheap after the first: the spec is parsed and compiled once per process
(spec_loader caches it by content), and the rest is a few small objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

import httpx
from ai302_client import AuthenticatedClient

from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.transport import ASGIAppTransport

# The host the in-process mock answers as; it appears in the image links it returns.
IN_PROCESS_URL = "http://ai302-mock.test"
TEST_KEY = "sk-test"


def config_from_options(**options: Any) -> MockConfig:
    """MockConfig from friendly option values: `latency_ms=200` or `(100, 500)`,
    `api_keys=["sk-a"]`, `spec_path="my.yaml"`, `task_duration_s=6`; any MockConfig field."""
    known = {f.name for f in fields(MockConfig)}
    unknown = sorted(options.keys() - known)
    if unknown:
        raise TypeError(f"unknown ai302 mock option(s) {unknown}; known: {sorted(known)}")
    values = dict(options)
    if isinstance(values.get("latency_ms"), int):
        values["latency_ms"] = (values["latency_ms"], values["latency_ms"])
    if "api_keys" in values:
        values["api_keys"] = frozenset(_strings(values["api_keys"]))
    if "cors_origins" in values:
        values["cors_origins"] = _strings(values["cors_origins"])
    if "spec_path" in values:
        values["spec_path"] = Path(values["spec_path"])
    return MockConfig(**values)


def _strings(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


class InProcessMock:
    """A fresh mock (empty journal, no tasks) and a transport into it for the generated
    client, sync or async, or for any httpx client."""

    def __init__(self, config: MockConfig | None = None) -> None:
        self.config = config or MockConfig()
        self.app = create_app(self.config)
        self.transport = ASGIAppTransport(self.app)
        self.url = IN_PROCESS_URL

    def client(self, token: str = TEST_KEY, **kwargs: Any) -> AuthenticatedClient:
        """The generated client, wired to this mock; kwargs go to AuthenticatedClient."""
        httpx_args = {**kwargs.pop("httpx_args", {}), "transport": self.transport}
        return AuthenticatedClient(base_url=self.url, token=token, httpx_args=httpx_args, **kwargs)

    def journal(self) -> list[dict[str, Any]]:
        """What the mock received, oldest first (keys redacted), from GET /_mock/requests."""
        entries: list[dict[str, Any]] = self._call("GET", "/_mock/requests").json()["requests"]
        return entries

    def clear_journal(self) -> None:
        self._call("DELETE", "/_mock/requests")

    def _call(self, method: str, path: str) -> httpx.Response:
        # Straight through the transport: closing an httpx.Client would close it too.
        response = self.transport.handle_request(httpx.Request(method, self.url + path))
        response.read()
        return response

    def close(self) -> None:
        self.transport.close()
