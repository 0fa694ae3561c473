"""`ai302-mock` / `python -m mockserver`: parse options, build the app, serve it with uvicorn."""

from __future__ import annotations

import argparse
import asyncio
import errno
import gc
import ipaddress
import logging
import re
import socket
import sys
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from mockserver.allocator import keep_freed_memory
from mockserver.config import DEFAULT_SPEC, MockConfig


def _range_ms(text: str) -> tuple[int, int]:
    """`200` or `100-500` (milliseconds)."""
    match = re.fullmatch(r"(\d+)(?:-(\d+))?", text.strip())
    if match is None:
        raise argparse.ArgumentTypeError("use MS or LOW-HIGH, e.g. 200 or 100-500")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if high < low:
        raise argparse.ArgumentTypeError("LOW must not exceed HIGH")
    return low, high


def _seconds(text: str) -> float:
    """`6`, `6s` or `1500ms`."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(s|ms)?", text.strip())
    if match is None:
        raise argparse.ArgumentTypeError("use seconds, e.g. 6, 6s or 1500ms")
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "ms" else value


def _timeout(text: str) -> float:
    """Seconds, more than 0: a timeout of 0 would refuse any request that takes two reads."""
    value = _seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("use a time above 0, e.g. 10s")
    return value


def _count(text: str) -> int:
    """A whole number, 0 or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError("use a whole number, 0 or more")
    return int(text)


def _positive(text: str) -> int:
    """A whole number, 1 or more."""
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError("use a whole number, 1 or more")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError("use a port from 0 to 65535 (0 picks a free one)")
    return int(text)


def _directory(text: str) -> Path:
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a directory")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ai302-mock",
        # Both commands, where a user looks first: the proxy is otherwise only in the epilog.
        usage="%(prog)s [options]\n       %(prog)s proxy [options]   (ai302-mock proxy --help)",
        description="Offline mock of the 302.AI avatar and portrait API.",
        epilog="ai302-mock proxy --help: check the real API against the spec, with a spending cap",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=_port, default=4010, help="port (default 4010; 0 picks a free one)"
    )
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="OpenAPI spec to serve")
    parser.add_argument(
        "--latency", type=_range_ms, default=(0, 0), help="added latency: MS or LOW-HIGH"
    )
    parser.add_argument(
        "--max-delay", type=_count, default=30_000, help="largest Prefer: delay=MS allowed"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for latency ranges and request ids"
    )
    parser.add_argument(
        "--task-duration",
        type=_seconds,
        default=0.0,
        help="portrait tasks go in_queue -> generating -> done over this time, e.g. 6s",
    )
    parser.add_argument(
        "--accept-any-task-id",
        action="store_true",
        help="lenient polling: an unknown portrait task id becomes a task instead of not_found",
    )
    parser.add_argument(
        "--max-tasks",
        type=_positive,
        default=10_000,
        help="portrait tasks remembered (LRU), and up to as many of their links",
    )
    parser.add_argument(
        "--journal-size", type=_count, default=200, help="requests kept in /_mock/requests"
    )
    parser.add_argument(
        "--max-body",
        type=_positive,
        default=None,
        help="largest request body in bytes (default: the spec's x-max-body-bytes)",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        help="allow CORS from this origin (repeatable; off by default)",
    )
    parser.add_argument(
        "--body-timeout",
        type=_timeout,
        default=10.0,
        help=(
            "longest wait for the next piece of a request body, and for a request's whole "
            "head from its first byte, e.g. 10s"
        ),
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=[],
        help="accept only this API key (repeatable); by default any 'Bearer <key>' is accepted",
    )
    parser.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    parser.add_argument(
        "--no-access-log",
        action="store_true",
        help="turn off the per-request log line (a level above info turns it off too)",
    )
    parser.add_argument(
        "--replay",
        type=_directory,
        metavar="DIR",
        help="answer requests recorded by 'ai302-mock proxy --record DIR' from there",
    )
    return parser


def config_from_args(args: argparse.Namespace) -> MockConfig:
    return MockConfig(
        spec_path=args.spec,
        latency_ms=args.latency,
        max_delay_ms=args.max_delay,
        seed=args.seed,
        task_duration_s=args.task_duration,
        accept_any_task_id=args.accept_any_task_id,
        max_tasks=args.max_tasks,
        journal_size=args.journal_size,
        max_body_bytes=args.max_body,
        cors_origins=tuple(args.cors_origin),
        api_keys=frozenset(args.api_key),
        body_timeout_s=args.body_timeout,
        replay_dir=args.replay,
    )


