"""The client as a production SDK: configuration, per-call options, raw access, one error
tree, visible retries, checked inputs, task helpers, names and the resource facade.

Each rule is proved with respx and against the mock (in-process, or as its own process
where the point is a real socket or a real environment)."""

from __future__ import annotations

import asyncio
import inspect
import io
import json
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from ai302_client import (
    AI302Error,
    APIConnectionError,
    APITimeoutError,
    AuthenticatedClient,
    ConfigurationError,
    File,
    InsufficientBalanceError,
    InvalidInputError,
    PollSettings,
    PortraitTaskExpired,
    RateLimitError,
    ResponseValidationError,
    RetryPolicy,
    errors,
    poll,
)
from ai302_client.api.headshot import generate_headshot
from ai302_client.api.portrait import get_portrait_result
from ai302_client.models import (
    HeadshotMultipartRequest,
    HeadshotRequest,
    HeadshotResponse,
    HeadshotStyle,
    LogoInfo,
    LogoInfoLanguage,
    LogoInfoPosition,
    PersonType,
    PortraitReqJson,
    PortraitResultRequest,
    PortraitResultResponse,
    PortraitSubmitRequest,
)
from starlette.testclient import TestClient

from ai302_runtime.logs import RedactBearer
from contract_tests.fake_time import FakeTime
from contract_tests.images import data_uri, image_bytes
from contract_tests.live_mock import ROOT, LiveMock, live_mock
from contract_tests.specfile import HEADSHOT, PORTRAIT, flat_properties, load_spec, operation
from mockserver.app import create_app
from mockserver.config import MockConfig

# Starlette's TestClient (the sync in-process transport) frowns on per-request timeouts.
pytestmark = pytest.mark.filterwarnings("ignore:You should not use the 'timeout' argument")
SPEC = load_spec()
KEY = "sk-sdk-secret-0123456789"
BASE = "https://api.302.ai"
IMAGE = "https://example.com/me.jpg"
OK = {"headshot_url_list": ["https://example.com/a.webp"]}
PORTRAIT_EXAMPLES = operation(SPEC, PORTRAIT)["responses"]["200"]["content"]["application/json"][
    "examples"
]


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def no_wait(**retry: Any) -> RetryPolicy:
    return RetryPolicy(sleep=Sleeps(), **retry)


def in_process(**config: Any) -> AuthenticatedClient:
    """A client on the in-process mock: ASGI for async calls, Starlette's TestClient for sync."""
    app = create_app(MockConfig(**config))
    client = AuthenticatedClient(
        base_url="http://mock",
        token=KEY,
        retry=no_wait(),
        httpx_args={"transport": httpx.ASGITransport(app=app)},
    )
    # The client's headers travel with each request, so a bare httpx client works too.
    return client.set_httpx_client(TestClient(app, base_url="http://mock"))


def body(**fields: Any) -> HeadshotRequest:
    return HeadshotRequest(image=IMAGE, person_type=PersonType.FEMALE, **fields)


@pytest.fixture(scope="module")
def mock() -> Iterator[LiveMock]:
    with live_mock("--api-key", KEY) as running:
        yield running


def journal(mock: LiveMock) -> list[Any]:
    entries: list[Any] = httpx.get(f"{mock.url}/_mock/requests").json()["requests"]
    return entries


# 1. Configuration -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_without_a_usable_key_the_client_refuses_to_start_naming_the_variable(
    value: str | None, monkeypatch: pytest.MonkeyPatch, mock: LiveMock
) -> None:
    httpx.delete(f"{mock.url}/_mock/requests")
    monkeypatch.setenv("AI302_BASE_URL", mock.url)
    if value is None:
        monkeypatch.delenv("AI302_API_KEY", raising=False)
    else:
        monkeypatch.setenv("AI302_API_KEY", value)
    with pytest.raises(ConfigurationError, match="AI302_API_KEY"):
        AuthenticatedClient()
    assert journal(mock) == []  # no request reached the mock


