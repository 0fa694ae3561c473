"""The mock's /docs page in a real headless Chromium: it renders the spec offline, and
"Try it out" reaches the mock.

The mock runs as its own process, as a user starts it. `make test` skips these tests
with one line when no Chromium is installed; `.ci/run` installs it and sets
AI302_REQUIRE_BROWSER=1, which turns that skip into a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import yaml

from contract_tests.browser import (
    CHROMIUM_ARGS,
    OFFLINE_ARGS,
    REQUIRE_ENV,
    LoopbackGuard,
    browser_unavailable,
    chromium_path,
)
from contract_tests.images import image_bytes
from contract_tests.live_mock import LiveMock, live_mock
from contract_tests.prefix_proxy import prefix_proxy
from contract_tests.specfile import (
    HEADSHOT,
    PORTRAIT,
    ROOT,
    SPEC_PATH,
    flat_properties,
    load_spec,
    operation,
    resolve,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright

SCREENSHOTS = ROOT / "build" / "docs"
# Swagger UI renders the whole spec in a few seconds here; a busy CI machine
# gets generous room before a wait counts as a failure.
RENDER_MS = 60_000


UNAVAILABLE = browser_unavailable()
if UNAVAILABLE is not None and os.environ.get(REQUIRE_ENV) != "1":
    pytest.skip(f"browser test skipped: {UNAVAILABLE}", allow_module_level=True)

# Under `--dist loadgroup` one worker runs the whole module, so the browser, the mock and
# the shared page below start once per run, not once per xdist worker. (pytest-xdist 3.8
# on pytest 9.2 ignores the mark, pytest-xdist#1386: hence pytest's pin at 9.1.1.)
pytestmark = pytest.mark.xdist_group("docs-browser")

# Swagger UI's own "Expand all" on every schema, pressed in the page: one round trip
# instead of one Playwright action per button. The buttons found in one pass are pressed
# together (React renders once for them). Swagger UI resolves what a deep expansion shows
# asynchronously, and that may bring new buttons: it looks again every 100 ms and a frame
# until five looks in a row find none.
_EXPAND_ALL_SCHEMAS = """async (section) => {
  const settle = () => new Promise(
    (done) => setTimeout(() => requestAnimationFrame(() => done()), 100));
  const unexpanded = () => [...section.querySelectorAll("button")].filter(
    (button) => button.textContent.trim() === "Expand all");
  for (let round = 0, quiet = 0; quiet < 5 && round < 200; round += 1) {
    const buttons = unexpanded();
    quiet = buttons.length === 0 ? quiet + 1 : 0;
    buttons.forEach((button) => button.click());
    await settle();
  }
  return unexpanded().length;
}"""


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if UNAVAILABLE is not None:
        pytest.fail(f"{REQUIRE_ENV}=1 but the browser test cannot run: {UNAVAILABLE}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


def _launch(playwright: Playwright, *extra: str) -> Browser:
    return playwright.chromium.launch(
        executable_path=chromium_path(), args=[*CHROMIUM_ARGS, *extra]
    )


@pytest.fixture(scope="module")
def offline_browser(playwright: Playwright) -> Iterator[Browser]:
    browser = _launch(playwright, *OFFLINE_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def mock() -> Iterator[LiveMock]:
    with live_mock("--spec", str(SPEC_PATH), "--no-access-log") as running:
        yield running


@pytest.fixture
def guard() -> LoopbackGuard:
    return LoopbackGuard()


@pytest.fixture
def page(offline_browser: Browser, guard: LoopbackGuard) -> Iterator[Page]:
    """A page on which every request to a host other than 127.0.0.1 fails and is recorded."""
    context = offline_browser.new_context(viewport={"width": 1280, "height": 900})
    guard.install(context)
    yield context.new_page()
    context.close()


def _open_docs(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(".opblock-summary-path").first.wait_for(timeout=RENDER_MS)


@dataclass(frozen=True)
class SharedDocs:
    """The docs page rendered once for the tests that only read it, every operation and
    every schema expanded before any of them runs, so what each reads does not depend on
    which ran first."""

    page: Page
    guard: LoopbackGuard
    # As first rendered, before anything was expanded (expanding an operation puts its
    # deep link in the URL): the URL, the text and a full-page PNG.
    first_url: str
    first_text: str
    first_screenshot: bytes


@pytest.fixture(scope="module")
def docs(offline_browser: Browser, mock: LiveMock) -> Iterator[SharedDocs]:
    guard = LoopbackGuard()
    context = offline_browser.new_context(viewport={"width": 1280, "height": 900})
    guard.install(context)
    page = context.new_page()
    _open_docs(page, f"{mock.url}/")  # `/` redirects to the page
    shared = SharedDocs(
        page,
        guard,
        first_url=page.url,
        first_text=page.locator("#swagger-ui").inner_text(),
        first_screenshot=page.screenshot(full_page=True),
    )
    for path in load_spec()["paths"]:
        _operation(page, path)
    left = page.locator("section.models").evaluate(_EXPAND_ALL_SCHEMAS)
    assert left == 0, f"{left} schemas still show 'Expand all'"
    yield shared
    context.close()


def _shown_paths(page: Page) -> list[str]:
    return [path.strip() for path in page.locator(".opblock-summary-path").all_inner_texts()]


def _operation(page: Page, path: str) -> Locator:
    """The operation's block, expanded."""
    block = page.locator(".opblock").filter(
        has=page.locator(".opblock-summary-path", has_text=re.compile(f"^{re.escape(path)}$"))
    )
    if block.locator(".opblock-body").count() == 0:
        block.locator(".opblock-summary-control").click()
    block.locator(".opblock-body").wait_for(timeout=RENDER_MS)
    return block