# Longer than any client pool's idle expiry (httpx: 5 s, uvicorn's default is also 5 s):
# with equal timeouts a client can send on a connection the server is just closing.
KEEP_ALIVE_S = 65


def server_config(
    app: ASGIApp, args: argparse.Namespace, http: type[asyncio.Protocol] | str = "auto"
) -> uvicorn.Config:
    """`http`: the mock's and the proxy's guarded protocol (http_protocol); the benchmark's
    ceiling keeps uvicorn's own."""
    return uvicorn.Config(
        app,
        http=http,
        log_level=args.log_level,
        # Uvicorn's access log shows method, path and status: never headers. A level that
        # hides its INFO lines turns it off outright: uvicorn otherwise formats each line's
        # client address and path before the logger drops it.
        access_log=not args.no_access_log
        and logging.getLevelNamesMapping()[args.log_level.upper()] <= logging.INFO,
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE_S,
    )


def exposure_warning(host: str) -> str | None:
    """What to say at start-up when --host makes the mock reachable beyond this machine."""
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass  # a host name: it may resolve anywhere
    return f"ai302-mock: WARNING: listening on {host}: reachable from other machines"


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind before serving, so the printed URL is the real one even with --port 0."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on such sockets, and
    # without it Nagle plus delayed ACKs add 40 ms to every response.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def bind_or_exit(host: str, port: int) -> socket.socket:
    """The commands' socket: a warning first if `host` reaches beyond this machine, and
    one line (bind_error) instead of a traceback if it cannot be bound."""
    warning = exposure_warning(host)
    if warning:
        print(warning, file=sys.stderr)
    try:
        return bind_socket(host, port)
    except OSError as error:
        raise SystemExit(bind_error(host, port, error)) from None


def bind_error(host: str, port: int, error: OSError) -> str:
    """One line for the terminal instead of a traceback, naming the option that fixes it."""
    if error.errno == errno.EADDRINUSE:
        return (
            f"ai302-mock: port {port} is already in use on {host} (another mock?): "
            "stop it, or pick another port with --port N (--port 0 picks a free one)"
        )
    if error.errno == errno.EACCES:
        return f"ai302-mock: no permission to listen on port {port}: use --port 1024 or above"
    reason = error.strerror or str(error)
    return f"ai302-mock: cannot listen on {host}:{port} ({reason}): check --host and --port"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["proxy"]:
        from mockserver.proxy_cli import main as proxy_main  # it imports this module

        proxy_main(argv[1:])
        return
    args = build_parser().parse_args(argv)
    # Imported here, not at the top: the benchmark's ceiling serves a bare route through
    # this module's socket and server settings, and its start-up is the floor the mock's
    # own is measured against, so it must not pay for the mock's modules.
    from mockserver.app import app_for
    from mockserver.http_protocol import guarded_http
    from mockserver.query_secrets import mask_logged_urls
    from mockserver.spec_loader import SpecError
    from mockserver.state import MockState

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        state = MockState(config_from_args(args))
        app = app_for(state)  # it compiles the image checks, which may refuse the spec
    except SpecError as error:
        raise SystemExit(f"ai302-mock: {error}") from None
    http = guarded_http(state.errors, state.next_request_id, state.config.body_timeout_s)
    keep_freed_memory()  # a request's large buffers reuse the last one's pages
    # The loaded spec, compiled validators and pre-encoded examples live for the whole
    # run: freezing them keeps every garbage collection from walking them again, which
    # is what shows in the tail latency. No full collection first: start-up leaves no
    # cyclic garbage (one finds 0 unreachable objects here) and it costs 11-15 ms of
    # start-up, a measured target.
    gc.freeze()
    sock = bind_or_exit(args.host, args.port)
    config = server_config(app, args, http)
    mask_logged_urls()  # after Config: it configures uvicorn's loggers
    # Listening now, before uvicorn starts: a client that connects as soon as the URL is
    # printed waits in the backlog instead of being refused.
    sock.listen(config.backlog)
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"ai302-mock: listening on http://{shown}:{port}", flush=True)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