def test_an_explicit_empty_token_is_refused_too() -> None:
    with pytest.raises(ConfigurationError, match="AI302_API_KEY"):
        AuthenticatedClient(base_url=BASE, token=" ")


def test_a_key_that_cannot_be_a_header_is_refused_without_showing_it() -> None:
    with pytest.raises(ConfigurationError) as caught:
        AuthenticatedClient(base_url=BASE, token="sk-abc def")
    assert "sk-abc" not in str(caught.value)


@pytest.mark.parametrize("from_env", [False, True], ids=["argument", "environment"])
def test_a_key_outside_ascii_is_refused_naming_where_it_came_from_not_the_key(
    from_env: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    pasted = "sk-abc\u2019"  # a typographic quote copied along with the key
    monkeypatch.setenv("AI302_API_KEY", pasted)
    with pytest.raises(ConfigurationError) as caught:
        AuthenticatedClient(base_url=BASE, token=None if from_env else pasted)
    message = str(caught.value)
    assert "sk-abc" not in message and "ASCII" in message
    assert ("AI302_API_KEY" if from_env else "token argument") in message


def test_a_blank_token_argument_is_blamed_on_the_argument_not_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="from the token argument") as caught:
        AuthenticatedClient(base_url=BASE, token=" ")
    assert "token=" in str(caught.value)


@respx.mock
def test_an_empty_ai302_base_url_is_an_error_not_the_paid_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `AI302_BASE_URL=$MOCK_URL` with MOCK_URL unset: the default would be the paid API.
    monkeypatch.setenv("AI302_BASE_URL", "")
    with pytest.raises(ConfigurationError, match="AI302_BASE_URL is set but empty"):
        AuthenticatedClient(token=KEY)
    assert not respx.calls


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("127.0.0.1:4010", "not an http"),
        ("ftp://example.com", "not an http"),
        ("http://", "not an http"),
        ("http://127.0.0.1:99999", "not an http"),
        (4010, "not a string"),
        ("http://user:hunter2@127.0.0.1:4010", "carries credentials"),
        ("http://127.0.0.1:4010/?api_key=sk-in-url", "query or fragment"),
    ],
)
def test_a_base_url_that_cannot_serve_is_refused_at_construction_without_showing_it(
    url: Any, words: str
) -> None:
    with pytest.raises(ConfigurationError, match=words) as caught:
        AuthenticatedClient(base_url=url, token=KEY)
    assert "hunter2" not in str(caught.value) and "sk-in-url" not in str(caught.value)


@respx.mock
def test_spaces_around_a_base_url_argument_are_dropped_as_around_the_variable() -> None:
    route = respx.post(f"{BASE}{HEADSHOT}").respond(200, json=OK)
    AuthenticatedClient(base_url=f" {BASE} ", token=KEY).headshot.generate(body=body())
    assert route.called


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"timeout": "5"}, "timeout must be seconds"),
        ({"timeout": -1}, "0 seconds or more"),
        ({"timeout": float("nan")}, "0 seconds or more"),
        ({"headers": {"X-Name": "caf\u00e9-secret"}}, "'X-Name'"),
        ({"headers": {"X-Name": "a\r\nX-Injected: secret"}}, "line break"),
        ({"headers": {"Bad Name": "v"}}, "not a valid header name"),
    ],
)
@respx.mock
def test_options_an_http_request_cannot_carry_are_refused_when_given(
    options: dict[str, Any], words: str
) -> None:
    # Not a UnicodeEncodeError, or a protocol error shown as a connection error, at send.
    client = AuthenticatedClient(base_url=BASE, token=KEY)
    makers: list[Callable[[], object]] = [
        lambda: client.with_options(**options),
        lambda: AuthenticatedClient(base_url=BASE, token=KEY, **options),
    ]
    for make in makers:
        with pytest.raises(ConfigurationError, match=words) as caught:
            make()
        assert "secret" not in str(caught.value)
    assert not respx.calls


