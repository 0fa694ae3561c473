"""An answer's head and body in one send.

uvicorn (0.54, httptools) writes a response's head and its body apart: two sends, two TCP
segments, and on loopback the receiving side's TCP work done twice in the sending
process. A send of a few hundred bytes costs ~14 us of CPU on these machines, more than
the mock's whole validation of a small request.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import RequestResponseCycle

# A body up to this size is copied behind its head; a larger one is sent after it.
_JOIN_BYTES = 64 * 1024


class OneSend:
    """The transport as one request's cycle sees it: the head waits for the first body
    write and leaves with it. Every answer this server gives is a whole body sent right
    after its head; a streamed body's head would wait for its first chunk. Other writes
    (a 100 Continue before the head, later chunks) go straight through."""

    __slots__ = ("_cycle", "_head", "_head_seen", "_on_response", "_transport")

    def __init__(self, transport: asyncio.Transport, cycle: RequestResponseCycle) -> None:
        self._transport = transport
        self._cycle: RequestResponseCycle | None = cycle
        self._on_response = cycle.on_response
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
                self._transport.write(head + data)
        elif self._head_seen or self._cycle is None or not self._cycle.response_started:
            self._transport.write(data)
        else:
            # The cycle writes the head right after it marks its response started.
            self._head_seen = True
            self._head = data

    def flush(self) -> None:
        head = self._head
        if head is not None:
            self._head = None
            self._transport.write(head)

    def response_complete(self) -> None:
        """The cycle's on_response: a head with no body write after it (HEAD, 204) goes."""
        self.flush()
        self._cycle = None  # the cycle holds this object: no reference loop outlives it
        self._on_response()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()
