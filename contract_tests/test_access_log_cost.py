"""A log level that hides the access log makes it cost nothing: uvicorn's access logging is
off outright, not formatting a line per request for the logger to drop. No timing: the
proof is that the access logger is never called."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from mockserver.app import create_app
from mockserver.cli import bind_socket, build_parser, server_config

UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")


@pytest.fixture(autouse=True)
def restore_uvicorn_logging() -> Iterator[None]:
    """An in-process uvicorn configures these loggers; later tests get them back as they were."""
    saved = {
        name: (logger.handlers[:], logger.level, logger.propagate)
        for name in UVICORN_LOGGERS
        for logger in [logging.getLogger(name)]
    }
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate = handlers, propagate
        logger.setLevel(level)


def access_log_calls(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    """Serve the mock in-process with these CLI options; count access-logger calls for
    three API requests."""
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(
        logging.getLogger("uvicorn.access"), "info", lambda *args, **kw: calls.append(args)
    )
    args = build_parser().parse_args(list(argv))
    server = uvicorn.Server(server_config(create_app(), args))
    sock = bind_socket("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "the in-process server did not start"
            time.sleep(0.01)
        with httpx.Client(base_url=url) as client:
            for _ in range(3):
                response = client.post(
                    "/302/headshot/generate",
                    json={"image": "https://example.com/me.jpg", "person_type": "female"},
                    headers={"Authorization": "Bearer sk-test"},
                )
                assert response.status_code == 200, response.text
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
    return len(calls)


@pytest.mark.parametrize("level", ["warning", "error", "critical"])
def test_a_level_above_info_turns_uvicorns_access_log_off(level: str) -> None:
    args = build_parser().parse_args(["--log-level", level])
    assert server_config(create_app(), args).access_log is False


@pytest.mark.parametrize("level", ["info", "debug"])
def test_info_and_debug_keep_the_access_log_unless_told_otherwise(level: str) -> None:
    on = build_parser().parse_args(["--log-level", level])
    off = build_parser().parse_args(["--log-level", level, "--no-access-log"])
    assert server_config(create_app(), on).access_log is True
    assert server_config(create_app(), off).access_log is False


def test_at_warning_the_access_logger_is_never_called(monkeypatch: pytest.MonkeyPatch) -> None:
    assert access_log_calls(monkeypatch, "--log-level", "warning") == 0


def test_at_info_the_access_logger_is_called_once_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The counterpart that shows the spy above sees real calls.
    assert access_log_calls(monkeypatch, "--log-level", "info") == 3
