"""The kit as a user gets it: the wheel built from this tree, installed into fresh venvs
in a temporary folder outside it.

AI302_USER_PYTHON=3.12 picks the interpreter of those venvs (default: this one), so the
same tests prove every supported Python (`make test-pythons`).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run and fail the test with the command's output if it fails."""
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, env=clean_env()
    )
    if result.returncode != 0:
        pytest.fail(f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def clean_env() -> dict[str, str]:
    """The environment minus anything that would let the source tree leak into a user venv.

    Bytecode is written, as in a user's venv: the venvs are installed with --no-compile,
    so each module is compiled once, when first imported, not by every process."""
    hidden = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if k not in hidden}


def find_python(version: str) -> str:
    """`python3.12` on PATH, else pyenv's 3.12.x (its shim refuses a version not selected)."""
    found = shutil.which(f"python{version}")
    if found and subprocess.run([found, "-c", ""], capture_output=True).returncode == 0:
        return found
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"))
    if candidates:
        return candidates[-1]
    pytest.fail(f"no Python {version} found (AI302_USER_PYTHON={version})")


@pytest.fixture(scope="session")
def user_python() -> str:
    version = os.environ.get("AI302_USER_PYTHON")
    return find_python(version) if version else sys.executable


@pytest.fixture(scope="session")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a clone of this tree would hold (tracked and new files, nothing ignored), so a
    stale build/ or egg-info here cannot hide a packaging mistake."""
    listed = run("git", "ls-files", "-z", "-co", "--exclude-standard", cwd=ROOT).stdout
    target = tmp_path_factory.mktemp("source")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="session")
def wheel(source_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    # No isolated build env: the pinned setuptools of this venv, no download.
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        dist,
        source_copy,
    )
    (built,) = dist.glob("ai302_kit-*.whl")
    return built


def make_venv(python: str, folder: Path, *requirements: str) -> Path:
    """A fresh venv with `requirements`, installed by this venv's pip (no pip in the new
    one: it is not needed and skipping it saves seconds). Exact versions from the lock:
    reproducible, and the ranges' lower bounds are what we claim to test."""
    run(python, "-m", "venv", "--without-pip", folder)
    bin_python = folder / "bin" / "python"
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        bin_python,
        "install",
        "-q",
        "--disable-pip-version-check",
        "--no-compile",
        "-c",
        LOCK,
        *requirements,
    )
    return bin_python


@pytest.fixture(scope="session")
def mock_venv(user_python: str, wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The user's test venv: the kit with the [mock] extra, and pytest."""
    return make_venv(user_python, tmp_path_factory.mktemp("venv-mock"), f"{wheel}[mock]", "pytest")


@pytest.fixture(scope="session")
def client_venv(user_python: str, wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The user's production venv: the kit alone (and pytest, which some apps ship with)."""
    return make_venv(user_python, tmp_path_factory.mktemp("venv-client"), str(wheel), "pytest")
