"""The spec ships inside the client package: the mock serves it, the client was generated
from it, and it is openapi/openapi.yaml byte for byte."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import orjson
import pytest
import yaml
from starlette.testclient import TestClient

from contract_tests.specfile import ROOT
from mockserver.app import create_app
from mockserver.config import DEFAULT_SPEC
from mockserver.spec_loader import load_spec, parsed_twin, twin_path

REPO_SPEC = ROOT / "openapi" / "openapi.yaml"


def test_the_packaged_spec_is_the_repo_spec_byte_for_byte() -> None:
    packaged = files("ai302_client").joinpath("openapi.yaml").read_bytes()
    assert packaged == REPO_SPEC.read_bytes()


def test_the_mock_serves_the_packaged_spec_by_default() -> None:
    assert DEFAULT_SPEC.read_bytes() == REPO_SPEC.read_bytes()
    with TestClient(create_app()) as client:
        assert client.get("/openapi.yaml").content == REPO_SPEC.read_bytes()


def test_the_default_spec_is_read_from_the_installed_client_package() -> None:
    # Not from a path relative to the source tree, which a wheel install does not have.
    package_dir = files("ai302_client")
    assert str(DEFAULT_SPEC) == str(package_dir.joinpath("openapi.yaml"))


def test_every_shipped_package_is_typed() -> None:
    for package in ("ai302_client", "ai302_runtime", "mockserver"):
        assert files(package).joinpath("py.typed").is_file(), package


def _fresh_python(code: str) -> str:
    """What `code` prints in a new interpreter: nothing imported or compiled beforehand."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


def test_starting_the_mock_imports_neither_the_client_nor_httpx_nor_replay_nor_yaml() -> None:
    # Start-up is a measured target (issue 17): the client package's __init__ imports httpx,
    # and httpx its CLI's rich and click, ~150 ms the mock's server never uses; recording
    # and replay serve only --replay-dir; the packaged spec's parsed twin spares PyYAML.
    code = (
        "import sys, mockserver.cli\n"
        "from mockserver.app import create_app\n"
        "create_app()\n"
        "print(sorted({'httpx', 'ai302_client', 'mockserver.recording', 'yaml'}"
        " & set(sys.modules)))"
    )
    assert _fresh_python(code).strip() == "[]"


def test_starting_the_mock_compiles_no_response_schema() -> None:
    # Only the proxy checks answers against their schemas: they compile on first use.
    code = (
        "from mockserver.app import create_app; from mockserver import spec_loader; create_app()\n"
        "from mockserver.config import DEFAULT_SPEC\n"
        "ops = spec_loader.load_spec(DEFAULT_SPEC).operations.values()\n"
        "models = [r for op in ops for r in op.responses.values()]\n"
        "print(len(models), sum('validator' in vars(r) for r in models))"
    )
    models, compiled = _fresh_python(code).split()
    assert int(models) > 0 and compiled == "0"


def test_the_packaged_parsed_twin_holds_the_yaml_specs_data_and_names_its_bytes() -> None:
    twin = orjson.loads(files("ai302_client").joinpath("openapi.parsed.json").read_bytes())
    assert twin["spec"] == yaml.safe_load(REPO_SPEC.read_bytes())
    assert twin["yaml_sha256"] == hashlib.sha256(REPO_SPEC.read_bytes()).hexdigest()


def _spec_with_body_limit(folder: Path, limit: int) -> Path:
    data = yaml.safe_load(REPO_SPEC.read_bytes())
    data["x-max-body-bytes"] = limit
    path = folder / "openapi.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def test_a_twin_made_from_other_yaml_bytes_is_ignored_and_the_yaml_is_read(
    tmp_path: Path,
) -> None:
    made_from = _spec_with_body_limit(tmp_path, 1234).read_bytes()
    twin = parsed_twin(made_from)
    edited = _spec_with_body_limit(tmp_path, 4321)  # the YAML edited after the twin
    twin_path(edited).write_bytes(twin)
    assert load_spec(edited).max_body_bytes == 4321
    twin_path(edited).write_bytes(b"{not json")
    assert load_spec(edited).max_body_bytes == 4321
    # Named after these bytes, but with no spec in it: the YAML is read.
    sha = hashlib.sha256(edited.read_bytes()).hexdigest()
    twin_path(edited).write_bytes(orjson.dumps({"yaml_sha256": sha}))
    assert load_spec(edited).max_body_bytes == 4321
    # A twin that names these very YAML bytes is what is read: here it says 999.
    named = orjson.loads(parsed_twin(edited.read_bytes()))
    named["spec"]["x-max-body-bytes"] = 999
    twin_path(edited).write_bytes(orjson.dumps(named))
    assert load_spec(edited).max_body_bytes == 999


def test_a_twin_is_refused_for_a_spec_json_cannot_carry() -> None:
    with pytest.raises(ValueError, match="JSON cannot carry at /info/x-released"):
        parsed_twin(b"openapi: 3.1.0\ninfo: {title: t, version: 1, x-released: 2026-11-22}\n")
    with pytest.raises(ValueError, match="JSON cannot carry at /paths/200"):
        parsed_twin(b"openapi: 3.1.0\npaths: {200: ok}\n")
    with pytest.raises(ValueError, match="JSON cannot carry at /x-limits/1"):
        parsed_twin(b"openapi: 3.1.0\nx-limits: [1, .inf]\n")
