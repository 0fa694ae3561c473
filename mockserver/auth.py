"""The operation's security, as the spec states it: required, optional, or none.

A present key must be well formed (`Bearer <key>`) wherever the operation names a
scheme, and with --api-key only the configured keys pass. A key is never echoed.
"""

from __future__ import annotations

from mockserver.errors import MockError
from mockserver.spec_loader import OperationModel


def check_auth(operation: OperationModel, value: str | None, api_keys: frozenset[str]) -> None:
    """`value`: the Authorization header, if sent."""
    if value is None:
        if operation.auth_required:
            raise MockError(401, "auth.missing")
        return
    if not (operation.auth_required or operation.auth_optional):
        return
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise MockError(401, "auth.malformed")
    if api_keys and token.strip() not in api_keys:
        # Never echo the key: error messages end up in logs.
        raise MockError(401, "auth.invalid")
