"""One source of truth: no code under mockserver/, ai302_runtime/ or openapi/templates/ writes
an API fact that the spec states. Such code reads the fact from the spec instead.

The facts looked for, all taken from openapi/openapi.yaml:
- err_codes (every `x-err-code`, and the known codes ErrorDetail lists) and success
  values (`x-success-value`), as integer literals;
- statuses tied to err_codes: a dict literal keyed by two or more of the spec's error
  statuses (a status -> exception or status -> err_code map);
- operationIds and paths, as string literals (a path inside a longer string too), and a
  name prefix of an operationId (guessing an operation's nature from its name);
- the body limit (`x-max-body-bytes`), as an integer literal or a constant product;
- enum and known values: string `enum` values, `x-known-values`, `x-lifecycle`, the
  `x-status-meaning` statuses, string `x-enum-names` and string defaults. The meanings
  (`pending`, `done`, ...) are left out: they are the words code reads that extension
  with, like a keyword.

Docstrings and comments are prose and not looked at. Python is read as an AST; Jinja
templates as text (a quoted string fact, or an integer fact as a whole token).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contract_tests.specfile import ROOT, load_spec

SPEC = load_spec()
WALKED = ("mockserver", "ai302_runtime", "openapi/templates")


@dataclass(frozen=True)
class Facts:
    # Facts in any integer literal; and facts too common a number to flag except where
    # code compares with them or names them a code (the success value 10000).
    integers: dict[int, str]
    compared: dict[int, str]
    strings: dict[str, str]
    paths: tuple[str, ...]
    operation_ids: tuple[str, ...]
    error_statuses: frozenset[int]


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair anywhere in the spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _facts(spec: dict[str, Any]) -> Facts:
    integers: dict[int, str] = {}
    compared: dict[int, str] = {}
    strings: dict[str, str] = {}
    meanings: set[str] = set()
    for key, value in _walk(spec):
        if key == "x-err-code":
            integers[value] = "an err_code (x-err-code)"
        elif key == "x-success-value":
            compared[value] = "a success value (x-success-value)"
        elif key in ("enum", "x-known-values", "x-lifecycle", "x-enum-names"):
            strings.update({v: f"a value of {key}" for v in value if isinstance(v, str)})
        elif key == "x-status-meaning":
            strings.update({status: "a status of x-status-meaning" for status in value})
            meanings.update(value.values())
        elif key == "default" and isinstance(value, str):
            strings[value] = "a default"
    detail = spec["components"]["schemas"]["ErrorDetail"]["properties"]["err_code"]
    for code in re.findall(r"-\d{4,5}\b", detail["description"]):
        integers[int(code)] = "an err_code (ErrorDetail)"
    integers[spec["x-max-body-bytes"]] = "the body limit (x-max-body-bytes)"
    error_statuses = set()
    operation_ids = []
    for item in spec["paths"].values():
        for op in item.values():
            operation_ids.append(op["operationId"])
            error_statuses |= {int(s) for s in op.get("responses", {}) if int(s) >= 400}
    error_statuses |= {int(s) for s in spec.get("x-routing-errors", {})}
    return Facts(
        integers=integers,
        compared=compared,
        strings={text: what for text, what in strings.items() if text not in meanings},
        paths=tuple(spec["paths"]),
        operation_ids=tuple(operation_ids),
        error_statuses=frozenset(error_statuses),
    )


FACTS = _facts(SPEC)


def _string_finding(text: str, facts: Facts) -> str | None:
    if text in facts.operation_ids:
        return "an operationId"
    if any(text in path for path in facts.paths) and text.count("/") >= 2:
        return "a path"
    if any(path in text for path in facts.paths):
        return "a path"
    if text.endswith("_") and any(op.startswith(text) for op in facts.operation_ids):
        return "a name prefix of an operationId"
    return facts.strings.get(text)


def _constant_int(node: ast.AST) -> int | None:
    """The value of an integer literal, a negated one, or a product/sum of such."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant_int(node.operand)
        return -inner if inner is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Add | ast.Pow):
        left, right = _constant_int(node.left), _constant_int(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Add):
            return left + right
        return left**right if right < 64 else None
    return None


_CODE_NAME = re.compile(r"code|success", re.IGNORECASE)


