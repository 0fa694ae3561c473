"""The one routing table of the API operations, built from the spec: path, then method.

The app dispatches API requests straight from it (Starlette's router and middleware
cost more than the mock's own validation), and the same table answers a known path
asked with another method: 405 with an Allow header. Paths match exactly: a trailing
slash is another path, so it gets 404, never a redirect.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping

from starlette.requests import Request
from starlette.responses import Response

Endpoint = Callable[[Request], Awaitable[Response]]


class ApiRoutes:
    def __init__(self, routes: Iterable[tuple[str, str, Endpoint]]) -> None:
        self._paths: dict[str, dict[str, Endpoint]] = {}
        for path, method, endpoint in routes:
            self._paths.setdefault(path, {})[method.upper()] = endpoint

    def at(self, path: str) -> Mapping[str, Endpoint] | None:
        """The endpoints by method at exactly this path; None if no operation has it."""
        return self._paths.get(path)