@pytest.mark.parametrize("token", [12345, b"sk-bytes"], ids=["int", "bytes"])
def test_a_token_that_is_not_a_string_is_refused(token: Any) -> None:
    with pytest.raises(ConfigurationError, match="not a string"):
        AuthenticatedClient(base_url=BASE, token=token)


@respx.mock
def test_a_pasted_newline_around_the_key_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AI302_API_KEY", f"{KEY}\n")
    route = respx.post(f"{BASE}{HEADSHOT}").respond(200, json=OK)
    AuthenticatedClient(base_url=BASE).headshot.generate(body=body())
    assert route.calls.last.request.headers["authorization"] == f"Bearer {KEY}"


def test_key_and_base_url_from_the_environment_reach_the_mock(
    monkeypatch: pytest.MonkeyPatch, mock: LiveMock
) -> None:
    monkeypatch.setenv("AI302_API_KEY", KEY)  # the mock accepts only this key
    monkeypatch.setenv("AI302_BASE_URL", mock.url)
    with AuthenticatedClient() as client:
        result = client.headshot.generate(body=body())
    assert isinstance(result, HeadshotResponse) and result.headshot_url_list


def test_without_base_url_the_client_uses_the_spec_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AI302_BASE_URL", raising=False)
    client = AuthenticatedClient(token=KEY)
    assert str(client.get_httpx_client().base_url).rstrip("/") == SPEC["servers"][0]["url"]


def test_explicit_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AI302_API_KEY", "sk-from-env")
    monkeypatch.setenv("AI302_BASE_URL", "http://env.invalid")
    with respx.mock:
        route = respx.post(f"{BASE}{HEADSHOT}").respond(200, json=OK)
        AuthenticatedClient(base_url=BASE, token=KEY).headshot.generate(body=body())
    assert route.calls.last.request.headers["authorization"] == f"Bearer {KEY}"


# 2. Per-call options and derived clients ---------------------------------------------------


def test_a_client_derived_with_prefer_402_leaves_the_original_untouched(mock: LiveMock) -> None:
    with AuthenticatedClient(base_url=mock.url, token=KEY, retry=no_wait()) as base:
        assert base.headshot.generate(body=body())  # used once, as in the report
        failing = base.with_headers({"Prefer": "code=402"})
        with pytest.raises(InsufficientBalanceError):
            failing.headshot.generate(body=body())
        assert base.headshot.generate(body=body())  # still fine
        assert failing.get_httpx_client() is base.get_httpx_client()  # one connection pool


@respx.mock
def test_with_options_sets_headers_timeout_and_retries_for_one_call_only() -> None:
    route = respx.post(f"{BASE}{PORTRAIT}").respond(503, json={"error": {"message": "busy"}})
    base = AuthenticatedClient(base_url=BASE, token=KEY, retry=no_wait(max_retries=2))
    one_call = base.with_options(
        headers={"X-Trace": "t-1"}, timeout=5.0, retry=no_wait(max_retries=0)
    )
    with pytest.raises(errors.ServerError):
        one_call.portrait.get_result(body=PortraitResultRequest(task_id="1"))
    assert route.call_count == 1
    sent = route.calls.last.request
    assert sent.headers["x-trace"] == "t-1"
    assert sent.extensions["timeout"]["read"] == 5.0
    with pytest.raises(errors.ServerError):
        base.portrait.get_result(body=PortraitResultRequest(task_id="1"))
    assert route.call_count == 1 + 3  # the base client kept its own policy
    assert "x-trace" not in route.calls.last.request.headers


def test_closing_a_derived_client_leaves_the_shared_pool_open(mock: LiveMock) -> None:
    with AuthenticatedClient(base_url=mock.url, token=KEY) as base:
        with base.with_options(timeout=30.0) as derived:
            assert derived.headshot.generate(body=body())
        assert base.headshot.generate(body=body())


# 3. Raw access -----------------------------------------------------------------------------