def _compared_or_named(node: ast.AST) -> Iterator[tuple[int, str]]:
    """Integers a comparison uses, or that are assigned to a name saying code/success."""
    if isinstance(node, ast.Compare):
        for side in (node.left, *node.comparators):
            value = _constant_int(side)
            if value is not None:
                yield value, "compared"
    elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = _constant_int(node.value)
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        names += [t.attr for t in targets if isinstance(t, ast.Attribute)]
        if value is not None and any(_CODE_NAME.search(name) for name in names):
            yield value, "assigned to a code"


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def python_findings(source: str, facts: Facts) -> list[str]:
    """`line: what` for each literal in Python source that repeats a spec fact."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    findings = []
    seen_numbers: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in seen_numbers:
            continue
        line = getattr(node, "lineno", 0)
        number = _constant_int(node)
        if number is not None:
            seen_numbers |= {id(child) for child in ast.walk(node)}
            if number in facts.integers:
                findings.append(f"{line}: {number} is {facts.integers[number]}")
            continue
        for value, name in _compared_or_named(node):
            if value in facts.compared:
                findings.append(f"{line}: {value} ({name}) is {facts.compared[value]}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            what = _string_finding(node.value, facts)
            if what:
                findings.append(f"{node.lineno}: {node.value!r} is {what}")
        elif isinstance(node, ast.Dict):
            keys = {_constant_int(k) for k in node.keys if k is not None}
            statuses = sorted(k for k in keys if k in facts.error_statuses)
            if len(statuses) >= 2:
                findings.append(f"{node.lineno}: a map keyed by error statuses {statuses}")
    return findings


_QUOTED = re.compile(r"""(["'])([^"'\n]*)\1""")
_INTEGER = re.compile(r"(?<![\w.])-?\d+(?![\w.])")


def template_findings(source: str, facts: Facts) -> list[str]:
    """The same for a Jinja template, read as text; `{# ... #}` comments are prose."""
    findings = []
    for number, line in enumerate(source.splitlines(), 1):
        code = re.sub(r"\{#.*?(#\}|$)", "", line)
        for match in _QUOTED.finditer(code):
            what = _string_finding(match.group(2), facts)
            if what:
                findings.append(f"{number}: {match.group(2)!r} is {what}")
        for match in _INTEGER.finditer(code):
            value = int(match.group())
            what = facts.integers.get(value) or facts.compared.get(value)
            if what:
                findings.append(f"{number}: {value} is {what}")
    return findings


def findings_under(folder: str, facts: Facts = FACTS) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*")):
        if path.suffix == ".py":
            found += [f"{path.relative_to(ROOT)}:{f}" for f in python_findings(_read(path), facts)]
        elif path.suffix == ".jinja":
            found += [
                f"{path.relative_to(ROOT)}:{f}" for f in template_findings(_read(path), facts)
            ]
    return found


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", WALKED)
def test_no_literal_repeats_a_spec_fact(folder: str) -> None:
    assert findings_under(folder) == []


# The detector itself, on code that does and does not repeat facts.


def test_the_detector_finds_each_kind_of_repeated_fact() -> None:
    code, *_ = SPEC["components"]["responses"]["InsufficientBalance"]["x-err-code"], None
    op = FACTS.operation_ids[0]
    path = FACTS.paths[0]
    source = (
        f"A = {code}\n"
        f"B = {{{code}: 'x'}}\n"
        f"C = {{401: 'auth', 429: 'rate'}}\n"
        f"D = {op!r}\n"
        f"E = 'POST {path}'\n"
        f"F = 20 * 1024 * 1024\n"
        f"G = ('female', 'in_queue')\n"
        f"H = name.startswith({op.split('_')[0] + '_'!r})\n"
        "SUCCESS_CODE = 10000\n"
        "ok = body['code'] == 10000\n"
    )
    found = python_findings(source, FACTS)
    lines = sorted({int(f.split(":")[0]) for f in found})
    assert lines == list(range(1, 11)), found


def test_the_detector_ignores_prose_field_names_and_unrelated_numbers() -> None:
    source = (
        '"""Module docstring: POST /302/headshot/generate answers 402 with -10004."""\n'
        "def f(x):\n"
        '    """-10004 in a docstring is prose."""\n'
        "    return x['num'], x['person_type'], 1024 * 1024, {400, 401}, {200: 'ok'}\n"
        "max_tasks: int = 10000\n"
        "meaning = 'done'\n"
    )
    assert python_findings(source, FACTS) == []


def test_the_template_reader_skips_jinja_comments() -> None:
    source = '{# operations named get_* are reads #}\nx = {{ name.startswith("get_") }}\n'
    assert template_findings(source, FACTS) == ["2: 'get_' is a name prefix of an operationId"]
