"""Each answer leaves the server in one write to its transport (mockserver/one_send.py):
the mock's protocol driven over a transport that records what it is given."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import AsyncIterator
from typing import Any

import orjson
import uvicorn
from starlette.responses import Response, StreamingResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.server import ServerState

from bench.workloads import Call, workloads
from mockserver.app import create_app
from mockserver.config import DEFAULT_SPEC
from mockserver.errors import ErrorBuilder
from mockserver.http_protocol import guarded_http
from mockserver.spec_loader import load_spec

# The benchmark's small JSON headshot request: a valid one, answered 200.
SMALL_JSON = next(load for load in workloads() if load.name == "1a-json-url-num1").calls[0]


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.ended = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self.closed:  # as uvloop's transport does
            raise RuntimeError("unable to perform operation: the handler is closed")
        if self.ended:  # as asyncio's and uvloop's do
            raise RuntimeError("Cannot call write() after write_eof()")
        self.writes.append(bytes(data))

    def write_eof(self) -> None:
        self.ended = True

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 4010), "peername": ("127.0.0.1", 5555)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


class Connection:
    """One connection to the mock's protocol serving `app`, over a RecordingTransport."""

    def __init__(self, app: ASGIApp) -> None:
        http = guarded_http(ErrorBuilder(load_spec(DEFAULT_SPEC).errors), lambda: "t", 5.0)
        config = uvicorn.Config(app, http=http, log_level="warning")
        config.load()
        self.state = ServerState()
        self.protocol: Any = http(config=config, server_state=self.state, app_state={})  # type: ignore[call-arg]
        self.transport = RecordingTransport()
        self.protocol.connection_made(self.transport)

    async def send(self, data: bytes) -> None:
        self.protocol.data_received(data)
        await asyncio.sleep(0.01)  # the request's task runs as far as it can

    def lose(self) -> None:
        """The client goes away."""
        self.transport.close()
        self.protocol.connection_lost(None)

    async def answered(self) -> list[bytes]:
        """What the server wrote, once every request so far is answered."""
        while self.state.tasks:
            await asyncio.gather(*self.state.tasks)
        self.protocol.connection_lost(None)
        return self.transport.writes


async def _served(app: ASGIApp, *reads: bytes) -> RecordingTransport:
    connection = Connection(app)
    for data in reads:
        await connection.send(data)
    await connection.answered()
    return connection.transport


