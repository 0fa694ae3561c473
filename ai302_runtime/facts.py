"""The shapes of the API facts the generated client reads from the spec's `x-` extensions.

The values live in the generated `ai302_client.spec_facts`, rendered from
`openapi/openapi.yaml`; this module only names their types, so the runtime can take
them as arguments without importing the generated package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class ErrorCategory(StrEnum):
    """The spec's `category` vocabulary in `x-err-codes`: which exception class applies."""

    AUTHENTICATION = "authentication"
    INSUFFICIENT_BALANCE = "insufficient_balance"
    RATE_LIMIT = "rate_limit"
    NOT_FOUND = "not_found"
    INVALID_REQUEST = "invalid_request"
    SERVER = "server"


class TaskMeaning(StrEnum):
    """The spec's `x-status-meaning` vocabulary: what a task status means to a caller."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    NOT_FOUND = "not_found"
    EXPIRED = "expired"
    # A status the spec does not list: treated as "not finished yet".
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ErrCode:
    """One entry of `ErrorDetail.err_code`'s `x-err-codes` catalogue."""

    code: int
    name: str
    meaning: str
    category: ErrorCategory
    retryable: bool


@dataclass(frozen=True)
class OperationFacts:
    """An operation's `x-paid` and `x-idempotent`."""

    operation_id: str
    method: str
    path: str
    paid: bool
    idempotent: bool


@dataclass(frozen=True)
class ErrorFacts:
    """What the client needs to type an error response."""

    err_codes: Mapping[int, ErrCode] = field(default_factory=dict)
    # The err_code the spec gives each error status (`x-err-code` on responses).
    err_code_by_status: Mapping[int, int] = field(default_factory=dict)

    def category_of(self, err_code: int | None, status: int) -> ErrorCategory | None:
        """The category of an err_code, else of the err_code the spec gives the status."""
        for code in (err_code, self.err_code_by_status.get(status)):
            if code is not None and code in self.err_codes:
                return self.err_codes[code].category
        return None

    def never_retry(self) -> frozenset[int]:
        """The err_codes that no wait cures (quota, balance, ...): never retried."""
        return frozenset(code for code, entry in self.err_codes.items() if not entry.retryable)


@dataclass(frozen=True)
class TaskFacts:
    """`x-success-value` of the task result's `code`, and `x-status-meaning` of its status."""

    success_code: int
    status_meaning: Mapping[str, TaskMeaning]

    def meaning_of(self, status: object) -> TaskMeaning:
        return self.status_meaning.get(str(status), TaskMeaning.UNKNOWN)
