"""The `ai302_client` logger, switched on by `AI302_LOG=info|debug` (as openai's OPENAI_LOG).

Retries are logged at INFO, every request at DEBUG. No record carries a header, and a
filter masks anything that looks like a bearer token, in case a message ever does.
"""

from __future__ import annotations

import logging
import os
import re

LOG_ENV = "AI302_LOG"
logger = logging.getLogger("ai302_client")

_BEARER = re.compile(r"(Bearer\s+)\S+", re.IGNORECASE)


class RedactBearer(logging.Filter):
    """Masks `Bearer <key>` in a record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _BEARER.search(message):
            record.msg, record.args = _BEARER.sub(r"\1<redacted>", message), None
        return True


class FallbackHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Prints to stderr only while the application has no logging of its own (no handler
    on the root logger): once it has (`logging.basicConfig()`, say), the records reach its
    handlers by propagation, and printing them here as well would show each line twice."""

    def emit(self, record: logging.LogRecord) -> None:
        if not logging.getLogger().handlers:
            super().emit(record)


def setup_logging() -> None:
    """Read `AI302_LOG` once, at import of the client; other values leave logging alone."""
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        os.environ.get(LOG_ENV, "").strip().lower()
    )
    if level is None:
        return
    if not any(isinstance(f, RedactBearer) for f in logger.filters):
        logger.addFilter(RedactBearer())
    if not logger.handlers:
        handler = FallbackHandler()
        handler.setFormatter(
            logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s", "%H:%M:%S")
        )
        logger.addHandler(handler)
    logger.setLevel(level)