def _execute(block: Locator) -> Locator:
    """Press Execute and wait for the live response; returns its status cell."""
    block.get_by_role("button", name="Execute").click()
    status = block.locator(".live-responses-table .response .response-col_status").first
    status.wait_for(timeout=RENDER_MS)
    return status


def _journal(mock: LiveMock) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = httpx.get(f"{mock.url}/_mock/requests").json()["requests"]
    return entries


def _normalized(text: str) -> str:
    """Text as a browser shows rendered Markdown: no backticks, single spaces."""
    return " ".join(text.replace("`", "").split())


def test_docs_render_every_operation_with_all_non_loopback_hosts_blocked(
    mock: LiveMock, docs: SharedDocs
) -> None:
    page, guard = docs.page, docs.guard

    assert docs.first_url == f"{mock.url}/docs"  # where `/` led
    assert _shown_paths(page) == list(load_spec()["paths"])
    assert page.locator(".servers select").input_value() == mock.url  # try-it's target
    assert {HEADSHOT, PORTRAIT} <= set(_shown_paths(page))
    assert guard.blocked == [], "the page tried to leave 127.0.0.1"
    assert f"{mock.url}/docs/assets/swagger-ui-bundle.js" in guard.requested
    assert f"{mock.url}/openapi.json" in guard.requested
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "docs-page.png").write_bytes(docs.first_screenshot)


def test_docs_page_is_the_same_with_and_without_a_network(
    playwright: Playwright, mock: LiveMock, docs: SharedDocs
) -> None:
    open_browser = _launch(playwright)
    try:
        open_page = open_browser.new_page(viewport={"width": 1280, "height": 900})
        _open_docs(open_page, f"{mock.url}/docs")
        open_text = open_page.locator("#swagger-ui").inner_text()
    finally:
        open_browser.close()

    assert docs.first_text == open_text  # the offline page as first rendered
    assert docs.guard.blocked == []


def test_docs_show_every_field_with_its_documented_rule(docs: SharedDocs) -> None:
    # Every schema is fully expanded (Swagger UI's own "Expand all" on each).
    shown = _normalized(docs.page.locator("section.models").inner_text())

    spec = load_spec()
    checked = 0
    for name, schema in spec["components"]["schemas"].items():
        properties, _ = flat_properties(spec, schema)
        for field_name, field in properties.items():
            assert field_name in shown, f"{name}.{field_name} is not on the page"
            description = resolve(spec, field).get("description")
            if description:
                assert _normalized(description) in shown, f"{name}.{field_name}: {description}"
                checked += 1
    assert checked >= 20  # out-of-range rules, the style list, watermark options, error fields


# Whether each given status's response row shows an example yet, and then every row's
# text and example text, each read in one round trip.
_ROWS_SHOWN = """(block, codes) => codes.every((code) => {
  const row = block.querySelector(`tr.response[data-code="${code}"]`);
  return row !== null && row.querySelector(".example, .microlight") !== null;
})"""
_RESPONSE_ROWS = """(block) => Object.fromEntries(
  [...block.querySelectorAll("tr.response[data-code]")].map((row) => {
    const example = row.querySelector(".example, .microlight");
    return [row.dataset.code, {text: row.innerText, example: example && example.innerText}];
  }))"""


