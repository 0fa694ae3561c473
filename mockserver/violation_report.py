"""Every violation the proxy saw in a run, counted per operation, kind and location:
served live at /_mock/violations, and written as JSON and JUnit XML for CI dashboards."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockserver.violations import Violation


@dataclass
class _Group:
    first: Violation
    count: int = 0


# What happened to each call: forwarded, held back by the spending cap, or lost upstream.
OUTCOMES = ("forwarded", "capped", "upstream_failed")


class ViolationReport:
    def __init__(self, operation_ids: list[str]) -> None:
        self._operations = operation_ids
        self._calls: dict[str, Counter[str]] = {op: Counter() for op in operation_ids}
        self._groups: dict[tuple[str, str, str], _Group] = {}

    def add(self, operation_id: str, outcome: str, violations: list[Violation]) -> None:
        self._calls.setdefault(operation_id, Counter())[outcome] += 1
        for violation in violations:
            key = (operation_id, violation.kind, violation.location)
            group = self._groups.setdefault(key, _Group(violation))
            group.count += 1

    def as_json(self) -> dict[str, Any]:
        violations = [
            {
                "operation": operation,
                "kind": group.first.kind,
                "severity": group.first.severity,
                "location": group.first.location,
                "message": group.first.message,
                "count": group.count,
            }
            for (operation, _, _), group in sorted(self._groups.items())
        ]
        return {
            # Answers: the API against the spec. Requests: what the callers sent, which a
            # contract run breaks on purpose (negative cases), so they never fail a report.
            "answers": _totals(violations, "response."),
            "requests": _totals(violations, "request."),
            "operations": {
                op: {outcome: calls[outcome] for outcome in OUTCOMES}
                for op, calls in sorted(self._calls.items())
            },
            "violations": violations,
        }

    def as_junit(self) -> bytes:
        """One test case per operation: it fails when an answer broke the spec, and is
        skipped when the operation was never called; all else goes to system-out."""
        report = self.as_json()
        suite = ET.Element("testsuite", name="ai302-contract")
        failures = skipped = 0
        for operation, calls in report["operations"].items():
            case = ET.SubElement(suite, "testcase", classname="ai302.contract", name=operation)
            mine = [v for v in report["violations"] if v["operation"] == operation]
            drift = [v for v in mine if _fails(v)]
            others = [v for v in mine if not _fails(v)]
            if drift:
                failures += 1
                failure = ET.SubElement(
                    case, "failure", type="contract", message=f"{len(drift)} kinds of violation"
                )
                failure.text = "\n".join(_line(v) for v in drift)
            elif not any(calls.values()):
                skipped += 1
                ET.SubElement(case, "skipped", message="not called in this run")
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(_line(v) for v in others)
        suite.set("tests", str(len(report["operations"])))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        root = ET.Element("testsuites")
        root.append(suite)
        ET.indent(root)
        text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        return text + b"\n"

    def write(self, path: Path) -> tuple[Path, Path]:
        """JSON at `path`, JUnit XML beside it with the suffix .xml (or .json, if `path`
        already ends in .xml). Returns both paths."""
        xml_path = path.with_suffix(".xml")
        json_path = path if xml_path != path else path.with_suffix(".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n")
        xml_path.write_bytes(self.as_junit())
        return json_path, xml_path


def _totals(violations: list[dict[str, Any]], prefix: str) -> dict[str, int]:
    mine = [v for v in violations if v["location"].startswith(prefix)]
    return {
        "errors": sum(v["count"] for v in mine if v["severity"] == "error"),
        "warnings": sum(v["count"] for v in mine if v["severity"] == "warning"),
    }


def _fails(violation: dict[str, Any]) -> bool:
    return bool(violation["severity"] == "error" and violation["location"].startswith("response."))


def _line(violation: dict[str, Any]) -> str:
    return (
        f"{violation['kind']} at {violation['location']} (x{violation['count']}): "
        f"{violation['message']}"
    )
