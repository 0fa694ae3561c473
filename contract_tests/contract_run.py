"""`make contract`: the schemathesis CLI over a real socket, against the mock or the real API.

With no BASE_URL it starts the mock on a free 127.0.0.1 port, enforcing API_KEY, and
stops it afterwards. With BASE_URL=https://api.302.ai API_KEY=sk-... the identical suite
runs against 302.AI itself, through `ai302-mock proxy`: every exchange is checked
against the spec into REPORT (JSON, and JUnit XML beside it), and paid operations
(x-paid) reach the API at most MAX_PAID_CALLS times (default 0). RECORD=DIR records
the exchanges for `ai302-mock --replay DIR`. PROXY=off calls BASE_URL directly, and
then every positive headshot case is a paid generation.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from contract_tests.live_mock import ROOT, live_mock, live_proxy

SPEC = ROOT / "openapi" / "openapi.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=302)
    parser.add_argument("--phases", default="examples,coverage,fuzzing")
    args = parser.parse_args()
    base_url = os.environ.get("BASE_URL", "")
    api_key = os.environ.get("API_KEY") or "sk-contract-mock"
    report = None
    with ExitStack() as stack:
        if not base_url:
            mock = stack.enter_context(live_mock("--api-key", api_key, "--no-access-log"))
            base_url = mock.url
        elif os.environ.get("PROXY", "on") != "off":
            report = Path(os.environ.get("REPORT") or ROOT / "build" / "contract-report.json")
            options = ["--report", str(report), "--no-access-log"]
            options += ["--max-paid-calls", os.environ.get("MAX_PAID_CALLS") or "0"]
            if os.environ.get("RECORD"):
                options += ["--record", os.environ["RECORD"]]
            proxy = stack.enter_context(live_proxy(base_url, *options))
            print(f"contract: through ai302-mock proxy to {base_url}", flush=True)
            base_url = proxy.url
        code = _run_schemathesis(base_url, api_key, args.max_examples, args.seed, args.phases)
    if report is not None:  # written when the proxy stopped, just above
        _summarize(report)
    return code


def _summarize(report: Path) -> None:
    found = json.loads(report.read_text())
    calls = ", ".join(
        f"{op}: {counts['forwarded']} forwarded, {counts['capped']} capped"
        for op, counts in found["operations"].items()
    )
    answers, requests = found["answers"], found["requests"]
    print(
        f"contract: the API's answers broke the spec {answers['errors']} time(s) "
        f"({answers['warnings']} warning(s)); the requests sent, {requests['errors']} "
        f"(negative cases do on purpose). Report: {report}, JUnit: {report.with_suffix('.xml')}; "
        f"{calls}",
        flush=True,
    )


def _run_schemathesis(
    base_url: str, api_key: str, max_examples: int, seed: int, phases: str
) -> int:
    env = {
        **os.environ,
        "API_KEY": api_key,
        "SCHEMATHESIS_HOOKS": "contract_tests.schemathesis_hooks",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(ROOT / "contract_tests" / "schemathesis.toml"),
        "run",
        str(SPEC),
        "--url",
        base_url,
        "--phases",
        phases,
        "--checks",
        "all",
        "--max-examples",
        str(max_examples),
        "--seed",
        str(seed),
        "--workers",
        "2",
        "--warnings",
        "off",
    ]
    print(f"contract: schemathesis against {base_url}", flush=True)
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
