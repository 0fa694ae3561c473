"""`ai302-mock proxy`: relays unchanged, reports each drift by kind, fails safe, caps paid calls.

Every upstream here runs on 127.0.0.1, started by the test: the mock itself for a
conforming API, scripted Starlette apps for a drifting one.
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import yaml
from starlette.testclient import TestClient

from contract_tests.conftest import assert_error
from contract_tests.images import image_bytes
from contract_tests.specfile import HEADSHOT, PORTRAIT, load_spec, operation
from contract_tests.upstreams import Scripted, dropping_upstream, served
from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.proxy import CAPPED_HEADER, VIOLATIONS_HEADER, ProxyConfig, create_proxy_app

SPEC = load_spec()
KEY = "sk-proxy-test-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}


def _request_example(path: str, name: str) -> dict[str, Any]:
    media = operation(SPEC, path)["requestBody"]["content"]["application/json"]
    value: dict[str, Any] = media["examples"][name]["value"]
    return value


def _response_example(path: str, name: str) -> dict[str, Any]:
    media = operation(SPEC, path)["responses"]["200"]["content"]["application/json"]
    value: dict[str, Any] = copy.deepcopy(media["examples"][name]["value"])
    return value


PORTRAIT_REQUEST = _request_example(PORTRAIT, "page_example")
PORTRAIT_ANSWER = _response_example(PORTRAIT, "page_example")
HEADSHOT_REQUEST = _request_example(HEADSHOT, "style_preset")
HEADSHOT_ANSWER = _response_example(HEADSHOT, "page_example")
ERROR_EXAMPLE: dict[str, Any] = SPEC["components"]["responses"]["BadRequest"]["content"][
    "application/json"
]["example"]


@contextmanager
def proxy(upstream: str, **config: Any) -> Iterator[TestClient]:
    app = create_proxy_app(ProxyConfig(upstream=upstream, **config))
    with TestClient(app, raise_server_exceptions=True) as client:
        yield client


@contextmanager
def scripted_proxy(upstream: Scripted, **config: Any) -> Iterator[TestClient]:
    with served(upstream.app()) as url, proxy(url, **config) as client:
        yield client


def answer_with_code(literal: bytes) -> bytes:
    """The portrait page's answer with `code` written as this JSON number literal."""
    return orjson.dumps({**PORTRAIT_ANSWER, "code": "CODE"}).replace(b'"CODE"', literal)


def violations(response: Any) -> list[dict[str, str]]:
    found: list[dict[str, str]] = json.loads(response.headers[VIOLATIONS_HEADER])
    return found


def kinds_at(response: Any) -> set[tuple[str, str]]:
    return {(v["kind"], v["location"]) for v in violations(response)}


def test_a_conforming_upstream_s_answer_arrives_unchanged_with_an_empty_violations_header() -> None:
    upstream = Scripted.json(PORTRAIT_ANSWER, headers={"x-trace-id": "t-42", "set-cookie": "a=b"})
    with scripted_proxy(upstream) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert response.status_code == 200
    assert response.content == upstream.body  # byte for byte
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-trace-id"] == "t-42"
    assert response.headers["set-cookie"] == "a=b"
    assert response.headers[VIOLATIONS_HEADER] == "[]"


def test_header_bytes_pass_both_ways_as_they_came_even_when_not_ascii() -> None:
    utf8 = "caf\xc3\xa9"  # the UTF-8 bytes of "café", as the latin-1 str Starlette sends
    upstream = Scripted.json(PORTRAIT_ANSWER, headers={"x-name": utf8})
    key = "Bearer sk-clé".encode()
    with served(upstream.app()) as url:
        app = create_proxy_app(ProxyConfig(upstream=url))
        with served(app) as proxy_url:
            response = httpx.post(
                f"{proxy_url}{PORTRAIT}",
                json=PORTRAIT_REQUEST,
                headers=[(b"Authorization", key), (b"x-client", "naïve".encode())],
            )
    assert response.status_code == 200
    assert (b"x-name", "café".encode()) in response.headers.raw
    (received,) = upstream.received
    sent = dict(received["headers"])
    assert sent["authorization"].encode("latin-1") == key
    assert sent["x-client"].encode("latin-1") == "naïve".encode()


