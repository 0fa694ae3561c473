"""`ai302-mock proxy --record DIR`, then `ai302-mock --replay DIR`: recorded once against
an upstream (here on 127.0.0.1, started by the test), answered from disk thereafter."""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from contract_tests.conftest import headshot_body
from contract_tests.images import image_bytes
from contract_tests.live_mock import ROOT, live_mock
from contract_tests.specfile import HEADSHOT, PORTRAIT
from contract_tests.test_proxy import (
    AUTH,
    KEY,
    PORTRAIT_ANSWER,
    PORTRAIT_REQUEST,
    answer_with_code,
    proxy,
    scripted_proxy,
)
from contract_tests.upstreams import Scripted, served
from mockserver.app import create_app
from mockserver.cli import build_parser
from mockserver.config import DEFAULT_SPEC, MockConfig
from mockserver.proxy_cli import build_parser as proxy_parser
from mockserver.recording import BLOB_MIN_CHARS, Recordings, request_key
from mockserver.replay import REPLAY_HEADER
from mockserver.spec_loader import load_spec

IMAGE_B64 = base64.b64encode(image_bytes(size=(64, 64)) * 8).decode()
BIG_ANSWER = {
    **PORTRAIT_ANSWER,
    "data": {**PORTRAIT_ANSWER["data"], "binary_data_base64": [IMAGE_B64, IMAGE_B64]},
}


@contextmanager
def replaying(directory: Path) -> Iterator[TestClient]:
    with TestClient(create_app(MockConfig(replay_dir=directory))) as client:
        yield client


def all_bytes(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file())


def test_a_recorded_request_replays_the_recorded_body_and_no_file_holds_the_key(
    tmp_path: Path,
) -> None:
    assert len(IMAGE_B64) >= BLOB_MIN_CHARS
    upstream = Scripted.json(BIG_ANSWER, headers={"x-upstream": "real", "set-cookie": "s=1"})
    with served(upstream.app()) as url, proxy(url, record_dir=tmp_path) as client:
        recorded = client.post(
            PORTRAIT, json=PORTRAIT_REQUEST, headers={**AUTH, "Cookie": "session=abc"}
        )
    assert recorded.status_code == 200
    # The same request with other spacing and key order, also inside req_json; no key.
    req_json = json.loads(PORTRAIT_REQUEST["req_json"])
    respaced = {**PORTRAIT_REQUEST, "req_json": json.dumps(dict(reversed(req_json.items())))}
    assert respaced["req_json"] != PORTRAIT_REQUEST["req_json"]
    same = json.dumps(dict(reversed(respaced.items())), indent=4)
    other = {**PORTRAIT_REQUEST, "task_id": "a-task-never-recorded"}
    with replaying(tmp_path) as client:
        replayed = client.post(PORTRAIT, content=same, headers={"Content-Type": "application/json"})
        fallback = client.post(PORTRAIT, json=other, headers=AUTH)
    assert replayed.status_code == 200
    assert replayed.json() == recorded.json() == BIG_ANSWER
    assert replayed.headers["x-upstream"] == "real"
    assert replayed.headers[REPLAY_HEADER].startswith("get_portrait_result/")
    assert REPLAY_HEADER not in fallback.headers  # the mock's own answer
    assert fallback.status_code == 200 and fallback.json()["code"] == 10000
    stored = all_bytes(tmp_path)
    assert KEY.encode() not in stored
    assert b"session=abc" not in stored and b"s=1" not in stored


def test_a_key_in_the_query_string_is_not_recorded_and_the_request_still_replays(
    tmp_path: Path,
) -> None:
    query = f"?api_key={KEY}&lang=en"
    with (
        served(Scripted.json(PORTRAIT_ANSWER).app()) as url,
        proxy(url, record_dir=tmp_path) as client,
    ):
        assert client.post(PORTRAIT + query, json=PORTRAIT_REQUEST).status_code == 200
    assert KEY.encode() not in all_bytes(tmp_path)
    with replaying(tmp_path) as client:
        replayed = client.post(PORTRAIT + query, json=PORTRAIT_REQUEST)
        other = client.post(PORTRAIT + "?api_key=sk-other&lang=jp", json=PORTRAIT_REQUEST)
    assert REPLAY_HEADER in replayed.headers and replayed.json() == PORTRAIT_ANSWER
    assert REPLAY_HEADER not in other.headers  # the rest of the query still tells them apart


