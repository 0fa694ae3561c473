"""`GET /docs` over HTTP: what the page and its vendored assets are, without a browser.

test_docs_browser.py shows the page working in Chromium; these pin the properties it
relies on: relative URLs only, an allow-list of assets, and Swagger UI as npm ships it.
"""

from __future__ import annotations

import json
import re

import pytest
from starlette.testclient import TestClient

from contract_tests.conftest import assert_error
from contract_tests.specfile import ROOT
from mockserver.docs import ASSETS_DIR, SWAGGER_UI_FILES

NPM = ROOT / "tools" / "npm"
SWAGGER_UI_DIST = NPM / "node_modules" / "swagger-ui-dist"


def test_root_redirects_to_docs_with_a_relative_location(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)

    assert response.status_code == 302
    # Relative, so a reverse proxy's path prefix is kept by the browser.
    assert response.headers["location"] == "docs"


def test_docs_with_a_trailing_slash_redirects_to_the_page(client: TestClient) -> None:
    response = client.get("/docs/", follow_redirects=False)

    assert response.status_code == 302
    assert response.headers["location"] == "../docs"


def test_docs_page_refers_to_nothing_by_an_absolute_url(client: TestClient) -> None:
    response = client.get("/docs")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    urls = re.findall(r'(?:src|href)="([^"]*)"', response.text)
    assert set(urls) == {
        "data:,",
        "docs/assets/swagger-ui.css",
        "docs/assets/swagger-ui-bundle.js",
        "docs/assets/docs.js",
    }
    script = client.get("/docs/assets/docs.js").text
    assert re.search(r"https?://", script) is None
    assert 'new URL("openapi.json", root)' in script


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
        ("swagger-ui.css", "text/css; charset=utf-8"),
        ("docs.js", "text/javascript; charset=utf-8"),
        ("LICENSE", "text/plain; charset=utf-8"),
    ],
)
def test_docs_assets_are_served_with_their_media_type(
    client: TestClient, name: str, media_type: str
) -> None:
    response = client.get(f"/docs/assets/{name}")

    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.content


@pytest.mark.parametrize("name", ["package.json", "..%2Fdocs.py", "index.html", "docs.html"])
def test_only_the_listed_docs_assets_are_served(client: TestClient, name: str) -> None:
    assert_error(client.get(f"/docs/assets/{name}"), 404)


def test_vendored_swagger_ui_is_the_npm_package_the_lock_file_pins() -> None:
    if not SWAGGER_UI_DIST.is_dir():
        pytest.skip("tools/npm/node_modules is missing: run make node-tools")
    pinned = json.loads((NPM / "package.json").read_text())["devDependencies"]["swagger-ui-dist"]
    installed = json.loads((SWAGGER_UI_DIST / "package.json").read_text())["version"]
    assert installed == pinned
    for name in SWAGGER_UI_FILES:
        vendored = (ASSETS_DIR / "swagger-ui" / name).read_bytes()
        assert vendored == (SWAGGER_UI_DIST / name).read_bytes(), f"{name}: run make docs-assets"


def test_vendored_swagger_ui_carries_its_license() -> None:
    license_text = (ASSETS_DIR / "swagger-ui" / "LICENSE").read_text()
    assert "Apache License" in license_text
    assert "SmartBear" in (ASSETS_DIR / "swagger-ui" / "NOTICE").read_text()
