"""`ai302-spec diff` and `ai302-spec check` as users and `make` run them: exit status,
formats, git revisions, and the base `make spec-check` compares with."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ai302_spec import cli
from contract_tests.specfile import load_spec

SPEC = load_spec()
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SCRIPT = Path(sys.executable).with_name("ai302-spec")
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _write(spec: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(spec, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _mutated(**edits: Any) -> dict[str, Any]:
    spec = copy.deepcopy(SPEC)
    options = spec["components"]["schemas"]["HeadshotOptions"]
    if edits.get("num_required"):
        options["required"].append("num")
    if edits.get("optional_field"):
        options["properties"]["seed"] = {"type": "integer", "x-source": "inferred: test"}
    if "num_description" in edits:
        options["properties"]["num"]["description"] = edits["num_description"]
    if "version" in edits:
        spec["info"]["version"] = edits["version"]
    return spec


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=cwd, env=GIT_ENV
    )


def _diff(tmp_path: Path, new: dict[str, Any], *options: str) -> subprocess.CompletedProcess[str]:
    old_path = _write(SPEC, tmp_path / "old.yaml")
    new_path = _write(new, tmp_path / "new.yaml")
    return _run("diff", str(old_path), str(new_path), *options)


# ---- the "done when" ----


def test_num_becoming_required_exits_1(tmp_path: Path) -> None:
    result = _diff(tmp_path, _mutated(num_required=True))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "breaking" in result.stdout and "num" in result.stdout


def test_a_new_optional_field_exits_0(tmp_path: Path) -> None:
    result = _diff(tmp_path, _mutated(optional_field=True))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "non-breaking" in result.stdout and "seed" in result.stdout


def test_a_description_only_change_exits_0_and_is_printed_as_info(tmp_path: Path) -> None:
    result = _diff(tmp_path, _mutated(num_description="How many avatars."))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line for line in result.stdout.splitlines() if "description changed" in line]
    assert len(rows) == 2  # the JSON and the multipart body both carry num
    assert all(row.startswith("info ") for row in rows)


# ---- formats ----


def test_json_lists_every_change_with_level_operation_location_message(tmp_path: Path) -> None:
    result = _diff(tmp_path, _mutated(num_required=True), "--format", "json")
    assert result.returncode == 1
    changes = json.loads(result.stdout)["changes"]
    assert changes == [
        {
            "level": "breaking",
            "operation": "POST /302/headshot/generate",
            "location": f"request body {media}: num",
            "message": "became required",
        }
        for media in ("application/json", "multipart/form-data")
    ]


def test_markdown_is_a_changelog_entry_with_breaking_changes_first(tmp_path: Path) -> None:
    new = _mutated(num_required=True, optional_field=True, version="0.2.0")
    result = _diff(tmp_path, new, "--format", "markdown")
    text = result.stdout
    assert text.startswith("## API changes: 0.1.0 → 0.2.0\n")
    assert text.index("### Breaking") < text.index("### Non-breaking") < text.index("### Info")
    bullet = "- **POST /302/headshot/generate** `request body application/json: num`: "
    assert f"{bullet}became required" in text


def test_the_table_ends_with_a_count_per_level(tmp_path: Path) -> None:
    result = _diff(tmp_path, _mutated(num_required=True, optional_field=True))
    assert result.stdout.splitlines()[0].split() == ["LEVEL", "OPERATION", "LOCATION", "CHANGE"]
    assert result.stdout.splitlines()[-1] == "4 changes: 2 breaking, 2 non-breaking, 0 info"


def test_identical_specs_print_no_changes_and_exit_0(tmp_path: Path) -> None:
    result = _diff(tmp_path, copy.deepcopy(SPEC))
    assert (result.returncode, result.stdout) == (0, "no changes\n")


# ---- --allow-breaking-if-major ----


@pytest.mark.parametrize(
    ("version", "allowed", "status"),
    [("1.0.0", True, 0), ("1.0.0", False, 1), ("0.2.0", True, 1)],
)
def test_breaking_changes_pass_only_with_the_flag_and_a_new_major_version(
    tmp_path: Path, version: str, allowed: bool, status: int
) -> None:
    options = ["--allow-breaking-if-major"] if allowed else []
    result = _diff(tmp_path, _mutated(num_required=True, version=version), *options)
    assert result.returncode == status
    assert "breaking" in result.stdout  # still reported, even when allowed


# ---- sources: files and git revisions ----


def _git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def _repo(tmp_path: Path) -> Path:
    """A repository on `main` whose first commit holds our spec at openapi/openapi.yaml."""
    repo = tmp_path / "upstream"
    _write(SPEC, repo / "openapi" / "openapi.yaml")
    _git("init", "-q", "-b", "main", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "spec", cwd=repo)
    return repo


def _commit(repo: Path, spec: dict[str, Any], message: str) -> None:
    _write(spec, repo / "openapi" / "openapi.yaml")
    _git("commit", "-q", "-am", message, cwd=repo)


def test_a_git_revision_with_a_path_reads_the_committed_spec(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _commit(repo, _mutated(num_required=True), "num required")
    result = _run("diff", "HEAD~1:openapi/openapi.yaml", "HEAD:openapi/openapi.yaml", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert "became required" in result.stdout


def test_an_unknown_revision_or_file_is_a_clear_error_with_exit_2(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = _run("diff", "nope:openapi/openapi.yaml", "openapi/openapi.yaml", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.startswith("ai302-spec: nope:openapi/openapi.yaml: ")
    missing = _run("diff", "missing.yaml", "openapi/openapi.yaml", cwd=repo)
    assert missing.returncode == 2
    assert "missing.yaml: no such file" in missing.stderr


# ---- `ai302-spec check`, behind `make spec-check` ----


def test_check_in_a_fresh_clone_with_an_unchanged_spec_exits_0(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git("clone", "-q", str(_repo(tmp_path)), str(clone), cwd=tmp_path)
    assert _git("rev-parse", "origin/main", cwd=clone) == _git("rev-parse", "HEAD", cwd=clone)
    result = _run("check", "openapi/openapi.yaml", cwd=clone)
    assert (result.returncode, result.stdout) == (0, "no changes\n"), result.stderr


def test_check_compares_a_branch_with_its_fork_point_from_origin_main(tmp_path: Path) -> None:
    upstream = _repo(tmp_path)
    clone = tmp_path / "clone"
    _git("clone", "-q", str(upstream), str(clone), cwd=tmp_path)
    _git("checkout", "-q", "-b", "feature", cwd=clone)
    _commit(clone, _mutated(num_required=True), "num required")
    _commit(clone, _mutated(num_required=True, optional_field=True), "seed")
    # Committed on the branch, so comparing with HEAD would see nothing.
    result = _run("check", "openapi/openapi.yaml", cwd=clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "became required" in result.stdout and "seed" in result.stdout
    fork = _git("merge-base", "HEAD", "origin/main", cwd=clone)
    assert f"against {fork[:12]}:openapi/openapi.yaml" in result.stderr


def test_check_without_origin_main_compares_with_the_last_commit(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _commit(repo, _mutated(optional_field=True), "seed")
    assert _run("check", "openapi/openapi.yaml", cwd=repo).stdout == "no changes\n"
    _write(_mutated(optional_field=True, num_required=True), repo / "openapi" / "openapi.yaml")
    result = _run("check", "openapi/openapi.yaml", cwd=repo)
    assert result.returncode == 1
    assert "seed" not in result.stdout  # committed: part of the base
    assert "became required" in result.stdout


def test_check_outside_git_has_nothing_to_compare_and_exits_0(tmp_path: Path) -> None:
    spec = _write(SPEC, tmp_path / "plain" / "openapi.yaml")
    result = _run("check", str(spec), cwd=tmp_path / "plain")
    assert result.returncode == 0
    assert "not in a git checkout" in result.stderr


def test_reformatting_the_spec_file_is_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    committed = Path(__file__).resolve().parent.parent / "openapi" / "openapi.yaml"
    rewritten = _write(SPEC, tmp_path / "rewritten.yaml")  # no comments, other quoting
    assert rewritten.read_text(encoding="utf-8") != committed.read_text(encoding="utf-8")
    assert cli.main(["diff", str(committed), str(rewritten)]) == 0
    assert capsys.readouterr().out == "no changes\n"
