"""Rules for one operation: identity, auth, parameters, request body, responses.

Operations arrive with every `$ref` already inlined, so a shared component shows up
under each operation (and each body or response) that uses it.
"""

from __future__ import annotations

from typing import Any

from ai302_spec import extensions
from ai302_spec.changes import Level
from ai302_spec.schemas import compare_schema, report_documentation
from ai302_spec.scope import Direction, Scope

OPERATION_RULED = frozenset(
    {
        "operationId",
        "tags",
        "security",
        "parameters",
        "requestBody",
        "responses",
        *extensions.OPERATION_RULES,
    }
)
PARAMETER_RULED = frozenset({"name", "in", "required", "schema", "style", "explode", "content"})
BODY_RULED = frozenset({"required", "content"})
MEDIA_RULED = frozenset({"schema", "encoding"})
RESPONSE_RULED = frozenset({"headers", "content", *extensions.RESPONSE_RULES})
HEADER_RULED = frozenset({"required", "schema"})
SCHEME_RULED = frozenset({"type", "scheme", "in", "name", "bearerFormat", "flows"})


def compare_operation(
    old: dict[str, Any],
    new: dict[str, Any],
    old_security: list[dict[str, Any]],
    new_security: list[dict[str, Any]],
    scope: Scope,
) -> None:
    """`*_security` are the operation's effective requirements with each scheme inlined."""
    if old.get("operationId") != new.get("operationId"):
        # The generated function (and its module) is named after the operationId.
        scope.add(
            Level.BREAKING,
            f"operationId changed from {old.get('operationId')} to {new.get('operationId')}",
        )
    old_tags, new_tags = old.get("tags") or [], new.get("tags") or []
    if old_tags[:1] != new_tags[:1]:
        # The first tag names the generated module: ai302_client.api.<tag>.
        scope.add(Level.BREAKING, f"tag changed from {old_tags[:1]} to {new_tags[:1]}")
    elif old_tags != new_tags:
        scope.add(Level.INFO, f"tags changed from {old_tags} to {new_tags}")
    _compare_security(old_security, new_security, scope.under("security"))
    extensions.compare_operation_extensions(old, new, scope)
    _compare_parameters(old.get("parameters") or [], new.get("parameters") or [], scope)
    _compare_body(old.get("requestBody"), new.get("requestBody"), scope)
    _compare_responses(old.get("responses") or {}, new.get("responses") or {}, scope)
    report_documentation(old, new, scope, OPERATION_RULED)


def _compare_security(old: list[dict[str, Any]], new: list[dict[str, Any]], scope: Scope) -> None:
    old_optional = not old or any(not requirement for requirement in old)
    new_optional = not new or any(not requirement for requirement in new)
    if old_optional and not new_optional:
        scope.add(Level.BREAKING, "authentication is now required")
    elif new_optional and not old_optional:
        scope.add(Level.NON_BREAKING, "authentication is now optional")
    old_ways = {frozenset(r): r for r in old if r}
    new_ways = {frozenset(r): r for r in new if r}
    for names, requirement in old_ways.items():
        if names not in new_ways:
            # Callers authenticating this way are refused (unless auth became optional).
            level = Level.NON_BREAKING if new_optional else Level.BREAKING
            scope.add(level, f"no longer accepts {' + '.join(sorted(names))}")
            continue
        for name in sorted(names):
            _compare_scheme(requirement[name], new_ways[names][name], scope.at(name))
    for names in new_ways.keys() - old_ways.keys():
        scope.add(Level.NON_BREAKING, f"also accepts {' + '.join(sorted(names))}")


