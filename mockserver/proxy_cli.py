"""`ai302-mock proxy --upstream URL`: parse the proxy's options and serve it with uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn

from mockserver.cli import (
    _count,
    _port,
    _seconds,
    bind_or_exit,
    server_config,
)
from mockserver.config import DEFAULT_SPEC
from mockserver.http_protocol import guarded_http
from mockserver.proxy import Proxy, ProxyConfig, proxy_app
from mockserver.query_secrets import mask_logged_urls
from mockserver.spec_loader import SpecError


def _upstream(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError("use an http(s) URL, e.g. https://api.302.ai")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise argparse.ArgumentTypeError("no query, fragment or credentials in the URL")
    return text.rstrip("/")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ai302-mock proxy",
        description=(
            "Forward API calls to the real 302.AI API, check each request and answer "
            "against the spec (header x-ai302-violations), and cap the paid calls."
        ),
    )
    parser.add_argument(
        "--upstream",
        metavar="URL",
        type=_upstream,
        required=True,
        help="the API to forward to, e.g. https://api.302.ai",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=_port, default=4011, help="port (default 4011; 0 picks a free one)"
    )
    parser.add_argument(
        "--spec", type=Path, default=DEFAULT_SPEC, help="OpenAPI spec to check against"
    )
    parser.add_argument(
        "--max-paid-calls",
        metavar="N",
        type=_count,
        default=0,
        help="paid (x-paid) calls forwarded per run; more get 403 (default 0)",
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        type=Path,
        help="write the violations as JSON to this file and as JUnit XML beside it (.xml)",
    )
    parser.add_argument(
        "--record", type=Path, metavar="DIR", help="store each exchange here, for --replay"
    )
    parser.add_argument(
        "--upstream-timeout",
        metavar="TIME",
        type=_seconds,
        default=180.0,
        help="longest wait for a whole upstream answer (default 180s); then 504",
    )
    parser.add_argument(
        "--connect-timeout",
        metavar="TIME",
        type=_seconds,
        default=10.0,
        help="longest wait to connect to the upstream (default 10s)",
    )
    parser.add_argument(
        "--max-response-bytes",
        metavar="BYTES",
        type=_count,
        default=64 * 1024 * 1024,
        help="largest upstream answer relayed (default 64 MiB); larger gets 502",
    )
    parser.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    parser.add_argument(
        "--no-access-log", action="store_true", help="turn off the per-request log line"
    )
    return parser


def config_from_args(args: argparse.Namespace) -> ProxyConfig:
    return ProxyConfig(
        upstream=args.upstream,
        spec_path=args.spec,
        max_paid_calls=args.max_paid_calls,
        report_path=args.report,
        record_dir=args.record,
        upstream_timeout_s=args.upstream_timeout,
        connect_timeout_s=args.connect_timeout,
        max_response_bytes=args.max_response_bytes,
    )


def main(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        proxy = Proxy(config_from_args(args))
    except SpecError as error:
        raise SystemExit(f"ai302-mock proxy: {error}") from None
    app = proxy_app(proxy)
    http = guarded_http(proxy.errors, proxy.next_request_id, proxy.config.body_timeout_s)
    sock = bind_or_exit(args.host, args.port)
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"ai302-mock: listening on http://{shown}:{port}", flush=True)
    print(
        f"ai302-mock proxy: forwarding to {args.upstream}, "
        f"at most {args.max_paid_calls} paid call(s)",
        file=sys.stderr,
        flush=True,
    )
    config = server_config(app, args, http)
    mask_logged_urls()  # after Config: it configures uvicorn's loggers
    # The upstream's Date is relayed; uvicorn would add a second one.
    config.date_header = False
    uvicorn.Server(config).run(sockets=[sock])
