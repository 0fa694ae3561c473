"""What a handler gets for one request: parsed body, preferences and ids; no raw request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockserver.config import MockConfig
from mockserver.spec_loader import OperationModel


@dataclass(frozen=True)
class CallContext:
    operation: OperationModel
    config: MockConfig
    data: dict[str, Any]
    raw_data: dict[str, Any]
    base_url: str
    request_id: str
