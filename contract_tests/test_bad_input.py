"""Hostile and malformed input over a real socket: every case gets a 4xx in 302.AI's error
shape with a message naming the problem, and the server stays up. No 5xx, no traceback."""

from __future__ import annotations

import base64
import json
import socket
import struct
import time
import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from contract_tests.images import data_uri, image_bytes
from contract_tests.live_mock import LiveMock, live_mock
from contract_tests.specfile import HEADSHOT, PORTRAIT

KEY = "sk-bad-input-secret"
AUTH = {"Authorization": f"Bearer {KEY}"}
JSON = {**AUTH, "Content-Type": "application/json"}
LIMIT = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def mock() -> Iterator[LiveMock]:
    with live_mock("--max-body", str(LIMIT), "--body-timeout", "1s", "--no-access-log") as running:
        yield running


def png_claiming(width: int, height: int) -> bytes:
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + ihdr
        + struct.pack(">I", zlib.crc32(ihdr))
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def body(**fields: Any) -> bytes:
    return json.dumps({"image": data_uri(), "person_type": "female", **fields}).encode()


PNG_B64 = base64.b64encode(image_bytes("PNG")).decode()
JPEG_URI = data_uri("JPEG", mime="image/png")

# (id, path, headers, raw body, status, words the message must contain)
CASES: list[tuple[str, str, dict[str, str], bytes, int, tuple[str, ...]]] = [
    ("malformed-json", HEADSHOT, JSON, b'{"image": ', 400, ("JSON",)),
    ("json-array", HEADSHOT, JSON, b"[1, 2]", 400, ("object",)),
    ("json-string", HEADSHOT, JSON, b'"hello"', 400, ("object",)),
    ("json-null", HEADSHOT, JSON, b"null", 400, ("object",)),
    ("empty-body", HEADSHOT, JSON, b"", 400, ("empty",)),
    ("nan", HEADSHOT, JSON, b'{"image": "x", "person_type": "kid", "num": NaN}', 400, ("JSON",)),
    ("no-content-type", HEADSHOT, AUTH, body(), 415, ("Content-Type",)),
    (
        "wrong-content-type",
        HEADSHOT,
        {**AUTH, "Content-Type": "text/plain"},
        body(),
        415,
        ("text/plain",),
    ),
    (
        "latin-1-charset",
        HEADSHOT,
        {**JSON, "Content-Type": "application/json; charset=latin-1"},
        body(),
        415,
        ("charset",),
    ),
    (
        "invalid-utf8",
        HEADSHOT,
        JSON,
        b'{"image": "\xff\xfe", "person_type": "kid"}',
        400,
        ("UTF-8",),
    ),
    ("bool-for-int", HEADSHOT, JSON, body(num=True), 400, ("num", "integer")),
    ("fraction-for-int", HEADSHOT, JSON, body(width=512.5), 400, ("width",)),
    ("numeric-string-in-json", HEADSHOT, JSON, body(height="768"), 400, ("height",)),
    ("null-for-int", HEADSHOT, JSON, body(num=None), 400, ("num",)),
    ("null-for-required", HEADSHOT, JSON, body(person_type=None), 400, ("person_type",)),
    ("object-for-string", HEADSHOT, JSON, body(custom_prompt={"a": 1}), 400, ("custom_prompt",)),
    ("huge-int-for-enum", HEADSHOT, JSON, body(style=10**100), 400, ("style",)),
    ("nul-in-enum", HEADSHOT, JSON, body(person_type="kid\u0000"), 400, ("person_type",)),
    (
        "invalid-base64",
        HEADSHOT,
        JSON,
        body(image="data:image/png;base64,@@@@"),
        400,
        ("image", "base64"),
    ),
    (
        "truncated-base64",
        HEADSHOT,
        JSON,
        body(image="data:image/png;base64," + PNG_B64[:-10]),
        400,
        ("image",),
    ),
    (
        "bad-padding",
        HEADSHOT,
        JSON,
        body(image="data:image/png;base64," + PNG_B64 + "=="),
        400,
        ("image",),
    ),
    ("type-mismatch", HEADSHOT, JSON, body(image=JPEG_URI), 400, ("image/png", "image/jpeg")),
    ("not-an-image", HEADSHOT, JSON, body(image="data:image/png;base64,SGVsbG8="), 400, ("image",)),
    (
        "image-bomb",
        HEADSHOT,
        JSON,
        body(
            image="data:image/png;base64,"
            + base64.b64encode(png_claiming(100_000, 100_000)).decode()
        ),
        400,
        ("image",),
    ),
    ("file-url", HEADSHOT, JSON, body(image="file:///etc/passwd"), 400, ("image",)),
    ("ftp-url", HEADSHOT, JSON, body(image="ftp://example.com/a.png"), 400, ("image",)),
    ("javascript-url", HEADSHOT, JSON, body(image="javascript:alert(1)"), 400, ("image",)),
    (
        "localhost-url",
        HEADSHOT,
        JSON,
        body(image="http://localhost/a.png"),
        400,
        ("image", "publicly"),
    ),
    ("missing-auth", HEADSHOT, {"Content-Type": "application/json"}, body(), 401, ("API key",)),
    (
        "req-json-not-json",
        PORTRAIT,
        JSON,
        b'{"task_id": "t", "req_json": "{nope"}',
        400,
        ("req_json",),
    ),
    (
        "req-json-wrong-shape",
        PORTRAIT,
        JSON,
        b'{"task_id": "t", "req_json": "{\\"return_url\\": \\"yes\\"}"}',
        400,
        ("req_json.return_url",),
    ),
    (
        "req-json-deep",
        PORTRAIT,
        JSON,
        json.dumps({"task_id": "t", "req_json": "[" * 5000 + "]" * 5000}).encode(),
        400,
        ("req_json", "deeper"),
    ),
    ("task-id-number", PORTRAIT, JSON, b'{"task_id": 123}', 400, ("task_id",)),
]

