"""The one routing table of the API operations, built from the spec: path, then method.

The app dispatches API requests straight from it (Starlette's router and middleware
cost more than the mock's own validation), and the same table answers a known path
asked with another method: 405 with an Allow header. Paths match exactly: a trailing
slash is another path, so it gets 404, never a redirect.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping

from starlette.responses import Response
from starlette.types import Receive, Scope

# An API endpoint gets the ASGI scope and receive, not a Starlette Request: it reads
# only the headers, the path and the body, and building a Request costs more than that.
Endpoint = Callable[[Scope, Receive], Awaitable[Response]]


class ApiRoutes:
    def __init__(self, routes: Iterable[tuple[str, str, Endpoint]]) -> None:
        self._paths: dict[str, dict[str, Endpoint]] = {}
        for path, method, endpoint in routes:
            self._paths.setdefault(path, {})[method.upper()] = endpoint

    def at(self, path: str) -> Mapping[str, Endpoint] | None:
        """The endpoints by method at exactly this path; None if no operation has it."""
        return self._paths.get(path)
