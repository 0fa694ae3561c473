"""A spec change flows to client, mock and tests with no hand edit, and a breaking one is caught.

The tests work on a copy of the spec in a temporary folder and regenerate the client
there; the committed client and spec are untouched. The gate (`ai302-spec`) classifies
each change before generation, and mypy --strict over our existing calling code shows
what the classification means for a caller of the regenerated client.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.specfile import ROOT, load_spec

# One worker builds the module's fixtures (two generations, the mypy cache) for all its tests.
pytestmark = pytest.mark.xdist_group("spec-change-flow")
GENERATE = ROOT / "openapi" / "generate.py"
COMMITTED_SPEC = ROOT / "openapi" / "openapi.yaml"
JSON = ("--format", "json")
# Code written against the committed client: it names models, enum members and fields.
CALLING_CODE = ROOT / "examples" / "usage.py"

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


def _generate(spec_path: Path, out: Path) -> str:
    """Generate as `make generate` does: the change is classified first. Returns stdout."""
    result = subprocess.run(
        [
            sys.executable,
            str(GENERATE),
            "--spec",
            str(spec_path),
            "--output",
            str(out),
            "--diff-against",
            str(COMMITTED_SPEC),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def _classify(spec_path: Path) -> list[dict[str, str]]:
    result = subprocess.run(
        [sys.executable, "-m", "ai302_spec", "diff", str(COMMITTED_SPEC), str(spec_path), *JSON],
        capture_output=True,
        text=True,
        check=False,
    )
    changes: list[dict[str, str]] = json.loads(result.stdout)["changes"]
    breaking = any(change["level"] == "breaking" for change in changes)
    assert result.returncode == (1 if breaking else 0), result.stderr
    return changes


@pytest.fixture(scope="module")
def mypy_cache() -> Path:
    """One cache for both mypy runs, kept between runs (build/ is ignored by git): the
    standard library, httpx and attrs are analysed once. mypy takes a cached module only
    when its content hash matches, so each regenerated client is checked afresh."""
    cache = ROOT / "build" / "mypy-cache" / "spec-change-flow"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def _type_check_calling_code(generated: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """mypy --strict over the calling code. MYPYPATH comes first in mypy's search, so the
    client is the one in `generated`, not the committed one installed in the venv."""
    config = cache / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")  # not the project's: no mypy_path
    env = {**os.environ, "MYPYPATH": f"{generated}{os.pathsep}{ROOT}"}
    options = ["--strict", "--config-file", str(config), "--cache-dir", str(cache)]
    return subprocess.run(
        [sys.executable, "-m", "mypy", *options, str(CALLING_CODE)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=generated,
    )


@pytest.fixture(scope="module")
def non_breaking(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(spec, generated client, generation output) after a change callers should not notice:
    a new optional request field with a default, a new response field, a new enum value."""
    folder = tmp_path_factory.mktemp("non_breaking")
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
    schemas["PersonType"]["enum"].append("elder")
    spec_path = _write(spec, folder)
    generated = folder / "generated"
    return spec_path, generated, _generate(spec_path, generated)


def test_a_new_request_field_and_response_field_round_trip_with_no_hand_edit(
    non_breaking: tuple[Path, Path, str],
) -> None:
    spec_path, generated, _ = non_breaking
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


def test_a_non_breaking_change_leaves_existing_calling_code_type_checking(
    non_breaking: tuple[Path, Path, str], mypy_cache: Path
) -> None:
    spec_path, generated, generation_output = non_breaking
    levels = {change["level"] for change in _classify(spec_path)}
    assert levels == {"non-breaking"}
    assert "BREAKING" not in generation_output
    # mypy is about to read this regenerated client, which has the new value:
    assert 'ELDER = "elder"' in (generated / "ai302_client/models/person_type.py").read_text()
    checked = _type_check_calling_code(generated, mypy_cache)
    assert checked.returncode == 0, checked.stdout
    assert "Success: no issues found in 1 source file" in checked.stdout


def test_a_breaking_change_is_flagged_before_generation_and_does_break_calling_code(
    tmp_path: Path, mypy_cache: Path
) -> None:
    spec = load_spec()
    # examples/usage.py sends num=2 in a multipart request; removing a field is breaking.
    del spec["components"]["schemas"]["HeadshotOptions"]["properties"]["num"]
    spec_path = _write(spec, tmp_path)
    changes = _classify(spec_path)
    assert {(c["level"], c["location"]) for c in changes} == {
        ("breaking", "request body application/json: num"),
        ("breaking", "request body multipart/form-data: num"),
    }
    generated = tmp_path / "generated"
    output = _generate(spec_path, generated)
    flagged = output.index("generate: BREAKING for existing callers")
    assert output.index("application/json: num") < flagged < output.index("generated ")
    # The flag was right: code written against the committed client no longer type-checks.
    checked = _type_check_calling_code(generated, mypy_cache)
    assert checked.returncode == 1, checked.stdout
    assert 'Unexpected keyword argument "num"' in checked.stdout


def test_after_a_major_bump_generation_announces_the_breaking_change_without_the_flag(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    spec = load_spec()
    del spec["components"]["schemas"]["HeadshotOptions"]["properties"]["num"]
    old_major = int(spec["info"]["version"].split(".")[0])
    spec["info"]["version"] = f"{old_major + 1}.0.0"
    loaded = importlib.util.spec_from_file_location("generate", GENERATE)
    assert loaded is not None and loaded.loader is not None
    generate = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(generate)

    generate.report_changes(str(COMMITTED_SPEC), _write(spec, tmp_path))

    out, err = capfd.readouterr()
    assert "request body application/json: num" in out  # the change is still listed
    assert "generate: BREAKING" not in out
    assert f"major went {old_major} → {old_major + 1}" in err


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
            "--hypothesis-profile",
            "see-it-fail",
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
