"""What a handler gets for one request: parsed body, preferences and ids; no raw request."""

from __future__ import annotations

from typing import Any, NamedTuple

from mockserver.config import MockConfig
from mockserver.spec_loader import OperationModel


class CallContext(NamedTuple):
    """Immutable, as a frozen dataclass would be, but built per request for a fraction
    of the cost (a frozen dataclass sets each field through object.__setattr__)."""

    operation: OperationModel
    config: MockConfig
    data: dict[str, Any]
    raw_data: dict[str, Any]
    base_url: str
    request_id: str
