"""A request's head (request line and headers), over a raw socket: it must arrive within
the body timeout of its first byte and stay under a size bound, and bytes that are not
HTTP get 302.AI's error shape. Served by the mock's command, the proxy's, the pytest
plugin's server, and uvicorn with the protocol alone (for the idle connection rules)."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from contract_tests.conftest import assert_error
from contract_tests.live_mock import LiveMock, live_mock, live_proxy
from mockserver.cli import bind_socket
from mockserver.config import DEFAULT_SPEC
from mockserver.errors import ErrorBuilder
from mockserver.http_protocol import HEAD_LIMIT_BYTES, guarded_http
from mockserver.live_server import LiveMock as PluginServer
from mockserver.spec_loader import load_spec

HEALTH = b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n"
# Long enough for a loaded machine to send a whole head in one go; the tests that wait
# for it wait once each.
TIMEOUT_S = 1.0


@pytest.fixture(scope="module")
def mock() -> Iterator[LiveMock]:
    with live_mock("--body-timeout", f"{TIMEOUT_S}s", "--no-access-log") as running:
        yield running


def _connect(url: str) -> socket.socket:
    address = urlsplit(url)
    assert address.hostname and address.port
    return socket.create_connection((address.hostname, address.port), timeout=30)


def _read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while data := sock.recv(65536):
        received += data
    return received


def _answers(raw: bytes) -> list[httpx.Response]:
    """The HTTP/1.1 answers on a connection, in order (each with a Content-Length)."""
    answers = []
    while raw:
        head, _, rest = raw.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = []
        for line in lines:
            name, _, value = line.partition(":")
            headers.append((name.strip(), value.strip()))
        length = int(dict((k.lower(), v) for k, v in headers)["content-length"])
        answers.append(
            httpx.Response(int(status_line.split()[1]), headers=headers, content=rest[:length])
        )
        raw = rest[length:]
    return answers


def _exchange(url: str, *sends: bytes) -> list[httpx.Response]:
    with _connect(url) as sock:
        for data in sends:
            sock.sendall(data)
        return _answers(_read_until_closed(sock))


def test_a_head_that_never_ends_gets_408_in_the_api_shape_and_the_connection_closes(
    mock: LiveMock,
) -> None:
    (answer,) = _exchange(mock.url, b"POST /302/headshot/generate HTTP/1.1\r\nHost: x\r\n")
    assert_error(answer, 408, "headers", f"{TIMEOUT_S:g} s")
    assert answer.headers["connection"] == "close"
    assert answer.headers["x-request-id"]
    assert mock.alive()


def test_a_head_sent_a_byte_at_a_time_is_cut_off_at_its_first_bytes_deadline(
    mock: LiveMock,
) -> None:
    # A deadline that each byte pushed back would never come: this client sends for
    # ten times the timeout unless the mock answers first.
    head = b"POST /302/headshot/generate HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
    sent = 0
    with _connect(mock.url) as sock:
        for byte in head[: int(10 * TIMEOUT_S / 0.05)]:
            if select.select([sock], [], [], 0.05)[0]:
                break
            sock.sendall(bytes([byte]))
            sent += 1
        (answer,) = _answers(_read_until_closed(sock))
    assert_error(answer, 408, "headers")
    assert sent < 10 * TIMEOUT_S / 0.05


def test_a_head_split_across_packets_in_time_is_served(mock: LiveMock) -> None:
    parts = [HEALTH[:5], HEALTH[5:20], HEALTH[20:-2], b"Connection: close\r\n\r\n"]
    with _connect(mock.url) as sock:
        for part in parts:
            sock.sendall(part)
            time.sleep(TIMEOUT_S / 10)
        (answer,) = _answers(_read_until_closed(sock))
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}


def test_the_next_requests_head_sent_with_the_first_one_is_held_to_the_deadline(
    mock: LiveMock,
) -> None:
    # The second head starts while the first request is handled: the deadline runs
    # from the end of the first answer.
    first, second = _exchange(mock.url, HEALTH + b"GET /_mock/hea")
    assert first.status_code == 200
    assert_error(second, 408, "headers")


def test_a_head_larger_than_the_bound_is_refused_without_keeping_it(mock: LiveMock) -> None:
    line = b"X-Big: " + b"a" * 1000 + b"\r\n"
    with _connect(mock.url) as sock:
        sock.sendall(b"POST /302/headshot/generate HTTP/1.1\r\nHost: x\r\n")
        try:
            for _ in range(10 * HEAD_LIMIT_BYTES // len(line)):
                sock.sendall(line)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused and closed before the client was done: the point
        (answer,) = _answers(_read_until_closed(sock))
    assert_error(answer, 400, "headers", str(HEAD_LIMIT_BYTES))
    assert mock.alive()


@pytest.mark.parametrize(
    "sends",
    [
        (b"GET /_mock/health?x=" + b"a" * 40_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",),
        # Beyond the longest URL uvicorn's parser takes (64 KiB): still this answer.
        (b"GET /_mock/health?x=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",),
        (HEALTH[:-2] + b"X-Big: " + b"a" * 40_000 + b"\r\n\r\n",),
        # The first read of a head never counts alone: the whole head is measured.
        (HEALTH[:-2] + b"X-A: " + b"a" * 20_000, b"\r\nX-B: " + b"b" * 20_000 + b"\r\n\r\n"),
        # 32,000 lines with no name but a letter and no value: each is still a header.
        (HEALTH[:-2] + b"a:\r\n" * 32_000 + b"\r\n",),
        # Not ended, and never continued: refused now, not when its deadline passes.
        (HEALTH[:-2] + b"".join(b"X-%d: %s\r\n" % (n, b"a" * 4_000) for n in range(10)),),
    ],
    ids=[
        "long-url-in-one-write",
        "url-over-64KiB",
        "big-header-in-one-write",
        "two-writes",
        "many-empty-lines",
        "unended-in-one-write",
    ],
)
def test_a_head_over_the_bound_is_refused_however_it_arrives(
    mock: LiveMock, sends: tuple[bytes, ...]
) -> None:
    with _connect(mock.url) as sock:
        for data in sends:
            sock.sendall(data)
            time.sleep(TIMEOUT_S / 5)  # a read each
        (answer,) = _answers(_read_until_closed(sock))
    assert_error(answer, 400, "headers", str(HEAD_LIMIT_BYTES))
    assert mock.alive()


def _head_of(size: int, line: Callable[[int], bytes]) -> bytes:
    """A health check's head of exactly `size` bytes: header lines made by `line(i)`, the
    last one padded to fit."""
    start, end = b"GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n", b"\r\n"
    lines: list[bytes] = []
    room = size - len(start) - len(end)
    while room - len(line(len(lines))) > 100:
        lines.append(line(len(lines)))
        room -= len(lines[-1])
    lines.append(b"X-Pad:" + b"p" * (room - len(b"X-Pad:\r\n")) + b"\r\n")
    head = start + b"".join(lines) + end
    assert len(head) == size
    return head


def _halves(data: bytes) -> tuple[bytes, bytes]:
    return data[: len(data) // 2], data[len(data) // 2 :]


@pytest.mark.parametrize(
    "sends",
    [
        (_head_of(HEAD_LIMIT_BYTES, lambda i: b"X-Big: " + b"a" * 20_000 + b"\r\n"),),
        _halves(_head_of(HEAD_LIMIT_BYTES, lambda i: b"X-Big: " + b"a" * 20_000 + b"\r\n")),
        # Many short lines, no space after the colon: their separators are most of it.
        _halves(_head_of(HEAD_LIMIT_BYTES, lambda i: b"h%05d:v\r\n" % i)),
    ],
    ids=["one-write", "two-writes", "many-short-lines-two-writes"],
)
def test_a_head_of_exactly_the_bound_is_served_however_it_arrives(
    mock: LiveMock, sends: tuple[bytes, ...]
) -> None:
    with _connect(mock.url) as sock:
        for data in sends:
            sock.sendall(data)
            time.sleep(TIMEOUT_S / 5)  # a read each
        (answer,) = _answers(_read_until_closed(sock))
    assert answer.json() == {"status": "ok"}


def test_a_head_that_starts_in_the_read_ending_another_has_its_own_count(
    mock: LiveMock,
) -> None:
    # The first head's continued reads (20 KB) are not the second's: the second takes
    # 13 KB more in a read of its own, and is well under the bound.
    first = HEALTH[:-2] + b"X-A: " + b"a" * 20_000 + b"\r\n\r\n"
    second = HEALTH[:-2] + b"X-B: " + b"b" * 13_000 + b"\r\nConnection: close\r\n\r\n"
    sends = (first[:100], first[100:-10], first[-10:] + second[:100], second[100:-10], second[-10:])
    with _connect(mock.url) as sock:
        for data in sends:
            sock.sendall(data)
            time.sleep(0.05)  # a read each
        answers = _answers(_read_until_closed(sock))
    assert [answer.json() for answer in answers] == [{"status": "ok"}] * 2


def test_a_head_that_starts_in_the_read_ending_another_has_its_own_deadline() -> None:
    # Each head takes 1.2 s, under the 2 s timeout; the two together take 2.4 s.
    with live_mock("--body-timeout", "2s", "--no-access-log") as mock, _connect(mock.url) as sock:
        sock.sendall(HEALTH[:15])
        time.sleep(1.2)
        sock.sendall(HEALTH[15:] + HEALTH[:15])
        time.sleep(1.2)
        sock.sendall(HEALTH[15:-2] + b"Connection: close\r\n\r\n")
        answers = _answers(_read_until_closed(sock))
    assert [answer.json() for answer in answers] == [{"status": "ok"}] * 2


def test_a_large_body_and_the_next_head_in_one_read_do_not_count_as_a_large_head(
    mock: LiveMock,
) -> None:
    # 100 KB of body, then the start of the next request in the same write: only what
    # the head itself takes may count toward its bound.
    body = b'{"task_id": "' + b"t" * 100_000 + b'"}'
    first = (
        b"POST /doubao/drawing/portrait_result HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    with _connect(mock.url) as sock:
        sock.sendall(first + body + HEALTH[:15])
        time.sleep(TIMEOUT_S / 5)
        sock.sendall(HEALTH[15:-2] + b"Connection: close\r\n\r\n")
        answers = _answers(_read_until_closed(sock))
    assert [answer.status_code for answer in answers] == [200, 200], answers[-1].text
    assert answers[1].json() == {"status": "ok"}


@pytest.mark.parametrize(
    "garbage",
    [
        b"GARBAGE\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"GET / HTTP/9.9\r\n\r\n",
    ],
    ids=["not-a-request-line", "tls-hello", "unknown-version"],
)
def test_bytes_that_are_not_http_get_400_in_the_api_shape(mock: LiveMock, garbage: bytes) -> None:
    (answer,) = _exchange(mock.url, garbage)
    assert_error(answer, 400, "HTTP/1.1")
    assert mock.alive()


def test_a_broken_chunk_size_in_a_body_being_read_gets_400_not_the_body_timeout(
    mock: LiveMock,
) -> None:
    head = (
        b"POST /doubao/drawing/portrait_result HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    with _connect(mock.url) as sock:
        sock.sendall(head)
        time.sleep(TIMEOUT_S / 5)  # the app is reading the body by now
        sock.sendall(b"ZZ\r\nxx\r\n")
        (answer,) = _answers(_read_until_closed(sock))
    assert_error(answer, 400, "HTTP/1.1")  # not 408 "the body was not received"
    assert mock.alive()


def _slow(delay_ms: int = 300) -> bytes:
    """A request the mock is still answering when the next one arrives."""
    return (
        b"POST /doubao/drawing/portrait_result HTTP/1.1\r\nHost: x\r\nPrefer: delay=%d\r\n"
        b"Content-Type: application/json\r\nContent-Length: 17\r\n\r\n"
        b'{"task_id": "t1"}' % delay_ms
    )


BROKEN_CHUNK = (
    b"POST /doubao/drawing/portrait_result HTTP/1.1\r\nHost: x\r\n"
    b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n"
)


@pytest.mark.parametrize(
    ("sends", "status", "word"),
    [
        ((_slow() + BROKEN_CHUNK,), 400, "HTTP/1.1"),
        ((_slow(), BROKEN_CHUNK), 400, "HTTP/1.1"),
        ((_slow() + b"GARBAGE\r\n\r\n",), 400, "HTTP/1.1"),
        ((_slow() + HEALTH + BROKEN_CHUNK,), 400, "HTTP/1.1"),
        # The head's deadline passes while the first request is still being answered.
        ((_slow(int(TIMEOUT_S * 1500)) + HEALTH[:15],), 408, "headers"),
    ],
    ids=[
        "broken-chunk-one-write",
        "broken-chunk-next-write",
        "not-http",
        "behind-two",
        "slow-head",
    ],
)
def test_a_broken_request_behind_one_being_answered_is_refused_after_the_answers_owed(
    mock: LiveMock, sends: tuple[bytes, ...], status: int, word: str
) -> None:
    # Pipelined: every request before the broken one is answered whole, in order; then
    # the broken one gets its error and the connection closes.
    *owed, refused = _exchange(mock.url, *sends)
    assert [answer.status_code for answer in owed] == [200] * len(owed), owed
    # The slow portrait result first (its task is unknown here), then a health check.
    assert owed[0].json()["data"]["status"] == "not_found"
    assert [answer.json() for answer in owed[1:]] == [{"status": "ok"}] * b"".join(sends).count(
        HEALTH
    )
    assert_error(refused, status, word)
    assert mock.alive()


def test_a_head_waiting_behind_pipelined_requests_gets_its_deadline_once_read(
    mock: LiveMock,
) -> None:
    # The server stops reading while a request waits behind the slow one (whose body is
    # never read: an error is asked for): the third head's end sits unread until then,
    # which must not count against that head.
    slow_error = _slow(int(TIMEOUT_S * 1500)).replace(b"Prefer: ", b"Prefer: code=400, ")
    with _connect(mock.url) as sock:
        sock.sendall(slow_error + HEALTH + HEALTH[:15])
        time.sleep(TIMEOUT_S / 5)
        sock.sendall(HEALTH[15:-2] + b"Connection: close\r\n\r\n")
        answers = _answers(_read_until_closed(sock))
    assert [answer.status_code for answer in answers] == [400, 200, 200], answers[-1].text


def test_the_proxy_answers_bytes_that_are_not_http_in_the_api_shape() -> None:
    # The upstream is never contacted: the request never gets past its first line.
    with live_proxy("http://127.0.0.1:9") as proxy:
        (answer,) = _exchange(proxy.url, b"GARBAGE\r\n\r\n")
    assert_error(answer, 400, "HTTP/1.1")
    assert answer.headers["x-request-id"].startswith("proxy-")


@pytest.mark.ai302_mock(body_timeout_s=TIMEOUT_S)
def test_the_pytest_plugins_server_holds_a_head_to_the_body_timeout(
    ai302_mock_server: PluginServer,
) -> None:
    (answer,) = _exchange(ai302_mock_server.url, b"GET /_mock/health HTTP/1.1\r\n")
    assert_error(answer, 408, "headers")


async def _hello(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("hello")(scope, receive, send)


@pytest.fixture(scope="module")
def bare_url() -> Iterator[str]:
    """The protocol alone, with a short keep-alive, so an idle connection's close shows."""
    spec = load_spec(DEFAULT_SPEC)
    http = guarded_http(ErrorBuilder(spec.errors), lambda: "bare", head_timeout_s=TIMEOUT_S)
    config = uvicorn.Config(_hello, http=http, timeout_keep_alive=1, log_level="warning")
    server = uvicorn.Server(config)
    sock = bind_socket("127.0.0.1", 0)
    sock.listen()
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join()


def test_a_new_connection_that_sends_nothing_is_closed_when_keep_alive_ends(
    bare_url: str,
) -> None:
    assert _exchange(bare_url) == []  # closed by the server: recv saw the end


def test_a_stray_line_end_after_an_answer_starts_no_head(bare_url: str) -> None:
    # It is not a request: the connection is idle again, closed when keep-alive ends.
    (answer,) = _exchange(bare_url, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n\r\n")
    assert answer.text == "hello"
