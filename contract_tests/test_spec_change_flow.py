"""A spec change flows to client, mock and tests with no hand edit, and a breaking one is caught.

Both tests work on a copy of the spec in a temporary folder and regenerate the client
there; the committed client and spec are untouched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from contract_tests.specfile import ROOT, load_spec

GENERATE = ROOT / "openapi" / "generate.py"

ROUND_TRIP = """
import asyncio, json, pathlib, sys
import httpx
import ai302_client
assert ai302_client.__file__.startswith(sys.argv[1]), ai302_client.__file__
from ai302_client import AuthenticatedClient
from ai302_client.api.headshot import generate_headshot
from ai302_client.models import HeadshotRequest, PersonType
from mockserver.app import create_app
from mockserver.config import MockConfig

app = create_app(MockConfig(spec_path=pathlib.Path(sys.argv[2])))
client = AuthenticatedClient(
    base_url="http://mock", token="sk-x", httpx_args={"transport": httpx.ASGITransport(app=app)}
)
image = "https://example.com/me.jpg"
sent = HeadshotRequest(image=image, person_type=PersonType.MALE, seed=42)
result = asyncio.run(generate_headshot.asyncio(client=client, body=sent))
default = HeadshotRequest(image=image, person_type=PersonType.MALE)
doc = HeadshotRequest.__doc__ or ""
print(json.dumps({"echoed": result.seed, "sent_unset": "seed" in default.to_dict(),
                  "default_documented": "Default: 7" in doc}))
"""


def _write(spec: dict[str, Any], folder: Path) -> Path:
    path = folder / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _generate(spec_path: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, str(GENERATE), "--spec", str(spec_path), "--output", str(out)],
        check=True,
        capture_output=True,
    )


def test_a_new_request_field_and_response_field_round_trip_with_no_hand_edit(
    tmp_path: Path,
) -> None:
    spec = load_spec()
    schemas = spec["components"]["schemas"]
    schemas["HeadshotOptions"]["properties"]["seed"] = {
        "type": "integer",
        "default": 7,
        "description": "Random seed (added by this test).",
        "x-source": "inferred: spec-change test",
    }
    schemas["HeadshotResponse"]["properties"]["seed"] = {
        "type": "integer",
        "x-source": "inferred: spec-change test",
    }
    spec_path = _write(spec, tmp_path)
    generated = tmp_path / "generated"
    _generate(spec_path, generated)
    env = {**os.environ, "PYTHONPATH": f"{generated}{os.pathsep}{ROOT}"}
    result = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP, str(generated), str(spec_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Only fields the caller set go on the wire; the new default is documented, not sent.
    assert json.loads(result.stdout) == {
        "echoed": 42,
        "sent_unset": False,
        "default_documented": True,
    }


def test_removing_a_required_response_field_makes_the_conformance_tests_fail(
    tmp_path: Path,
) -> None:
    spec = load_spec()
    response = spec["components"]["schemas"]["HeadshotResponse"]
    del response["properties"]["headshot_url_list"]
    response["required"] = []
    spec_path = _write(spec, tmp_path)
    env = {**os.environ, "AI302_SPEC": str(spec_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "contract_tests" / "test_client_conformance.py"),
            "-k",
            "every_documented_response and headshot and 200",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    # The committed client still expects headshot_url_list: the drift is reported, not hidden.
    assert "headshot_url_list" in result.stdout
