"""One catalogue of bad input, run twice with the same helper: in-process (Starlette's
TestClient) and over a real socket (the mock started by its CLI). Every case gets a 4xx in
302.AI's error shape, with the err_code the spec gives that status for that operation (or
for a routing error), a message naming the problem, and the server stays up. No 5xx, no
traceback, no key echoed. Socket-only hazards (streams, slow clients) follow the catalogue.
"""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.testclient import TestClient

from contract_tests.conftest import assert_error
from contract_tests.images import data_uri, image_bytes, png_claiming
from contract_tests.live_mock import LiveMock, live_mock
from contract_tests.seedpages import HeadshotPage
from contract_tests.specfile import HEADSHOT, PORTRAIT, load_spec, resolve
from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.json_body import LARGE_BODY_BYTES

SPEC = load_spec()
KEY = "sk-bad-input-secret"
AUTH = {"Authorization": f"Bearer {KEY}"}
JSON = {**AUTH, "Content-Type": "application/json"}
LIMIT = 2 * 1024 * 1024
LARGE = LARGE_BODY_BYTES + 1
IMAGE_TYPES = SPEC["components"]["schemas"]["HeadshotRequest"]["allOf"][1]["properties"]["image"][
    "x-image-types"
]


@pytest.fixture(scope="module")
def mock() -> Iterator[LiveMock]:
    with live_mock("--max-body", str(LIMIT), "--body-timeout", "1s", "--no-access-log") as running:
        yield running