def test_req_json_is_compared_as_the_mock_reads_it() -> None:
    """1e400 and 2e400 are two requests, as the mock (which refuses both) would see them;
    json.loads read both as infinity. 2**64 and 2**64 + 1 are two as well (orjson would
    make both the same float). Other numbers compare by value."""
    portrait = load_spec(DEFAULT_SPEC).operations["get_portrait_result"]

    def key(req_json: str) -> str:
        return request_key(portrait, "", {**PORTRAIT_REQUEST, "req_json": req_json}, b"")

    assert key('{"seed": 1e400}') != key('{"seed": 2e400}')
    assert key(f'{{"seed": {2**64}}}') != key(f'{{"seed": {2**64 + 1}}}')
    assert key('{"seed": 1.0}') == key('{"seed":1.0}')
    assert key('{"seed": 1}') != key('{"seed": 2}')


def test_an_integer_beyond_64_bits_is_recorded_and_replayed_exactly(tmp_path: Path) -> None:
    exact = 123456789012345678901234
    body = answer_with_code(str(exact).encode())
    with scripted_proxy(Scripted(body=body), record_dir=tmp_path) as client:
        client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    (record,) = tmp_path.glob("*/*.json")
    assert json.loads(record.read_text())["response"]["json"]["code"] == exact
    with replaying(tmp_path) as client:
        answer = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert answer.headers[REPLAY_HEADER] and json.loads(answer.content)["code"] == exact


@pytest.mark.parametrize("literal", [b"NaN", b"1e400", b'{"code": -Infinity}'])
def test_an_answer_the_mock_cannot_read_as_json_is_recorded_as_text(
    tmp_path: Path, literal: bytes
) -> None:
    upstream = Scripted(body=literal)
    with scripted_proxy(upstream, record_dir=tmp_path) as client:
        client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    (record,) = tmp_path.glob("*/*.json")
    text = record.read_text()
    assert json.loads(text, parse_constant=_refuse)["response"]["text"] == literal.decode()


def _refuse(constant: str) -> None:
    raise AssertionError(f"the recording holds {constant}, which is not JSON")


def test_large_base64_strings_are_stored_once_by_content_hash(tmp_path: Path) -> None:
    upstream = Scripted.json(BIG_ANSWER)
    with served(upstream.app()) as url, proxy(url, record_dir=tmp_path) as client:
        for task in ("t1", "t2"):
            client.post(PORTRAIT, json={"task_id": task}, headers=AUTH)
    (blob,) = (tmp_path / "blobs").iterdir()
    assert blob.read_text() == IMAGE_B64
    records = sorted((tmp_path / "get_portrait_result").glob("*.json"))
    assert len(records) == 2
    for path in records:
        text = path.read_text()
        assert IMAGE_B64 not in text
        # Diffable: pretty-printed, keys sorted, exactly as json.dumps writes it.
        assert (
            text
            == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )
        record = json.loads(text)
        assert (
            record["response"]["json"]["data"]["binary_data_base64"]
            == [{"$blob": f"blobs/{blob.name}"}] * 2
        )


def test_a_repeated_request_replays_its_answers_in_recorded_order(tmp_path: Path) -> None:
    queued = {**PORTRAIT_ANSWER, "data": {**PORTRAIT_ANSWER["data"], "status": "in_queue"}}
    upstream = Scripted.json(queued)
    with served(upstream.app()) as url, proxy(url, record_dir=tmp_path) as client:
        client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
        upstream.body = json.dumps(PORTRAIT_ANSWER).encode()
        client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    with replaying(tmp_path) as client:
        statuses = [
            client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH).json()["data"]["status"]
            for _ in range(3)
        ]
    assert statuses == ["in_queue", "done", "done"]


def test_multipart_requests_match_whatever_the_boundary(tmp_path: Path) -> None:
    answer = {"headshot_url_list": ["https://file.302.ai/gpt/imgs/recorded.webp"]}
    upstream = Scripted.json(answer)
    fields = {"person_type": "kid", "style": "15"}
    files = {"image": ("me.png", image_bytes(), "image/png")}
    with (
        served(upstream.app()) as url,
        proxy(url, record_dir=tmp_path, max_paid_calls=1) as client,
    ):
        assert client.post(HEADSHOT, files=files, data=fields, headers=AUTH).json() == answer
    with replaying(tmp_path) as client:
        replayed = client.post(HEADSHOT, files=files, data=fields, headers=AUTH)
        other_image = client.post(
            HEADSHOT,
            files={"image": ("me.png", image_bytes(size=(20, 20)), "image/png")},
            data=fields,
            headers=AUTH,
        )
    assert replayed.json() == answer
    assert REPLAY_HEADER not in other_image.headers
    assert other_image.json()["headshot_url_list"] != answer["headshot_url_list"]
    (blob,) = (tmp_path / "blobs").glob("*.bin")
    assert blob.read_bytes() == image_bytes()


