"""`BASE_URL=... make contract` goes through `ai302-mock proxy`: the schemathesis run
yields the violation report, and paid calls stay within MAX_PAID_CALLS. The "real API"
here is the mock on 127.0.0.1, started by the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx

from contract_tests.live_mock import ROOT, live_mock
from contract_tests.specfile import PORTRAIT, load_spec

KEY = "sk-contract-through-proxy"
# The operations the spec marks x-paid, by path and by operationId.
PAID = {
    path: op["operationId"]
    for path, item in load_spec()["paths"].items()
    for op in item.values()
    if op.get("x-paid")
}


def test_make_contract_against_a_base_url_runs_through_the_proxy_within_the_cap(
    tmp_path: Path,
) -> None:
    report = tmp_path / "contract.json"
    with live_mock("--api-key", KEY, "--no-access-log") as api:
        env = {
            **os.environ,
            "BASE_URL": api.url,
            "API_KEY": KEY,
            "REPORT": str(report),
            "MAX_PAID_CALLS": "1",
            "RECORD": str(tmp_path / "recorded"),
        }
        run_module = ["-m", "contract_tests.contract_run"]
        command = [*run_module, "--phases", "examples", "--max-examples", "2"]
        run = subprocess.run(
            [sys.executable, *command],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        received = httpx.get(f"{api.url}/_mock/requests").json()["requests"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "through ai302-mock proxy" in run.stdout
    paths = [entry["path"] for entry in received]
    # One paid call in all reached the API (whichever paid operation came first); the
    # spec's examples hold more, and the rest were capped.
    assert len([path for path in paths if path in PAID]) == 1
    assert paths.count(PORTRAIT) >= 1
    found = json.loads(report.read_text())["operations"]
    assert sum(found[op]["forwarded"] for op in PAID.values()) == 1
    assert sum(found[op]["capped"] for op in PAID.values()) >= 1
    assert found["get_portrait_result"]["forwarded"] == paths.count(PORTRAIT)
    # The mock conforms; schemathesis's own requests do not always (auth probes, negatives).
    violations = json.loads(report.read_text())["violations"]
    about_answers = [v for v in violations if v["location"].startswith("response")]
    assert [v for v in about_answers if v["severity"] == "error"] == []
    assert ET.parse(report.with_suffix(".xml")).getroot().find("testsuite") is not None
    assert f"Report: {report}" in run.stdout
    assert KEY not in run.stdout + run.stderr
    assert list((tmp_path / "recorded").glob("*/*.json"))
