"""What each stage of the mock's pipeline costs a served request: the mock served with a
stage taken out, counted on the simulated machine (bench/simulated_cycles.py) beside the
whole mock and the ceiling.

Why: the mock/ceiling ratio on small bodies misses its goal, and most of the gap is cache
misses, not instructions (the simulated section's "by term" lines). A profile of a warm,
in-process request prices each function's instructions, not the misses its code and data
bring under load; taking a stage out and serving the rest under wrk prices both.

A variant leaves out work the mock must do (it stops validating, or keeps no journal), so
it only ever runs here. Every variant, and the baseline its savings are taken from, runs
through this module (`--without nothing` is the whole mock), so all share one process
layout; the mock as `python -m mockserver` is counted beside them, a control: how far it
lands from the baseline is how far apart two runs of the same work land. Validation and
the image checks share one thing: a long data URI's payload, decoded by the first for
the second (mockserver/long_text.py); with one of them out, the other decodes it or
leaves it cached. The workloads measured here have no such body.

`python -m bench.ablation --without STAGE [--without STAGE ...] --port N` serves one,
with the mock's other options; `python -m bench.ablation` prints the report's section;
`make bench` adds it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from starlette.responses import Response
from starlette.types import Receive, Scope

import mockserver.app
import mockserver.pipeline
from bench.ceiling import BODY
from bench.simulated_cycles import Counts, cache_options, counted_in_pairs, why_not_simulated
from bench.targets import CEILING, MOCK, QUIET, Target
from bench.workloads import Workload, workloads
from mockserver.body_reader import read_body
from mockserver.journal import Journal
from mockserver.json_body import decode_json_string
from mockserver.responses import raw_json_response
from mockserver.routing import Endpoint
from mockserver.spec_loader import BodyModel, OperationModel
from mockserver.state import MockState

# The small bodies whose ceiling goal is missed: one headshot, and the portrait page's own.
WORKLOADS = ("1a-json-url-num1", "5-portrait-page-example")
# The stages issue 17 forbids loosening to gain speed, taken out together in one variant.
PROTECTED = ("validation", "image-checks", "journal")


def _unvalidated(model: BodyModel, data: dict[str, Any]) -> dict[str, Any]:
    """Nothing checked, and whole floats left as floats; the JSON string fields still
    decoded (with the same function validation uses), as the handlers read them."""
    for name in model.json_string_fields.keys() & data.keys():
        if isinstance(data[name], str):
            data[name] = decode_json_string(data[name], name)
    return data


def _unchecked(*args: object) -> None:
    return None


def _unrecorded(self: Journal, *args: object) -> None:
    return None


def _answered_once(handle: Callable[..., Response]) -> Callable[..., Response]:
    """`_handle` with its first answer per operation kept and sent again: the handler, the
    body's completion, its encoding and the response object each run once."""
    answers: dict[str, Response] = {}

    def answered(state: MockState, operation: OperationModel, *args: Any) -> Response:
        answer = answers.get(operation.operation_id)
        if answer is None:
            answer = answers[operation.operation_id] = handle(state, operation, *args)
        return answer

    return answered


def _read_and_fixed(state: MockState, operation: OperationModel) -> Endpoint:
    """An endpoint that reads the body and sends the ceiling's fixed reply: the mock's
    server, protocol and routing with no pipeline at all."""
    fixed = raw_json_response(BODY, 200, "ablation")

    async def endpoint(scope: Scope, receive: Receive) -> Response:
        await read_body(receive, None, state.max_body_bytes, state.config.body_timeout_s)
        return fixed

    return endpoint


# Each stage: what taking it out replaces, as (module or class, attribute, replacement
# made from the original). Patched by name: a renamed function fails here, loudly.
# `nothing` replaces nothing: the whole mock, served through this module as the variants are.
Patch = tuple[object, str, Callable[[Any], Any]]
NOTHING = "nothing"
STAGES: dict[str, tuple[Patch, ...]] = {
    NOTHING: (),
    "validation": ((mockserver.pipeline, "validate", lambda original: _unvalidated),),
    "image-checks": ((mockserver.pipeline, "check_images", lambda original: _unchecked),),
    "journal": ((Journal, "record", lambda original: _unrecorded),),
    "answer": ((mockserver.pipeline, "_handle", _answered_once),),
    "pipeline": ((mockserver.app, "api_endpoint", lambda original: _read_and_fixed),),
}


@contextmanager
def without(stages: Sequence[str]) -> Iterator[None]:
    """The mock's code with `stages` taken out, for apps built inside the block."""
    with ExitStack() as stack:
        for stage in stages:
            for owner, name, replace in STAGES[stage]:
                original = getattr(owner, name)  # AttributeError if the mock renamed it
                stack.enter_context(mock.patch.object(owner, name, replace(original)))
        yield


def variant(stages: Sequence[str]) -> Target:
    """The mock served with `stages` taken out, as the benchmark starts a server."""
    options = [part for stage in stages for part in ("--without", stage)]
    return Target(
        f"mock without {', '.join(stages)}",
        lambda port: [
            sys.executable,
            "-m",
            "bench.ablation",
            *options,
            "--port",
            str(port),
            *QUIET,
        ],
    )


def _shown(stage: str) -> str:
    return stage.replace("-", " ")


@dataclass(frozen=True)
class Row:
    label: str
    target: Target