def test_a_recording_cannot_point_replay_at_a_file_outside_its_directory(tmp_path: Path) -> None:
    (tmp_path / "get_portrait_result").mkdir()
    (tmp_path / "get_portrait_result" / "0000-001.json").write_text(
        json.dumps(
            {
                "format": "ai302-recording/1",
                "key": "0000",
                "response": {"status": 200, "headers": {}, "blob": "../../etc/passwd"},
            }
        )
    )
    with pytest.raises(ValueError, match="not a blob reference"):
        Recordings(tmp_path)


def test_a_malformed_recording_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "get_portrait_result").mkdir()
    (tmp_path / "get_portrait_result" / "0000-001.json").write_text('{"format": "other"}')
    with pytest.raises(ValueError, match=r"get_portrait_result/0000-001.json: not an ai302"):
        Recordings(tmp_path)


def test_replay_of_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a directory"):
        Recordings(tmp_path / "nowhere")


def test_the_cli_refuses_a_replay_directory_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--replay", str(tmp_path / "nowhere")])
    assert build_parser().parse_args(["--replay", str(tmp_path)]).replay == tmp_path


def test_the_proxy_cli_needs_an_http_upstream_and_a_whole_cap() -> None:
    for bad in (
        ["--upstream", "ftp://api.302.ai"],
        ["--upstream", "https://user:pw@api.302.ai"],
        ["--upstream", "https://api.302.ai", "--max-paid-calls", "-1"],
        [],
    ):
        with pytest.raises(SystemExit):
            proxy_parser().parse_args(bad)
    args = proxy_parser().parse_args(["--upstream", "https://api.302.ai/"])
    assert (args.upstream, args.max_paid_calls, args.host) == ("https://api.302.ai", 0, "127.0.0.1")


def _start_proxy(upstream: str, *args: str, log: Any) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "proxy", "--upstream", upstream, "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("ai302-mock: listening on "), line
    return process, line.split()[-1]


def test_the_cli_records_reports_on_shutdown_and_replays_without_logging_the_key(
    tmp_path: Path,
) -> None:
    record = tmp_path / "recorded"
    report = tmp_path / "report.json"
    log_path = tmp_path / "proxy.log"
    body = headshot_body(num=2)
    query = f"?api_key={KEY}&lang=en"  # a key in the URL too: httpx logs the URL it sends
    with served(create_app(MockConfig(seed=7))) as upstream, log_path.open("w") as log:
        process, url = _start_proxy(
            upstream,
            "--record", str(record),
            "--report", str(report),
            "--max-paid-calls", "1",
            "--log-level", "debug",
            log=log,
        )  # fmt: skip
        try:
            first = _post_when_ready(f"{url}{HEADSHOT}{query}", body)
            second = httpx.post(f"{url}{HEADSHOT}", json=body, headers=AUTH)
        finally:
            process.send_signal(signal.SIGTERM)
            stdout, _ = process.communicate(timeout=30)  # and closes the pipe
    assert first.status_code == 200, first.text
    assert len(first.headers.get_list("date")) == 1  # the upstream's, relayed
    assert second.status_code == 403
    written = json.loads(report.read_text())
    assert written["operations"]["generate_headshot"]["forwarded"] == 1
    assert written["operations"]["generate_headshot"]["capped"] == 1
    assert report.with_suffix(".xml").read_text().startswith("<?xml")
    logs = log_path.read_text() + stdout
    assert "generate_headshot" in logs
    assert "?api_key=<redacted>&lang=en" in logs  # the forwarded request's line is there
    assert KEY not in logs
    assert KEY.encode() not in all_bytes(record)
    with live_mock("--replay", str(record)) as mock:
        replayed = httpx.post(f"{mock.url}{HEADSHOT}{query}", json=body, headers=AUTH)
    assert replayed.status_code == 200
    assert replayed.json() == first.json()
    assert replayed.headers[REPLAY_HEADER].startswith("generate_headshot/")


def _post_when_ready(url: str, body: dict[str, Any]) -> httpx.Response:
    for _ in range(200):
        try:
            return httpx.post(url, json=body, headers=AUTH, timeout=30)
        except httpx.ConnectError:
            time.sleep(0.05)
    raise RuntimeError("the proxy never answered")
