"""Start-up through the CLI on a free port, over a real socket."""

from __future__ import annotations

import socket

import httpx

from contract_tests.images import data_uri
from contract_tests.live_mock import live_mock
from contract_tests.seedpages import HeadshotPage
from mockserver.cli import bind_socket, build_parser


def test_cli_starts_on_a_free_port_prints_its_url_and_serves_the_pages_example() -> None:
    with live_mock() as mock:
        body = {**HeadshotPage.request_example, "image": data_uri(), "style": 1}
        response = httpx.post(
            f"{mock.url}/302/headshot/generate",
            json=body,
            headers={"Authorization": "Bearer sk-jls4AaVBGoe1"},
        )
        assert mock.url.startswith("http://127.0.0.1:")
        assert response.status_code == 200, response.text
        (image_url,) = response.json()["headshot_url_list"]
        assert image_url.startswith(mock.url)
        assert httpx.get(image_url).headers["content-type"] == "image/webp"


def test_an_explicit_host_is_honoured() -> None:
    with live_mock("--host", "127.0.0.2") as mock:
        assert mock.url.startswith("http://127.0.0.2:")


def test_the_default_bind_address_is_loopback() -> None:
    args = build_parser().parse_args([])
    assert args.host == "127.0.0.1" and args.port == 4010


def test_latency_and_task_duration_options_parse() -> None:
    args = build_parser().parse_args(["--latency", "100-500", "--task-duration", "6s"])
    assert args.latency == (100, 500) and args.task_duration == 6.0
    assert build_parser().parse_args(["--task-duration", "1500ms"]).task_duration == 1.5


def test_the_listening_socket_is_tcp_so_asyncio_disables_nagle() -> None:
    # A proto-0 socket made every response wait 40 ms for a delayed ACK.
    sock = bind_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
