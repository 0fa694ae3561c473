"""Levels for our own `x-` extensions: the ones code reads are API facts, the rest document.

`x-source`, `x-doc-label`, `x-enum-names`, `x-page-example`, `*-source` and any extension
not named here only document, so a change to them is info (reported by the generic rule).
"""

from __future__ import annotations

from typing import Any

from ai302_spec.changes import Level
from ai302_spec.scope import Scope

SCHEMA_RULES = frozenset(
    {
        "x-out-of-range",
        "x-enum-varnames",
        "x-image-types",
        "x-text-part-accepted",
        "x-success-value",
        "x-status-meaning",
        "x-known-values",
    }
)
OPERATION_RULES = frozenset({"x-paid", "x-idempotent"})
RESPONSE_RULES = frozenset({"x-err-code"})


def compare_schema_extensions(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    _out_of_range(old.get("x-out-of-range"), new.get("x-out-of-range"), scope)
    _enum_varnames(old, new, scope)
    _listed_values("x-image-types", old, new, scope, "image type")
    _listed_values("x-known-values", old, new, scope, "known value")
    if bool(old.get("x-text-part-accepted")) != bool(new.get("x-text-part-accepted")):
        if new.get("x-text-part-accepted"):
            scope.widened("a text part (link or data URI) is accepted too")
        else:
            scope.narrowed("a text part (link or data URI) is no longer accepted")
    _success_value(old, new, scope)
    _status_meaning(old.get("x-status-meaning") or {}, new.get("x-status-meaning") or {}, scope)


def _out_of_range(old: Any, new: Any, scope: Scope) -> None:
    """x-out-of-range: values outside [minimum, maximum] are accepted but replaced.

    Nothing is rejected either way, so the level follows what the caller gets back: when
    the honoured range narrows, or the replacement changes, a request that used to do what
    it said now silently does something else (for `num`, another number of paid avatars):
    breaking. A widened range only honours values that used to be replaced: non-breaking.
    """
    if old == new:
        return
    if old is None or new is None:
        # Added: values that were honoured may now be replaced. Removed: the documented
        # fallback is gone, so a caller can no longer tell what an out-of-range value does.
        scope.add(Level.BREAKING, f"out-of-range rule {'added' if old is None else 'removed'}")
        return
    lo_old, hi_old, lo_new, hi_new = (
        old.get("minimum"),
        old.get("maximum"),
        new.get("minimum"),
        new.get("maximum"),
    )
    span = f"honoured range [{lo_old}, {hi_old}] became [{lo_new}, {hi_new}]"
    if (lo_old, hi_old) != (lo_new, hi_new):
        narrowed = _gt(lo_new, lo_old) or _gt(hi_old, hi_new)
        scope.add(Level.BREAKING if narrowed else Level.NON_BREAKING, span)
    if old.get("replacement") != new.get("replacement"):
        scope.add(
            Level.BREAKING,
            f"out-of-range replacement changed from {old.get('replacement')} "
            f"to {new.get('replacement')}",
        )


def _gt(a: Any, b: Any) -> bool:
    """a > b for bounds where None means unbounded (a None lower bound is the smallest)."""
    if a is None or b is None:
        return a is not None and b is None
    return bool(a > b)


def _enum_varnames(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    """x-enum-varnames names the generated enum members (HeadshotStyle.WATERCOLOR)."""
    before, after = _names(old), _names(new)
    kept = [v for v in old.get("enum") or [] if v in (new.get("enum") or [])]
    # A value without a name here gets the generator's own name (VALUE_1...).
    if any(before.get(v) != after.get(v) for v in kept):
        # Calling code names the member: a rename is a missing attribute and a mypy error.
        scope.add(Level.BREAKING, "generated enum member names changed (x-enum-varnames)")


def _names(schema: dict[str, Any]) -> dict[Any, str]:
    names = schema.get("x-enum-varnames") or []
    return dict(zip(schema.get("enum") or [], names, strict=False))


def _listed_values(
    key: str, old: dict[str, Any], new: dict[str, Any], scope: Scope, noun: str
) -> None:
    """A list of accepted or known values: fewer narrows, more widens."""
    before, after = old.get(key) or [], new.get(key) or []
    removed = [v for v in before if v not in after]
    added = [v for v in after if v not in before]
    if removed:
        scope.narrowed(f"{noun} {', '.join(map(str, removed))} removed ({key})")
    if added:
        # More known values in a response: the field stays an open string, nothing breaks.
        scope.add(Level.NON_BREAKING, f"{noun} {', '.join(map(str, added))} added ({key})")


def _success_value(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    # Callers (and our poll helper) compare the field with this value to detect success.
    _value_change(old, new, "x-success-value", "success value", scope)


def _value_change(
    old: dict[str, Any], new: dict[str, Any], key: str, noun: str, scope: Scope
) -> None:
    """A value callers compare with: a new one is news, a changed or dropped one breaks."""
    before, after = old.get(key), new.get(key)
    if before == after:
        return
    level = Level.NON_BREAKING if before is None else Level.BREAKING
    scope.add(level, f"{noun} changed from {before} to {after} ({key})")


def _status_meaning(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    """x-status-meaning drives polling: a status that changes meaning changes when it stops."""
    for status in old:
        if status not in new:
            scope.add(Level.BREAKING, f"status {status} lost its meaning (x-status-meaning)")
        elif old[status] != new[status]:
            scope.add(
                Level.BREAKING,
                f"status {status} now means {new[status]}, not {old[status]} (x-status-meaning)",
            )
    for status in new:
        if status not in old:
            scope.add(Level.NON_BREAKING, f"status {status} means {new[status]} (x-status-meaning)")


def compare_operation_extensions(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    """x-paid and x-idempotent change what a call costs and whether a retry is safe."""
    # A call that was free now bills the caller's account, with no change to their code:
    # that is the change they most need to be stopped for.
    _flag(old, new, "x-paid", "paid", scope, breaks_when_set=True)
    # Callers who retry after a server error were told it was safe; a retry may now run
    # the operation twice. Our client also stops retrying it on 5xx.
    _flag(old, new, "x-idempotent", "idempotent", scope, breaks_when_set=False)


def _flag(
    old: dict[str, Any],
    new: dict[str, Any],
    key: str,
    adjective: str,
    scope: Scope,
    *,
    breaks_when_set: bool,
) -> None:
    """A true-or-not operation fact: one way of turning it breaks callers, the other not."""
    before, after = old.get(key), new.get(key)
    if before == after:
        return
    if after is True:
        breaking, text = breaks_when_set, f"the operation is now {adjective} ({key})"
    elif before is True:
        breaking, text = not breaks_when_set, f"the operation is no longer {adjective} ({key})"
    else:
        scope.add(Level.INFO, f"{key} changed from {before} to {after}")
        return
    scope.add(Level.BREAKING if breaking else Level.NON_BREAKING, text)


def compare_response_extensions(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    # Callers branch on err_code; a changed or dropped code sends them down another branch.
    _value_change(old, new, "x-err-code", "err_code", scope)
