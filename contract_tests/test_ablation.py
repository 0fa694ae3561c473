"""bench/ablation.py: each variant takes out the stage it names, and only while it runs; a
variant starts as a server; and the section prices each stage from the counts, without
valgrind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from bench import ablation
from bench.ablation import NOTHING, ROWS, STAGES, render, variant, without
from bench.ceiling import BODY
from bench.simulated_cycles import Counts
from bench.targets import free_port, start
from bench.workloads import HEADSHOT, Workload, small_json
from contract_tests.conftest import AUTH, headshot_body
from mockserver.app import create_app

# Refused by the schema: person_type is an enum (the page lists female, male, ...).
OFF_ENUM = {"image": "https://example.com/me.jpg", "person_type": "robot"}
# Passes the schema (a data URI of an image type), and then the image check refuses it:
# its bytes are no PNG.
NOT_A_PNG = headshot_body(image="data:image/png;base64,aGVsbG8gd29ybGQ=")


@contextmanager
def served(*stages: str) -> Iterator[TestClient]:
    with without(stages), TestClient(create_app()) as client:
        yield client


def post(client: TestClient, body: dict[str, Any], **headers: str) -> httpx.Response:
    answer: httpx.Response = client.post(HEADSHOT, json=body, headers={**AUTH, **headers})
    return answer


def test_without_validation_a_body_off_the_schema_is_answered() -> None:
    with served() as whole:
        assert post(whole, OFF_ENUM).status_code == 400
    with served("validation") as client:
        assert post(client, OFF_ENUM).status_code == 200


def test_without_image_checks_bytes_that_are_no_image_pass() -> None:
    with served() as whole:
        refused = post(whole, NOT_A_PNG)
        assert refused.status_code == 400, refused.text
    with served("image-checks") as client:
        assert post(client, NOT_A_PNG).status_code == 200


def test_without_the_journal_nothing_is_recorded() -> None:
    with served() as whole:
        post(whole, headshot_body())
        assert len(whole.get("/_mock/requests").json()["requests"]) == 1
    with served("journal") as client:
        assert post(client, headshot_body()).status_code == 200
        assert client.get("/_mock/requests").json()["requests"] == []


def test_without_the_answer_the_first_one_is_sent_again() -> None:
    with served("answer") as client:
        first, second = (post(client, headshot_body(num=n)) for n in (1, 3))
    assert second.status_code == 200
    # The same answer, its request id too, though the second asked for three avatars.
    assert second.content == first.content
    assert len(second.json()["headshot_url_list"]) == 1
    assert second.headers["x-request-id"] == first.headers["x-request-id"]


def test_without_the_pipeline_any_request_gets_the_ceilings_reply() -> None:
    with served("pipeline") as client:
        answer = client.post(HEADSHOT, content=b"not json")  # no key, no JSON
    assert (answer.status_code, answer.content) == (200, BODY)


def test_without_validation_the_other_stages_still_run() -> None:
    with served("validation") as client:
        assert post(client, NOT_A_PNG).status_code == 400  # the image check
        assert len(client.get("/_mock/requests").json()["requests"]) == 1  # the journal


def test_nothing_takes_nothing_out() -> None:
    with served(NOTHING) as client:
        assert post(client, OFF_ENUM).status_code == 400
        assert post(client, NOT_A_PNG).status_code == 400
        assert len(client.get("/_mock/requests").json()["requests"]) == 2


class _Raised(Exception):
    pass


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_the_mock_is_whole_again_after_the_block_even_after_an_error(stage: str) -> None:
    with pytest.raises(_Raised), served(stage):
        raise _Raised
    with served() as whole:
        assert post(whole, OFF_ENUM).status_code == 400
        assert post(whole, NOT_A_PNG).status_code == 400
        first, second = post(whole, headshot_body()), post(whole, headshot_body(num=2))
        assert first.headers["x-request-id"] != second.headers["x-request-id"]
        assert len(second.json()["headshot_url_list"]) == 2
        assert len(whole.get("/_mock/requests").json()["requests"]) == 4
        refused = whole.post(HEADSHOT, content=b"not json")  # no key: the pipeline runs
        assert refused.status_code == 401


def test_a_stage_the_mock_no_longer_has_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    ((owner, _, replace),) = ablation.STAGES["validation"]
    monkeypatch.setitem(ablation.STAGES, "validation", ((owner, "renamed_validate", replace),))
    with pytest.raises(AttributeError), without(["validation"]):
        pass


def test_a_variant_serves_with_its_stages_taken_out() -> None:
    call = small_json(1)
    server = start(variant(["validation"]), free_port(), call)
    try:
        answer = httpx.post(server.url + HEADSHOT, json=OFF_ENUM, headers=AUTH)
    finally:
        server.stop()
    assert answer.status_code == 200, answer.text


def test_the_mocks_options_without_a_stage_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        ablation.main(["--port", "1"])
    assert "--port 1: the mock's options need --without STAGE" in capsys.readouterr().err


def test_the_sections_options_with_a_stage_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        ablation.main(["--without", "journal", "--seconds", "4", "--port", "1"])
    assert "--seconds is for the report's section" in capsys.readouterr().err


def _counts(ir: float, l2: float) -> Counts:
    """Counts whose cycle estimate is ir + 100 x l2 (no other misses)."""
    zero = dict.fromkeys(("Bcm", "Bim", "I1mr", "D1mr", "D1mw", "DLmr", "DLmw"), 0.0)
    return Counts({**zero, "Ir": ir, "ILmr": l2})


def _section(made: dict[str, tuple[int, int]]) -> list[str]:
    """The section for 1a, from (estimated cycles, of them L2 misses x 100) per row; a
    row not given costs 450k (70k)."""
    load = Workload("1a-json-url-num1", (small_json(1),), 0.8)
    counts = {}
    for row in ROWS:
        cycles, misses = made.get(row.label, (450_000, 70_000))
        counts[(row.label, load.name)] = _counts(cycles - misses, misses / 100)
    return render([load], counts, seconds=20)


NO_PIPELINE = "no pipeline: the body read, the ceiling's reply"
WHOLE = "the mock (nothing taken out)"


def test_the_section_prices_each_stage_from_the_counts() -> None:
    protected = "without validation, image checks, journal"
    lines = _section(
        {
            WHOLE: (500_000, 90_000),
            "without validation": (480_000, 80_000),
            protected: (440_000, 60_000),
            "the ceiling": (400_000, 30_000),
        }
    )
    table = {line.split(" | ")[1]: line for line in lines if line.startswith("| 1a")}
    assert table[WHOLE] == f"| 1a-json-url-num1 | {WHOLE} | 500k | 410k | - | 0.80 |"
    assert table["without validation"].endswith("| 480k | 400k | 20k (10k) | 0.83 |")
    assert table[protected].endswith("| 440k | 380k | 60k (30k) | 0.91 |")
    assert table["the ceiling"].endswith("| 400k | 370k | - | 1.00 |")


def test_the_budget_is_what_the_goal_leaves_the_pipeline() -> None:
    # 0.8x a 400k ceiling allows 500k; a 300k server leaves the pipeline 200k.
    made = {"the ceiling": (400_000, 0), NO_PIPELINE: (300_000, 0)}
    (over,) = [line for line in _section({**made, WHOLE: (540_000, 0)}) if "- 1a" in line]
    assert "allows 500k" in over
    assert "leaves the pipeline 200k. It takes 240k: 40k over." in over
    (within,) = [line for line in _section({**made, WHOLE: (480_000, 0)}) if "- 1a" in line]
    assert within.endswith("It takes 180k: within it.")
