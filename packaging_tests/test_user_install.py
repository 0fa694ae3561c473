"""What a user gets from `pip install ai302-kit` and `pip install 'ai302-kit[mock]'`,
checked in venvs outside this tree, from the wheel."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest
import yaml

from packaging_tests.conftest import ROOT, clean_env, run

SPEC = ROOT / "openapi" / "openapi.yaml"
EXAMPLE = ROOT / "examples" / "user_project"
# Where setuptools finds our packages ([tool.setuptools.packages.find] where).
PACKAGE_ROOTS = ("generated", ".")
# One wheel and one venv per run: under xdist, all these tests go to the same worker.
pytestmark = pytest.mark.xdist_group("user-install")
MOCK_ONLY = ("uvicorn", "starlette", "pillow", "uvloop", "orjson", "jsonschema-rs")


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _packages(names: set[str]) -> set[str]:
    return {name.split("/")[0] for name in names if "/" in name and ".dist-info/" not in name}


def test_the_wheel_ships_every_file_of_its_packages_data_included(
    wheel: Path, source_copy: Path
) -> None:
    names = _wheel_names(wheel)
    packages = _packages(names)
    assert {"ai302_client", "ai302_runtime", "mockserver"} <= packages
    missing = []
    for package in sorted(packages):
        (source,) = [
            source_copy / where / package
            for where in PACKAGE_ROOTS
            if (source_copy / where / package).is_dir()
        ]
        for path in source.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                shipped = f"{package}/{path.relative_to(source).as_posix()}"
                if shipped not in names:
                    missing.append(shipped)
    assert missing == [], "add them to [tool.setuptools.package-data] in pyproject.toml"


def test_every_shipped_package_is_typed(wheel: Path) -> None:
    names = _wheel_names(wheel)
    assert {f"{package}/py.typed" for package in _packages(names)} <= names


def test_the_wheel_carries_the_repo_spec_byte_for_byte(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("ai302_client/openapi.yaml") == SPEC.read_bytes()


def test_the_pytest_plugin_entry_point_is_declared(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert re.search(r"\[pytest11\]\s*\nai302_mock = mockserver\.pytest_plugin", text), text


def test_a_client_only_install_brings_none_of_the_mock_dependencies(
    client_venv: Path, tmp_path: Path
) -> None:
    listed = run(client_venv, "-c", _DISTRIBUTIONS, cwd=tmp_path).stdout.split()
    assert "ai302-kit" in listed and "httpx" in listed and "attrs" in listed
    assert [name for name in MOCK_ONLY if name in listed] == []
    imported = "import ai302_client.api.headshot.generate_headshot, ai302_client.api.portrait"
    run(client_venv, "-c", imported, cwd=tmp_path)


def test_without_the_mock_extra_ai302_mock_names_the_extra_in_one_line(
    client_venv: Path, tmp_path: Path
) -> None:
    result = subprocess.run(
        [str(client_venv.parent / "ai302-mock"), "--port", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert re.fullmatch(
        r"ai302-mock: the mock needs the \[mock\] extra \(\w+ is not installed\): "
        r"pip install 'ai302-kit\[mock\]'",
        line,
    ), line


def test_without_the_mock_extra_pytest_still_runs_and_the_fixtures_say_what_is_missing(
    client_venv: Path, tmp_path: Path
) -> None:
    # The pytest11 entry point is there in every install; it must not break plain tests.
    (tmp_path / "test_app.py").write_text(
        "def test_plain():\n    assert True\n\n\ndef test_mocked(ai302_mock):\n    pass\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(client_venv), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    assert result.returncode == 1, result.stdout
    assert "1 passed, 1 error" in result.stdout
    assert "pip install 'ai302-kit[mock]'" in result.stdout


_DISTRIBUTIONS = (
    "import importlib.metadata as m, re; "
    "print(*{re.sub(r'[-_.]+', '-', d.metadata['Name']).lower() for d in m.distributions()})"
)


def test_ai302_mock_runs_from_any_directory_and_serves_the_repo_spec(
    mock_venv: Path, tmp_path: Path
) -> None:
    process = subprocess.Popen(
        [str(mock_venv.parent / "ai302-mock"), "--port", "0", "--log-level", "warning"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("ai302-mock: listening on http://127.0.0.1:"), line
        url = line.split()[-1]
        as_json = httpx.get(f"{url}/openapi.json", timeout=30)
        as_yaml = httpx.get(f"{url}/openapi.yaml", timeout=30)
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert as_json.status_code == 200 and as_yaml.status_code == 200
    assert as_json.json() == json.loads(json.dumps(yaml.safe_load(SPEC.read_bytes())))
    assert as_yaml.content == SPEC.read_bytes()
    assert "Traceback" not in errors


def test_create_app_and_python_m_mockserver_work_outside_the_tree(
    mock_venv: Path, tmp_path: Path
) -> None:
    script = (
        "import mockserver, starlette.testclient as t; from mockserver.app import create_app; "
        "print(mockserver.__file__); "
        "print(t.TestClient(create_app()).get('/_mock/health').status_code)"
    )
    where, status = run(mock_venv, "-c", script, cwd=tmp_path).stdout.split()
    assert status == "200"
    assert Path(where).is_relative_to(mock_venv.parent.parent), where
    assert "usage: ai302-mock" in run(mock_venv, "-m", "mockserver", "--help", cwd=tmp_path).stdout


def test_the_example_project_passes_its_tests_against_the_installed_wheel(
    mock_venv: Path, tmp_path: Path
) -> None:
    project = tmp_path / "user_project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__"))

    result = run(mock_venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)

    summary = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ passed in .*", summary), result.stdout


def test_the_readme_pytest_example_passes_as_pasted(mock_venv: Path, tmp_path: Path) -> None:
    (tmp_path / "test_avatars.py").write_text(readme_pytest_example(), encoding="utf-8")

    result = run(mock_venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path)

    assert re.search(r"^\d+ passed", result.stdout, re.MULTILINE), result.stdout


def readme_pytest_example() -> str:
    """The first python block of the README's "Use it in your own project" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it in your own project", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "the section has no python block"
    return match.group(1)


