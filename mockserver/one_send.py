"""An answer's head and body in one send.

uvicorn (0.54, httptools) writes a response's head and its body apart: two sends, two TCP
segments, and on loopback the receiving side's TCP work done twice in the sending
process. A send of a few hundred bytes costs ~14 us of CPU on these machines, more than
the mock's whole validation of a small request.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

# The one write uvicorn makes before a response's head (answering Expect: 100-continue).
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
# A body up to this size is copied behind its head; a larger one is sent after it.
_JOIN_BYTES = 64 * 1024


class _Sink(Protocol):
    def write(self, data: bytes) -> None: ...
    def close(self) -> None: ...
    def is_closing(self) -> bool: ...


class _Lost:
    """Where a lost connection's writes go. uvicorn marks only the newest of a connection's
    pipelined requests disconnected, so one answered before it still writes, and uvloop
    raises on a closed transport: the app would fail after its answer was made (logged,
    with a traceback, as an exception in the app)."""

    __slots__ = ()

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass

    def is_closing(self) -> bool:
        return True


class OneSend:
    """The transport as a connection's request cycles see it: a response's head waits for
    its first body write and leaves with it. One per connection, holding nothing but the
    transport (the protocol holds it, so it must not hold the protocol or a cycle, or the
    connection would outlive its close until a garbage collection): a connection's cycles
    write one at a time, and its protocol calls response_complete after each. Every
    answer this server gives is a whole body sent right after its head; a streamed body's
    head would wait for its first chunk. Other writes (a 100 Continue before the head,
    later chunks) go straight through."""

    __slots__ = ("_head", "_head_seen", "_transport")

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport: _Sink = transport
        self._head: bytes | None = None
        self._head_seen = False

    def write(self, data: bytes) -> None:
        head = self._head
        if head is not None:
            self._head = None
            if len(data) > _JOIN_BYTES:
                self._transport.write(head)  # one more send is nothing beside copying it
                self._transport.write(data)
            else:
                self._transport.write(b"".join((head, data)))
        elif self._head_seen or data == CONTINUE:
            self._transport.write(data)
        else:
            self._head_seen = True
            self._head = data

    def response_complete(self) -> None:
        """A head with no body write after it (HEAD, 204) goes; the next write is a head."""
        self._flush()
        self._head_seen = False

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def connection_lost(self) -> None:
        """What is still written is dropped (the hot path checks nothing)."""
        self._head = None
        self._transport = _Lost()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def _flush(self) -> None:
        head = self._head
        if head is not None:
            self._head = None
            self._transport.write(head)
