"""Compare two whole specs: match operations, then let the operation rules speak."""

from __future__ import annotations

from typing import Any

from ai302_spec.changes import Change, Level
from ai302_spec.operations import compare_operation
from ai302_spec.resolve import resolve_refs
from ai302_spec.schemas import report_documentation
from ai302_spec.scope import Direction, Scope

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Top-level parts judged through the operations (paths, components) or below (info).
SPEC_RULED = frozenset({"paths", "components", "info", "security"})


def compare_specs(old_spec: dict[str, Any], new_spec: dict[str, Any]) -> list[Change]:
    """Every change between the two specs, most severe first."""
    old, new = resolve_refs(old_spec), resolve_refs(new_spec)
    spec = Scope("", "", Direction.REQUEST)
    _compare_info(old.get("info") or {}, new.get("info") or {}, spec.under("info"))
    report_documentation(old, new, spec, SPEC_RULED)
    _compare_component_schemas(old_spec, new_spec, spec.under("components"))
    old_ops, new_ops = operations(old), operations(new)
    matched = _match(old_ops, new_ops, spec)
    for old_key, new_key in matched:
        scope = Scope(new_key, "", Direction.REQUEST, spec.changes)
        compare_operation(
            old_ops[old_key],
            new_ops[new_key],
            security(old, old_ops[old_key]),
            security(new, new_ops[new_key]),
            scope,
        )
    if not spec.changes and old_spec != new_spec:
        spec.add(Level.INFO, "changes only in parts no operation uses")
    unique = dict.fromkeys(spec.changes)
    return sorted(unique, key=lambda c: (-c.level, c.operation, c.location, c.message))


def operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Operations by "METHOD /path", with path-level parameters folded in."""
    found: dict[str, dict[str, Any]] = {}
    for path, item in (spec.get("paths") or {}).items():
        shared = item.get("parameters") or []
        for method in METHODS:
            if isinstance(item.get(method), dict):
                op = dict(item[method])
                own = {(p.get("in"), p.get("name")) for p in op.get("parameters") or []}
                inherited = [p for p in shared if (p.get("in"), p.get("name")) not in own]
                if inherited:
                    op["parameters"] = [*inherited, *(op.get("parameters") or [])]
                found[f"{method.upper()} {path}"] = op
    return found


def security(spec: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    """The requirements that apply, each scheme name mapped to its definition."""
    requirements = op.get("security", spec.get("security")) or []
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    return [{name: schemes.get(name, {}) for name in requirement} for requirement in requirements]


def _match(
    old_ops: dict[str, dict[str, Any]], new_ops: dict[str, dict[str, Any]], spec: Scope
) -> list[tuple[str, str]]:
    """Pair operations by method and path, else by operationId (a moved operation)."""
    pairs = [(key, key) for key in old_ops if key in new_ops]
    gone = [key for key in old_ops if key not in new_ops]
    fresh = [key for key in new_ops if key not in old_ops]
    new_by_id = {new_ops[key].get("operationId"): key for key in fresh}
    for key in gone:
        moved = new_by_id.pop(old_ops[key].get("operationId"), None)
        if moved is not None and old_ops[key].get("operationId") is not None:
            # Callers (and the generated client) still call the old method and path.
            Scope(moved, "", Direction.REQUEST, spec.changes).add(
                Level.BREAKING, f"path changed from {key}"
            )
            pairs.append((key, moved))
            fresh.remove(moved)
        else:
            Scope(key, "", Direction.REQUEST, spec.changes).add(Level.BREAKING, "operation removed")
    for key in fresh:
        Scope(key, "", Direction.REQUEST, spec.changes).add(Level.NON_BREAKING, "new operation")
    return pairs


def _compare_info(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    if old.get("version") != new.get("version"):
        scope.add(Level.INFO, f"version changed from {old.get('version')} to {new.get('version')}")
    report_documentation(old, new, scope, frozenset({"version"}))


def _compare_component_schemas(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    """The generator makes a model class of every component schema, used or not."""
    before = (old.get("components") or {}).get("schemas") or {}
    after = (new.get("components") or {}).get("schemas") or {}
    for name in before:
        if name not in after:
            scope.at(f"schemas.{name}").add(
                Level.BREAKING, f"schema removed: the generated model class {name} disappears"
            )
    for name in after:
        if name not in before:
            scope.at(f"schemas.{name}").add(Level.NON_BREAKING, "new schema")