def _request(call: Call, body: bytes | None = None) -> bytes:
    body = call.body if body is None else body
    headers = {**call.headers(), "Host": "127.0.0.1", "Content-Length": str(len(body))}
    head = [f"POST {call.path} HTTP/1.1", *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def _split(answer: bytes) -> tuple[bytes, bytes]:
    head, separator, body = answer.partition(b"\r\n\r\n")
    assert separator, answer
    return head, body


def test_a_headshot_answer_is_one_write_with_its_head_and_its_body() -> None:
    transport = asyncio.run(_served(create_app(), _request(SMALL_JSON)))
    (answer,) = transport.writes
    head, body = _split(answer)
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"content-length: %d" % len(body) in head
    assert len(orjson.loads(body)["headshot_url_list"]) == 1  # num 1


def test_an_error_answer_is_one_write() -> None:
    transport = asyncio.run(_served(create_app(), _request(SMALL_JSON, b"{")))
    (answer,) = transport.writes
    head, body = _split(answer)
    assert head.startswith(b"HTTP/1.1 400 ")
    assert orjson.loads(body)["error"]["err_code"]


async def _fixed(scope: Scope, receive: Receive, send: Send) -> None:
    await Response(b"x" * int(scope["path"].strip("/") or 5))(scope, receive, send)


def test_a_head_request_gets_its_head_though_no_body_follows() -> None:
    transport = asyncio.run(_served(_fixed, b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"))
    (answer,) = transport.writes
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b"\r\n\r\n")


def test_pipelined_answers_each_leave_whole_and_in_order() -> None:
    first = b"HEAD /7 HTTP/1.1\r\nHost: x\r\n\r\n"
    second = b"GET /3 HTTP/1.1\r\nHost: x\r\n\r\n"
    transport = asyncio.run(_served(_fixed, first + second))
    assert len(transport.writes) == 2
    assert b"content-length: 7\r\n" in transport.writes[0]
    assert transport.writes[0].endswith(b"\r\n\r\n")
    assert transport.writes[1].endswith(b"\r\n\r\nxxx")


def test_a_body_larger_than_the_join_bound_follows_its_head_uncopied() -> None:
    size = 200 * 1024
    transport = asyncio.run(_served(_fixed, f"GET /{size} HTTP/1.1\r\nHost: x\r\n\r\n".encode()))
    head, body = transport.writes
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and head.endswith(b"\r\n\r\n")
    assert body == b"x" * size


async def _reads_body(scope: Scope, receive: Receive, send: Send) -> None:
    message = await receive()
    await Response(message["body"])(scope, receive, send)


def test_100_continue_goes_out_at_once_before_the_body_arrives() -> None:
    async def exchange() -> tuple[list[bytes], list[bytes]]:
        connection = Connection(_reads_body)
        await connection.send(
            b"POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"
        )
        before_the_body = list(connection.transport.writes)
        await connection.send(b"ok")
        return before_the_body, await connection.answered()

    before_the_body, writes = asyncio.run(exchange())
    assert before_the_body == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    _, answer = writes
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b"\r\n\r\nok")


async def _streams(scope: Scope, receive: Receive, send: Send) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"first"
        yield b"second"

    await StreamingResponse(chunks())(scope, receive, send)


def test_a_streamed_bodys_head_leaves_with_its_first_chunk_and_the_rest_follow() -> None:
    transport = asyncio.run(_served(_streams, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    first, second, end = transport.writes
    assert first.startswith(b"HTTP/1.1 200 OK\r\n") and first.endswith(b"\r\n\r\n5\r\nfirst\r\n")
    assert second == b"6\r\nsecond\r\n"
    assert end == b"0\r\n\r\n"


async def _fails_after_its_head(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    raise RuntimeError("the app broke")


def test_a_head_whose_app_then_fails_is_still_written_before_the_close() -> None:
    transport = asyncio.run(_served(_fails_after_its_head, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    (head,) = transport.writes
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert transport.closed


def test_a_served_connection_is_freed_when_dropped_without_a_garbage_collection() -> None:
    """Nothing the protocol adds may tie a connection into a reference loop: a server
    would keep every closed connection's request until the collector ran."""

    async def serve_and_drop() -> weakref.ref[Any]:
        connection = Connection(create_app())
        await connection.send(_request(SMALL_JSON))
        await connection.send(b"HEAD /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n")
        writes = await connection.answered()
        assert [answer[:12] for answer in writes] == [b"HTTP/1.1 200", b"HTTP/1.1 200"]
        return weakref.ref(connection.protocol)

    gc.collect()
    gc.disable()
    try:
        protocol = asyncio.run(serve_and_drop())
        assert protocol() is None
    finally:
        gc.enable()


def test_answers_owed_on_a_lost_connection_are_dropped_without_failing_their_app() -> None:
    # Two pipelined requests, and the client goes away while the first is answered:
    # uvicorn marks only the second disconnected.
    failures: list[BaseException] = []

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(0.05)
        try:
            await _fixed(scope, receive, send)
        except BaseException as failure:
            failures.append(failure)
            raise

    async def exchange() -> list[bytes]:
        connection = Connection(slow)
        await connection.send(b"GET /3 HTTP/1.1\r\nHost: x\r\n\r\n" * 2)
        connection.lose()
        return await connection.answered()

    assert asyncio.run(exchange()) == []
    assert failures == []


def test_a_broken_chunk_ends_a_body_awaiting_100_continue_with_one_400() -> None:
    # The body's framing breaks in the read that ends the head: the 400 goes, and the
    # app's read of the body must not send its 100 Continue after it.
    failures: list[BaseException] = []
    received: list[str] = []

    async def reads_body(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(0.01)
        try:
            received.append((await receive())["type"])
        except BaseException as failure:
            failures.append(failure)
            raise

    transport = asyncio.run(
        _served(
            reads_body,
            b"POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            b"Transfer-Encoding: chunked\r\n\r\nZZ\r\n",
        )
    )
    (answer,) = transport.writes
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert transport.ended
    assert failures == []
    assert received == ["http.disconnect"]


def test_a_chunked_bodys_trailer_fields_are_not_kept() -> None:
    # llhttp reports trailers as headers: a client could send them without end.
    head_fields: list[int] = []

    async def reads_body(scope: Scope, receive: Receive, send: Send) -> None:
        while (await receive()).get("more_body"):
            pass
        head_fields.append(len(scope["headers"]))
        await Response(b"ok")(scope, receive, send)

    trailers = b"".join(b"X-T%d: v\r\n" % n for n in range(1000))
    transport = asyncio.run(
        _served(
            reads_body,
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n",
            trailers,
            b"\r\n",
        )
    )
    (answer,) = transport.writes
    assert answer.endswith(b"\r\n\r\nok")
    assert head_fields == [2]  # Host and Transfer-Encoding
