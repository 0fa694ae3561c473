"""`GET /docs`: an interactive reference of the spec the mock serves, fully offline.

The page is Swagger UI, vendored from npm's `swagger-ui-dist` (pinned in tools/npm;
`make docs-assets` re-copies it), plus our own page and start-up script. Every URL in
them is relative, so the page works on any port and behind a path prefix, and it
reads `openapi.json` from the mock, so it shows whatever `--spec` is served.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

ASSETS_DIR = Path(__file__).resolve().parent / "docs_assets"
# What is copied from node_modules/swagger-ui-dist: the bundle, its stylesheet and the
# licenses (the bundle's own and those of what it bundles). Nothing else is served.
SWAGGER_UI_FILES = (
    "swagger-ui-bundle.js",
    "swagger-ui-bundle.js.LICENSE.txt",
    "swagger-ui.css",
    "LICENSE",
    "NOTICE",
)
_MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str


def _asset(path: Path) -> Asset:
    return Asset(path.read_bytes(), _MEDIA_TYPES.get(path.suffix, "text/plain; charset=utf-8"))


@cache
def load_assets() -> dict[str, Asset]:
    """The files `/docs/assets/{name}` may serve, read once: an allow-list, not a file server."""
    assets = {name: _asset(ASSETS_DIR / "swagger-ui" / name) for name in SWAGGER_UI_FILES}
    assets["docs.js"] = _asset(ASSETS_DIR / "docs.js")
    return assets


def docs_routes() -> list[Route]:
    page = _asset(ASSETS_DIR / "docs.html")
    assets = load_assets()

    async def docs(request: Request) -> Response:
        return Response(page.body, media_type=page.media_type)

    async def asset(request: Request) -> Response:
        found = assets.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404, "no such documentation asset")
        return Response(found.body, media_type=found.media_type)

    # Relative Locations: the browser resolves them against the URL it asked for, so a
    # reverse proxy's path prefix survives the redirect.
    async def to_docs(request: Request) -> Response:
        return RedirectResponse("docs", status_code=302)

    async def without_slash(request: Request) -> Response:
        return RedirectResponse("../docs", status_code=302)

    return [
        Route("/", to_docs, methods=["GET"]),
        Route("/docs", docs, methods=["GET"]),
        Route("/docs/", without_slash, methods=["GET"]),
        Route("/docs/assets/{name}", asset, methods=["GET"]),
    ]
