"""uvicorn's HTTP/1.1 protocol, with the request head bounded in time and in size, and
302.AI's error shape for a request that is not HTTP.

uvicorn (0.54, httptools) starts no timer until a response is sent: a client that opens
a connection and sends nothing, or starts a request's head and never ends it, holds the
connection open for ever, and headers sent without end are all kept. Its answer to bytes
that are not HTTP is a plain-text 400. The body has its own bounds (body_reader). Each
answer leaves in one send (one_send).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mockserver.errors import CLOSE, ErrorBuilder, MockError
from mockserver.one_send import OneSend

# A head is refused once it passes this many bytes, as the parser hands it over in the
# read it starts in (_head_size) and then as read, so one connection's headers cannot grow
# without end (httptools has no limit of its own); a head of this many bytes or fewer is
# always read. Front ends such as nginx refuse far less by default (8 KiB a line).
HEAD_LIMIT_BYTES = 32 * 1024
# How long a refused connection still reads (and drops) what the client sends before it
# closes: see _linger. nginx's lingering_timeout is 5 s.
LINGER_S = 2.0


class _HeadRefused(Exception):
    """Raised in a parser callback once the request is refused: the parser stops there."""


class _DroppedTrailers:
    """Where a request's header list points once its head is complete (see
    on_headers_complete): what is appended is dropped."""

    __slots__ = ()

    def append(self, field: tuple[bytes, bytes]) -> None:
        pass


_TRAILERS = _DroppedTrailers()


@dataclass(frozen=True)
class HeadRules:
    """The server's own: its error answers' texts and request ids, and the head's deadline."""

    errors: ErrorBuilder
    next_id: Callable[[], str]
    timeout_s: float


