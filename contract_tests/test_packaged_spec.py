"""The spec ships inside the client package: the mock serves it, the client was generated
from it, and it is openapi/openapi.yaml byte for byte."""

from __future__ import annotations

import subprocess
import sys
from importlib.resources import files

from starlette.testclient import TestClient

from contract_tests.specfile import ROOT
from mockserver.app import create_app
from mockserver.config import DEFAULT_SPEC

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


def test_starting_the_mock_imports_neither_the_client_nor_httpx_nor_replay() -> None:
    # Start-up is a measured target (issue 17): the client package's __init__ imports httpx,
    # and httpx its CLI's rich and click, ~150 ms the mock's server never uses; recording
    # and replay serve only --replay-dir.
    code = (
        "import sys, mockserver.cli\n"
        "from mockserver.app import create_app\n"
        "create_app()\n"
        "print(sorted({'httpx', 'ai302_client', 'mockserver.recording'} & set(sys.modules)))"
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