def test_the_mock_as_upstream_gives_no_response_violation_for_good_or_bad_requests() -> None:
    calls: list[tuple[str, dict[str, Any], dict[str, str]]] = [
        (PORTRAIT, PORTRAIT_REQUEST, AUTH),
        (PORTRAIT, {"task_id": "in_queue"}, {}),
        (HEADSHOT, HEADSHOT_REQUEST, AUTH),
        (HEADSHOT, _request_example(HEADSHOT, "custom_prompt"), AUTH),
        (HEADSHOT, {**HEADSHOT_REQUEST, "person_type": "robot"}, AUTH),  # mock: 400
        (HEADSHOT, HEADSHOT_REQUEST, {}),  # mock: 401
        (PORTRAIT, {"task_id": 7}, AUTH),  # mock: 400
    ]
    with (
        served(create_app(MockConfig(seed=3))) as url,
        proxy(url, max_paid_calls=len(calls)) as client,
    ):
        for path, body, headers in calls:
            direct = httpx.post(f"{url}{path}", json=body, headers=headers)
            response = client.post(path, json=body, headers=headers)
            assert response.status_code == direct.status_code, response.text
            assert response.headers["content-type"] == "application/json"
            about_response = [v for v in violations(response) if v["location"].startswith("resp")]
            assert about_response == [], (path, body, response.text)
            if response.status_code == 200:
                assert violations(response) == []


def _without(value: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: item for key, item in value.items() if key != name}


DRIFTS = [
    pytest.param(
        PORTRAIT,
        Scripted.json(ERROR_EXAMPLE, 418),
        {("undocumented_status", "response.status")},
        id="undocumented_status",
    ),
    pytest.param(
        PORTRAIT,
        Scripted.json(_without(PORTRAIT_ANSWER, "time_elapsed")),
        {("missing_required_field", "response.body.time_elapsed")},
        id="missing_required_field",
    ),
    pytest.param(
        PORTRAIT,
        Scripted.json(
            {
                **PORTRAIT_ANSWER,
                "data": {k: v for k, v in PORTRAIT_ANSWER["data"].items() if k != "status"},
            }
        ),
        {("missing_required_field", "response.body.data.status")},
        id="missing_required_field_inside_a_nullable_object",
    ),
    pytest.param(
        HEADSHOT,
        Scripted.json({"headshot_url_list": "https://file.302.ai/a.webp"}),
        {("wrong_type", "response.body.headshot_url_list")},
        id="wrong_type",
    ),
    pytest.param(
        PORTRAIT,
        Scripted.json({**PORTRAIT_ANSWER, "code": "10000"}),
        {("wrong_type", "response.body.code")},
        id="wrong_type_of_a_scalar",
    ),
    pytest.param(
        HEADSHOT,
        Scripted.json({"detail": "Unauthorized"}, 401),
        {("error_shape", "response.body.error"), ("undocumented_field", "response.body.detail")},
        id="error_shape",
    ),
    pytest.param(
        PORTRAIT,
        Scripted(status=503, body=b"<html>Bad gateway</html>", content_type="text/html"),
        {("error_shape", "response.header.content-type"), ("error_shape", "response.body")},
        id="error_shape_not_json",
    ),
    pytest.param(
        PORTRAIT,
        Scripted.json({**PORTRAIT_ANSWER, "billing": {"cost": 0.02}}),
        {("undocumented_field", "response.body.billing")},
        id="undocumented_field",
    ),
    pytest.param(
        PORTRAIT,
        Scripted(status=200, body=b"ok", content_type="text/plain"),
        {
            ("undocumented_content_type", "response.header.content-type"),
            ("invalid_body", "response.body"),
        },
        id="invalid_body",
    ),
]


