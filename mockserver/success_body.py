"""Complete a handler's 200 body with the fields the spec documents and the handler did not set.

This is how a field added to the spec reaches clients with no edit to the mock: a
response field named like a request field echoes the request's value; any other takes
its value from the spec's 200 examples.
"""

from __future__ import annotations

import copy
from typing import Any

from mockserver.spec_loader import OperationModel


def complete_success_body(
    body: dict[str, Any], operation: OperationModel, request: dict[str, Any]
) -> dict[str, Any]:
    for name in operation.response_properties:
        if name in body:
            continue
        if name in request:
            body[name] = request[name]
        elif name in operation.response_example_values:
            body[name] = copy.deepcopy(operation.response_example_values[name])
    return body
