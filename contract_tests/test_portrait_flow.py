"""The portrait flow end to end, as 302.AI's own front-end runs it, through the generated client:
submit, poll through every state, then download every image and check its size.

In-process with an injected clock (no test waits), plus one run over a real socket against
the CLI's `--task-duration`. Expectations come from the spec: the stages (`x-lifecycle`),
what each status means (`x-status-meaning`), and the submit step's size defaults.
"""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from ai302_client import AuthenticatedClient, RetryPolicy
from ai302_client.api.portrait import get_portrait_result, submit_portrait
from ai302_client.models import PortraitResultRequest, PortraitSubmitRequest
from PIL import Image

from contract_tests.images import data_uri
from contract_tests.live_mock import live_mock
from contract_tests.specfile import load_spec
from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.transport import ASGIAppTransport

SPEC = load_spec()
SCHEMAS = SPEC["components"]["schemas"]
STATUS = SCHEMAS["PortraitResultData"]["properties"]["status"]
STAGES: list[str] = STATUS["x-lifecycle"]
MEANING: dict[str, str] = STATUS["x-status-meaning"]
SUBMIT_FIELDS = SCHEMAS["PortraitSubmitRequest"]["properties"]
SUCCESS = SCHEMAS["PortraitResultResponse"]["properties"]["code"]["x-success-value"]
DURATION = 6.0
KEY = "sk-flow"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def in_process(**config: Any) -> tuple[AuthenticatedClient, httpx.Client]:
    """The generated client over an in-process mock, as the pytest plugin wires it; the
    plain httpx client beside it downloads images and scripts tasks."""
    http = httpx.Client(
        transport=ASGIAppTransport(create_app(MockConfig(**config))),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {KEY}"},
    )
    client = AuthenticatedClient(base_url="http://testserver", token=KEY)
    return client.set_httpx_client(http), http


def result(client: AuthenticatedClient, task_id: str, return_url: bool = False) -> Any:
    req_json = '{"return_url": true}' if return_url else "{}"
    body = PortraitResultRequest(task_id=task_id, req_json=req_json)
    answer = get_portrait_result.sync(client=client, body=body)
    assert answer is not None and answer.code == SUCCESS
    return answer


def images(answer: Any, download: Callable[[str], bytes]) -> list[Image.Image]:
    """Every image of a result, from its links or its base64, decoded."""
    raw = [download(url) for url in answer.data.image_urls]
    raw += [base64.b64decode(encoded) for encoded in answer.data.binary_data_base64]
    decoded: list[Image.Image] = [Image.open(io.BytesIO(data)) for data in raw]
    for image in decoded:
        image.load()
    return decoded


def downloader(http: httpx.Client) -> Callable[[str], bytes]:
    def download(url: str) -> bytes:
        assert url.startswith(str(http.base_url).rstrip("/") + "/_mock/images/"), url
        response = http.get(url)
        assert response.status_code == 200
        return response.content

    return download


def test_a_submitted_task_goes_through_every_stage_and_is_done_at_the_task_duration() -> None:
    clock = Clock()
    client, http = in_process(task_duration_s=DURATION, clock=clock)
    body = PortraitSubmitRequest(image_input=data_uri(), width=640, height=896)
    submitted = submit_portrait.sync(client=client, body=body)
    assert submitted is not None and submitted.data is not None
    task_id = submitted.data.task_id

    seen = []
    for step in range(len(STAGES)):
        clock.now = 1000.0 + DURATION * step / (len(STAGES) - 1)
        seen.append(result(client, task_id).data.status)
    assert seen == STAGES
    assert all(MEANING[status] == "pending" for status in seen[:-1])
    assert MEANING[seen[-1]] == "done"

    # Done: every image, as links and as base64, downloads from the mock at the asked size.
    for return_url in (True, False):
        answer = result(client, task_id, return_url=return_url)
        (image,) = images(answer, downloader(http))
        assert image.size == (640, 896)


def test_a_submit_without_a_size_gets_the_specs_default_size() -> None:
    client, http = in_process()
    submitted = submit_portrait.sync(client=client, body=PortraitSubmitRequest(data_uri()))
    assert submitted is not None and submitted.data is not None
    (image,) = images(result(client, submitted.data.task_id, True), downloader(http))
    assert image.size == (SUBMIT_FIELDS["width"]["default"], SUBMIT_FIELDS["height"]["default"])


FINALS = [status for status, meaning in MEANING.items() if meaning != "pending"]


@pytest.mark.parametrize("final", FINALS)
def test_a_scripted_task_reports_every_pending_stage_then_its_final_status(final: str) -> None:
    client, http = in_process()
    polls = 4
    made = http.post("/_mock/tasks", json={"status": final, "polls": polls})
    assert made.status_code == 201, made.text
    task_id = made.json()["task_id"]

    answers = [result(client, task_id) for _ in range(polls + 2)]
    statuses = [answer.data.status for answer in answers]
    pending, after = statuses[:polls], statuses[polls:]
    assert all(MEANING[status] == "pending" for status in pending)
    assert list(dict.fromkeys(pending)) == STAGES[:-1]  # each stage once, in order
    assert after == [final, final]
    finished = images(answers[-1], downloader(http))
    if MEANING[final] == "done":
        assert [image.size for image in finished] == [(512, 512)]
    else:
        assert finished == []


def test_an_id_nobody_submitted_reports_not_found() -> None:
    client, _ = in_process()
    assert MEANING[result(client, "6682608976809320000").data.status] == "not_found"


def test_over_a_real_socket_a_submit_is_done_within_the_cli_task_duration() -> None:
    """302.AI's client: poll at most 60 times; here every 50 ms against --task-duration 1s."""
    with live_mock("--task-duration", "1s") as mock:
        client = AuthenticatedClient(base_url=mock.url, token=KEY, retry=RetryPolicy(max_retries=0))
        with client, httpx.Client(base_url=mock.url) as http:
            submitted = submit_portrait.sync(
                client=client, body=PortraitSubmitRequest(data_uri(), width=512, height=640)
            )
            assert submitted is not None and submitted.data is not None
            seen: list[str] = []
            for _ in range(60):
                seen.append(result(client, submitted.data.task_id, return_url=True).data.status)
                if MEANING[seen[-1]] != "pending":
                    break
                time.sleep(0.05)
            assert seen[-1] == STAGES[-1]
            # Whatever stages the polls caught, they came in the lifecycle's order.
            caught = list(dict.fromkeys(seen))
            assert caught == [stage for stage in STAGES if stage in caught]
            answer = result(client, submitted.data.task_id, return_url=True)
            (image,) = images(answer, downloader(http))
            assert image.size == (512, 640)
