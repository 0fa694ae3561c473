"""`make check-generated` catches drift, and the committed client is importable."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from contract_tests.specfile import ROOT

GENERATE = ROOT / "openapi" / "generate.py"


def _check(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATE), "--check", str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_generated_fails_and_names_each_hand_edit_and_extra_file(tmp_path: Path) -> None:
    # One tree with both kinds of drift: each must be named, not only the first found
    # (and a check is a whole generation, so one run serves both).
    copy = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "ai302_client" / "api" / "headshot" / "generate_headshot.py"
    target.write_text(target.read_text() + "\n# a hand edit\n")
    (copy / "ai302_client" / "extra.py").write_text("x = 1\n")
    result = _check(copy)
    assert result.returncode == 1
    assert "differs: api/headshot/generate_headshot.py" in result.stderr
    assert "only in committed tree: extra.py" in result.stderr


def test_the_client_imports_with_no_name_error() -> None:
    # The bare generator's output fails here with NameError: Unset (upstream #1451).
    result = subprocess.run(
        [sys.executable, "-c", "import ai302_client.api.headshot.generate_headshot"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
