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

HERE = Path(__file__).resolve().parent
PACKAGE = "ai302_client"
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
    shutil.copyfile(spec, package_dir / PACKAGED_SPEC)
    # PEP 561: without it a user's mypy treats the whole client as Any.
    (package_dir / "py.typed").write_bytes(b"")
    return package_dir


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--output", type=Path, help="write the client into OUTPUT/ai302_client")
    mode.add_argument("--check", type=Path, help="fail if CHECK/ai302_client is not current")
    parser.add_argument("--spec", type=Path, default=HERE / "openapi.yaml")
    args = parser.parse_args(argv)

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
