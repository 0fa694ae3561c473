"""Start-up through the CLI on a free port, over a real socket."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from contract_tests.conftest import assert_error
from contract_tests.images import data_uri
from contract_tests.live_mock import live_mock
from contract_tests.seedpages import HeadshotPage
from contract_tests.specfile import SPEC_PATH
from mockserver.app import create_app
from mockserver.cli import bind_socket, build_parser, exposure_warning, server_config
from mockserver.config import MockConfig


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


def test_only_a_non_loopback_host_is_announced_as_exposed() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "::1", "localhost"):
        assert exposure_warning(host) is None
    for host in ("0.0.0.0", "192.168.1.10", "mock.example"):
        warning = exposure_warning(host)
        assert warning is not None and host in warning and "reachable" in warning


def test_the_access_log_never_shows_the_api_key(tmp_path: Path) -> None:
    log = tmp_path / "mock.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "mockserver", "--port", "0", "--log-level", "info"],
            stdout=subprocess.PIPE,
            stderr=sink,
            text=True,
        )
        try:
            assert process.stdout is not None
            url = process.stdout.readline().split()[-1]
            for _ in range(100):
                try:
                    httpx.get(f"{url}/_mock/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            secret = "sk-never-log-this-0123456789"
            for headers in ({"Authorization": f"Bearer {secret}"}, {"Authorization": secret}):
                httpx.post(
                    f"{url}/302/headshot/generate", json={"person_type": "kid"}, headers=headers
                )
            for query in (f"api_key={secret}&lang=en", secret):  # a key put in the URL
                httpx.post(f"{url}/302/headshot/generate?{query}", json={"person_type": "kid"})
        finally:
            process.terminate()
            stdout, _ = process.communicate(timeout=10)  # and closes the pipe
    text = log.read_text() + stdout  # uvicorn's access log goes to stdout
    assert "POST /302/headshot/generate" in text  # the access log is on...
    assert "?api_key=<redacted>&lang=en" in text  # ...shows the query...
    assert secret not in text  # ...and holds no key


def test_cors_is_off_by_default_and_on_for_a_named_origin() -> None:
    preflight = {
        "Origin": "http://localhost:3000",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    plain = TestClient(create_app())
    assert (
        "access-control-allow-origin"
        not in plain.options("/302/headshot/generate", headers=preflight).headers
    )
    allowed = TestClient(create_app(MockConfig(cors_origins=("http://localhost:3000",))))
    response = allowed.options("/302/headshot/generate", headers=preflight)
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert (
        "x-request-id"
        in allowed.post(
            "/doubao/drawing/portrait_result",
            json={"task_id": "t"},
            headers={"Origin": "http://localhost:3000"},
        ).headers["access-control-expose-headers"]
    )


@pytest.mark.parametrize(
    ("origin", "method", "words"),
    [("http://evil.example", "POST", ["origin"]), ("http://localhost:3000", "PUT", ["method"])],
    ids=["other-origin", "other-method"],
)
def test_a_refused_preflight_gets_a_400_in_the_api_shape(
    origin: str, method: str, words: list[str]
) -> None:
    client = TestClient(create_app(MockConfig(cors_origins=("http://localhost:3000",))))
    preflight = {"Origin": origin, "Access-Control-Request-Method": method}
    response = client.options("/302/headshot/generate", headers=preflight)
    assert_error(response, 400, "CORS", "--cors-origin", *words)
    assert "access-control-allow-origin" not in response.headers


def test_the_server_keeps_idle_connections_longer_than_client_pools_do() -> None:
    # Equal timeouts (uvicorn and httpx both default to 5 s) let a client send on a
    # connection the server is closing: the small soak once lost a request that way.
    config = server_config(create_app(), build_parser().parse_args([]))
    assert config.timeout_keep_alive > httpx.Limits().keepalive_expiry  # type: ignore[operator]


def test_a_missing_module_only_the_app_imports_gets_the_extras_one_line() -> None:
    # The CLI imports the app only when it serves; the entry point must still name the
    # extra when one of its modules is missing, Pillow here, instead of a traceback.
    # Port 0: were the app ever to import Pillow lazily, the mock would serve instead, and
    # the timeout ends the test rather than hanging it.
    code = (
        "import sys; sys.modules['PIL'] = None; sys.argv = ['ai302-mock', '--port', '0']; "
        "from mockserver.entry import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "ai302-mock: the mock needs the [mock] extra (PIL is not installed): "
        "pip install 'ai302-kit[mock]'"
    )


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI's exit, from a command line it must refuse before serving."""
    return subprocess.run(
        [sys.executable, "-m", "mockserver", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--port", "99999"], "argument --port: use a port from 0 to 65535"),
        (["--port", "-1"], "argument --port: use a port from 0 to 65535"),
        (["--body-timeout", "0"], "argument --body-timeout: use a time above 0"),
        (["--max-body", "-1"], "argument --max-body: use a whole number, 1 or more"),
        (["--max-body", "0"], "argument --max-body: use a whole number, 1 or more"),
        (["--max-tasks", "0"], "argument --max-tasks: use a whole number, 1 or more"),
        (["--journal-size", "-3"], "argument --journal-size: use a whole number, 0 or more"),
        (["--max-delay", "x"], "argument --max-delay: use a whole number, 0 or more"),
        (["proxy", "--upstream", "http://127.0.0.1:9", "--port", "70000"], "argument --port"),
    ],
)
def test_an_option_out_of_its_range_is_refused_in_one_line(args: list[str], words: str) -> None:
    result = _cli(*args)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


def test_an_image_type_no_decoder_reads_is_refused_in_one_line(tmp_path: Path) -> None:
    # Refused when the app compiles its image checks, after the spec itself has loaded.
    spec = tmp_path / "no-decoder.yaml"
    spec.write_text(SPEC_PATH.read_text().replace("image/webp]", "image/x-nothing]"))
    result = _cli("--spec", str(spec), "--port", "0")
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("ai302-mock: ") and "no image decoder reads" in line, line


@pytest.mark.parametrize("proxy", [[], ["proxy", "--upstream", "http://127.0.0.1:9"]])
def test_a_spec_that_cannot_be_served_is_named_in_one_line(
    proxy: list[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text('openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths: {}\n')
    text = tmp_path / "notes.txt"
    text.write_text("root:x:0:0:root:/root:/bin/bash\n")
    for spec, words in [
        (tmp_path / "missing.yaml", "cannot read the spec"),
        (other, "is not a spec the mock can serve (KeyError: 'components')"),
        (text, "is not a spec the mock can serve (TypeError"),
    ]:
        result = _cli(*proxy, "--spec", str(spec), "--port", "0")
        assert result.returncode == 1, result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("ai302-mock") and str(spec) in line and words in line, line


def test_the_usage_line_names_both_commands() -> None:
    usage = build_parser().format_usage()
    assert "ai302-mock [options]" in usage
    assert "ai302-mock proxy [options]" in usage
