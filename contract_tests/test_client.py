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
from ai302_client import AuthenticatedClient, RetryPolicy, errors, image_data_uri
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

from contract_tests.images import image_bytes
from contract_tests.specfile import (
    HEADSHOT,
    PORTRAIT,
    err_code_catalogue,
    load_spec,
    operation,
    resolve,
)

BASE = "https://api.302.ai"
KEY = "sk-very-secret-key-0123"
SPEC = load_spec()
PAGE_PORTRAIT = operation(SPEC, PORTRAIT)["responses"]["200"]["content"]["application/json"][
    "examples"
]
PAGE_HEADSHOT = operation(SPEC, HEADSHOT)["responses"]["200"]["content"]["application/json"][
    "examples"
]
CATALOGUE = err_code_catalogue(SPEC)
# The client's policy: one exception class per category of the spec's x-err-codes.
EXCEPTION_FOR_CATEGORY: dict[str, type[errors.APIStatusError]] = {
    "authentication": errors.AuthenticationError,
    "insufficient_balance": errors.InsufficientBalanceError,
    "rate_limit": errors.RateLimitError,
    "not_found": errors.NotFoundError,
    "invalid_request": errors.InvalidRequestError,
    "server": errors.ServerError,
}
# Each documented error status, with the exception its x-err-code's category calls for.
EXCEPTION_FOR_STATUS = {
    int(status): EXCEPTION_FOR_CATEGORY[
        CATALOGUE[resolve(SPEC, response)["x-err-code"]]["category"]
    ]
    for path in (HEADSHOT, PORTRAIT)
    for status, response in operation(SPEC, path)["responses"].items()
    if int(status) >= 400
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
@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_err_code_decides_the_class_before_the_status(code: int) -> None:
    body = {"error": {"err_code": code, "message": CATALOGUE[code]["meaning"]}}
    respx.post(f"{BASE}{HEADSHOT}").respond(403, json=body)  # 403: a status the spec omits
    with pytest.raises(errors.APIStatusError) as caught:
        generate_headshot.sync(client=make_client(), body=json_body())
    assert type(caught.value) is EXCEPTION_FOR_CATEGORY[CATALOGUE[code]["category"]]


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
            # A rate limit with no err_code: nothing says waiting cannot cure it.
            httpx.Response(
                429, json={"error": {"message": "slow down"}}, headers={"Retry-After": "3"}
            ),
            httpx.Response(200, json=PAGE_HEADSHOT["page_example"]["value"]),
        ]
    )
    assert generate_headshot.sync(client=make_client(sleeps), body=json_body()) is not None
    assert route.call_count == 2 and sleeps.calls == [3.0]


NOT_RETRYABLE = sorted(code for code, entry in CATALOGUE.items() if not entry["retryable"])


@respx.mock
@pytest.mark.parametrize("code", NOT_RETRYABLE)
@pytest.mark.parametrize("status", [429, 503])
def test_an_err_code_the_spec_marks_not_retryable_is_never_retried(code: int, status: int) -> None:
    body = {"error": {"err_code": code, "message": CATALOGUE[code]["meaning"]}}
    route = respx.post(f"{BASE}{PORTRAIT}").respond(status, json=body, headers={"Retry-After": "1"})
    with pytest.raises(errors.APIStatusError):
        get_portrait_result.sync(client=make_client(), body=PortraitResultRequest(task_id="1"))
    assert route.call_count == 1


def test_quota_and_balance_err_codes_are_marked_not_retryable_in_the_spec() -> None:
    quota_or_balance = {
        code
        for code, entry in CATALOGUE.items()
        if entry["category"] in ("rate_limit", "insufficient_balance")
    }
    assert quota_or_balance and quota_or_balance <= set(NOT_RETRYABLE)


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
    with pytest.raises(errors.APITimeoutError):
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


def test_jitter_spreads_waits_without_exceeding_the_backoff_or_collapsing_it() -> None:
    waits = set()
    for draw in (0.0, 0.5, 1.0):
        policy = RetryPolicy(
            uniform=functools.partial(float, draw), initial_delay=2.0, max_delay=8.0
        )
        for attempt in range(2):
            wait = policy.wait_after_response(attempt, httpx.Response(429), safe=False)
            assert wait is not None
            nominal = min(2.0 * 2**attempt, 8.0)  # README: exponential backoff, capped
            assert nominal / 2 <= wait <= nominal
            waits.add((attempt, wait))
    assert len(waits) == 6  # different draws give different waits


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
    # 302.AI's own client allows 120 s per call (upstream-facts.md); finite, so no hang.
    assert timeout.read is not None and 120 <= timeout.read < 600
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
    with pytest.raises(errors.InvalidInputError, match="not a recognised image"):
        image_data_uri(path)


def test_image_helpers_accept_only_the_spec_image_types() -> None:
    schemas = SPEC["components"]["schemas"]
    accepted = schemas["HeadshotRequest"]["allOf"][1]["properties"]["image"]["x-image-types"]
    assert "image/gif" not in accepted
    with pytest.raises(errors.InvalidInputError) as caught:
        image_data_uri(b"GIF89a" + bytes(20))
    assert all(mime in str(caught.value) for mime in accepted)
    with pytest.raises(ValueError):  # InvalidInputError is a ValueError, for plain callers
        File.from_image(b"GIF87a" + bytes(20))


@respx.mock
def test_an_unknown_enum_value_in_a_response_does_not_crash() -> None:
    from ai302_client.models import LogoInfoPosition

    assert LogoInfoPosition(7).name == "UNKNOWN_7"
    assert PersonType("elder").value == "elder"


@pytest.mark.parametrize(
    ("path", "function"),
    [(HEADSHOT, generate_headshot.sync), (PORTRAIT, get_portrait_result.sync)],
    ids=["headshot", "portrait"],
)
def test_each_docstring_raises_section_names_the_class_each_error_status_raises(
    path: str, function: Any
) -> None:
    doc = function.__doc__ or ""
    for status in operation(SPEC, path)["responses"]:
        if int(status) >= 400:
            assert f"errors.{EXCEPTION_FOR_STATUS[int(status)].__name__}: HTTP {status}" in doc