def test_raw_access_gives_status_headers_and_parsed_body() -> None:
    client = in_process()
    raw = client.headshot.with_raw_response.generate(body=body(num=2))
    assert raw.status_code == 200 and raw.request_id
    assert raw.parsed is not None and len(raw.parsed.headshot_url_list) == 2
    assert json.loads(raw.content) == raw.parsed.to_dict()


def test_an_error_keeps_its_response_with_retry_after_and_request_id() -> None:
    client = in_process().with_options(headers={"Prefer": "code=429"})
    with pytest.raises(RateLimitError) as caught:
        client.headshot.generate(body=body())
    error = caught.value
    assert error.response.headers.get("retry-after") is not None
    assert error.request_id == error.response.headers["x-request-id"]


# 4. One error hierarchy --------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_call_to_a_closed_port_raises_the_kit_connection_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ai302_client")
    sleeps = Sleeps()
    client = AuthenticatedClient(
        base_url=f"http://127.0.0.1:{closed_port()}", token=KEY, retry=RetryPolicy(sleep=sleeps)
    )
    with pytest.raises(APIConnectionError) as caught:
        client.headshot.generate(body=body())
    assert not isinstance(caught.value, httpx.HTTPError)
    assert isinstance(caught.value, AI302Error)
    assert caught.value.request is not None and caught.value.request.url.path == HEADSHOT
    assert len(sleeps.calls) == 2  # never connected: safe to retry even a paid call
    assert KEY not in str(caught.value)
    retries = [r.getMessage() for r in caplog.records if r.name == "ai302_client"]
    paid = operation(SPEC, HEADSHOT)["x-paid"]
    assert len(retries) == 2 and all(("(paid)" in line) is paid for line in retries)
    assert all("ConnectError" in line for line in retries)


def test_the_async_call_to_a_closed_port_raises_the_kit_connection_error() -> None:
    client = AuthenticatedClient(
        base_url=f"http://127.0.0.1:{closed_port()}", token=KEY, retry=no_wait(max_retries=0)
    )
    with pytest.raises(APIConnectionError):
        asyncio.run(client.aio.headshot.generate(body=body()))


@respx.mock
def test_a_timeout_raises_the_kit_timeout_error() -> None:
    respx.post(f"{BASE}{PORTRAIT}").mock(side_effect=httpx.ReadTimeout("slow"))
    client = AuthenticatedClient(base_url=BASE, token=KEY, retry=no_wait(max_retries=0))
    with pytest.raises(APITimeoutError) as caught:
        client.portrait.get_result(body=PortraitResultRequest(task_id="1"))
    assert isinstance(caught.value, APIConnectionError)


@respx.mock
def test_a_client_bug_while_parsing_is_not_disguised_as_a_spec_mismatch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    respx.post(f"{BASE}{HEADSHOT}").respond(200, json=OK)

    def broken(src_dict: Any) -> HeadshotResponse:
        raise AttributeError("a bug in the client")

    monkeypatch.setattr(HeadshotResponse, "from_dict", broken)
    client = AuthenticatedClient(base_url=BASE, token=KEY)
    with pytest.raises(AttributeError, match="a bug in the client"):
        client.headshot.generate(body=body())


@respx.mock
def test_a_success_body_that_is_not_an_object_is_a_spec_mismatch() -> None:
    respx.post(f"{BASE}{HEADSHOT}").respond(200, json=[1, 2])
    with pytest.raises(ResponseValidationError):
        AuthenticatedClient(base_url=BASE, token=KEY).headshot.generate(body=body())


def test_every_exported_error_derives_from_one_base() -> None:
    exported = [getattr(errors, name) for name in errors.__all__]
    classes = [c for c in exported if isinstance(c, type) and issubclass(c, BaseException)]
    assert len(classes) > 10
    assert all(issubclass(c, AI302Error) for c in classes)


# 5. Retries you can see --------------------------------------------------------------------

