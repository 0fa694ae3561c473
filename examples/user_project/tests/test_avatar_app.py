"""The app's tests, written as a user of ai302-kit writes them: the plugin's fixtures
give a mock of 302.AI with no network and no key, so nothing here costs money."""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from ai302_client import PollSettings, RetryPolicy, errors
from avatar_app import (
    avatars_for,
    avatars_for_async,
    portrait_status_async,
    portrait_when_done,
    start_portrait,
)

from mockserver.in_process import InProcessMock
from mockserver.live_server import LiveMock

# A 1x1 PNG: the mock checks that an image really is one.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "me.png"
    path.write_bytes(PNG)
    return path


def test_avatars_come_back_as_many_links_as_asked(ai302_mock: InProcessMock, photo: Path) -> None:
    links = avatars_for(ai302_mock.client(), photo, count=3)

    assert len(links) == 3
    (request,) = ai302_mock.journal()
    assert request["path"] == "/302/headshot/generate"
    assert request["body"]["fields"]["num"] == 3
    assert request["headers"]["authorization"] == "<redacted>"


@pytest.mark.anyio
async def test_the_async_client_reaches_the_same_mock(
    ai302_mock: InProcessMock, photo: Path
) -> None:
    links = await avatars_for_async(ai302_mock.client(), photo)

    assert len(links) == 1
    task_id = start_portrait(ai302_mock.client(), photo)
    assert await portrait_status_async(ai302_mock.client(), task_id) == "done"
    assert [entry["path"] for entry in ai302_mock.journal()] == [
        "/302/headshot/generate",
        "/doubao/drawing/portrait",
        "/doubao/drawing/portrait_result",
    ]


@pytest.mark.ai302_mock(api_keys=["sk-the-right-key"])
def test_a_wrong_key_is_refused(ai302_mock: InProcessMock, photo: Path) -> None:
    with pytest.raises(errors.AuthenticationError):
        avatars_for(ai302_mock.client(token="sk-a-wrong-key"), photo)

    assert len(avatars_for(ai302_mock.client(token="sk-the-right-key"), photo)) == 2


class FakeClock:
    """Time that moves only when the poller sleeps: a six-second task in no time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_polling_waits_until_the_portrait_task_is_done(
    ai302_mock_factory: Callable[..., InProcessMock], photo: Path
) -> None:
    clock = FakeClock()
    mock = ai302_mock_factory(task_duration_s=6, clock=clock)
    task_id = start_portrait(mock.client(), photo)

    links = portrait_when_done(
        mock.client(), task_id, PollSettings(interval=2, clock=clock, sleep=clock.sleep)
    )

    assert len(links) == 1 and links[0].startswith("http")
    assert clock.now >= 6
    assert len(mock.journal()) >= 4  # submit; in_queue, generating, ..., done


def test_code_that_only_knows_a_url_uses_the_live_server(ai302_mock_server: LiveMock) -> None:
    request = urllib.request.Request(
        f"{ai302_mock_server.url}/doubao/drawing/portrait_result",
        data=json.dumps({"task_id": "done"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)

    assert answer["data"]["status"] == "done"
    assert len(ai302_mock_server.journal()) == 1


def test_the_generated_client_also_reaches_the_live_server(
    ai302_mock_server: LiveMock, photo: Path
) -> None:
    client = ai302_mock_server.client(retry=RetryPolicy(max_retries=0))

    (link,) = avatars_for(client, photo, count=1)

    assert link.startswith(ai302_mock_server.url)
    assert len(ai302_mock_server.journal()) == 1  # emptied before each test