@pytest.mark.parametrize(("path", "upstream", "expected"), DRIFTS)
def test_each_scripted_drift_is_reported_with_its_kind_and_the_answer_still_relayed(
    path: str, upstream: Scripted, expected: set[tuple[str, str]]
) -> None:
    body = PORTRAIT_REQUEST if path == PORTRAIT else HEADSHOT_REQUEST
    with scripted_proxy(upstream, max_paid_calls=1) as client:
        response = client.post(path, json=body, headers=AUTH)
    assert response.status_code == upstream.status
    assert response.content == upstream.body
    assert kinds_at(response) == expected, violations(response)


def test_an_answer_nested_too_deeply_to_parse_is_relayed_and_reported(tmp_path: Path) -> None:
    upstream = Scripted(body=b"[" * 5000 + b"]" * 5000)
    with scripted_proxy(upstream, record_dir=tmp_path) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert response.status_code == 200 and response.content == upstream.body
    assert kinds_at(response) == {("invalid_body", "response.body")}
    (record,) = tmp_path.glob("*/*.json")
    assert json.loads(record.read_text())["response"]["text"] == upstream.body.decode()


@pytest.mark.parametrize(
    ("literal", "words"),
    [(b"9" * 5000, "digits"), (b"1e400", "1e400"), (b"NaN", "NaN")],
    ids=["too-many-digits", "beyond-double", "nan"],
)
def test_a_number_the_mock_cannot_read_is_reported_in_its_own_words(
    literal: bytes, words: str
) -> None:
    body = answer_with_code(literal)
    with scripted_proxy(Scripted(body=body)) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert response.content == body
    (found,) = violations(response)
    assert (found["kind"], found["location"]) == ("invalid_body", "response.body")
    assert words in found["message"] and "sys.set_int_max_str_digits" not in found["message"]


def test_an_integer_beyond_64_bits_within_int_s_bound_is_read_not_refused() -> None:
    body = answer_with_code(b"9" * 400)
    with scripted_proxy(Scripted(body=body)) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert ("invalid_body", "response.body") not in kinds_at(response)


def test_an_undocumented_field_is_a_warning_not_an_error() -> None:
    upstream = Scripted.json({**PORTRAIT_ANSWER, "billing": 1})
    with scripted_proxy(upstream) as client:
        client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
        report = client.get("/_mock/violations").json()
    (found,) = report["violations"]
    assert found["kind"] == "undocumented_field" and found["severity"] == "warning"
    assert report["answers"] == {"errors": 0, "warnings": 1}


def test_an_unknown_value_of_a_response_enum_is_reported(tmp_path: Path) -> None:
    # The spec leaves data.status open; a spec that closes it with an enum must flag drift.
    spec = load_spec()
    status = spec["components"]["schemas"]["PortraitResultData"]["properties"]["status"]
    status["enum"] = status["x-known-values"]
    closed = tmp_path / "closed.yaml"
    closed.write_text(yaml.safe_dump(spec, allow_unicode=True))
    answer = {**PORTRAIT_ANSWER, "data": {**PORTRAIT_ANSWER["data"], "status": "paused"}}
    with scripted_proxy(Scripted.json(answer), spec_path=closed) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert kinds_at(response) == {("unknown_enum_value", "response.body.data.status")}
    assert "paused" in violations(response)[0]["message"]


def test_a_request_that_breaks_the_spec_is_reported_and_still_forwarded() -> None:
    upstream = Scripted.json(ERROR_EXAMPLE, 400)
    bad = {**HEADSHOT_REQUEST, "person_type": "robot", "num": "2", "colour": "red"}
    del bad["image"]
    with scripted_proxy(upstream, max_paid_calls=1) as client:
        response = client.post(HEADSHOT, json=bad)
    assert len(upstream.received) == 1  # the user wants to see what upstream does with it
    assert response.json() == ERROR_EXAMPLE
    assert kinds_at(response) == {
        ("missing_auth", "request.header.authorization"),
        ("missing_required_field", "request.body.image"),
        ("unknown_enum_value", "request.body.person_type"),
        ("wrong_type", "request.body.num"),
        ("undocumented_field", "request.body.colour"),
    }