def _response_rows(block: Locator, codes: list[str]) -> dict[str, dict[str, str | None]]:
    """The operation's response rows by status, once those of `codes` show their example:
    Swagger UI fills an expanded operation in after resolving it, as a locator would wait."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # On a timeout the caller's assertions on the rows say which one is missing.
    with contextlib.suppress(PlaywrightTimeout):
        block.wait_for_function(_ROWS_SHOWN, arg=codes, timeout=RENDER_MS)
    rows: dict[str, dict[str, str | None]] = block.evaluate(_RESPONSE_ROWS)
    return rows


def test_docs_show_the_error_shape_in_every_error_response(docs: SharedDocs) -> None:
    spec = load_spec()
    error_fields, _ = flat_properties(spec, spec["components"]["schemas"]["ErrorDetail"])
    for path in spec["paths"]:
        error_responses = {
            status: response
            for status, response in operation(spec, path)["responses"].items()
            if int(status) >= 400
        }
        rows = _response_rows(_operation(docs.page, path), list(error_responses))
        for status, response in error_responses.items():
            assert status in rows, (path, status, "no response row")
            example = rows[status]["example"]
            assert example is not None, (path, status, "no example")
            assert resolve(spec, response)["description"] in str(rows[status]["text"])
            for field_name in error_fields:
                assert f'"{field_name}"' in example, (path, status, field_name)


def test_docs_show_each_operation_extension_as_the_spec_gives_it(docs: SharedDocs) -> None:
    spec = load_spec()
    for path in spec["paths"]:
        rows = _operation(docs.page, path).locator(".opblock-section .table-container tr")
        shown = {" ".join(text.split()) for text in rows.all_inner_texts()}
        for key, value in operation(spec, path).items():
            if key.startswith("x-"):
                assert f"{key} {json.dumps(value, ensure_ascii=False)}" in shown, (path, key)


def test_docs_offer_every_named_example_of_the_spec(docs: SharedDocs) -> None:
    spec = load_spec()
    for path in spec["paths"]:
        block = _operation(docs.page, path)
        offered = set(block.locator(".examples-select-element option").all_inner_texts())
        op = operation(spec, path)
        bodies = [op["requestBody"], *(resolve(spec, r) for r in op["responses"].values())]
        for body in bodies:
            # Swagger UI lists the examples of the media type it shows first.
            media: dict[str, Any] = next(iter(resolve(spec, body).get("content", {}).values()), {})
            for name, example in media.get("examples", {}).items():
                assert resolve(spec, example).get("summary", name) in offered, (path, name)


def test_try_it_out_sends_the_json_example_to_the_mock(mock: LiveMock, page: Page) -> None:
    _open_docs(page, f"{mock.url}/docs")
    httpx.delete(f"{mock.url}/_mock/requests")
    block = _operation(page, PORTRAIT)
    block.get_by_role("button", name="Try it out").click()

    status = _execute(block)

    assert status.inner_text().strip() == "200"
    [entry] = _journal(mock)
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", PORTRAIT, 200)
    body = operation(load_spec(), PORTRAIT)["requestBody"]["content"]["application/json"]
    sent = body["examples"]["page_example"]["value"]
    assert entry["body"]["fields"]["task_id"] == sent["task_id"]


def test_try_it_out_uploads_a_file_as_multipart_to_the_mock(
    mock: LiveMock, page: Page, tmp_path: Path
) -> None:
    _open_docs(page, f"{mock.url}/docs")
    httpx.delete(f"{mock.url}/_mock/requests")
    page.get_by_role("button", name="Authorize").first.click()
    page.locator("#auth-bearer-value").fill("sk-docs-page-key")
    page.get_by_role("button", name="Apply credentials").click()
    page.locator(".auth-container").get_by_role("button", name="Close").click()
    photo = tmp_path / "photo.png"
    photo.write_bytes(image_bytes("PNG", (40, 30)))
    block = _operation(page, HEADSHOT)
    block.get_by_role("button", name="Try it out").click()
    block.locator("select.content-type").first.select_option("multipart/form-data")
    form = block.locator(".opblock-section-request-body")
    form.locator('tr[data-property-name="image"] input[type=file]').set_input_files(photo)
    form.locator('tr[data-property-name="custom_prompt"] input[type=text]').fill("")
    form.locator('tr[data-property-name="num"] input[type=text]').fill("2")

    status = _execute(block)

    assert status.inner_text().strip() == "200"
    assert "headshot_url_list" in block.locator(".live-responses-table").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    block.screenshot(path=SCREENSHOTS / "try-it-multipart.png")
    [entry] = _journal(mock)
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", HEADSHOT, 200)
    assert entry["body"]["content_type"].split(";")[0] == "multipart/form-data"
    assert entry["body"]["fields"]["image"] == f"<file {photo.stat().st_size} bytes>"
    assert entry["body"]["fields"]["num"] == 2  # what was typed into the form
    assert entry["headers"]["authorization"] == "<redacted>"


def test_docs_follow_the_served_spec_behind_a_path_prefix_on_another_port(
    mock: LiveMock, page: Page, guard: LoopbackGuard, tmp_path: Path
) -> None:
    spec = load_spec()
    spec["info"]["title"] = "A spec given with --spec"
    spec_path = tmp_path / "other.yaml"
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")
    with (
        live_mock("--spec", str(spec_path), "--no-access-log") as other,
        prefix_proxy(other.url, "/mock") as (base, proxy),
    ):
        _open_docs(page, f"{base}/")

        assert page.url == f"{base}/docs"
        assert page.locator(".info .title").inner_text().startswith("A spec given with --spec")
        assert page.locator(".servers select").input_value() == base
        block = _operation(page, PORTRAIT)
        block.get_by_role("button", name="Try it out").click()
        assert _execute(block).inner_text().strip() == "200"
        [entry] = _journal(other)
        assert entry["path"] == PORTRAIT
    assert f"/mock{PORTRAIT}" in proxy.seen
    outside = [path for path in proxy.seen if not path.startswith("/mock/")]
    assert outside == [], "the page used a URL outside its prefix"
    assert not any(url.startswith(mock.url) for url in guard.requested)
    assert guard.blocked == []
