"""The generated client against respx: parsing, typed errors, retries, timeout, images, polling."""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import functools
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from ai302_client import DEFAULT_TIMEOUT, AuthenticatedClient, RetryPolicy, errors
from ai302_client.api.headshot import generate_headshot
from ai302_client.api.portrait import get_portrait_result
from ai302_client.models import (
    HeadshotMultipartRequest,
    HeadshotRequest,
    HeadshotResponse,
    HeadshotStyle,
    PersonType,
    PortraitResultRequest,
    PortraitResultResponse,
)
from ai302_client.types import File

from ai302_runtime.images import image_data_uri
from contract_tests.images import image_bytes
from contract_tests.specfile import HEADSHOT, PORTRAIT, load_spec, operation, resolve

BASE = "https://api.302.ai"
KEY = "sk-very-secret-key-0123"
SPEC = load_spec()
PAGE_PORTRAIT = operation(SPEC, PORTRAIT)["responses"]["200"]["content"]["application/json"][
    "examples"
]
PAGE_HEADSHOT = operation(SPEC, HEADSHOT)["responses"]["200"]["content"]["application/json"][
    "examples"
]
# The client's policy: which exception each documented error status raises.
EXCEPTION_FOR_STATUS = {
    400: errors.InvalidRequestError,
    401: errors.AuthenticationError,
    402: errors.InsufficientBalanceError,
    413: errors.InvalidRequestError,
    415: errors.InvalidRequestError,
    429: errors.RateLimitError,
    500: errors.ServerError,
    503: errors.ServerError,
}


