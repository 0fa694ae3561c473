"""A regression guard on the work one request costs, with no timing: a change that doubles
it fails here, on any machine, under any load.

Each request goes through the whole ASGI app in-process (bench/inprocess.py) and is counted
at the app's edge: Python functions entered, C functions called, and the peak memory Python
allocates. Each ceiling is 1.8x what the request costs today (the measured value is beside
it): room for honest changes, none for a doubling (the last test proves a doubling fails).
Lower a ceiling when the work goes down for good; raise one only with a reason in the commit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from bench.inprocess import count_work
from bench.workloads import Call, Workload, workloads
from mockserver.app import create_app


@dataclass(frozen=True)
class Ceiling:
    workload: str
    request: int  # which of the workload's requests
    status: int
    python_calls: int
    c_calls: int


# Measured at 11edffb (Python 3.11.7), median of 5 after 3 warm-ups; the counts are exact and
# repeat run to run, as they do not depend on the machine's speed or load. Each ceiling is
# 1.8x today's count where that is below the 0457a29 ceiling (issue 17, second round:
# headers left as bytes and read inline, a NamedTuple CallContext, plain-tuple journal
# entries); the 100 KB data URI's C calls keep theirs.
CEILINGS = [
    # small JSON, URL image, num 2: 43 Python calls, 66 C calls
    Ceiling("1b-json-url-num2", 0, 200, python_calls=77, c_calls=118),
    # 100 KB data URI: 66 / 120 (session 7: a plain PNG's header read without Pillow's
    # open, 109 / 158 before, with the 196 / 284 ceiling, this one set at 1.8x 58 / 115;
    # then 8 Python calls more for a chunk walk shared with png_chunks, ceiling kept)
    Ceiling("2-json-100kb-data-uri", 0, 200, python_calls=104, c_calls=207),
    # 100 KB multipart file: 79 / 144 (session 8: common part headers read by one regex
    # match, 83 / 187 before, C calls' ceiling set at 1.8x 140; then 4 C calls more for
    # byte_search's first 4 KiB by bytes.find, ceiling kept; session 7: the PNG header
    # as above, 122 / 220 before, with the 220 / 396 ceiling, then set at 1.8x 71 / 178;
    # session 5: multipart read with bytes.find, not python-multipart's callbacks)
    Ceiling("4-multipart-100kb-png", 0, 200, python_calls=128, c_calls=252),
    # the portrait page's own request: 44 / 65 (session 23: a done task's link remembered
    # by its req_json text, task id and size; 45 / 71 before, with the 81 / 127 ceiling)
    Ceiling("5-portrait-page-example", 0, 200, python_calls=79, c_calls=117),
    # invalid requests must stay cheap. No API key: 22 / 21
    Ceiling("6-mix-valid-invalid", 1, 401, python_calls=39, c_calls=37),
    # person_type outside its enum: 54 / 69
    Ceiling("6-mix-valid-invalid", 3, 400, python_calls=97, c_calls=124),
]
# Peak Python-allocated memory for a 1 MB data URI, against the body: 3.0x today. The
# issue's bound for a 10 MB image (peak memory at most 4x the body) applied to what
# Python allocates (Pillow's own buffers are not traced).
PEAK_BODY_MULTIPLE = 4.0

LOADS = {load.name: load for load in workloads()}
APP = create_app()


def call_of(load: Workload, index: int) -> Call:
    return load.calls[index]


@pytest.mark.parametrize("ceiling", CEILINGS, ids=[f"{c.workload}[{c.request}]" for c in CEILINGS])
def test_a_request_does_at_most_1_8x_todays_work(ceiling: Ceiling) -> None:
    work = count_work(APP, call_of(LOADS[ceiling.workload], ceiling.request))
    assert work.status == ceiling.status
    assert work.python_calls <= ceiling.python_calls, work
    assert work.c_calls <= ceiling.c_calls, work


def test_a_1mb_data_uri_allocates_at_most_4x_its_body_at_peak() -> None:
    call = call_of(LOADS["3-json-1mb-data-uri"], 0)
    work = count_work(APP, call, warmups=1, samples=1)
    assert work.status == 200
    assert work.peak_traced_bytes <= PEAK_BODY_MULTIPLE * len(call.body), (
        work.peak_traced_bytes / len(call.body)
    )


def doubled(app: ASGIApp) -> ASGIApp:
    """The app doing all its work twice per request: what the guard exists to catch."""

    async def twice(scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)
        await app(scope, receive, send)

    return twice


@pytest.mark.parametrize("ceiling", CEILINGS, ids=[f"{c.workload}[{c.request}]" for c in CEILINGS])
def test_doubling_the_work_of_a_request_breaks_its_ceiling(ceiling: Ceiling) -> None:
    work = count_work(doubled(APP), call_of(LOADS[ceiling.workload], ceiling.request))
    assert work.python_calls > ceiling.python_calls, work
    assert work.c_calls > ceiling.c_calls, work
