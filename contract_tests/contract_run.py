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
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "openapi.yaml"


def start_mock(api_key: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockserver",
            "--port",
            "0",
            "--api-key",
            api_key,
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    url = process.stdout.readline().split()[-1]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/_mock/health").status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    process.terminate()
    raise SystemExit("the mock did not become healthy within 30 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=302)
    args = parser.parse_args()
    base_url = os.environ.get("BASE_URL", "")
    api_key = os.environ.get("API_KEY") or "sk-contract-mock"
    mock = None
    if not base_url:
        mock, base_url = start_mock(api_key)
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
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--workers",
        "2",
        "--warnings",
        "off",
    ]
    print(f"contract: {len(command)} args, target {base_url}", flush=True)
    try:
        return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode
    finally:
        if mock is not None:
            mock.terminate()
            mock.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main())
