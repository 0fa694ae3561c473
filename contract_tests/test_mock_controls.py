"""The mock's own controls: Prefer, latency, journal, spec serving, health.
(Refusals of each of them are in test_bad_input's catalogue.)"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH, headshot_body
from contract_tests.specfile import HEADSHOT, PORTRAIT, SPEC_PATH, load_spec, operation, resolve
from mockserver.journal import Journal

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


def test_latency_and_prefer_delay_are_applied(make_client: Any) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    client = make_client(latency_ms=(40, 40), sleep=fake_sleep)
    client.post(PORTRAIT, json={"task_id": "t"})
    client.post(PORTRAIT, json={"task_id": "t"}, headers={"Prefer": "delay=7"})
    ranged = make_client(latency_ms=(10, 20), seed=3, sleep=fake_sleep)
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


def test_the_journal_never_holds_a_secret_header_value_in_memory() -> None:
    # Entries are turned into dicts only when read: what is stored must already be clean.
    journal = Journal(4)
    secrets = {
        "authorization": "Bearer sk-live-1",
        "cookie": "c=sk-live-2",
        "x-api-key": "sk-3",
        "api-key": "sk-4",
    }
    raw = {name.encode(): value.encode() for name, value in {"host": "h", **secrets}.items()}
    journal.record("r1", "POST", HEADSHOT, b"", raw, None, 200)
    assert not any(value in repr(vars(journal)) for value in secrets.values())
    (entry,) = journal.entries()
    assert entry["headers"] == {"host": "h", **dict.fromkeys(secrets, "<redacted>")}


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        (b"api_key=sk-live-4&lang=en", "api_key=<redacted>&lang=en"),
        (b"key=live-5", "key=<redacted>"),
        (b"%6Bey=live-6", "%6Bey=<redacted>"),  # `key`, percent-encoded
        (b"x=sk-live-7", "x=<redacted>"),  # a key's look, whatever its name
        (b"x=%73k-live-8", "x=<redacted>"),
        (b"sk-live-9", "<redacted>"),  # a bare value
        (b"access_token=live-10&a=1&&b", "access_token=<redacted>&a=1&&b"),
        (b"a=1;api_key=sk-live-11", "a=1;api_key=<redacted>"),  # `;` separates too
        (b"api_key%3Dsk-live-12", "<redacted>"),  # its `=` percent-encoded
        (b"lang=en&num=2", "lang=en&num=2"),  # nothing secret: kept as sent
    ],
)
def test_the_journal_masks_a_key_put_in_the_query_string(query: bytes, shown: str) -> None:
    # The API takes its key in a header; a key in a URL is a client's mistake to contain.
    journal = Journal(4)
    journal.record("r1", "POST", HEADSHOT, query, {}, None, 200)
    if "<redacted>" in shown:
        assert "live-" not in repr(vars(journal))  # never stored, not only hidden
    (entry,) = journal.entries()
    assert entry["query"] == shown


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