class Sleeps:
    """Records sleeps instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_client(sleeps: Sleeps | None = None, **retry: Any) -> AuthenticatedClient:
    policy = RetryPolicy(sleep=sleeps or Sleeps(), uniform=lambda: 0.0, **retry)
    return AuthenticatedClient(base_url=BASE, token=KEY, retry=policy)


def json_body() -> HeadshotRequest:
    return HeadshotRequest(image="https://example.com/me.jpg", person_type=PersonType.FEMALE, num=2)


def multipart_body() -> HeadshotMultipartRequest:
    return HeadshotMultipartRequest(
        image=File.from_image(image_bytes("PNG")),
        person_type=PersonType.KID,
        style=HeadshotStyle.CLAY,
    )


def error_example(status: int) -> Any:
    for op in (HEADSHOT, PORTRAIT):
        responses = operation(SPEC, op)["responses"]
        if str(status) in responses:
            return resolve(SPEC, responses[str(status)])["content"]["application/json"]["example"]
    raise KeyError(status)


@respx.mock
@pytest.mark.parametrize("body_kind", ["json", "multipart"])
def test_generate_headshot_parses_the_documented_example(body_kind: str) -> None:
    route = respx.post(f"{BASE}{HEADSHOT}").respond(
        200, json=PAGE_HEADSHOT["page_example"]["value"]
    )
    body = json_body() if body_kind == "json" else multipart_body()
    result = generate_headshot.sync(client=make_client(), body=body)
    assert isinstance(result, HeadshotResponse)
    assert result.to_dict() == PAGE_HEADSHOT["page_example"]["value"]
    sent = route.calls.last.request
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    if body_kind == "json":
        assert json.loads(sent.content)["person_type"] == "female"
    else:
        assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")


@respx.mock
def test_async_calls_both_operations() -> None:
    respx.post(f"{BASE}{HEADSHOT}").respond(200, json=PAGE_HEADSHOT["page_example"]["value"])
    respx.post(f"{BASE}{PORTRAIT}").respond(200, json=PAGE_PORTRAIT["page_example"]["value"])

    async def run() -> tuple[Any, Any]:
        client = make_client()
        async with client:
            return (
                await generate_headshot.asyncio(client=client, body=multipart_body()),
                await get_portrait_result.asyncio(
                    client=client, body=PortraitResultRequest(task_id="6682608976809320374")
                ),
            )

    headshot, portrait = asyncio.run(run())
    assert isinstance(headshot, HeadshotResponse) and isinstance(portrait, PortraitResultResponse)


@respx.mock
@pytest.mark.parametrize("name", sorted(PAGE_PORTRAIT))
def test_portrait_result_parses_every_documented_example_and_round_trips(name: str) -> None:
    value = PAGE_PORTRAIT[name]["value"]
    respx.post(f"{BASE}{PORTRAIT}").respond(200, json=value)
    result = get_portrait_result.sync(
        client=make_client(), body=PortraitResultRequest(task_id="1"), response_format="url"
    )
    assert isinstance(result, PortraitResultResponse)
    assert result.to_dict() == value


@respx.mock
@pytest.mark.parametrize("status", sorted(EXCEPTION_FOR_STATUS))
def test_each_error_status_raises_its_typed_exception(status: int) -> None:
    example = error_example(status)
    respx.post(f"{BASE}{HEADSHOT}").respond(status, json=example, headers={"x-request-id": "req-1"})
    with pytest.raises(errors.APIStatusError) as caught:
        generate_headshot.sync(client=make_client(max_retries=0), body=json_body())
    error = caught.value
    assert type(error) is EXCEPTION_FOR_STATUS[status]
    assert error.status_code == status
    assert error.err_code == example["error"]["err_code"]
    assert error.message == example["error"]["message"]
    assert error.message_cn == example["error"]["message_cn"]
    assert error.request_id == "req-1"
    assert KEY not in str(error) and KEY not in repr(error)


@respx.mock
def test_err_code_decides_the_class_before_the_status() -> None:
    body = {"error": {"err_code": -10004, "message": "Insufficient account balance"}}
    respx.post(f"{BASE}{HEADSHOT}").respond(403, json=body)
    with pytest.raises(errors.InsufficientBalanceError):
        generate_headshot.sync(client=make_client(), body=json_body())


@respx.mock
def test_a_non_json_error_body_still_raises_a_typed_error() -> None:
    respx.post(f"{BASE}{HEADSHOT}").respond(502, text="<html>bad gateway</html>")
    with pytest.raises(errors.ServerError) as caught:
        generate_headshot.sync(client=make_client(), body=json_body())
    assert caught.value.err_code is None


@respx.mock
@pytest.mark.parametrize(
    "body",
    [{}, {"headshot_url_list": 5}, {"code": 1}],
    ids=["missing-field", "wrong-type", "other-shape"],
)
def test_a_2xx_body_that_breaks_the_schema_raises_a_clear_error(body: Any) -> None:
    respx.post(f"{BASE}{HEADSHOT}").respond(200, json=body)
    with pytest.raises(errors.ResponseValidationError, match="does not match the spec"):
        generate_headshot.sync(client=make_client(), body=json_body())


@respx.mock
def test_a_paid_post_is_not_retried_on_500_by_default() -> None:
    route = respx.post(f"{BASE}{HEADSHOT}").respond(500, json=error_example(500))
    with pytest.raises(errors.ServerError):
        generate_headshot.sync(client=make_client(), body=json_body())
    assert route.call_count == 1


@respx.mock
def test_a_paid_post_is_retried_on_429_honouring_retry_after() -> None:
    sleeps = Sleeps()
    route = respx.post(f"{BASE}{HEADSHOT}").mock(
        side_effect=[
            httpx.Response(429, json=error_example(429), headers={"Retry-After": "3"}),
            httpx.Response(200, json=PAGE_HEADSHOT["page_example"]["value"]),
        ]
    )
    assert generate_headshot.sync(client=make_client(sleeps), body=json_body()) is not None
    assert route.call_count == 2 and sleeps.calls == [3.0]


@respx.mock
def test_a_paid_post_is_retried_when_the_connection_never_opened() -> None:
    route = respx.post(f"{BASE}{HEADSHOT}").mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(200, json={"headshot_url_list": []}),
        ]
    )
    assert generate_headshot.sync(client=make_client(), body=json_body()) is not None
    assert route.call_count == 2


@respx.mock
def test_a_paid_post_is_not_retried_after_a_read_timeout() -> None:
    route = respx.post(f"{BASE}{HEADSHOT}").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(httpx.ReadTimeout):
        generate_headshot.sync(client=make_client(), body=json_body())
    assert route.call_count == 1


@respx.mock
@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_portrait_result_a_read_is_retried_on_5xx_and_429_with_backoff(status: int) -> None:
    sleeps = Sleeps()
    route = respx.post(f"{BASE}{PORTRAIT}").respond(status, json=error_example(500))
    with pytest.raises(errors.APIStatusError):
        get_portrait_result.sync(
            client=make_client(sleeps, max_retries=3, initial_delay=1.0, max_delay=3.0),
            body=PortraitResultRequest(task_id="1"),
        )
    assert route.call_count == 4
    assert sleeps.calls == [1.0, 2.0, 3.0]


@respx.mock
def test_retries_can_be_turned_off() -> None:
    route = respx.post(f"{BASE}{PORTRAIT}").respond(503, json=error_example(503))
    with pytest.raises(errors.ServerError):
        get_portrait_result.sync(
            client=make_client(max_retries=0), body=PortraitResultRequest(task_id="1")
        )
    assert route.call_count == 1


@respx.mock
def test_a_retry_after_beyond_the_bound_is_not_waited_for() -> None:
    sleeps = Sleeps()
    route = respx.post(f"{BASE}{PORTRAIT}").respond(
        429, json=error_example(429), headers={"Retry-After": "3600"}
    )
    with pytest.raises(errors.RateLimitError):
        get_portrait_result.sync(
            client=make_client(sleeps), body=PortraitResultRequest(task_id="1")
        )
    assert route.call_count == 1 and sleeps.calls == []


def test_jitter_stays_between_75_and_100_percent_of_the_backoff() -> None:
    for u in (0.0, 0.5, 1.0):
        policy = RetryPolicy(uniform=functools.partial(float, u), initial_delay=2.0)
        response = httpx.Response(429)
        assert policy.wait_after_response(0, response, safe=False) == 2.0 * (1 - 0.25 * u)


@respx.mock
def test_async_retries_use_the_injected_sleep() -> None:
    sleeps = Sleeps()
    route = respx.post(f"{BASE}{PORTRAIT}").mock(
        side_effect=[
            httpx.Response(503, json=error_example(503)),
            httpx.Response(200, json=PAGE_PORTRAIT["done"]["value"]),
        ]
    )

    async def run() -> Any:
        return await get_portrait_result.asyncio(
            client=make_client(sleeps), body=PortraitResultRequest(task_id="1")
        )

    assert asyncio.run(run()) is not None
    assert route.call_count == 2 and sleeps.calls == [0.5]


def test_the_default_timeout_is_finite_and_long_enough_for_generation() -> None:
    client = AuthenticatedClient(base_url=BASE, token=KEY)
    timeout = client.get_httpx_client().timeout
    assert timeout == DEFAULT_TIMEOUT
    assert timeout.read is not None and 60 <= timeout.read < 600
    assert timeout.connect is not None and timeout.connect <= 30


def test_the_api_key_never_appears_in_repr() -> None:
    client = AuthenticatedClient(base_url=BASE, token=KEY)
    client.get_httpx_client()  # puts the key into the headers
    assert KEY not in repr(client)
    assert KEY not in repr(client.with_headers({"X-Trace": "1"}))


@respx.mock
def test_multipart_on_the_wire_parses_with_a_real_parser_and_a_random_boundary() -> None:
    route = respx.post(f"{BASE}{HEADSHOT}").respond(200, json={"headshot_url_list": []})
    png = image_bytes("PNG")
    for _ in range(2):
        generate_headshot.sync(
            client=make_client(),
            body=HeadshotMultipartRequest(
                image=File.from_image(png), person_type=PersonType.MALE, num=3
            ),
        )
    boundaries = set()
    for call in route.calls:
        request = call.request
        content_type = request.headers["content-type"]
        boundaries.add(content_type.split("boundary=")[1])
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + request.content
        )
        parts = {
            part.get_param("name", header="content-disposition"): part
            for part in message.iter_parts()
        }
        assert parts["image"].get_content_type() == "image/png"
        assert parts["image"].get_payload(decode=True) == png
        assert parts["num"].get_payload() == "3"
        assert parts["person_type"].get_payload() == "male"
    assert len(boundaries) == 2 and "+++" not in boundaries


@pytest.mark.parametrize(
    ("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_image_helpers_type_files_by_content_not_name(tmp_path: Path, fmt: str, mime: str) -> None:
    path = tmp_path / "photo.gif"  # a misleading name
    path.write_bytes(image_bytes(fmt))
    uri = image_data_uri(path)
    assert uri.startswith(f"data:{mime};base64,")
    assert image_data_uri(str(path)) == uri == image_data_uri(image_bytes(fmt))
    part = File.from_image(path)
    assert part.mime_type == mime and part.file_name == f"photo.{mime.split('/')[1]}"


def test_image_helpers_refuse_non_images(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_bytes(b"just text")
    with pytest.raises(ValueError, match="not a PNG"):
        image_data_uri(path)


@respx.mock
def test_an_unknown_enum_value_in_a_response_does_not_crash() -> None:
    from ai302_client.models import LogoInfoPosition

    assert LogoInfoPosition(7).name == "UNKNOWN_7"
    assert PersonType("elder").value == "elder"