@pytest.fixture(scope="module", params=["in-process", "socket"])
def target(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    """The same mock settings either way; both are httpx clients with a base URL."""
    if request.param == "in-process":
        app = create_app(MockConfig(max_body_bytes=LIMIT, body_timeout_s=1.0))
        with TestClient(app) as client:
            yield client
    else:
        live: LiveMock = request.getfixturevalue("mock")
        with httpx.Client(base_url=live.url) as client:
            yield client


def expected_err_code(method: str, path: str, status: int) -> int:
    """From the spec: the operation's own response for the status, else a routing error,
    else the first operation that documents the status."""
    operation = SPEC["paths"].get(path, {}).get(method.lower())
    if operation and str(status) in operation["responses"]:
        code: int = resolve(SPEC, operation["responses"][str(status)])["x-err-code"]
        return code
    routing = SPEC.get("x-routing-errors", {})
    if str(status) in routing:
        code = resolve(SPEC, routing[str(status)])["x-err-code"]
        return code
    for item in SPEC["paths"].values():
        for op in item.values():
            if str(status) in op["responses"]:
                code = resolve(SPEC, op["responses"][str(status)])["x-err-code"]
                return code
    raise AssertionError(f"the spec documents no status {status}")


def body(**fields: Any) -> bytes:
    return json.dumps({"image": data_uri(), "person_type": "female", **fields}).encode()


MULTIPART = "multipart/form-data; boundary=XyZ"


def part(name: str, value: bytes, filename: str | None = None, ctype: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    head = f"--XyZ\r\nContent-Disposition: {disposition}\r\n"
    if ctype:
        head += f"Content-Type: {ctype}\r\n"
    return head.encode() + b"\r\n" + value + b"\r\n"


def form(*parts: bytes) -> bytes:
    return b"".join(parts) + b"--XyZ--\r\n"


PNG = image_bytes("PNG")
PNG_B64 = base64.b64encode(PNG).decode()
FILE = part("image", PNG, "a.png", "image/png")
KID = part("person_type", b"kid")
FORM = {**AUTH, "Content-Type": MULTIPART}


def case(
    name: str,
    path: str,
    headers: dict[str, Any],
    raw: bytes,
    status: int,
    *words: str,
    method: str = "POST",
) -> Any:
    return pytest.param(method, path, headers, raw, status, words, id=name)


def bad_image(name: str, image: str, *words: str) -> Any:
    return case(name, HEADSHOT, JSON, body(image=image), 400, "image", *words)


def bad_num(name: str, literal: bytes, *words: str) -> Any:
    """A body whose `num` is this JSON number literal, written as is."""
    return case(name, HEADSHOT, JSON, body(num=0).replace(b"0}", literal + b"}"), 400, *words)


CATALOGUE = [
    # JSON bodies
    case("malformed-json", HEADSHOT, JSON, b'{"image": ', 400, "JSON"),
    case("json-array", HEADSHOT, JSON, b"[1, 2]", 400, "object"),
    case("json-string", HEADSHOT, JSON, b'"hello"', 400, "object"),
    case("json-null", HEADSHOT, JSON, b"null", 400, "object"),
    case("empty-body", HEADSHOT, JSON, b"", 400, "empty"),
    case("nan", HEADSHOT, JSON, b'{"image": "x", "person_type": "kid", "num": NaN}', 400, "JSON"),
    case("invalid-utf8", HEADSHOT, JSON, b'{"image": "\xff\xfe", "person_type": "kid"}', 400),
    # The same past LARGE_BODY_BYTES, where the body is decoded and let go before the parse
    case("large-json-array", HEADSHOT, JSON, b"[" + b"1," * (LARGE // 2) + b"1]", 400, "object"),
    case("large-malformed-json", HEADSHOT, JSON, b'{"image": "' + b"A" * LARGE, 400, "JSON"),
    case(
        "large-invalid-utf8", HEADSHOT, JSON, body(pad="A" * LARGE).replace(b"A", b"\xff", 1), 400
    ),
    # Valid JSON the mock cannot hold: refused by name, never read as infinity, nor in time
    # that grows with the square of its digits.
    bad_num("beyond-double", b"1e400", "1e400"),
    bad_num("long-beyond-double", b"-" + b"9" * 400 + b".5", "-" + "9" * 39 + "...", "double"),
    bad_num("too-many-digits", b"-" + b"1" * 5000, "-" + "1" * 39 + "... has more than 4300"),
    # A lone surrogate escape: JSON's grammar allows it, no Unicode text holds it.
    case("lone-surrogate", HEADSHOT, JSON, body(person_type="\ud800"), 400, "\\ud800"),
    case(
        "lone-surrogate-key", PORTRAIT, JSON, b'{"task_id": "done", "\\udc00": 1}', 400, "\\udc00"
    ),
    case(
        "lone-surrogate-in-req-json",
        PORTRAIT,
        JSON,
        json.dumps({"task_id": "done", "req_json": '{"logo_info": "\\ud83d"}'}).encode(),
        400,
        "req_json",
        "\\ud83d",
    ),
    case("large-lone-surrogate", HEADSHOT, JSON, body(pad="A" * LARGE, x="\udfff"), 400, "\\udfff"),
    # fields
    case("bool-for-int", HEADSHOT, JSON, body(num=True), 400, "num", "integer"),
    case("fraction-for-int", HEADSHOT, JSON, body(width=512.5), 400, "width"),
    case("numeric-string-in-json", HEADSHOT, JSON, body(height="768"), 400, "height"),
    case("null-for-int", HEADSHOT, JSON, body(num=None), 400, "num"),
    case("null-for-required", HEADSHOT, JSON, body(person_type=None), 400, "person_type"),
    case("object-for-string", HEADSHOT, JSON, body(custom_prompt={"a": 1}), 400, "custom_prompt"),
    case("huge-int-for-enum", HEADSHOT, JSON, body(style=10**100), 400, "style"),
    case("nul-in-enum", HEADSHOT, JSON, body(person_type="kid\u0000"), 400, "person_type"),
    case("empty-image", HEADSHOT, JSON, body(image=""), 400, "image", "must not be empty"),
    # images: the page's "public link or data:image base64", and real bytes of an accepted type
    bad_image("invalid-base64", "data:image/png;base64,@@@@"),
    bad_image("truncated-base64", "data:image/png;base64," + PNG_B64[:-10]),
    bad_image("bad-padding", "data:image/png;base64," + PNG_B64 + "=="),
    bad_image("type-mismatch", data_uri("JPEG", mime="image/png"), "image/png", "image/jpeg"),
    bad_image("not-an-image", "data:image/png;base64,SGVsbG8gd29ybGQ=", *IMAGE_TYPES),
    bad_image("unaccepted-gif", data_uri("GIF"), *IMAGE_TYPES),
    bad_image("not-a-data-image", "data:text/plain;base64,SGVsbG8="),
    bad_image(
        "image-bomb",
        "data:image/png;base64," + base64.b64encode(png_claiming(10**5, 10**5)).decode(),
    ),
    # The JSON body's pattern for image means this: the answer says so, not the regex.
    bad_image("not-a-link", "not a link", "public http(s) link or a data:image/"),
    bad_image("file-url", "file:///etc/passwd"),
    bad_image("ftp-url", "ftp://example.com/a.png"),
    bad_image("javascript-url", "javascript:alert(1)"),
    bad_image("no-host", "https:///a.png"),
    bad_image("localhost-url", "http://localhost/a.png", "publicly"),
    bad_image("loopback-url", "http://127.0.0.1:8080/a.png", "publicly"),
    bad_image("private-url", "http://10.1.2.3/a.png", "publicly"),
    # Loopback as browsers and HTTP clients also read it (the WHATWG URL rules).
    bad_image("localhost-dot-url", "http://localhost./a.png", "publicly"),
    bad_image("short-loopback-url", "http://127.1/a.png", "publicly", "127.1"),
    bad_image("decimal-loopback-url", "http://2130706433/a.png", "publicly"),
    bad_image("hex-loopback-url", "http://0x7f000001/a.png", "publicly"),
    bad_image("octal-loopback-url", "http://0177.0.0.1/a.png", "publicly"),
    bad_image("mapped-loopback-url", "http://[::ffff:127.0.0.1]/a.png", "publicly"),
    bad_image("bad-ipv4-url", "http://999.1.1.1/a.png", "999.1.1.1", "IP address"),
    # auth and content type
    case("missing-auth", HEADSHOT, {"Content-Type": "application/json"}, body(), 401, "API key"),
    case("basic-auth", HEADSHOT, {**JSON, "Authorization": "Basic abc"}, body(), 401),
    case("bare-bearer", HEADSHOT, {**JSON, "Authorization": "Bearer"}, body(), 401),
    case("portrait-malformed-auth", PORTRAIT, {**JSON, "Authorization": "Token x"}, b"{}", 401),
    case("no-content-type", HEADSHOT, AUTH, body(), 415, "no Content-Type header", "json"),
    case("text-plain", HEADSHOT, {**AUTH, "Content-Type": "text/plain"}, body(), 415, "text/plain"),
    case("xml", HEADSHOT, {**AUTH, "Content-Type": "application/xml"}, body(), 415),
    case(
        "latin-1-charset",
        HEADSHOT,
        {**JSON, "Content-Type": "application/json; charset=latin-1"},
        body(),
        415,
        "charset",
    ),
    # portrait_result
    case("task-id-number", PORTRAIT, JSON, b'{"task_id": 123}', 400, "task_id"),
    case("req-json-not-json", PORTRAIT, JSON, b'{"task_id": "t", "req_json": "{nope"}', 400),
    case(
        "req-json-wrong-shape",
        PORTRAIT,
        JSON,
        b'{"task_id": "t", "req_json": "{\\"return_url\\": \\"yes\\"}"}',
        400,
        "req_json.return_url",
    ),
    case(
        "req-json-deep",
        PORTRAIT,
        JSON,
        json.dumps({"task_id": "t", "req_json": "[" * 5000 + "]" * 5000}).encode(),
        400,
        "req_json",
        "deeper",
    ),
    # multipart
    case(
        "no-boundary",
        HEADSHOT,
        {**AUTH, "Content-Type": "multipart/form-data"},
        form(KID),
        400,
        "boundary",
    ),
    case(
        "bad-boundary",
        HEADSHOT,
        {**AUTH, "Content-Type": "multipart/form-data; boundary=Other"},
        form(KID),
        400,
        "multipart",
    ),
    case(
        "unterminated",
        HEADSHOT,
        FORM,
        FILE + b'--XyZ\r\nContent-Disposition: form-data; name="person_type"\r\n\r\nki',
        400,
        "multipart",
    ),
    case(
        "known-field-twice",
        HEADSHOT,
        FORM,
        form(FILE, KID, part("person_type", b"male")),
        400,
        "person_type",
        "more than once",
    ),
    case(
        "non-image-file",
        HEADSHOT,
        FORM,
        form(part("image", b"%PDF-1.4", "a.png", "image/png"), KID),
        400,
        "image",
        *IMAGE_TYPES,
    ),
    case("empty-file", HEADSHOT, FORM, form(part("image", b"", "a.png", "image/png"), KID), 400),
    case(
        "too-many-parts",
        HEADSHOT,
        FORM,
        form(*(part(f"f{i}", b"x") for i in range(100))),
        400,
        "parts",
    ),
    case(
        "bomb-file",
        HEADSHOT,
        FORM,
        form(part("image", png_claiming(10**5, 10**5), "b.png", "image/png"), KID),
        400,
        "image",
    ),
    case("text-for-number", HEADSHOT, FORM, form(FILE, KID, part("num", b"four")), 400, "num"),
    case("true-for-number", HEADSHOT, FORM, form(FILE, KID, part("num", b"true")), 400, "num"),
    # The JSON rule on digits, for the same field as a part: refused at once, not read in
    # time that grows with the square of its length.
    case(
        "too-many-digits-part",
        HEADSHOT,
        FORM,
        form(FILE, KID, part("num", b"-" + b"9" * 300_000)),
        400,
        "num",
        "-" + "9" * 39 + "... has more than 4300 digits",
    ),
    case("unknown-person", HEADSHOT, FORM, form(FILE, part("person_type", b"dragon")), 400),
    # Prefer, as Prism reads it
    *(
        case(f"prefer-{name}", PORTRAIT, {**JSON, "Prefer": prefer}, b'{"task_id": "t"}', 400, *w)
        for name, prefer, w in [
            ("empty-code", "code=", ("Prefer",)),
            ("code-999", "code=999", ("Prefer",)),
            ("code-418", "code=418", ("418", "not documented")),
            # 402 is documented for headshot, not for portrait_result.
            ("code-402", "code=402", ("402", "not documented")),
            ("code-abc", "code=abc", ("code",)),
            ("unknown-example", "example=nope", ("nope", "known")),
            ("internal-name", "example=default", ("default", "known")),
            ("unknown-example-with-code", "code=401, example=nope", ("nope",)),
            ("example-under-another-code", "code=429, example=done", ("done", "429")),
            ("latin-1-example", "example=\u00ff".encode("latin-1"), ("Prefer",)),
            # Echoed as the client wrote it, not as Latin-1 mojibake ('Ã¼').
            ("utf-8-example", "example=\u00fc\u7cbe".encode(), ("'\u00fc\u7cbe'", "known")),
            ("negative-delay", "delay=-1", ("Prefer",)),
            ("huge-delay", "delay=999999999", ("delay",)),
            ("unknown-preference", "colour=blue", ("unknown preference",)),
            ("punctuation", ";;;=;", ("Prefer",)),
            ("percent", "%%%", ("Prefer",)),
            ("too-long", "x" * 600, ("Prefer",)),
        ]
    ),
    # routing: exact paths, no redirects
    case("unknown-path", "/v1/unknown", JSON, body(), 404, method="GET"),
    case("trailing-slash", HEADSHOT + "/", JSON, body(), 404, HEADSHOT),
    case("wrong-method", HEADSHOT, AUTH, b"", 405, "Method Not Allowed", method="GET"),
    case("wrong-method-own-route", "/_mock/health", AUTH, b"", 405, method="POST"),
    # the image route: bounded, stateless, no traversal
    *(
        case(f"image-{name}", "/_mock/images/" + tail, {}, b"", status, method="GET")
        for name, tail, status in [
            ("traversal", "..%2F..%2Fetc%2Fpasswd", 404),
            ("encoded-traversal", "%2e%2e%2f%2e%2e%2fetc", 404),
            ("dot-dot", "%2e%2e", 404),
            ("huge", "headshot-100000x100000.webp", 404),
            ("over-max-side", "headshot-9999x9999.webp", 400),
            ("zero", "headshot-0x10.webp", 400),
            ("unknown-id", "unknown-id.webp", 404),
            ("gif", "headshot-10x10.gif", 404),
            ("long-text", "headshot-10x10.webp?text=" + "a" * 5000, 400),
            ("unknown-parameter", "headshot-10x10.webp?evil=1", 400),
        ]
    ),
]


@pytest.mark.parametrize(("method", "path", "headers", "raw", "status", "words"), CATALOGUE)
def test_bad_input_gets_a_clear_4xx_in_302ais_shape(
    target: httpx.Client,
    method: str,
    path: str,
    headers: dict[str, Any],
    raw: bytes,
    status: int,
    words: tuple[str, ...],
) -> None:
    response = target.request(method, path, content=raw, headers=headers)
    error = assert_error(response, status, *words)
    assert error["err_code"] == expected_err_code(method, path.split("?")[0], status)
    assert KEY not in response.text
    if status == 405:
        assert response.headers["allow"]
    assert target.get("/_mock/health").status_code == 200  # still up
    assert target.get("/_mock/requests").status_code == 200  # and its journal readable


def test_repeated_unknown_multipart_parts_are_accepted_like_their_json_array_twin(
    target: httpx.Client,
) -> None:
    as_form = target.post(
        HEADSHOT, content=form(FILE, KID, part("tags", b"a"), part("tags", b"b")), headers=FORM
    )
    as_json = target.post(HEADSHOT, content=body(tags=["a", "b"]), headers=JSON)
    assert as_form.status_code == as_json.status_code == 200, as_form.text


def test_prefer_code_with_a_known_example_of_that_code_gives_that_example(
    target: httpx.Client,
) -> None:
    examples = SPEC["paths"][PORTRAIT]["post"]["responses"]["200"]["content"]["application/json"]
    response = target.post(
        PORTRAIT, content=b'{"task_id": "t"}', headers={**JSON, "Prefer": "code=200, example=done"}
    )
    assert response.status_code == 200
    assert response.json() == examples["examples"]["done"]["value"]


@pytest.mark.parametrize(
    "value",
    [10**100, -(10**100), -0.0, 0],
    ids=["huge", "huge-negative", "negative-zero", "zero"],
)
def test_integers_out_of_any_range_are_replaced_as_the_page_says(
    target: httpx.Client, value: Any
) -> None:
    # The page: values outside the supported range are *treated as* the replacement, not refused.
    (num,) = [f for f in HeadshotPage.body_fields if f.name == "num"]
    response = target.post(HEADSHOT, content=body(num=value), headers=JSON)
    assert response.status_code == 200, response.text
    assert len(response.json()["headshot_url_list"]) == num.replacement


def test_a_one_megabyte_prompt_and_nul_bytes_are_handled_and_bounded(target: httpx.Client) -> None:
    prompt = "a\u0000" + "x" * 1_000_000
    response = target.post(HEADSHOT, content=body(custom_prompt=prompt), headers=JSON)
    assert response.status_code == 200
    (url,) = response.json()["headshot_url_list"]
    assert len(url) < 1000  # the image URL carries a bounded label, not the prompt
    entry = target.get("/_mock/requests").json()["requests"][-1]
    assert len(json.dumps(entry)) < 5000  # the journal keeps a summary, not the megabyte


# Over a real socket only: what a TestClient cannot send.


def _raw_request(mock: LiveMock, head: bytes, chunks: Iterator[bytes], pause: float = 0.0) -> bytes:
    """Send a request on a raw socket and return whatever the server answers."""
    host = urlsplit(mock.url)
    with socket.create_connection((host.hostname, host.port), timeout=15) as sock:
        sock.sendall(head)
        try:
            for chunk in chunks:
                sock.sendall(chunk)
                if pause:
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed early: that is the point
        received = b""
        try:
            while data := sock.recv(65536):
                received += data
                if b"\r\n\r\n" in received and b"}}" in received:
                    break
        except (ConnectionResetError, TimeoutError):
            pass
        return received


def test_a_50_mb_stream_gets_413_without_being_read_in_full(mock: LiveMock) -> None:
    rss_before = mock.rss_kib()
    head = (
        f"POST {HEADSHOT} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"a" * 65536
    frames = (f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(800))  # 50 MiB
    answer = _raw_request(mock, head, frames)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b'"err_code"' in answer
    assert mock.alive()
    # Reading stopped at the limit: memory grew by far less than the 50 MiB sent.
    assert mock.rss_kib() - rss_before < 30 * 1024


def test_a_declared_oversized_body_is_refused_before_reading(mock: LiveMock) -> None:
    head = (
        f"POST {HEADSHOT} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n"
    ).encode()
    answer = _raw_request(mock, head, iter([b"{"]))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert mock.alive()


def test_a_slow_loris_body_is_cut_off_by_the_read_timeout(mock: LiveMock) -> None:
    head = (
        f"POST {HEADSHOT} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    ).encode()
    started = time.monotonic()
    answer = _raw_request(mock, head, iter([b'{"image"', b":"]), pause=2.5)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"not received" in answer
    # The mock stopped waiting: the rest of this body must not be read as a next request.
    assert b"\r\nconnection: close\r\n" in answer.partition(b"\r\n\r\n")[0]
    assert time.monotonic() - started < 14
    assert mock.alive()