MULTIPART = "multipart/form-data; boundary=XyZ"


def part(name: str, value: bytes, filename: str | None = None, ctype: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    head = f"--XyZ\r\nContent-Disposition: {disposition}\r\n"
    if ctype:
        head += f"Content-Type: {ctype}\r\n"
    return head.encode() + b"\r\n" + value + b"\r\n"


PNG = image_bytes("PNG")
MULTIPART_CASES: list[tuple[str, dict[str, str], bytes, tuple[str, ...]]] = [
    (
        "no-boundary",
        {**AUTH, "Content-Type": "multipart/form-data"},
        part("person_type", b"kid") + b"--XyZ--\r\n",
        ("boundary",),
    ),
    (
        "bad-boundary",
        {**AUTH, "Content-Type": "multipart/form-data; boundary=Other"},
        part("person_type", b"kid") + b"--XyZ--\r\n",
        ("multipart",),
    ),
    (
        "unterminated",
        {**AUTH, "Content-Type": MULTIPART},
        part("image", PNG, "a.png", "image/png")
        + b'--XyZ\r\nContent-Disposition: form-data; name="person_type"\r\n\r\nki',
        ("multipart",),
    ),
    (
        "duplicate-field",
        {**AUTH, "Content-Type": MULTIPART},
        part("image", PNG, "a.png", "image/png")
        + part("person_type", b"kid")
        + part("person_type", b"male")
        + b"--XyZ--\r\n",
        ("person_type", "more than once"),
    ),
    (
        "non-image-file",
        {**AUTH, "Content-Type": MULTIPART},
        part("image", b"%PDF-1.4", "a.png", "image/png")
        + part("person_type", b"kid")
        + b"--XyZ--\r\n",
        ("image",),
    ),
    (
        "too-many-parts",
        {**AUTH, "Content-Type": MULTIPART},
        b"".join(part(f"f{i}", b"x") for i in range(100)) + b"--XyZ--\r\n",
        ("parts",),
    ),
    (
        "bomb-file",
        {**AUTH, "Content-Type": MULTIPART},
        part("image", png_claiming(100_000, 100_000), "b.png", "image/png")
        + part("person_type", b"kid")
        + b"--XyZ--\r\n",
        ("image",),
    ),
    (
        "text-for-number",
        {**AUTH, "Content-Type": MULTIPART},
        part("image", PNG, "a.png", "image/png")
        + part("person_type", b"kid")
        + part("num", b"four")
        + b"--XyZ--\r\n",
        ("num",),
    ),
]


def assert_clean_4xx(response: httpx.Response, status: int, words: tuple[str, ...]) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert isinstance(error["err_code"], int) and error["type"]
    for word in words:
        assert word in error["message"], (word, error["message"])
    assert "Traceback" not in response.text and KEY not in response.text


@pytest.mark.parametrize(
    ("path", "headers", "raw", "status", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_json_and_field_input_gets_a_clear_4xx(
    mock: LiveMock,
    path: str,
    headers: dict[str, str],
    raw: bytes,
    status: int,
    words: tuple[str, ...],
) -> None:
    assert_clean_4xx(httpx.post(mock.url + path, content=raw, headers=headers), status, words)
    assert mock.alive()


@pytest.mark.parametrize(
    ("headers", "raw", "words"),
    [c[1:] for c in MULTIPART_CASES],
    ids=[c[0] for c in MULTIPART_CASES],
)
def test_bad_multipart_gets_a_clear_400(
    mock: LiveMock, headers: dict[str, str], raw: bytes, words: tuple[str, ...]
) -> None:
    assert_clean_4xx(httpx.post(mock.url + HEADSHOT, content=raw, headers=headers), 400, words)
    assert mock.alive()


@pytest.mark.parametrize(
    ("value", "urls"),
    [(10**100, 1), (-(10**100), 1), (-0.0, 1), (0, 1)],
    ids=["huge", "huge-negative", "negative-zero", "zero"],
)
def test_integers_out_of_any_range_are_replaced_as_the_page_says(
    mock: LiveMock, value: Any, urls: int
) -> None:
    # The page: values outside the supported range are *treated as 1*, not refused.
    response = httpx.post(mock.url + HEADSHOT, content=body(num=value), headers=JSON)
    assert response.status_code == 200, response.text
    assert len(response.json()["headshot_url_list"]) == urls


def test_a_one_megabyte_prompt_and_nul_bytes_are_handled_and_bounded(mock: LiveMock) -> None:
    prompt = "a\u0000" + "x" * 1_000_000
    response = httpx.post(mock.url + HEADSHOT, content=body(custom_prompt=prompt), headers=JSON)
    assert response.status_code == 200
    (url,) = response.json()["headshot_url_list"]
    assert len(url) < 1000  # the image URL carries a bounded label, not the prompt
    entry = httpx.get(mock.url + "/_mock/requests").json()["requests"][-1]
    assert len(json.dumps(entry)) < 5000  # the journal keeps a summary, not the megabyte


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
    assert time.monotonic() - started < 14
    assert mock.alive()


@pytest.mark.parametrize(
    "path",
    [
        "/_mock/images/..%2F..%2Fetc%2Fpasswd",
        "/_mock/images/%2e%2e%2f%2e%2e%2fetc",
        "/_mock/images/headshot-100000x100000.webp",
        "/_mock/images/headshot-0x0.webp",
        "/_mock/images/unknown-id.webp",
        "/_mock/images/headshot-10x10.webp?text=" + "a" * 5000,
    ],
)
def test_the_file_route_refuses_traversal_absurd_sizes_and_unknown_ids(
    mock: LiveMock, path: str
) -> None:
    response = httpx.get(mock.url + path)
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


@pytest.mark.parametrize(
    "prefer", ["code=", "code=999", "example=\u00ff", "delay=-1", ";;;=;", "x" * 600]
)
def test_prefer_garbage_gets_400(mock: LiveMock, prefer: str) -> None:
    headers: dict[str, Any] = {**JSON, "Prefer": prefer.encode("latin-1")}
    assert_clean_4xx(
        httpx.post(mock.url + HEADSHOT, content=body(), headers=headers), 400, ("Prefer",)
    )
