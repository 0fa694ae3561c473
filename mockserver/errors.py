"""302.AI's error body, `{"error": {"err_code", "message", ...}}`, for every 4xx/5xx.

The err_code, the type and any Retry-After come from the spec's error responses
(`x-err-code`): the operation's own where it documents the status, else the spec's
routing errors and shared responses. No err_code is written here. The three message
texts come from the one table in `messages`.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

from mockserver.messages import TEMPLATES, Localized, localize
from mockserver.responses import RawHeaders, encode_headers, raw_json_response
from mockserver.spec_loader import ErrorTemplate, SpecError

# Every status the mock itself answers with. The spec must give each an err_code: a spec
# that does not is refused at start-up rather than answered with a made-up code.
SENT_STATUSES = frozenset({400, 401, 404, 405, 408, 413, 415, 500})


class MockError(Exception):
    """Raised anywhere in request handling; the app turns it into an error response.

    `key` names a template in `messages.TEMPLATES`; `params` fill it. The texts are
    built when the error is raised, so an unknown key fails where it is written.
    """

    def __init__(self, status: int, key: str, field: str | None = None, **params: object) -> None:
        if key not in TEMPLATES:
            raise KeyError(f"no message template {key!r}: add it to mockserver/messages.py")
        self.status = status
        self.key = key
        self.field = field
        self.params = params
        self.texts: Localized = localize(key, params, field)
        super().__init__(self.texts.en)

    @property
    def message(self) -> str:
        """The English text (302.AI's `message`)."""
        return self.texts.en


NO_TEMPLATES: Mapping[int, ErrorTemplate] = {}
CLOSE = (b"connection", b"close")


class ErrorBuilder:
    def __init__(self, shared: Mapping[int, ErrorTemplate]) -> None:
        missing = sorted(SENT_STATUSES - shared.keys())
        if missing:
            raise SpecError(
                f"the spec gives no err_code for status {missing}: add a response with "
                "x-err-code to an operation, or to x-routing-errors"
            )
        self._shared = shared
        # Each template's own headers, encoded once: keyed by id, the template kept
        # beside them so a reused id is never mistaken for it.
        self._heads: dict[int, tuple[ErrorTemplate, RawHeaders]] = {}

    def _head(self, template: ErrorTemplate, extra: Mapping[str, str] | None) -> RawHeaders:
        if extra:
            return encode_headers({**template.headers, **extra})
        found = self._heads.get(id(template))
        if found is None or found[0] is not template:
            found = self._heads[id(template)] = (template, encode_headers(template.headers))
        return found[1]

    def _template(self, status: int, documented: Mapping[int, ErrorTemplate]) -> ErrorTemplate:
        found = documented.get(status) or self._shared.get(status)
        # Only the proxy answers a status no response documents (its spending cap's 403):
        # it borrows the template of the status's class.
        return found or self._shared[500 if status >= 500 else 400]

    def build(
        self,
        error: MockError,
        request_id: str,
        headers: Mapping[str, str] | None = None,
        documented: Mapping[int, ErrorTemplate] = NO_TEMPLATES,
    ) -> Response:
        """An error answer; `documented` is the operation's own error responses."""
        template = self._template(error.status, documented)
        body = {
            "error": {
                "err_code": template.err_code,
                "message": error.texts.en,
                "message_cn": error.texts.cn,
                "message_jp": error.texts.jp,
                "type": template.type,
            }
        }
        head = self._head(template, headers)
        if error.status == 408:
            # The server has stopped waiting: the rest of the request, should it come,
            # must not be read as the next one (RFC 9110 asks a 408 to close).
            head = [*head, CLOSE]
        return raw_json_response(orjson.dumps(body), error.status, request_id, head)

    def example(
        self, status: int, request_id: str, documented: Mapping[int, ErrorTemplate]
    ) -> Response:
        """The spec's own example for a status, as `Prefer: code=NNN` asks."""
        template = self._template(status, documented)
        return raw_json_response(template.example, status, request_id, self._head(template, None))