WHOLE = Row("the mock (nothing taken out)", variant([NOTHING]))
CONTROL = Row("the mock as `python -m mockserver` (control)", MOCK)
NO_PIPELINE = Row("no pipeline: the body read, the ceiling's reply", variant(["pipeline"]))
CEILING_ROW = Row("the ceiling", CEILING)
ROWS = (
    WHOLE,
    CONTROL,
    *(Row(f"without {_shown(stage)}", variant([stage])) for stage in (*PROTECTED, "answer")),
    Row(f"without {', '.join(map(_shown, PROTECTED))}", variant(PROTECTED)),
    NO_PIPELINE,
    CEILING_ROW,
)
# Rows whose "saves" would not be a stage's cost.
_NO_SAVING = (WHOLE, CONTROL, CEILING_ROW)


def section(seconds: int = 20) -> list[str]:
    """The report's section: every row on every workload in WORKLOADS."""
    reason = why_not_simulated()
    if reason:
        return [f"By stage, on a simulated machine: skipped ({reason})."]
    loads = [load for load in workloads() if load.name in WORKLOADS]
    jobs = [(row, load) for load in loads for row in ROWS]
    counted = counted_in_pairs([(row.target, load) for row, load in jobs], seconds, cache_options())
    counts = {(row.label, load.name): each for (row, load), each in zip(jobs, counted, strict=True)}
    return render(loads, counts, seconds)


def render(
    loads: Sequence[Workload], counts: Mapping[tuple[str, str], Counts], seconds: int
) -> list[str]:
    lines = [
        "## By stage, on a simulated machine",
        "",
        "Made by `python -m bench.ablation`: the mock served with stages of its pipeline "
        "taken out (`python -m bench.ablation --without STAGE`), counted as "
        f"bench.simulated_cycles counts ({max(seconds // 2, 1)} s and {seconds} s windows), "
        "beside the whole mock and the ceiling. What taking a stage out saves is the whole "
        "mock's estimated cycles less the variant's: the instructions the stage runs and the "
        "misses its code and data bring. Each row is one run, and the misses move about "
        "10 % from run to run: the control (the same mock by its own command) shows how "
        "far apart two runs land, and a saving no larger than that is not told apart from "
        "none. Savings do not add up exactly: a stage taken out also leaves the caches to "
        "the rest. The variants skip work the mock must do; they exist only to price it.",
        "",
        "| workload | served | est. cycles | instructions | saves (of it, L2 misses) "
        "| ceiling / this |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for load in loads:
        lines += [
            f"| {load.name} | {row.label} | {_cells(counts, row, load.name)} |" for row in ROWS
        ]
    lines += ["", *(_budget(load, counts) for load in loads)]
    return lines


def _cells(counts: Mapping[tuple[str, str], Counts], row: Row, load: str) -> str:
    """One row's figures on one workload."""
    this = counts[(row.label, load)]
    whole = counts[(WHOLE.label, load)]
    ceiling = counts[(CEILING_ROW.label, load)]
    saved = whole.cycles - this.cycles
    saved_misses = whole.part("L2 misses") - this.part("L2 misses")
    saving = "-" if row in _NO_SAVING else f"{saved / 1000:,.0f}k ({saved_misses / 1000:,.0f}k)"
    return (
        f"{this.cycles / 1000:,.0f}k | {this.events['Ir'] / 1000:,.0f}k | {saving} "
        f"| {ceiling.cycles / this.cycles:.2f}"
    )


def _budget(load: Workload, counts: Mapping[tuple[str, str], Counts]) -> str:
    """What the goal leaves the pipeline, against what it takes, in estimated cycles."""
    whole, no_pipeline, ceiling = (
        counts[(row.label, load.name)] for row in (WHOLE, NO_PIPELINE, CEILING_ROW)
    )
    if load.ceiling_goal is None:
        return f"- {load.name}: no ceiling goal."
    allowed = ceiling.cycles / load.ceiling_goal
    left = allowed - no_pipeline.cycles
    taken = whole.cycles - no_pipeline.cycles
    return (
        f"- {load.name}: the goal ({load.ceiling_goal}x) allows {allowed / 1000:,.0f}k a "
        f"request; the mock's server with no pipeline takes {no_pipeline.cycles / 1000:,.0f}k "
        f"of it, which leaves the pipeline {left / 1000:,.0f}k. It takes "
        f"{taken / 1000:,.0f}k: "
        + (f"{(taken - left) / 1000:,.0f}k over." if taken > left else "within it.")
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ablation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="With --without, every other option goes to the mock (--port N, ...).",
    )
    parser.add_argument(
        "--without",
        action="append",
        choices=sorted(STAGES),
        metavar="STAGE",
        help=f"serve the mock without it (one of: {', '.join(sorted(STAGES))}); repeatable",
    )
    parser.add_argument(
        "--seconds", type=int, default=20, help="the longer of the two wrk runs counted per server"
    )
    args, mock_options = parser.parse_known_args(argv)
    if args.without and "--seconds" in (argv if argv is not None else sys.argv[1:]):
        parser.error("--seconds is for the report's section, not a served variant")
    if not args.without:
        if mock_options:
            parser.error(
                f"{' '.join(mock_options)}: the mock's options need --without STAGE "
                "(with none, this prints the report's section)"
            )
        print("\n".join(section(args.seconds)))
        return
    from mockserver.cli import main as serve

    # Its banner is the mock's own: this line says it is not the mock a user wants.
    left_out = [_shown(stage) for stage in args.without if stage != NOTHING] or ["nothing"]
    print(
        f"bench.ablation: the mock WITHOUT {', '.join(left_out)}, for measuring only",
        file=sys.stderr,
        flush=True,
    )
    with without(args.without):
        serve(mock_options)


if __name__ == "__main__":
    main()