@pytest.mark.parametrize(
    ("body", "code"),
    [(b'{"task_id": "done", "\\udc00": 1}', "\\udc00"), (b'{"task_id": "\\ud800"}', "\\ud800")],
)
def test_a_lone_surrogate_is_forwarded_and_reported_as_an_invalid_body(
    body: bytes, code: str, tmp_path: Path
) -> None:
    upstream = Scripted.json(PORTRAIT_ANSWER)
    with scripted_proxy(upstream, record_dir=tmp_path) as client:
        response = client.post(
            PORTRAIT, content=body, headers={**AUTH, "Content-Type": "application/json"}
        )
    assert response.status_code == 200
    assert len(upstream.received) == 1
    [violation] = violations(response)
    assert (violation["kind"], violation["location"]) == ("invalid_body", "request.body")
    assert code in violation["message"]


def test_authorization_is_passed_through_untouched_and_only_to_the_upstream() -> None:
    upstream = Scripted.json(PORTRAIT_ANSWER)
    bystander = Scripted.json({})
    odd_key = "Bearer  sk-Odd Spacing-and-CASE"
    with served(bystander.app()) as elsewhere, scripted_proxy(upstream) as client:
        body = {**PORTRAIT_REQUEST, "image_url": f"{elsewhere}/steal"}
        response = client.post(
            f"{PORTRAIT}?response_format=url",
            json=body,
            headers={"Authorization": odd_key, "Host": elsewhere.removeprefix("http://")},
        )
    assert response.status_code == 200
    (received,) = upstream.received
    assert dict(received["headers"])["authorization"] == odd_key
    assert received["url"].endswith(f"{PORTRAIT}?response_format=url")
    assert bystander.received == []  # neither the Host header nor a URL in the body is followed


def test_a_path_outside_the_spec_is_not_forwarded() -> None:
    upstream = Scripted.json({})
    with scripted_proxy(upstream) as client:
        response = client.post("/v1/chat/completions", json={}, headers=AUTH)
        slashed = client.post(PORTRAIT + "/", json=PORTRAIT_REQUEST, headers=AUTH)
    assert_error(response, 404, "forwards only the spec's operations")
    assert_error(slashed, 404)
    assert upstream.received == []


def test_a_slow_upstream_gets_504_in_302ai_error_shape() -> None:
    slow = Scripted.json(PORTRAIT_ANSWER, delay_s=120)
    with (
        served(slow.app(), wait_for_shutdown=False) as url,
        proxy(url, upstream_timeout_s=0.5) as client,
    ):
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
        report = client.get("/_mock/violations").json()
    assert_error(response, 504, "did not answer within 0.5 s", "--upstream-timeout")
    assert report["operations"]["get_portrait_result"]["upstream_failed"] == 1


def test_an_upstream_that_drops_the_connection_gets_502_in_302ai_error_shape() -> None:
    with dropping_upstream() as url, proxy(url) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    # RemoteProtocolError or ReadError, depending on whether the close came as FIN or RST.
    assert_error(response, 502, "the upstream's answer was lost")


def test_an_upstream_that_is_not_listening_gets_502() -> None:
    with served(Scripted().app()) as url:
        pass  # the port is closed again
    with proxy(url) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert_error(response, 502, "ConnectError")


def _ten_megabyte_answer() -> dict[str, Any]:
    image = base64.b64encode(b"\x89PNG" + b"\x00" * (7_500_000)).decode()
    return {**PORTRAIT_ANSWER, "data": {**PORTRAIT_ANSWER["data"], "binary_data_base64": [image]}}


