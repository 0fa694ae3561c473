"""The served mock reuses freed memory: after warm-up, requests with 100 KB bodies fault in
no new pages (mockserver/allocator.py), and 10 MB ones stay within the issue's bound on
peak memory, request after request. Counted from /proc, not timed: with glibc's
defaults, 16 such requests at once cost about 25 page faults each here."""

from __future__ import annotations

import platform
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from bench.proc_memory import reset_peak
from bench.workloads import big_data_uri_body, workloads
from contract_tests.live_mock import live_mock

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or platform.libc_ver()[0] != "glibc",
    reason="page fault counts from /proc, and glibc's mallopt",
)
DATA_URI = next(w for w in workloads() if w.name == "2-json-100kb-data-uri").calls[0]
CONNECTIONS, WARM_UP, COUNTED = 16, 5, 10


def minor_faults(pid: int) -> int:
    # /proc/PID/stat: the fields after the command's closing parenthesis; minflt is the 8th.
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])


def raw_request(host: str) -> bytes:
    headers = {**DATA_URI.headers(), "Host": host, "Content-Length": str(len(DATA_URI.body))}
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"POST {DATA_URI.path} HTTP/1.1\r\n{head}\r\n".encode() + DATA_URI.body


def _received(sock: socket.socket) -> bytes:
    chunk = sock.recv(65536)
    if not chunk:
        raise AssertionError("the mock closed the connection mid-answer")
    return chunk


def read_status(sock: socket.socket) -> bytes:
    """The status line of one response, read whole (its body by Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += _received(sock)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = next(
        int(line.split(b":")[1]) for line in lines if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += _received(sock)
    return lines[0]


def test_100_kb_requests_on_16_connections_at_once_fault_in_no_new_pages() -> None:
    # Every connection's body arrives before any answer is read, as under load: each holds
    # its buffers while the others are parsed and freed, which is when glibc's defaults
    # give the pages back to the kernel and fault them in again.
    with live_mock() as mock:
        address = urlsplit(mock.url)
        request = raw_request(address.netloc)
        sockets = [
            socket.create_connection((address.hostname, address.port), timeout=30)
            for _ in range(CONNECTIONS)
        ]

        def rounds(times: int) -> None:
            for _ in range(times):
                for sock in sockets:
                    sock.sendall(request)
                for sock in sockets:
                    assert read_status(sock) == b"HTTP/1.1 200 OK"

        try:
            rounds(WARM_UP)
            before = minor_faults(mock.process.pid)
            rounds(COUNTED)
            faults = minor_faults(mock.process.pid) - before
        finally:
            for sock in sockets:
                sock.close()
    requests = COUNTED * CONNECTIONS
    assert faults < requests, f"{faults} page faults over {requests} requests"


def test_10_mb_data_uris_one_after_another_peak_within_4x_their_body_every_time() -> None:
    # Issue 17's bound: peak memory at most 4x a 10 MB data URI's body, for every request.
    # A fresh mock's first holds ~2.1x: the body's bytes go before the parse, and the
    # base64 is decoded without a whole copy of the text (3x before both). Later requests
    # reuse the heap the first left (allocator.py) as that heap is laid out: the small
    # blocks that outlive a request sit where it left them, and a layout that no longer
    # fits one 10 MB block adds one (3.01x to 3.76x, then flat, seen before both).
    body = big_data_uri_body()
    small = workloads()[0].calls[0]
    with live_mock() as mock, httpx.Client(base_url=mock.url, timeout=60) as client:
        assert client.post(small.path, content=small.body, headers=small.headers()).is_success
        idle = mock.rss_kib()
        reset_peak(mock.process.pid)
        peaks = []
        for _ in range(10):
            answer = client.post(small.path, content=body, headers=small.headers())
            assert answer.status_code == 200, answer.text[:200]
            peaks.append((mock.rss_kib("VmHWM") - idle) * 1024 / len(body))
    assert peaks[0] <= 2.5, [f"{peak:.2f}x" for peak in peaks]
    assert max(peaks) <= 4.0, [f"{peak:.2f}x" for peak in peaks]


def test_glibc_takes_both_settings() -> None:
    # In a process of its own, as the CLI's: this test session keeps its allocator as is.
    code = "from mockserver.allocator import keep_freed_memory; print(keep_freed_memory())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr
