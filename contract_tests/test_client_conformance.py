"""The generated client against every response the spec documents (generated from the spec's
own schemas and served by respx), and against the in-process mock with schema-valid
requests generated from the spec: client serialization and mock validation agree."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import respx
from ai302_client import AuthenticatedClient, RetryPolicy, errors
from ai302_client.api.headshot import generate_headshot
from ai302_client.api.portrait import get_portrait_result
from ai302_client.models import (
    HeadshotMultipartRequest,
    HeadshotRequest,
    HeadshotResponse,
    PersonType,
    PortraitResultRequest,
    PortraitResultResponse,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract_tests.jsonschemas import strategy_for
from contract_tests.schemathesis_hooks import (
    EXAMPLE_IMAGE_BYTES,
    EXAMPLE_IMAGES,
    JSON_STRING_FIELDS,
)
from contract_tests.specfile import HEADSHOT, PORTRAIT, SPEC_PATH, load_spec, operation, resolve
from mockserver.app import create_app
from mockserver.config import MockConfig

SPEC = load_spec()
BASE = "https://api.302.ai"
KEY = "sk-conformance"
MODELS: dict[str, type[HeadshotResponse] | type[PortraitResultResponse]] = {
    HEADSHOT: HeadshotResponse,
    PORTRAIT: PortraitResultResponse,
}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def client(transport: httpx.AsyncBaseTransport | None = None) -> AuthenticatedClient:
    args: dict[str, Any] = {"transport": transport} if transport else {}
    return AuthenticatedClient(
        base_url=BASE, token=KEY, retry=RetryPolicy(max_retries=0), httpx_args=args
    )


def call(path: str, http: AuthenticatedClient) -> Any:
    if path == HEADSHOT:
        body = HeadshotRequest(image="https://example.com/a.png", person_type=PersonType.FEMALE)
        return generate_headshot.sync(client=http, body=body)
    return get_portrait_result.sync(client=http, body=PortraitResultRequest(task_id="1"))


def documented_responses() -> list[tuple[str, int, Any]]:
    cases = []
    for path in (HEADSHOT, PORTRAIT):
        for status, response in operation(SPEC, path)["responses"].items():
            schema = resolve(SPEC, response)["content"]["application/json"]["schema"]
            cases.append((path, int(status), schema))
    return cases


@pytest.mark.parametrize(
    ("path", "status", "schema"),
    documented_responses(),
    ids=[f"{p}-{s}" for p, s, _ in documented_responses()],
)
def test_every_documented_response_parses_or_raises_its_typed_error(
    path: str, status: int, schema: Any
) -> None:
    @SETTINGS
    @given(body=strategy_for(SPEC, schema))
    def check(body: Any) -> None:
        route.respond(status, json=body)
        if status < 400:
            parsed = call(path, http)
            assert isinstance(parsed, MODELS[path])
            assert isinstance(parsed, HeadshotResponse | PortraitResultResponse)
            assert parsed.to_dict() == body
        else:
            with pytest.raises(errors.APIStatusError) as caught:
                call(path, http)
            assert caught.value.status_code == status
            assert caught.value.err_code == body["error"]["err_code"]

    with client() as http, respx.mock:
        route = respx.post(f"{BASE}{path}")
        check()


@pytest.mark.parametrize("path", [HEADSHOT, PORTRAIT])
def test_a_success_body_missing_a_required_field_is_a_clear_error(path: str) -> None:
    schema = resolve(SPEC, operation(SPEC, path)["responses"]["200"])["content"][
        "application/json"
    ]["schema"]
    required = resolve(SPEC, schema)["required"]

    @SETTINGS
    @given(body=strategy_for(SPEC, schema), drop=st.sampled_from(required))
    def check(body: Any, drop: str) -> None:
        route.respond(200, json={k: v for k, v in body.items() if k != drop})
        with pytest.raises(errors.ResponseValidationError, match=drop):
            call(path, http)

    with client() as http, respx.mock:
        route = respx.post(f"{BASE}{path}")
        check()


def _request_strategy(path: str, media: str) -> st.SearchStrategy[dict[str, Any]]:
    schema = operation(SPEC, path)["requestBody"]["content"][media]["schema"]
    base = strategy_for(SPEC, schema)

    def realistic(body: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        # The same prose rules as the schemathesis hooks: a real image, a JSON req_json.
        fixed: dict[str, st.SearchStrategy[Any]] = {
            name: strategy for name, strategy in JSON_STRING_FIELDS.items() if name in body
        }
        if "image" in body:
            fixed["image"] = (
                st.just(EXAMPLE_IMAGE_BYTES)
                if media.startswith("multipart")
                else st.sampled_from(EXAMPLE_IMAGES)
            )
        return st.fixed_dictionaries(fixed).map(lambda new: {**body, **new})

    return base.filter(lambda b: isinstance(b, dict)).flatmap(realistic)


MOCK = create_app(MockConfig(spec_path=SPEC_PATH))


async def _send(path: str, media: str, body: dict[str, Any]) -> Any:
    http = client(httpx.ASGITransport(app=MOCK))
    async with http:
        if path == PORTRAIT:
            return await get_portrait_result.asyncio(
                client=http, body=PortraitResultRequest.from_dict(body)
            )
        model: Any = HeadshotMultipartRequest if media.startswith("multipart") else HeadshotRequest
        return await generate_headshot.asyncio(client=http, body=model.from_dict(body))


@pytest.mark.parametrize(
    ("path", "media"),
    [
        (HEADSHOT, "application/json"),
        (HEADSHOT, "multipart/form-data"),
        (PORTRAIT, "application/json"),
    ],
)
def test_schema_valid_requests_sent_by_the_client_are_accepted_by_the_mock(
    path: str, media: str
) -> None:
    @SETTINGS
    @given(body=_request_strategy(path, media))
    def check(body: dict[str, Any]) -> None:
        try:
            result = asyncio.run(_send(path, media, body))
        except errors.APIStatusError as error:
            pytest.fail(f"mock refused a schema-valid request: {error.message} for {body!r:.300}")
        assert isinstance(result, MODELS[path])

    check()