def _compare_scheme(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    for key in sorted(SCHEME_RULED):
        if old.get(key) != new.get(key):
            scope.add(Level.BREAKING, f"{key} changed from {old.get(key)} to {new.get(key)}")
    report_documentation(old, new, scope, SCHEME_RULED | {"scopes"})


def _compare_parameters(old: list[dict[str, Any]], new: list[dict[str, Any]], scope: Scope) -> None:
    old_by_key = {(p.get("in"), p.get("name")): p for p in old}
    new_by_key = {(p.get("in"), p.get("name")): p for p in new}
    for key, param in old_by_key.items():
        where = scope.under(f"{key[0]} parameter {key[1]}", Direction.REQUEST)
        if key not in new_by_key:
            # Callers sending it are now sending something unknown; the generated
            # function loses the keyword argument.
            where.add(Level.BREAKING, "parameter removed")
            continue
        now = new_by_key[key]
        if bool(param.get("required")) != bool(now.get("required")):
            if now.get("required"):
                where.add(Level.BREAKING, "parameter became required")
            else:
                where.add(Level.NON_BREAKING, "parameter became optional")
        for key_word in ("style", "explode"):
            if param.get(key_word) != now.get(key_word):
                where.add(Level.BREAKING, f"{key_word} changed: the value is sent differently")
        compare_schema(param.get("schema", {}), now.get("schema", {}), where)
        report_documentation(param, now, where, PARAMETER_RULED)
    for key, param in new_by_key.items():
        if key not in old_by_key:
            where = scope.under(f"{key[0]} parameter {key[1]}", Direction.REQUEST)
            if param.get("required"):
                where.add(Level.BREAKING, "new required parameter")
            else:
                where.add(Level.NON_BREAKING, "new optional parameter")


def _compare_body(old: Any, new: Any, scope: Scope) -> None:
    where = scope.under("request body", Direction.REQUEST)
    if old is None and new is None:
        return
    if old is None:
        required = bool(new.get("required"))
        where.add(
            Level.BREAKING if required else Level.NON_BREAKING,
            f"new {'required' if required else 'optional'} request body",
        )
        return
    if new is None:
        where.add(Level.BREAKING, "request body removed")
        return
    if bool(old.get("required")) != bool(new.get("required")):
        if new.get("required"):
            where.add(Level.BREAKING, "request body became required")
        else:
            where.add(Level.NON_BREAKING, "request body became optional")
    old_content, new_content = old.get("content") or {}, new.get("content") or {}
    for media_type in old_content:
        media = scope.under(f"request body {media_type}", Direction.REQUEST)
        if media_type not in new_content:
            media.add(Level.BREAKING, "media type no longer accepted")
            continue
        _compare_media(old_content[media_type], new_content[media_type], media)
    for media_type in new_content.keys() - old_content.keys():
        scope.under(f"request body {media_type}", Direction.REQUEST).add(
            Level.NON_BREAKING, "media type now accepted"
        )
    report_documentation(old, new, where, BODY_RULED)


def _compare_media(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    compare_schema(old.get("schema", {}), new.get("schema", {}), scope)
    old_encoding, new_encoding = old.get("encoding") or {}, new.get("encoding") or {}
    for part in sorted(old_encoding.keys() | new_encoding.keys()):
        was, now = old_encoding.get(part, {}), new_encoding.get(part, {})
        field = scope.at(part)
        before, after = _content_types(was), _content_types(now)
        if before != after:
            removed, added = before - after, after - before
            if removed:
                field.narrowed(f"part content type {', '.join(sorted(removed))} removed")
            if added:
                field.widened(f"part content type {', '.join(sorted(added))} added")
        report_documentation(was, now, field, frozenset({"contentType"}))
    report_documentation(old, new, scope, MEDIA_RULED)


def _content_types(encoding: dict[str, Any]) -> frozenset[str]:
    return frozenset(
        t.strip() for t in str(encoding.get("contentType", "")).split(",") if t.strip()
    )


def _compare_responses(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    for status in old:
        where = scope.under(f"response {status}", Direction.RESPONSE)
        if status not in new:
            # A caller handling it (our typed error, their branch) no longer gets it.
            where.add(Level.BREAKING, "response status removed")
            continue
        _compare_response(old[status], new[status], where)
    for status in new:
        if status in old:
            continue
        where = scope.under(f"response {status}", Direction.RESPONSE)
        if str(status).startswith("2"):
            # The generated call returns the union of its success bodies: code that used
            # the one result type no longer type-checks.
            where.add(Level.BREAKING, "new success status")
        else:
            where.add(Level.NON_BREAKING, "new documented error status")


def _compare_response(old: dict[str, Any], new: dict[str, Any], scope: Scope) -> None:
    extensions.compare_response_extensions(old, new, scope)
    old_headers, new_headers = old.get("headers") or {}, new.get("headers") or {}
    for name in old_headers:
        header = scope.under(f"{scope.prefix} header {name}")
        if name not in new_headers:
            header.add(Level.BREAKING, "response header removed")
            continue
        was, now = old_headers[name], new_headers[name]
        if bool(was.get("required")) and not bool(now.get("required")):
            header.add(Level.BREAKING, "response header became optional")
        elif bool(now.get("required")) and not bool(was.get("required")):
            header.add(Level.NON_BREAKING, "response header became required")
        compare_schema(was.get("schema", {}), now.get("schema", {}), header)
        report_documentation(was, now, header, HEADER_RULED)
    for name in new_headers.keys() - old_headers.keys():
        scope.under(f"{scope.prefix} header {name}").add(Level.NON_BREAKING, "new response header")
    old_content, new_content = old.get("content") or {}, new.get("content") or {}
    for media_type in old_content:
        media = scope.under(f"{scope.prefix} {media_type}")
        if media_type not in new_content:
            media.add(Level.BREAKING, "response media type removed")
            continue
        _compare_media(old_content[media_type], new_content[media_type], media)
    for media_type in new_content.keys() - old_content.keys():
        scope.under(f"{scope.prefix} {media_type}").add(
            Level.NON_BREAKING, "new response media type"
        )
    report_documentation(old, new, scope, RESPONSE_RULED)