class GuardedHttp(HttpToolsProtocol):
    """A request's head must arrive in full within `rules.timeout_s` of its first byte."""

    rules: ClassVar[HeadRules]

    # Class defaults, so the hot path pays no __init__ of its own.
    _head_timer: asyncio.TimerHandle | None = None
    _head_bytes = 0
    _lingering = False
    _big_read = False  # the read being parsed is larger than the head's bound
    _refusal: MockError | None = None  # owed once the requests before it are answered

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._one_send = OneSend(transport)
        # A new connection that sends nothing is closed as an idle kept-alive one is.
        self._keep_alive()

    def data_received(self, data: bytes) -> None:
        # uvicorn's own, with the head's bounds after the parser: one frame on the hot
        # path, where calling it from an override cost ~1.5 % of a served request.
        if self._lingering:
            return  # refused: what the client still sends is read and dropped
        self._unset_keepalive_if_required()
        # A read that continues a head counts whole toward its bound; the read it starts
        # in, as much as the parser kept of it (that read may end a body before it). A
        # head that ends in a read larger than the bound, or after more than one, is
        # measured again when complete.
        before = self.scope
        self._big_read = len(data) > HEAD_LIMIT_BYTES
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            if self._lingering:
                return  # refused by a parser callback (on_headers_complete)
            self.logger.warning("Invalid HTTP request received.")
            cycle = self.cycle
            if cycle is not None and cycle.more_body and not cycle.response_started:
                # The body's framing broke (a bad chunk size).
                if self.pipeline and self.pipeline[0][0] is cycle:
                    # Queued behind a request still being answered: it never starts, and
                    # is refused once the answers before it are out (_refuse).
                    self.pipeline.popleft()
                else:
                    # Its app reads it, and would wait for the rest until the body
                    # timeout: its read ends (a disconnect, its answer dropped, no 100
                    # Continue after this answer) and the answer is this one.
                    cycle.disconnected = True
                    cycle.waiting_for_100_continue = False
                    cycle.message_event.set()
            self._refuse(MockError(400, "http.malformed"))
            return
        except httptools.HttpParserUpgrade:
            # No route here upgrades (uvicorn serves no websockets without their library).
            self._unsupported_upgrade_warning()
        scope = self.scope
        # uvicorn starts a scope at a request's first byte and gives it its method when
        # the head is complete.
        if scope is not None and "method" not in scope:
            if scope is before:
                self._head_bytes += len(data)
            else:
                # A head that starts in this read: its own deadline and count, not those
                # of one that ended in it. What the read held of it counts as what the
                # parser kept (the read may have ended a body before it).
                self._cancel_head_timer()
                self._head_bytes = self._head_size()
            self._arm_head_timer()
            if self._head_bytes > HEAD_LIMIT_BYTES:
                self._refuse(MockError(400, "http.head_too_large", limit=HEAD_LIMIT_BYTES))
        elif self._head_timer is not None:
            self._cancel_head_timer()
            self._head_bytes = 0
        elif (cycle := self.cycle) is None or cycle.response_complete:
            self._keep_alive()  # bytes between requests (a stray line end) start no head

    def on_headers_complete(self) -> None:
        if (
            self._big_read or self._head_timer is not None
        ) and self._head_size() > HEAD_LIMIT_BYTES:
            # Refused before uvicorn reads the URL (its parser takes none over 64 KiB, and
            # would call that request malformed); raising stops the parser.
            self._refuse(MockError(400, "http.head_too_large", limit=HEAD_LIMIT_BYTES))
            raise _HeadRefused
        super().on_headers_complete()
        # llhttp reports a chunked body's trailer fields as headers, which uvicorn would
        # append to this request's scope, without bound, while the body is read.
        self.headers = _TRAILERS  # type: ignore[assignment]
        cycle = self.cycle
        if cycle is not None and cycle.transport is self.transport:  # a new request's
            cycle.transport = self._one_send  # type: ignore[assignment]

    def on_response_complete(self) -> None:
        self._one_send.response_complete()
        last_owed = not self.pipeline
        super().on_response_complete()
        if self._refusal is not None and last_owed and not self.transport.is_closing():
            self._unset_keepalive_if_required()
            self._answer_and_close(self._refusal)
        elif (scope := self.scope) is not None and "method" not in scope:
            self._arm_head_timer()  # a pipelined head, read again now (see _arm_head_timer)

    def _arm_head_timer(self) -> None:
        """The head's deadline runs from its first byte, but not while reading is paused
        (behind pipelined requests still to be answered): then from when reading resumes.
        Later bytes do not move it."""
        if (
            self._head_timer is None
            and not self.flow.read_paused
            and not self.transport.is_closing()
        ):
            self._head_timer = self.loop.call_later(self.rules.timeout_s, self._head_too_slow)

    def _head_size(self) -> int:
        """The head so far, as the parser has handed it over: its URL, and each header
        line's name and value with the 3 bytes (colon, line end) no line goes without.
        Never more than the head itself (the spaces around a value are dropped), so a head
        of HEAD_LIMIT_BYTES or fewer is never refused."""
        return len(self.url) + sum(len(name) + len(value) + 3 for name, value in self.headers)

    def _keep_alive(self) -> None:
        if self.timeout_keep_alive_task is None and not self.transport.is_closing():
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler
            )

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._one_send.connection_lost()
        self._cancel_head_timer()

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            seconds = f"{self.rules.timeout_s:g}"
            self.logger.warning("Request head not received within %s s.", seconds)
            self._refuse(MockError(408, "http.head_timeout", seconds=seconds))

    def _refuse(self, error: MockError) -> None:
        """Answer in 302.AI's error shape and close: what is left of the request is dropped."""
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete and not cycle.disconnected:
            # Behind requests still to be answered (pipelined): their answers must not be
            # cut into. They go out whole, then this one (on_response_complete), then
            # the connection closes; no more is read.
            self._refusal = error
            self._lingering = True
            self._cancel_head_timer()
            self.flow.pause_reading()
            return
        self._answer_and_close(error)

    def _answer_and_close(self, error: MockError) -> None:
        response = self.rules.errors.build(error, self.rules.next_id())
        phrase = HTTPStatus(error.status).phrase.encode("ascii")
        lines = [b"HTTP/1.1 %d %s" % (error.status, phrase)]
        headers = [*self.server_state.default_headers, *response.raw_headers]
        if CLOSE not in headers:
            headers.append(CLOSE)
        lines += [name + b": " + value for name, value in headers]
        lines += [b"", bytes(response.body)]
        self.transport.write(b"\r\n".join(lines))
        self._linger()

    def _linger(self) -> None:
        """Close without a reset. Closing a socket with unread bytes sends a reset, which
        can destroy the answer before the client has read it: a client that is still
        sending its head (or garbage) would see only 'connection reset'. So stop writing,
        drop whatever still comes, and close when the client does, or LINGER_S later."""
        self._cancel_head_timer()
        self._lingering = True
        self.flow.resume_reading()
        self.transport.write_eof()
        self.loop.call_later(LINGER_S, self.transport.close)


def guarded_http(
    errors: ErrorBuilder, next_id: Callable[[], str], head_timeout_s: float
) -> type[asyncio.Protocol]:
    """The protocol class for uvicorn.Config(http=...): one per server, as its errors'
    request ids and the timeout are the server's own."""

    class ServedHttp(GuardedHttp):
        rules = HeadRules(errors, next_id, head_timeout_s)

    return ServedHttp
