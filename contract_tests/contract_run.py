"""`make contract`: the schemathesis CLI over a real socket, against the mock or the real API.

With no BASE_URL it starts the mock on a free 127.0.0.1 port, enforcing API_KEY, and
stops it afterwards. With BASE_URL=https://api.302.ai API_KEY=sk-... the identical suite
runs against 302.AI itself: that costs money (every positive headshot case is a paid
generation), so keep --max-examples small there.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from contract_tests.live_mock import ROOT, live_mock

SPEC = ROOT / "openapi" / "openapi.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=302)
    args = parser.parse_args()
    base_url = os.environ.get("BASE_URL", "")
    api_key = os.environ.get("API_KEY") or "sk-contract-mock"
    with ExitStack() as stack:
        if not base_url:
            mock = stack.enter_context(live_mock("--api-key", api_key, "--no-access-log"))
            base_url = mock.url
        return _run_schemathesis(base_url, api_key, args.max_examples, args.seed)


def _run_schemathesis(base_url: str, api_key: str, max_examples: int, seed: int) -> int:
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
        "examples,coverage,fuzzing",
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