LOGGED_CALL = """
import logging, sys
from ai302_client import AuthenticatedClient, RetryPolicy, errors
from ai302_client.models import PortraitResultRequest

if sys.argv[2:] == ["basicConfig"]:  # the application sets up logging after the import
    logging.basicConfig(format="app %(name)s: %(message)s")

client = AuthenticatedClient(retry=RetryPolicy(max_retries=2, sleep=lambda s: None))
try:
    client.with_headers({"Prefer": sys.argv[1]}).portrait.get_result(
        body=PortraitResultRequest(task_id="done")
    )
except errors.APIStatusError as error:
    print("raised", error.status_code)
"""


def run_logged(
    mock: LiveMock, prefer: str, log: str | None = "debug", *extra: str
) -> subprocess.CompletedProcess[str]:
    """LOGGED_CALL in a fresh process, with AI302_LOG set to `log` (None: unset)."""
    env = {k: v for k, v in os.environ.items() if k != "AI302_LOG"}
    env |= {"AI302_API_KEY": KEY, "AI302_BASE_URL": mock.url}
    if log is not None:
        env["AI302_LOG"] = log
    return subprocess.run(
        [sys.executable, "-c", LOGGED_CALL, prefer, *extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )


def test_with_ai302_log_debug_each_retry_is_logged_and_the_key_never(mock: LiveMock) -> None:
    result = run_logged(mock, "code=503")
    assert result.returncode == 0, result.stderr
    assert "raised 503" in result.stdout
    retries = [line for line in result.stderr.splitlines() if "retrying" in line]
    assert len(retries) == 2, result.stderr
    for number, line in enumerate(retries, start=1):
        assert "ai302_client" in line and PORTRAIT in line
        assert f"retry {number} of 2" in line and " s " in line and "HTTP 503" in line
    assert KEY not in result.stderr + result.stdout


def test_with_the_applications_own_logging_each_line_shows_once_in_its_format(
    mock: LiveMock,
) -> None:
    result = run_logged(mock, "code=503", "debug", "basicConfig")
    retries = [line for line in result.stderr.splitlines() if "retrying" in line]
    assert len(retries) == 2, result.stderr
    assert all(line.startswith("app ai302_client: ") for line in retries), result.stderr


def test_a_quota_error_is_not_retried_and_says_so_in_no_retry_line(mock: LiveMock) -> None:
    # The 429 the mock sends carries the spec's err_code for a daily quota: not retryable.
    result = run_logged(mock, "code=429")
    assert "raised 429" in result.stdout, result.stderr
    assert "retrying" not in result.stderr
    assert KEY not in result.stderr + result.stdout


def test_without_ai302_log_the_client_logs_nothing(mock: LiveMock) -> None:
    result = run_logged(mock, "code=503", log=None)
    assert "raised 503" in result.stdout and result.stderr == ""


@respx.mock
def test_retry_safety_follows_each_operation_x_idempotent() -> None:
    client = AuthenticatedClient(base_url=BASE, token=KEY, retry=no_wait(max_retries=1))
    calls: dict[str, Callable[[], object]] = {
        HEADSHOT: lambda: client.headshot.generate(body=body()),
        PORTRAIT: lambda: client.portrait.get_result(body=PortraitResultRequest(task_id="1")),
    }
    for path, call in calls.items():
        route = respx.post(f"{BASE}{path}").respond(500, json={"error": {"message": "oops"}})
        with pytest.raises(errors.ServerError):
            call()
        idempotent = operation(SPEC, path)["x-idempotent"]
        assert route.call_count == (2 if idempotent else 1), path


# 6. Inputs ---------------------------------------------------------------------------------


def test_enum_fields_accept_their_plain_values() -> None:
    request = HeadshotRequest(image=IMAGE, person_type="female", style=5)
    assert request.person_type is PersonType.FEMALE and request.style is HeadshotStyle.WATERCOLOR
    logo = LogoInfo(add_logo=True, position=0, language=1)
    assert logo.position is LogoInfoPosition.BOTTOM_RIGHT
    assert logo.language is LogoInfoLanguage.ENGLISH
    assert in_process().headshot.generate(body=request).headshot_url_list


@pytest.mark.parametrize(
    ("field", "build"),
    [
        ("person_type", lambda: HeadshotRequest(image=IMAGE, person_type="robot")),
        ("style", lambda: HeadshotRequest(image=IMAGE, person_type="male", style=99)),
        ("style", lambda: HeadshotRequest(image=IMAGE, person_type="male", style=True)),
        ("position", lambda: LogoInfo(position=7)),
    ],
    ids=["person_type", "style", "style-bool", "position"],
)
def test_an_invalid_enum_value_raises_a_value_error_naming_field_and_allowed_values(
    field: str, build: Any
) -> None:
    with pytest.raises(ValueError) as caught:
        build()
    assert isinstance(caught.value, InvalidInputError)
    message = str(caught.value)
    assert message.startswith(f"{field}:")
    schemas = SPEC["components"]["schemas"]
    props = {
        "person_type": schemas["PersonType"],
        "style": schemas["HeadshotStyle"],
        "position": schemas["LogoInfo"]["properties"]["position"],
    }
    assert all(repr(value) in message for value in props[field]["enum"])


@respx.mock
@pytest.mark.parametrize(
    "sent", [None, {"image": IMAGE, "person_type": "female"}], ids=["none", "dict"]
)
def test_a_body_of_another_type_is_refused_before_anything_is_sent(sent: Any) -> None:
    # Neither a bodiless request (the API's 415) nor an AttributeError deep in the send.
    client = AuthenticatedClient(base_url=BASE, token=KEY)
    calls: list[Callable[[], object]] = [
        lambda: client.headshot.generate(body=sent),
        lambda: client.portrait.get_result(body=sent),
        lambda: asyncio.run(client.aio.headshot.generate(body=sent)),
    ]
    for call in calls:
        with pytest.raises(InvalidInputError, match=r"^body: expected ") as caught:
            call()
        if sent is not None:
            assert "(**fields)" in str(caught.value)
    assert not respx.calls


def test_a_multipart_image_that_is_not_a_file_is_refused_when_the_model_is_built() -> None:
    with pytest.raises(InvalidInputError, match=r"^image: expected a File") as caught:
        HeadshotMultipartRequest(image=IMAGE, person_type="female")  # type: ignore[arg-type]
    assert "JSON body" in str(caught.value)


def test_one_client_serves_one_asyncio_run_after_another(mock: LiveMock) -> None:
    # Each asyncio.run() closes its loop, and with it the pooled connections of the last.
    client = AuthenticatedClient(base_url=mock.url, token=KEY)

    async def generate() -> int:
        return len((await client.aio.headshot.generate(body=body(num=2))).headshot_url_list)

    assert [asyncio.run(generate()) for _ in range(3)] == [2, 2, 2]


def test_the_body_is_required_in_the_signature_where_the_spec_requires_it() -> None:
    for path, function in (
        (HEADSHOT, generate_headshot.sync),
        (PORTRAIT, get_portrait_result.sync),
    ):
        required = operation(SPEC, path)["requestBody"]["required"]
        parameter = inspect.signature(function).parameters["body"]
        assert (parameter.default is inspect.Parameter.empty) is required


@respx.mock
def test_only_the_fields_the_caller_set_go_on_the_wire() -> None:
    route = respx.post(f"{BASE}{HEADSHOT}").respond(200, json=OK)
    AuthenticatedClient(base_url=BASE, token=KEY).headshot.generate(body=body(num=2))
    sent = json.loads(route.calls.last.request.content)
    assert set(sent) == {"image", "person_type", "num"}
    props, _ = flat_properties(SPEC, SPEC["components"]["schemas"]["HeadshotRequest"])
    assert {name for name, prop in props.items() if "default" in prop} - set(sent)


# 7. Portrait helpers -----------------------------------------------------------------------


@respx.mock
def test_req_json_takes_the_typed_model_as_well_as_a_string() -> None:
    route = respx.post(f"{BASE}{PORTRAIT}").respond(200, json=PORTRAIT_EXAMPLES["done"]["value"])
    typed = PortraitReqJson(return_url=True, logo_info=LogoInfo(add_logo=True, position=2))
    client = AuthenticatedClient(base_url=BASE, token=KEY)
    client.portrait.get_result(body=PortraitResultRequest(task_id="1", req_json=typed))
    sent = json.loads(route.calls.last.request.content)
    assert json.loads(sent["req_json"]) == {
        "return_url": True,
        "logo_info": {"add_logo": True, "position": 2},
    }
    as_string = json.dumps({"return_url": False})
    client.portrait.get_result(body=PortraitResultRequest(task_id="1", req_json=as_string))
    assert json.loads(route.calls.last.request.content)["req_json"] == as_string


def test_one_call_polls_a_task_through_the_mock_lifecycle_to_done() -> None:
    time = FakeTime()
    client = in_process(task_duration_s=6.0, clock=time.clock)
    settings = PollSettings(interval=1.0, timeout=60.0, clock=time.clock, sleep=time.sleep)
    submitted = client.portrait.submit(body=PortraitSubmitRequest(image_input=data_uri()))
    assert submitted.data is not None
    result = client.portrait.get_result_until_done(
        body=PortraitResultRequest(task_id=submitted.data.task_id), settings=settings
    )
    assert isinstance(result, PortraitResultResponse)
    assert result.data is not None and result.data.status == "done"
    assert 1 <= len(time.sleeps) <= 8


def test_the_async_one_call_helper_raises_for_a_task_that_cannot_finish() -> None:
    client = in_process()

    async def run() -> PortraitResultResponse:
        return await client.aio.portrait.get_result_until_done(
            body=PortraitResultRequest(task_id="expired")
        )

    with pytest.raises(PortraitTaskExpired):
        asyncio.run(run())


# 8. Names and docs -------------------------------------------------------------------------


def test_watermark_enum_members_are_named_from_the_spec() -> None:
    logo = SPEC["components"]["schemas"]["LogoInfo"]["properties"]
    for enum_cls, prop in (
        (LogoInfoPosition, logo["position"]),
        (LogoInfoLanguage, logo["language"]),
    ):
        assert [m.name for m in enum_cls] == prop["x-enum-varnames"]
        assert [m.value for m in enum_cls] == prop["enum"]


def test_public_classes_and_functions_have_docstrings_and_are_importable() -> None:
    import ai302_client
    import ai302_client.api as api
    import ai302_client.models as models

    for name in ("File", "errors", "poll", "apoll", "image_data_uri", "AI302Error", "Response"):
        assert hasattr(ai302_client, name), name
    assert File is ai302_client.types.File
    undocumented = []
    for module in (ai302_client, models, api, errors):
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if (inspect.isclass(value) or inspect.isfunction(value)) and not inspect.getdoc(value):
                undocumented.append(f"{module.__name__}.{name}")
    assert undocumented == []


def test_documented_rules_reach_the_docstrings() -> None:
    doc = inspect.getdoc(HeadshotRequest) or ""
    assert "1 to 4" in doc and "treated as 1024" in doc  # ranges and out-of-range replacement
    assert "Watercolor" in (inspect.getdoc(HeadshotStyle) or "")  # the style list
    raises = inspect.getdoc(generate_headshot.sync) or ""
    for name in (
        "APIStatusError",
        "APIConnectionError",
        "APITimeoutError",
        "ResponseValidationError",
    ):
        assert f"errors.{name}" in raises
    assert "httpx.TimeoutException" not in raises


# 9. Resource facade ------------------------------------------------------------------------


def test_the_facade_has_a_method_per_operation_named_from_tag_and_operation_id() -> None:
    client = AuthenticatedClient(base_url=BASE, token=KEY)
    for path, item in SPEC["paths"].items():
        for op in item.values():
            tag = op["tags"][0]
            method = "_".join(w for w in op["operationId"].split("_") if w != tag)
            for resource in (getattr(client, tag), getattr(client.aio, tag)):
                assert callable(getattr(resource, method)), (path, method)
                assert callable(getattr(resource.with_raw_response, method))


def test_the_facade_works_sync_and_async_against_the_mock() -> None:
    client = in_process()
    assert client.headshot.generate(body=body(num=3)).headshot_url_list
    page = operation(SPEC, PORTRAIT)["requestBody"]["content"]["application/json"]["examples"]
    request = PortraitResultRequest.from_dict(page["page_example"]["value"])
    assert (
        client.portrait.get_result(body=request).code
        == PORTRAIT_EXAMPLES["page_example"]["value"]["code"]
    )

    async def run() -> tuple[HeadshotResponse, PortraitResultResponse]:
        async with client:
            return (
                await client.aio.headshot.generate(body=body()),
                await client.aio.portrait.get_result(body=request),
            )

    headshot, portrait = asyncio.run(run())
    assert headshot.headshot_url_list and portrait.data is not None


def test_the_function_modules_keep_working_beside_the_facade() -> None:
    client = in_process()
    result = generate_headshot.sync(client=client, body=body())
    assert isinstance(result, HeadshotResponse)
    detailed = get_portrait_result.sync_detailed(
        client=client, body=PortraitResultRequest(task_id="done")
    )
    assert detailed.status_code == 200 and detailed.parsed is not None


def test_the_example_runs_against_a_mock_on_any_port(mock: LiveMock, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(image_bytes("JPEG"))
    env = {**os.environ, "AI302_BASE_URL": mock.url, "AI302_API_KEY": KEY}
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "usage.py"), str(photo)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert mock.url in result.stdout and "slow down" in result.stdout


@respx.mock
def test_a_task_result_whose_data_breaks_the_spec_is_a_spec_mismatch_not_a_dict() -> None:
    value = {**PORTRAIT_EXAMPLES["done"]["value"], "data": {"status": 5}}
    respx.post(f"{BASE}{PORTRAIT}").respond(200, json=value)
    client = AuthenticatedClient(base_url=BASE, token=KEY)
    with pytest.raises(ResponseValidationError, match="data"):
        client.portrait.get_result(body=PortraitResultRequest(task_id="1"))


def test_a_fetch_built_on_the_function_module_type_checks_for_poll() -> None:
    # mypy --strict checks this file: sync() returns the model, not an Optional.
    client = in_process()
    final = poll(
        lambda: get_portrait_result.sync(client=client, body=PortraitResultRequest(task_id="done"))
    )
    assert final.data is not None and final.data.status == "done"


def test_the_log_filter_masks_a_bearer_token_in_any_message() -> None:
    record = logging.LogRecord(
        "ai302_client", logging.INFO, __file__, 1, "sent %s", (f"Bearer {KEY}",), None
    )
    RedactBearer().filter(record)
    assert KEY not in record.getMessage() and "Bearer <redacted>" in record.getMessage()


@pytest.mark.parametrize("given", [File(payload=io.BytesIO(b"png"), file_name="me.png"), b"png"])
def test_a_json_image_that_is_not_a_string_is_refused_when_the_model_is_built(
    given: object,
) -> None:
    # It failed inside the send, as the JSON encoder's raw TypeError.
    for build in (
        lambda: HeadshotRequest(image=given, person_type="female"),  # type: ignore[arg-type]
        lambda: PortraitSubmitRequest(image_input=given),  # type: ignore[arg-type]
    ):
        with pytest.raises(
            InvalidInputError, match=r"^image(_input)?: expected a link or a data: URI"
        ) as caught:
            build()
        assert "image_data_uri(path)" in str(caught.value)