def test_a_ten_megabyte_answer_is_relayed_whole_and_checked() -> None:
    upstream = Scripted.json(_ten_megabyte_answer())
    assert len(upstream.body) > 10_000_000
    with scripted_proxy(upstream) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert response.status_code == 200
    assert response.content == upstream.body
    assert response.headers[VIOLATIONS_HEADER] == "[]"


def test_an_answer_over_the_response_bound_gets_502_naming_the_option() -> None:
    upstream = Scripted.json(_ten_megabyte_answer())
    with scripted_proxy(upstream, max_response_bytes=1_000_000) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert_error(response, 502, "--max-response-bytes")


def test_with_max_paid_calls_1_the_second_headshot_call_never_reaches_upstream() -> None:
    upstream = Scripted.json(HEADSHOT_ANSWER)
    with scripted_proxy(upstream, max_paid_calls=1) as client:
        first = client.post(HEADSHOT, json=HEADSHOT_REQUEST, headers=AUTH)
        second = client.post(HEADSHOT, json=HEADSHOT_REQUEST, headers=AUTH)
        free = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
        report = client.get("/_mock/violations").json()
    assert first.status_code == 200 and first.json() == HEADSHOT_ANSWER
    error = assert_error(second, 403, "--max-paid-calls")
    assert "--max-paid-calls" in error["message_cn"] and "付费" in error["message_cn"]
    assert "--max-paid-calls" in error["message_jp"] and "有料" in error["message_jp"]
    assert second.headers[CAPPED_HEADER] == "max-paid-calls"
    assert free.status_code == 200  # the cap counts only operations marked x-paid
    assert [r["url"].endswith(HEADSHOT) for r in upstream.received] == [True, False]
    assert report["operations"]["generate_headshot"] == {
        "forwarded": 1,
        "capped": 1,
        "upstream_failed": 0,
    }


def test_concurrent_paid_calls_cannot_slip_past_the_cap() -> None:
    # The first call is still waiting upstream when the others arrive.
    upstream = Scripted.json(HEADSHOT_ANSWER, delay_s=0.5)
    with (
        served(upstream.app()) as url,
        served(create_proxy_app(ProxyConfig(upstream=url, max_paid_calls=1))) as proxy_url,
        ThreadPoolExecutor(max_workers=6) as pool,
    ):
        statuses = list(
            pool.map(
                lambda _: (
                    httpx.post(
                        f"{proxy_url}{HEADSHOT}", json=HEADSHOT_REQUEST, headers=AUTH
                    ).status_code
                ),
                range(6),
            )
        )
    assert sorted(statuses) == [200, 403, 403, 403, 403, 403]
    assert len(upstream.received) == 1


def test_by_default_no_paid_call_is_forwarded() -> None:
    upstream = Scripted.json(HEADSHOT_ANSWER)
    with scripted_proxy(upstream) as client:
        response = client.post(HEADSHOT, json=HEADSHOT_REQUEST, headers=AUTH)
    assert_error(response, 403, "--max-paid-calls 0")
    assert upstream.received == []


def test_the_paid_operations_are_those_the_spec_marks_x_paid(tmp_path: Path) -> None:
    spec = load_spec()
    spec["paths"][HEADSHOT]["post"]["x-paid"] = False
    spec["paths"][PORTRAIT]["post"]["x-paid"] = True
    swapped = tmp_path / "swapped.yaml"
    swapped.write_text(yaml.safe_dump(spec, allow_unicode=True))
    upstream = Scripted.json(HEADSHOT_ANSWER)
    with scripted_proxy(upstream, spec_path=swapped) as client:
        assert client.post(HEADSHOT, json=HEADSHOT_REQUEST, headers=AUTH).status_code == 200
        assert_error(client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH), 403)


