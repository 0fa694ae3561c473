"""The mock's own controls: Prefer, latency, journal, spec serving, health, routing errors."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH, assert_error, headshot_body
from contract_tests.specfile import HEADSHOT, PORTRAIT, SPEC_PATH, load_spec, operation, resolve

SPEC = load_spec()


@pytest.mark.parametrize("path", [HEADSHOT, PORTRAIT])
def test_prefer_code_returns_each_documented_error_example(client: TestClient, path: str) -> None:
    for status_text, response in operation(SPEC, path)["responses"].items():
        status = int(status_text)
        if status < 400:
            continue
        got = client.post(path, json={}, headers={**AUTH, "Prefer": f"code={status}"})
        documented = resolve(SPEC, response)
        assert got.status_code == status
        assert got.json() == documented["content"]["application/json"]["example"]
        if "headers" in documented:
            assert got.headers["retry-after"].isdigit()


@pytest.mark.parametrize(
    ("prefer", "words"),
    [
        ("code=418", ("418", "not documented")),
        ("code=402", ("402", "not documented")),
        ("example=nope", ("nope", "known")),
        ("colour=blue", ("unknown preference",)),
        ("code=abc", ("code",)),
        ("delay=999999999", ("delay",)),
        ("%%%", ("Prefer",)),
    ],
)
def test_prefer_garbage_or_undocumented_choices_are_a_clear_400(
    client: TestClient, prefer: str, words: tuple[str, ...]
) -> None:
    # 402 is documented for headshot but not for portrait_result.
    response = client.post(PORTRAIT, json={"task_id": "t"}, headers={"Prefer": prefer})
    assert_error(response, 400, *words)


def test_latency_and_prefer_delay_are_applied(
    make_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    client = make_client(latency_ms=(40, 40))
    client.post(PORTRAIT, json={"task_id": "t"})
    client.post(PORTRAIT, json={"task_id": "t"}, headers={"Prefer": "delay=7"})
    ranged = make_client(latency_ms=(10, 20), seed=3)
    for _ in range(20):
        ranged.post(PORTRAIT, json={"task_id": "t"})
    assert slept[:2] == [0.04, 0.007]
    assert all(0.010 <= s <= 0.020 for s in slept[2:]) and len(set(slept[2:])) > 1


def test_journal_lists_requests_with_the_authorization_value_redacted(client: TestClient) -> None:
    client.post(HEADSHOT, json=headshot_body(custom_prompt="x" * 500), headers=AUTH)
    entries = client.get("/_mock/requests").json()["requests"]
    (entry,) = entries
    assert entry["method"] == "POST" and entry["path"] == HEADSHOT and entry["status"] == 200
    assert entry["headers"]["authorization"] == "<redacted>"
    assert "sk-test-secret-key" not in client.get("/_mock/requests").text
    assert entry["body"]["fields"]["custom_prompt"].endswith("(500 chars)")
    assert client.delete("/_mock/requests").status_code == 204
    assert client.get("/_mock/requests").json()["requests"] == []


def test_journal_is_a_bounded_ring_buffer(make_client: Any) -> None:
    client = make_client(journal_size=5)
    for i in range(12):
        client.post(PORTRAIT, json={"task_id": f"t{i}"})
    entries = client.get("/_mock/requests").json()["requests"]
    assert len(entries) == 5
    assert [e["status"] for e in entries] == [200] * 5


def test_the_spec_is_served_as_yaml_and_json(client: TestClient) -> None:
    as_yaml = client.get("/openapi.yaml")
    assert as_yaml.content == SPEC_PATH.read_bytes()
    assert client.get("/openapi.json").json() == yaml.safe_load(as_yaml.content)


def test_health(client: TestClient) -> None:
    assert client.get("/_mock/health").json() == {"status": "ok"}


def test_unknown_routes_and_methods_get_302ai_errors(client: TestClient) -> None:
    assert_error(client.get("/v1/unknown"), 404)
    assert_error(client.get(HEADSHOT), 405)


@pytest.mark.parametrize(
    "name",
    [
        "headshot-99999x99999.webp",
        "headshot-0x10.webp",
        "..%2f..%2fetc%2fpasswd",
        "%2e%2e",
        "headshot-10x10.gif",
    ],
)
def test_image_route_refuses_absurd_or_unknown_names(client: TestClient, name: str) -> None:
    response = client.get(f"/_mock/images/{name}")
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


def test_image_route_refuses_unknown_parameters_and_long_text(client: TestClient) -> None:
    assert_error(client.get("/_mock/images/headshot-10x10.webp?evil=1"), 400, "evil")
    assert_error(client.get("/_mock/images/headshot-10x10.webp?text=" + "a" * 300), 400)
