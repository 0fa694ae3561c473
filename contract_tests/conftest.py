"""Shared fixtures: an in-process mock, real image bytes, and the spec's own rules."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PIL import Image
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.config import MockConfig

AUTH = {"Authorization": "Bearer sk-test-secret-key"}


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (16, 12)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def data_uri(fmt: str = "PNG", mime: str | None = None) -> str:
    mime = mime or f"image/{fmt.lower()}"
    return f"data:{mime};base64,{base64.b64encode(image_bytes(fmt)).decode()}"


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


def assert_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    """A 302.AI-shaped error with the status and a message naming each word."""
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert isinstance(error["err_code"], int)
    for word in words:
        assert word in error["message"], (word, error["message"])
    assert "Traceback" not in response.text
    return error