def test_the_report_counts_by_operation_and_kind_live_and_as_json_and_junit(tmp_path: Path) -> None:
    upstream = Scripted.json({**PORTRAIT_ANSWER, "code": "10000", "extra": 1})
    report_path = tmp_path / "out" / "report.json"
    with scripted_proxy(upstream, report_path=report_path) as client:
        for _ in range(3):
            client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
        live = client.get("/_mock/violations").json()
        assert not report_path.exists()  # written on shutdown
    assert json.loads(report_path.read_text()) == live
    by_kind = {v["kind"]: v for v in live["violations"]}
    assert by_kind["wrong_type"]["count"] == 3
    assert by_kind["wrong_type"]["operation"] == "get_portrait_result"
    assert by_kind["undocumented_field"]["severity"] == "warning"
    assert live["answers"] == {"errors": 3, "warnings": 3}
    assert live["requests"] == {"errors": 0, "warnings": 0}
    suite = ET.parse(report_path.with_suffix(".xml")).getroot().find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    # One test case per operation of the spec, exercised or not.
    spec_operations = {
        op["operationId"] for item in load_spec()["paths"].values() for op in item.values()
    }
    assert set(cases) == spec_operations
    failure = cases["get_portrait_result"].find("failure")
    assert failure is not None and "wrong_type at response.body.code (x3)" in (failure.text or "")
    assert cases["generate_headshot"].find("skipped") is not None
    assert suite.get("failures") == "1" and suite.get("tests") == str(len(spec_operations))


def test_a_bad_request_is_counted_apart_and_does_not_fail_the_junit_report(tmp_path: Path) -> None:
    # A contract run sends invalid requests on purpose: only the API's answers can fail it.
    report_path = tmp_path / "report.xml"
    with scripted_proxy(Scripted.json(ERROR_EXAMPLE, 400), report_path=report_path) as client:
        client.post(PORTRAIT, json={"task_id": 5, "req_json": 7}, headers=AUTH)
        live = client.get("/_mock/violations").json()
    assert live["requests"] == {"errors": 2, "warnings": 0}  # neither field is a string
    assert live["answers"] == {"errors": 0, "warnings": 0}
    assert json.loads(report_path.with_suffix(".json").read_text()) == live
    suite = ET.parse(report_path).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    (case,) = [c for c in suite.iter("testcase") if c.get("name") == "get_portrait_result"]
    assert "wrong_type at request.body.task_id" in (case.findtext("system-out") or "")


def test_the_violations_header_stays_small_when_the_drift_is_large() -> None:
    upstream = Scripted.json({**PORTRAIT_ANSWER, **{f"field_{i}": "x" * 500 for i in range(60)}})
    with scripted_proxy(upstream) as client:
        response = client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert len(response.headers[VIOLATIONS_HEADER]) < 8192
    found = violations(response)
    assert found[-1]["kind"] == "truncated" and "/_mock/violations" in found[-1]["message"]
    assert len(client.app.state.proxy.report.as_json()["violations"]) == 60  # type: ignore[attr-defined]


def test_a_multipart_request_is_checked_and_forwarded_as_sent() -> None:
    upstream = Scripted.json(HEADSHOT_ANSWER)
    with scripted_proxy(upstream, max_paid_calls=1) as client:
        response = client.post(
            HEADSHOT,
            files={"image": ("me.png", image_bytes(), "image/png")},
            data={"person_type": "kid", "style": "15"},
            headers=AUTH,
        )
    assert response.status_code == 200 and violations(response) == []
    (received,) = upstream.received
    assert image_bytes() in received["body"]
    assert dict(received["headers"])["content-type"].startswith("multipart/form-data; boundary=")


def test_neither_the_logs_nor_an_error_message_hold_the_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with dropping_upstream() as url, proxy(url, max_paid_calls=1) as client:
        lost = client.post(HEADSHOT, json=HEADSHOT_REQUEST, headers=AUTH)
    with scripted_proxy(Scripted.json({"detail": KEY}, 401)) as client:
        client.post(PORTRAIT, json=PORTRAIT_REQUEST, headers=AUTH)
    assert KEY not in lost.text
    assert "proxy: " in caplog.text  # the proxy does log...
    assert KEY not in caplog.text  # ...but never the key
