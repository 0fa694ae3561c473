"""`ai302-mock proxy`: forward each API call to the real API, check both sides against
the spec, and relay the answer unchanged with `x-ai302-violations` added.

Only the spec's operations are forwarded, to `--upstream` and nowhere else: the URL is
the upstream plus the operation's path from the spec, never anything the client sent.
`Authorization` is passed through untouched and never stored or logged. Paid
operations (`x-paid: true`) are forwarded at most `--max-paid-calls` times per run.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.body_reader import read_body
from mockserver.config import DEFAULT_SPEC, MockConfig
from mockserver.errors import ErrorBuilder, MockError
from mockserver.messages import library_reason
from mockserver.query_secrets import redact_query
from mockserver.recording import Exchange, Recorder, request_value
from mockserver.spec_loader import LoadedSpec, OperationModel, load_spec
from mockserver.violation_report import ViolationReport
from mockserver.violations import Violation, check_request, check_response, header_value

log = logging.getLogger("mockserver.proxy")

VIOLATIONS_HEADER = "x-ai302-violations"
# On an answer the proxy made instead of forwarding a paid call over the cap.
CAPPED_HEADER = "x-ai302-capped"
# Connection-level headers (RFC 9110 7.6.1), and those the two legs compute themselves:
# httpx sets Host and Content-Length for the upstream, and decodes the body it relays.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "expect",
    }
)
_NOT_FORWARDED = _HOP_BY_HOP | {"accept-encoding"}
_NOT_RELAYED = _HOP_BY_HOP | {"content-encoding"}


@dataclass(frozen=True)
class ProxyConfig:
    upstream: str
    spec_path: Path = DEFAULT_SPEC
    max_paid_calls: int = 0
    report_path: Path | None = None
    record_dir: Path | None = None
    # A generation can take minutes (the client waits 180 s); connecting should not.
    upstream_timeout_s: float = 180.0
    connect_timeout_s: float = 10.0
    # An answer is held whole to be checked: bounded, but roomy for base64 images.
    max_response_bytes: int = 64 * 1024 * 1024
    # None: the spec's x-max-body-bytes, as for the mock.
    max_body_bytes: int | None = None
    body_timeout_s: float = MockConfig.body_timeout_s
    max_multipart_parts: int = MockConfig.max_multipart_parts


class _TooLarge(Exception):
    pass


def _gateway_errors(spec: LoadedSpec) -> ErrorBuilder:
    """302.AI documents no 502 or 504; a proxy that cannot reach it answers with the
    spec's network-error template (the 500 response's err_code and type)."""
    templates = dict(spec.errors)
    network = templates.get(500)
    if network is not None:
        for status in (502, 504):
            templates[status] = replace(network, status=status, headers={}, example=b"")
    return ErrorBuilder(templates)


class Proxy:
    def __init__(self, config: ProxyConfig) -> None:
        self.config = config
        self.upstream = config.upstream.rstrip("/")
        self.spec = load_spec(config.spec_path)
        self.errors = _gateway_errors(self.spec)
        self.max_body_bytes = config.max_body_bytes or self.spec.max_body_bytes
        self.report = ViolationReport(list(self.spec.operations))
        self.recorder = Recorder(config.record_dir) if config.record_dir else None
        self.paid_forwarded = 0
        self.capped_any = False
        self.client: httpx.AsyncClient | None = None
        self._ids = itertools.count(1)

    def next_request_id(self) -> str:
        return f"proxy-{next(self._ids)}"

    def new_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=httpx.Timeout(
                self.config.upstream_timeout_s, connect=self.config.connect_timeout_s
            ),
            follow_redirects=False,
            # No proxies or .netrc from the environment: .netrc could add credentials.
            trust_env=False,
        )

    def endpoint(self, operation: OperationModel) -> Callable[[Request], Awaitable[Response]]:
        async def forward(request: Request) -> Response:
            return await self.forward(request, operation)

        return forward

    async def forward(self, request: Request, operation: OperationModel) -> Response:
        request_id = self.next_request_id()
        raw_headers = [
            (name.decode("latin-1").lower(), value.decode("latin-1"))
            for name, value in request.scope["headers"]
        ]
        headers = dict(raw_headers)
        try:
            body = bytes(
                await read_body(
                    request.receive,
                    headers.get("content-length"),
                    self.max_body_bytes,
                    self.config.body_timeout_s,
                )
            )
        except MockError as error:
            return self.errors.build(error, request_id)
        found = check_request(operation, headers, body, self.config.max_multipart_parts)
        op_id = operation.operation_id
        if operation.paid:
            if self.paid_forwarded >= self.config.max_paid_calls:
                self.report.add(op_id, "capped", found)
                # Said once at WARNING: a contract run can hit the cap hundreds of times.
                level = logging.INFO if self.capped_any else logging.WARNING
                self.capped_any = True
                log.log(level, "proxy: %s not forwarded: --max-paid-calls reached", op_id)
                return self._capped(operation, found, request_id)
            self.paid_forwarded += 1  # counted before sending: a lost answer may be billed
        query = request.scope["query_string"]
        # The bytes as they came: a key is passed on untouched, whatever its characters.
        forwarded = [
            (name, value)
            for name, value in request.scope["headers"]
            if name.decode("latin-1").lower() not in _NOT_FORWARDED
        ]
        try:
            status, answer_headers, answer = await self._send(operation, query, forwarded, body)
        except (TimeoutError, httpx.TimeoutException):
            self.report.add(op_id, "upstream_failed", found)
            late = MockError(
                504, "proxy.upstream_timeout", seconds=f"{self.config.upstream_timeout_s:g}"
            )
            return self._own_answer(self.errors.build(late, request_id), found)
        except (httpx.HTTPError, _TooLarge) as error:
            self.report.add(op_id, "upstream_failed", found)
            lost = MockError(502, "proxy.upstream_lost", detail=library_reason(_describe(error)))
            return self._own_answer(self.errors.build(lost, request_id), found)
        # Checked and recorded with names and values as text; relayed as the bytes that came.
        as_text = [(n.decode("latin-1").lower(), v.decode("latin-1")) for n, v in answer_headers]
        found += self._check_answer(operation, status, as_text, answer)
        self.report.add(op_id, "forwarded", found)
        log.info("proxy: %s -> %d, %d violation(s)", op_id, status, len(found))
        if self.recorder is not None:
            self._record(operation, query, headers, body, (status, as_text, answer), found)
        response = Response(answer, status_code=status)
        response.raw_headers += answer_headers
        return self._own_answer(response, found)

    def _check_answer(
        self, operation: OperationModel, status: int, headers: list[tuple[str, str]], body: bytes
    ) -> list[Violation]:
        content_type = next((v for n, v in headers if n == "content-type"), "")
        try:
            return check_response(operation, status, content_type, body)
        except Exception:  # a bug in a check must not cost the caller the upstream's answer
            log.exception("proxy: could not check an answer of %s", operation.operation_id)
            return [Violation("unchecked", "response", "the proxy could not check this answer")]

    def _record(
        self,
        operation: OperationModel,
        query: bytes,
        headers: dict[str, str],
        body: bytes,
        answer: tuple[int, list[tuple[str, str]], bytes],
        found: list[Violation],
    ) -> None:
        assert self.recorder is not None
        content_type = headers.get("content-type", "")
        limit = self.config.max_multipart_parts
        status, answer_headers, answer_body = answer
        try:
            self.recorder.save(
                Exchange(
                    operation=operation,
                    query=redact_query(query).decode("latin-1"),
                    content_type=content_type,
                    request_body=body,
                    request_value=request_value(operation, content_type, body, limit),
                    status=status,
                    response_headers=answer_headers,
                    response_body=answer_body,
                    violations=found,
                )
            )
        except Exception:  # a full disk must not cost the caller the upstream's answer
            log.exception("proxy: could not record an exchange of %s", operation.operation_id)

    async def _send(
        self,
        operation: OperationModel,
        query: bytes,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        assert self.client is not None, "the proxy's lifespan has not started"
        url = httpx.URL(self.upstream + operation.path)
        if query:  # an empty one would still send a bare "?"
            url = url.copy_with(query=query)
        outgoing = self.client.build_request(
            operation.method.upper(), url, headers=headers, content=body
        )
        limit = self.config.max_response_bytes
        # One deadline for the whole exchange: httpx's read timeout restarts per chunk.
        async with asyncio.timeout(self.config.upstream_timeout_s):
            response = await self.client.send(outgoing, stream=True)
            try:
                received = bytearray()
                async for chunk in response.aiter_bytes():
                    received += chunk
                    if len(received) > limit:
                        raise _TooLarge(f"larger than {limit} bytes (--max-response-bytes)")
            finally:
                await response.aclose()
        relayed = [
            (name.lower(), value)
            for name, value in response.headers.raw
            if name.lower().decode("latin-1") not in _NOT_RELAYED
        ]
        return response.status_code, relayed, bytes(received)

    def _capped(
        self, operation: OperationModel, found: list[Violation], request_id: str
    ) -> Response:
        # 403, the proxy refusing: a 402 would claim the account is short of money, and
        # schemathesis's auth probes rightly expect 401 or 403 for a call it never sent.
        error = MockError(
            403,
            "proxy.paid_cap",
            operation=operation.operation_id,
            cap=self.config.max_paid_calls,
            forwarded=self.paid_forwarded,
        )
        response = self.errors.build(error, request_id, {CAPPED_HEADER: "max-paid-calls"})
        return self._own_answer(response, found)

    @staticmethod
    def _own_answer(response: Response, found: list[Violation]) -> Response:
        response.headers[VIOLATIONS_HEADER] = header_value(found)
        return response

    def flush(self) -> None:
        if self.config.report_path is not None:
            json_path, xml_path = self.report.write(self.config.report_path)
            log.info("proxy: report written to %s and %s", json_path, xml_path)


def _describe(error: Exception) -> str:
    # The class name says what happened (ConnectError, RemoteProtocolError, ...); the text
    # of a transport error never holds headers.
    return f"{type(error).__name__}: {str(error)[:200] or 'no detail'}"


def create_proxy_app(config: ProxyConfig) -> Starlette:
    return proxy_app(Proxy(config))


def proxy_app(proxy: Proxy) -> Starlette:
    """The app serving `proxy`; a server keeps the proxy for its own error answers."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with proxy.new_client() as client:
            proxy.client = client
            try:
                yield
            finally:
                proxy.flush()

    async def health(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    async def violations(request: Request) -> Response:
        return Response(orjson.dumps(proxy.report.as_json()), media_type="application/json")

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        error = MockError(
            exc.status_code,
            "route.method_not_allowed" if exc.status_code == 405 else "proxy.not_an_operation",
            method=request.method,
            path=request.url.path[:80],
        )
        return proxy.errors.build(error, "proxy-0", exc.headers)

    routes = [
        Route("/_mock/health", health, methods=["GET"]),
        Route("/_mock/violations", violations, methods=["GET"]),
    ]
    routes += [
        Route(op.path, proxy.endpoint(op), methods=[op.method.upper()])
        for op in proxy.spec.operations.values()
    ]
    app = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={HTTPException: http_error}
    )
    app.router.redirect_slashes = False
    app.state.proxy = proxy
    return app