_TYPE_ERROR = """\
from ai302_client.api.headshot import generate_headshot
from ai302_client.models import HeadshotRequest, PersonType


def count(client: object) -> int:
    body = HeadshotRequest(image="data:,", person_type=PersonType.KID, num="two")
    result = generate_headshot.sync(client=client, body=body)
    return result.headshot_url_list
"""


def _mypy_cache(python: Path) -> Path:
    """Kept between runs (build/ is ignored by git), one per user Python: the app's own
    files are new each run, and mypy takes a cached module only when its content hash
    matches, so what the cache saves is re-analysing the standard library and httpx."""
    version = run(python, "-c", "import sys; print(*sys.version_info[:2], sep='.')").stdout
    return ROOT / "build" / "mypy-cache" / f"user-app-{version.strip()}"


def test_the_typed_app_passes_mypy_strict_and_a_type_error_in_it_is_reported(
    mock_venv: Path, tmp_path: Path
) -> None:
    # mypy from our venv, looking only at the user venv's site-packages: what it knows
    # about the kit comes from the wheel's py.typed packages, or it would be Any. (The
    # example's tests are type-checked by `make typecheck`.)
    project = tmp_path / "user_project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "broken").mkdir()
    (project / "broken" / "typo_app.py").write_text(_TYPE_ERROR, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--python-executable",
            str(mock_venv),
            "--cache-dir",
            str(_mypy_cache(mock_venv)),
            "--strict",
            "avatar_app.py",
            "broken",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert all(line.startswith("broken/") for line in errors), result.stdout
    assert result.returncode == 1
    text = "\n".join(errors)
    assert 'Argument "num" to "HeadshotRequest" has incompatible type "str"' in text, text
    assert 'Argument "client" to "sync" has incompatible type "object"' in text, text
    assert "Incompatible return value type" in text, text
