"""portrait_result helpers: `interpret` reads code (x-success-value), then data.status
(x-status-meaning); `poll` never really sleeps."""

from __future__ import annotations

import asyncio

import pytest
from ai302_client import (
    AI302Error,
    PortraitPollTimeout,
    PortraitTaskError,
    PortraitTaskExpired,
    PortraitTaskFailed,
    PortraitTaskNotFound,
    apoll,
    interpret,
    poll,
)
from ai302_client.models import PortraitResultResponse

from contract_tests.fake_time import FakeTime
from contract_tests.specfile import PORTRAIT, load_spec, operation

SPEC = load_spec()
EXAMPLES = operation(SPEC, PORTRAIT)["responses"]["200"]["content"]["application/json"]["examples"]
MEANING = SPEC["components"]["schemas"]["PortraitResultData"]["properties"]["status"][
    "x-status-meaning"
]
RAISES = {
    "failed": PortraitTaskFailed,
    "not_found": PortraitTaskNotFound,
    "expired": PortraitTaskExpired,
}


def result(name: str) -> PortraitResultResponse:
    return PortraitResultResponse.from_dict(EXAMPLES[name]["value"])


def with_status(status: str) -> PortraitResultResponse:
    value = {**EXAMPLES["done"]["value"]}
    value["data"] = {**value["data"], "status": status}
    return PortraitResultResponse.from_dict(value)


@pytest.mark.parametrize("status", sorted(MEANING))
def test_interpret_follows_the_spec_status_meaning(status: str) -> None:
    meaning = MEANING[status]
    if meaning in RAISES:
        with pytest.raises(RAISES[meaning]) as caught:
            interpret(with_status(status))
        assert caught.value.status == status
    else:
        outcome = interpret(with_status(status))
        assert outcome.status == status and outcome.meaning == meaning
        assert outcome.finished is (meaning == "done")


def test_interpret_reads_each_documented_example() -> None:
    assert interpret(result("in_queue")).status == "in_queue"
    assert not interpret(result("generating")).finished
    assert interpret(result("done")).finished and interpret(result("page_example")).finished
    with pytest.raises(PortraitTaskNotFound):
        interpret(result("not_found"))
    with pytest.raises(PortraitTaskExpired):
        interpret(result("expired"))


def test_failed_is_terminal_for_the_poller() -> None:
    time = FakeTime()
    replies = iter(["in_queue", "failed", "done"])
    with pytest.raises(PortraitTaskFailed):
        poll(lambda: with_status(next(replies)), time.settings(interval=1.0))
    assert time.sleeps == [1.0]


def test_polling_errors_belong_to_the_kit_error_tree() -> None:
    for cls in (*RAISES.values(), PortraitPollTimeout, PortraitTaskError):
        assert issubclass(cls, AI302Error)


def test_code_is_checked_before_data_status() -> None:
    with pytest.raises(PortraitTaskFailed) as caught:
        interpret(result("moderation_failed"))
    assert caught.value.code == EXAMPLES["moderation_failed"]["value"]["code"]


def test_an_unknown_status_is_not_done_and_not_a_crash() -> None:
    assert "rebooting" not in MEANING
    outcome = interpret(with_status("rebooting"))
    assert outcome.status == "rebooting" and outcome.meaning == "unknown"
    assert not outcome.finished


def test_poll_returns_when_done_sleeping_only_through_the_injected_clock() -> None:
    time = FakeTime()
    replies = iter(["in_queue", "generating", "generating", "done"])
    final = poll(lambda: result(next(replies)), time.settings(interval=2.0, timeout=60.0))
    assert final.to_dict() == EXAMPLES["done"]["value"]
    assert time.sleeps == [2.0, 2.0, 2.0]


def test_poll_gives_up_at_its_deadline() -> None:
    time = FakeTime()
    with pytest.raises(PortraitPollTimeout, match="still generating"):
        poll(lambda: result("generating"), time.settings(interval=2.0, timeout=7.0))
    assert time.now <= 7.0


def test_async_poll_awaits_the_injected_sleep() -> None:
    time = FakeTime()
    replies = iter(["in_queue", "done"])

    async def fetch() -> PortraitResultResponse:
        return result(next(replies))

    async def fake_sleep(seconds: float) -> None:
        time.sleep(seconds)

    final = asyncio.run(apoll(fetch, time.settings(interval=1.5), sleep=fake_sleep))
    assert final.data is not None and time.sleeps == [1.5]
