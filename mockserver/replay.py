"""`ai302-mock --replay DIR`: answer a request that was recorded with what the real API
answered then; hand every other request to the mock, body and all.

A wrapper around the mock's ASGI app: the mock itself does not know about recordings.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.body_reader import read_body
from mockserver.errors import MockError
from mockserver.query_secrets import redact_query
from mockserver.recording import RecordedAnswer, Recordings, request_key, request_value
from mockserver.state import MockState

# Says which recording answered, so a user can tell a replayed answer from the mock's.
REPLAY_HEADER = "x-ai302-replay"


class ReplayApp:
    def __init__(self, app: ASGIApp, state: MockState, recordings: Recordings) -> None:
        self._app = app
        self._state = state
        self._recordings = recordings
        self._operations = {
            (op.method.upper(), op.path): op for op in state.spec.operations.values()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = None
        if scope["type"] == "http":
            operation = self._operations.get((scope["method"], scope["path"]))
        if operation is None:
            await self._app(scope, receive, send)
            return
        config = self._state.config
        headers = {n.decode("latin-1"): v.decode("latin-1") for n, v in scope["headers"]}
        try:
            body = bytes(
                await read_body(
                    receive,
                    headers.get("content-length"),
                    self._state.max_body_bytes,
                    config.body_timeout_s,
                )
            )
        except MockError as error:
            response = self._state.errors.build(error, self._state.next_request_id())
            await response(scope, receive, send)
            return
        content_type = headers.get("content-type", "")
        value = request_value(operation, content_type, body, config.max_multipart_parts)
        # Recorded with its secrets masked: matched the same way.
        query = redact_query(scope["query_string"]).decode("latin-1")
        answer = self._recordings.next(request_key(operation, query, value, body))
        if answer is not None:
            await _response(answer)(scope, receive, send)
            return
        await self._app(scope, _replay_body(body, receive), send)


def _response(answer: RecordedAnswer) -> Response:
    response = Response(answer.body, status_code=answer.status)
    response.raw_headers += [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers.items()
    ]
    response.headers[REPLAY_HEADER] = answer.source
    return response


def _replay_body(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the mock the body already read, then the client's own events."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
