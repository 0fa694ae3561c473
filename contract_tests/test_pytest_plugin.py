"""The pytest plugin's fixtures (mockserver/pytest_plugin.py), used here as a user would:
this suite runs with the plugin loaded by its `pytest11` entry point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from ai302_client import errors
from ai302_client.api.headshot import generate_headshot
from ai302_client.api.portrait import get_portrait_result
from ai302_client.models import (
    HeadshotRequest,
    PersonType,
    PortraitResultRequest,
    PortraitSubmitRequest,
)

from contract_tests.images import data_uri
from contract_tests.specfile import PORTRAIT, SPEC_PATH, load_spec
from mockserver import spec_loader
from mockserver.in_process import InProcessMock, config_from_options
from mockserver.live_server import LiveMock

KEY = "sk-plugin-test-key"


def _headshot(num: int) -> HeadshotRequest:
    return HeadshotRequest(image=data_uri(), person_type=PersonType.FEMALE, num=num)


def test_the_in_process_mock_serves_the_sync_generated_client(ai302_mock: InProcessMock) -> None:
    result = generate_headshot.sync(client=ai302_mock.client(KEY), body=_headshot(2))

    assert result is not None and len(result.headshot_url_list) == 2
    (entry,) = ai302_mock.journal()
    assert entry["path"] == "/302/headshot/generate" and entry["status"] == 200
    assert entry["headers"]["authorization"] == "<redacted>"
    assert KEY not in repr(ai302_mock.journal())


@pytest.mark.anyio
async def test_the_in_process_mock_serves_the_async_generated_client(
    ai302_mock: InProcessMock,
) -> None:
    client = ai302_mock.client(KEY)
    result = await get_portrait_result.asyncio(
        client=client, body=PortraitResultRequest(task_id="done")
    )

    assert result is not None and result.data is not None and result.data.status == "done"
    assert [entry["path"] for entry in ai302_mock.journal()] == [PORTRAIT]


def test_image_links_from_the_in_process_mock_are_served_by_it(ai302_mock: InProcessMock) -> None:
    result = generate_headshot.sync(client=ai302_mock.client(KEY), body=_headshot(1))
    assert result is not None
    (link,) = result.headshot_url_list

    with httpx.Client(transport=ai302_mock.transport) as http:
        image = http.get(link)

    assert link.startswith(ai302_mock.url)
    assert image.status_code == 200 and image.headers["content-type"] == "image/webp"


def test_each_in_process_mock_has_its_own_journal(
    ai302_mock_factory: Callable[..., InProcessMock],
) -> None:
    first, second = ai302_mock_factory(), ai302_mock_factory()
    generate_headshot.sync(client=first.client(KEY), body=_headshot(1))

    assert len(first.journal()) == 1 and second.journal() == []
    first.clear_journal()
    assert first.journal() == []


@pytest.mark.ai302_mock(api_keys=["sk-the-only-key"])
def test_marker_api_keys_make_the_mock_refuse_any_other_key(ai302_mock: InProcessMock) -> None:
    with pytest.raises(errors.AuthenticationError):
        generate_headshot.sync(client=ai302_mock.client("sk-another-key"), body=_headshot(1))

    client = ai302_mock.client("sk-the-only-key")
    assert generate_headshot.sync(client=client, body=_headshot(1)) is not None


@pytest.mark.ai302_mock(latency_ms=30, seed=7)
class TestMarkersOnAClass:
    @pytest.mark.ai302_mock(latency_ms=(10, 20))
    def test_the_marker_nearest_the_test_wins_and_the_others_still_apply(
        self, ai302_mock: InProcessMock
    ) -> None:
        assert ai302_mock.config.latency_ms == (10, 20)
        assert ai302_mock.config.seed == 7


def test_task_duration_option_walks_a_portrait_task_through_its_stages(
    ai302_mock_factory: Callable[..., InProcessMock],
) -> None:
    now = [0.0]
    mock = ai302_mock_factory(task_duration_s=6, clock=lambda: now[0])
    client = mock.client(KEY)
    stages = load_spec()["components"]["schemas"]
    lifecycle = next(
        prop["x-lifecycle"]
        for schema in stages.values()
        for prop in schema.get("properties", {}).values()
        if "x-lifecycle" in prop
    )

    submitted = client.portrait.submit(body=PortraitSubmitRequest(image_input=data_uri()))
    assert submitted.data is not None
    seen = []
    for moment in (0.0, 6.0):
        now[0] = moment
        body = PortraitResultRequest(task_id=submitted.data.task_id)
        result = get_portrait_result.sync(client=client, body=body)
        assert result is not None and result.data is not None
        seen.append(result.data.status)

    assert seen == [lifecycle[0], lifecycle[-1]]


def test_another_spec_path_is_served_as_is(
    ai302_mock_factory: Callable[..., InProcessMock], tmp_path: Path
) -> None:
    spec = load_spec()
    spec["info"]["title"] = "A spec of the user's own"
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")

    mock = ai302_mock_factory(spec_path=str(other))

    with httpx.Client(transport=mock.transport, base_url=mock.url) as http:
        served = http.get("/openapi.yaml").content
    assert served == other.read_bytes()


def test_an_unknown_option_is_a_clear_error_naming_it() -> None:
    with pytest.raises(TypeError, match="latency"):
        config_from_options(latency=200)


def test_options_take_friendly_values() -> None:
    config = config_from_options(latency_ms=200, api_keys="sk-one", spec_path=str(SPEC_PATH))
    assert config.latency_ms == (200, 200)
    assert config.api_keys == frozenset({"sk-one"})
    assert config.spec_path == SPEC_PATH


def test_the_spec_is_parsed_once_for_any_number_of_in_process_mocks(
    ai302_mock_factory: Callable[..., InProcessMock], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Starting a mock after the first must cost no spec parse (the <= 20 ms budget):
    # count the spec reads (its parsed twin or its YAML) rather than time them.
    parses: list[Any] = []
    real = spec_loader._spec_data

    def counting(text: bytes, twin: bytes | None) -> dict[str, Any]:
        parses.append(text)
        return real(text, twin)

    spec_loader._parse.cache_clear()
    monkeypatch.setattr(spec_loader, "_spec_data", counting)
    mocks = [ai302_mock_factory(latency_ms=0, seed=n) for n in range(5)]
    for mock in mocks:
        result = generate_headshot.sync(client=mock.client(KEY), body=_headshot(1))
        assert result is not None and len(result.headshot_url_list) == 1

    assert len(parses) == 1


def test_the_live_server_is_shared_and_its_journal_starts_empty(
    ai302_mock_server: LiveMock,
) -> None:
    assert ai302_mock_server.journal() == []
    response = httpx.post(
        f"{ai302_mock_server.url}{PORTRAIT}",
        json={"task_id": "done"},
        headers={"Authorization": f"Bearer {KEY}"},
    )
    assert response.status_code == 200
    assert ai302_mock_server.url.startswith("http://127.0.0.1:")
    assert len(ai302_mock_server.journal()) == 1


def test_the_live_server_journal_is_emptied_before_the_next_test(
    ai302_mock_server: LiveMock, request: pytest.FixtureRequest
) -> None:
    shared: LiveMock = request.getfixturevalue("_ai302_shared_server")
    assert ai302_mock_server is shared
    assert ai302_mock_server.journal() == []


@pytest.mark.ai302_mock(api_keys=["sk-live-only"])
def test_marker_options_give_the_test_a_live_server_of_its_own(
    ai302_mock_server: LiveMock, request: pytest.FixtureRequest
) -> None:
    assert ai302_mock_server is not request.getfixturevalue("_ai302_shared_server")
    body = {"task_id": "done"}
    url = f"{ai302_mock_server.url}{PORTRAIT}"
    refused = httpx.post(url, json=body, headers={"Authorization": "Bearer sk-other"})
    accepted = httpx.post(url, json=body, headers={"Authorization": "Bearer sk-live-only"})
    assert refused.status_code == 401 and accepted.status_code == 200
