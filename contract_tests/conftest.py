"""Shared fixtures: an in-process mock and helpers to read its answers."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import Phase, settings
from PIL import Image
from starlette.testclient import TestClient

from contract_tests.images import data_uri
from mockserver.app import create_app
from mockserver.config import MockConfig

AUTH = {"Authorization": "Bearer sk-test-secret-key"}

# For a run that only has to show a test failing (test_spec_change_flow runs our suite
# against a broken spec; test_fault_injection a mock with a defect), by
# `--hypothesis-profile see-it-fail` or `settings.get_profile`. No shrinking, which takes
# seconds, and no saved example: the next normal run would replay it, see it pass and
# delete it, so every run would shrink again.
settings.register_profile("see-it-fail", phases=[Phase.explicit, Phase.generate], database=None)


def headshot_body(**fields: Any) -> dict[str, Any]:
    return {"image": data_uri(), "person_type": "female", **fields}


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def factory(**config: Any) -> TestClient:
        client = TestClient(create_app(MockConfig(**config)), raise_server_exceptions=True)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def fetch_image(client: TestClient, url: str) -> Image.Image:
    """Follow a mock image URL (absolute, on the mock) and decode it with Pillow."""
    assert url.startswith("http://testserver/_mock/images/"), url
    response = client.get(url)
    assert response.status_code == 200, response.text
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


HAN = re.compile(r"[\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
# Three English words in a row: a sentence (a library's reason) left untranslated. Field
# names, values and tokens such as `Bearer sk-...` or `multipart/form-data` never are.
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")


def assert_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    """A 302.AI-shaped error with the status, a message naming each word, and its Chinese
    and Japanese texts in those languages throughout."""
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert isinstance(error["err_code"], int)
    for word in words:
        assert word in error["message"], (word, error["message"])
    assert HAN.search(error["message_cn"]) and not KANA.search(error["message_cn"]), error
    assert KANA.search(error["message_jp"]), error
    for text in (error["message_cn"], error["message_jp"]):
        assert not ENGLISH_RUN.search(text), text
    assert "Traceback" not in response.text
    return error
