"""The spec and seed pages as the tests read them: straight from disk, never via the mock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
# AI302_SPEC points the whole suite at another spec (the spec-change tests use it).
SPEC_PATH = Path(os.environ.get("AI302_SPEC", ROOT / "openapi" / "openapi.yaml"))
# In-repo copies of the documentation pages (openapi/pages/README.md names their source).
SEEDS = ROOT / "openapi" / "pages"
HEADSHOT_PAGE = SEEDS / "000_ab2cc223c8241697.txt"
PORTRAIT_PAGE = SEEDS / "003_e74ee494697fc638.txt"
HEADSHOT = "/302/headshot/generate"
PORTRAIT = "/doubao/drawing/portrait_result"
PORTRAIT_SUBMIT = "/doubao/drawing/portrait"
# libyaml's parser where PyYAML has it (the same safe constructor, the same data): tests
# call load_spec() often, and the pure-Python parser takes ~0.2 s of CPU per call.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    return spec


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow local $refs until a concrete object."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def flat_properties(
    spec: dict[str, Any], schema: dict[str, Any]
) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of an object schema, merging allOf parts."""
    schema = resolve(spec, schema)
    props: dict[str, Any] = {}
    required: set[str] = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, more_required = flat_properties(spec, part)
        props.update(more)
        required |= more_required
    for name, prop in schema.get("properties", {}).items():
        props[name] = resolve(spec, prop)
    return props, required


def err_code_catalogue(spec: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """ErrorDetail.err_code's `x-err-codes`, by code."""
    err_code = spec["components"]["schemas"]["ErrorDetail"]["properties"]["err_code"]
    return {entry["code"]: entry for entry in err_code["x-err-codes"]}


def operation(spec: dict[str, Any], path: str) -> dict[str, Any]:
    op: dict[str, Any] = spec["paths"][path]["post"]
    return op


def media_examples(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """Every (where, schema, example value) in the spec's request and response bodies."""
    for path, item in spec["paths"].items():
        for method, op in item.items():
            body = resolve(spec, op.get("requestBody", {}))
            for ctype, media in body.get("content", {}).items():
                yield from _examples(f"{method} {path} request {ctype}", spec, media)
            for status, response in op.get("responses", {}).items():
                for ctype, media in resolve(spec, response).get("content", {}).items():
                    yield from _examples(f"{method} {path} {status} {ctype}", spec, media)
            for param in op.get("parameters", []):
                if "example" in param:
                    yield f"{path} parameter {param['name']}", param["schema"], param["example"]


def _examples(
    where: str, spec: dict[str, Any], media: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any], Any]]:
    schema = media["schema"]
    if "example" in media:
        yield where, schema, media["example"]
    for name, example in media.get("examples", {}).items():
        yield f"{where} example {name}", schema, resolve(spec, example)["value"]
