"""A port that is taken gets one line naming it and --port, not a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys

from contract_tests.live_mock import live_mock


def test_a_port_in_use_is_one_line_naming_the_port_and_the_option() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "mockserver", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(port) in lines[0] and "--port" in lines[0] and "in use" in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_second_mock_on_the_same_port_is_refused_while_the_first_keeps_serving() -> None:
    with live_mock() as first:
        port = first.url.rsplit(":", 1)[1]
        second = subprocess.run(
            [sys.executable, "-m", "mockserver", "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 1 and f"port {port} is already in use" in second.stderr
        assert first.alive()
