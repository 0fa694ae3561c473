"""Generate the Python client from the spec, or check that the committed one is current.

Generation always happens in a fresh temporary folder, so `--output` and `--check`
produce the same bytes whatever lies in the work tree.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ai302_spec import cli as spec_cli
from ai302_spec.resolve import resolve_refs
from mockserver.spec_loader import parsed_twin, twin_path

HERE = Path(__file__).resolve().parent
PACKAGE = "ai302_client"
FACTS_MODULE = "spec_facts.py"
# The spec travels inside the client package, byte for byte: the mock reads its default
# spec from there (importlib.resources), and `--check` guards the copy like any other file.
PACKAGED_SPEC = "openapi.yaml"


def generate_into(folder: Path, spec: Path) -> Path:
    """Run the pinned generator with our config and templates; return the package folder."""
    package_dir = folder / PACKAGE
    env = dict(os.environ)
    # The post-hooks call `ruff`: it must be the pinned one from this interpreter's venv.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(spec),
        "--config",
        str(HERE / "generator-config.yaml"),
        "--custom-template-path",
        str(HERE / "templates"),
        "--meta",
        "none",
        "--output-path",
        str(package_dir),
        "--overwrite",
        "--fail-on-warning",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"generation failed (exit {result.returncode})")
    write_spec_facts(spec, package_dir / FACTS_MODULE, env)
    shutil.copyfile(spec, package_dir / PACKAGED_SPEC)
    # Its parsed twin, which spares the mock's start-up PyYAML (mockserver/spec_loader.py).
    twin_path(package_dir / PACKAGED_SPEC).write_bytes(parsed_twin(spec.read_bytes()))
    # PEP 561: without it a user's mypy treats the whole client as Any.
    (package_dir / "py.typed").write_bytes(b"")
    return package_dir


def _find(node: Any, key: str) -> list[Any]:
    """Every value of the extension `key` anywhere under `node`, in document order."""
    found: list[Any] = []
    if isinstance(node, dict):
        for name, value in node.items():
            found.extend([value] if name == key else _find(value, key))
    elif isinstance(node, list):
        for item in node:
            found.extend(_find(item, key))
    return found


def _one(spec: dict[str, Any], key: str) -> Any:
    values = _find(spec, key)
    if not values or any(value != values[0] for value in values):
        raise SystemExit(f"spec: expected one value of {key}, found {values!r}")
    return values[0]


def spec_facts(spec: dict[str, Any]) -> dict[str, Any]:
    """The x- extensions the runtime needs, read from the raw spec (see spec_facts.py.jinja)."""
    operations: list[dict[str, Any]] = []
    by_status: dict[int, int] = {}
    # Responses are $refs to shared ones: resolved, each shows its own x-err-code.
    for path, item in resolve_refs(spec)["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            if "x-paid" not in op or "x-idempotent" not in op:
                raise SystemExit(f"spec: {op['operationId']} needs x-paid and x-idempotent")
            operations.append(
                {
                    "operation_id": op["operationId"],
                    "method": method,
                    "path": path,
                    "paid": bool(op["x-paid"]),
                    "idempotent": bool(op["x-idempotent"]),
                }
            )
            for status, response in op.get("responses", {}).items():
                code = response.get("x-err-code")
                if code is None:
                    continue
                if by_status.setdefault(int(status), code) != code:
                    raise SystemExit(f"spec: status {status} has two x-err-code values")
    image_types: list[str] = []
    for types in _find(spec["components"], "x-image-types"):
        image_types.extend(t for t in types if t not in image_types)
    return {
        "default_base_url": spec["servers"][0]["url"],
        "err_codes": _one(spec, "x-err-codes"),
        "err_code_by_status": dict(sorted(by_status.items())),
        "operations": operations,
        "success_code": _one(spec, "x-success-value"),
        "status_meaning": _one(spec, "x-status-meaning"),
        "image_types": tuple(image_types),
    }


def write_spec_facts(spec_path: Path, target: Path, env: dict[str, str]) -> None:
    """Render spec_facts.py.jinja with the raw spec, formatted as the post-hooks format."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    jinja = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    jinja.filters["py"] = repr
    target.write_text(
        jinja.get_template("spec_facts.py.jinja").render(**spec_facts(spec)), encoding="utf-8"
    )
    for hook in (["check", "--fix-only"], ["format"]):
        subprocess.run(
            ["ruff", *hook, str(target), "--quiet", "--no-cache", "--isolated"],
            env=env,
            check=True,
        )


def differences(expected: Path, actual: Path) -> list[str]:
    """List the files that differ between two trees, by relative path."""
    found: list[str] = []

    def walk(compare: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"only in fresh generation: {prefix}{n}" for n in compare.left_only)
        found.extend(f"only in committed tree: {prefix}{n}" for n in compare.right_only)
        found.extend(f"differs: {prefix}{n}" for n in compare.diff_files)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(expected, actual, ignore=["__pycache__"], hide=[]), "")
    # dircmp compares by stat signature first; compare contents for certainty.
    return found or _content_differences(expected, actual)


def _content_differences(expected: Path, actual: Path) -> list[str]:
    found = []
    for path in sorted(expected.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            twin = actual / path.relative_to(expected)
            if path.read_bytes() != twin.read_bytes():
                found.append(f"differs: {path.relative_to(expected)}")
    return found


def report_changes(old: str, spec: Path) -> None:
    """Classify the spec change before the client is rewritten; flag it, do not refuse it.

    `make spec-check` (part of `make test`) is the gate; here the author sees what the
    regeneration is about to mean for callers.
    """
    print(f"generate: changes since {old}")
    # As the gate judges it: after a major bump, breaking changes are announced, not flagged.
    status = spec_cli.main(["diff", old, str(spec), "--allow-breaking-if-major"])
    if status == 1:
        print("generate: BREAKING for existing callers (above); bump info.version's major")
    elif status == 2:
        print("generate: nothing to compare with; generating anyway")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--output", type=Path, help="write the client into OUTPUT/ai302_client")
    mode.add_argument("--check", type=Path, help="fail if CHECK/ai302_client is not current")
    parser.add_argument("--spec", type=Path, default=HERE / "openapi.yaml")
    parser.add_argument(
        "--diff-against",
        metavar="OLD",
        help="first print what changed since OLD (a file or git REV:path) and for whom it breaks",
    )
    args = parser.parse_args(argv)
    if args.diff_against:
        report_changes(args.diff_against, args.spec)

    with tempfile.TemporaryDirectory(prefix="ai302-gen-") as tmp:
        fresh = generate_into(Path(tmp), args.spec.resolve())
        if args.check is not None:
            problems = differences(fresh, args.check / PACKAGE)
            for line in problems:
                print(f"check-generated: {line}", file=sys.stderr)
            if problems:
                print("check-generated: run `make generate` and commit", file=sys.stderr)
                return 1
            print("check-generated: generated/ is current")
            return 0
        target = args.output / PACKAGE
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(fresh, target, ignore=shutil.ignore_patterns("__pycache__"))
        print(f"generated {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
