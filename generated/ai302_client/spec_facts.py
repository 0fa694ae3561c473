"""API facts from the spec's `x-` extensions, for the runtime (generated: do not edit).

Regenerate with `make generate` after editing `openapi/openapi.yaml`.
"""

from ai302_runtime.facts import (
    ErrCode,
    ErrorCategory,
    ErrorFacts,
    OperationFacts,
    TaskFacts,
    TaskMeaning,
)

# `servers[0].url`: the base URL when neither base_url= nor AI302_BASE_URL is given.
DEFAULT_BASE_URL = "https://api.302.ai"

# `x-err-codes` on ErrorDetail.err_code.
ERR_CODES: dict[int, ErrCode] = {
    -10001: ErrCode(
        code=-10001,
        name="missing_api_key",
        meaning="missing API key",
        category=ErrorCategory("authentication"),
        retryable=False,
    ),
    -10002: ErrCode(
        code=-10002,
        name="tool_disabled",
        meaning="tool disabled or deleted",
        category=ErrorCategory("invalid_request"),
        retryable=False,
    ),
    -10003: ErrCode(
        code=-10003,
        name="network_error",
        meaning="network error",
        category=ErrorCategory("server"),
        retryable=True,
    ),
    -10004: ErrCode(
        code=-10004,
        name="insufficient_balance",
        meaning="insufficient account balance",
        category=ErrorCategory("insufficient_balance"),
        retryable=False,
    ),
    -10005: ErrCode(
        code=-10005,
        name="credential_expired",
        meaning="credential expired",
        category=ErrorCategory("authentication"),
        retryable=False,
    ),
    -10006: ErrCode(
        code=-10006,
        name="total_quota_reached",
        meaning="total quota reached",
        category=ErrorCategory("rate_limit"),
        retryable=False,
    ),
    -10007: ErrCode(
        code=-10007,
        name="daily_quota_reached",
        meaning="daily quota reached",
        category=ErrorCategory("rate_limit"),
        retryable=False,
    ),
    -10008: ErrCode(
        code=-10008,
        name="no_available_channels",
        meaning="no available channels",
        category=ErrorCategory("server"),
        retryable=True,
    ),
    -10009: ErrCode(
        code=-10009,
        name="function_not_supported",
        meaning="API function not supported",
        category=ErrorCategory("invalid_request"),
        retryable=False,
    ),
    -10010: ErrCode(
        code=-10010,
        name="resource_not_found",
        meaning="resource not found",
        category=ErrorCategory("not_found"),
        retryable=False,
    ),
    -10011: ErrCode(
        code=-10011,
        name="invalid_request",
        meaning="invalid request",
        category=ErrorCategory("invalid_request"),
        retryable=False,
    ),
    -10012: ErrCode(
        code=-10012,
        name="hourly_quota_reached",
        meaning="free tool hourly quota reached",
        category=ErrorCategory("rate_limit"),
        retryable=False,
    ),
    -10018: ErrCode(
        code=-10018,
        name="monthly_quota_reached",
        meaning="monthly quota reached",
        category=ErrorCategory("rate_limit"),
        retryable=False,
    ),
    -1024: ErrCode(
        code=-1024,
        name="ai_connection_timeout",
        meaning="AI interface connection timeout",
        category=ErrorCategory("server"),
        retryable=True,
    ),
}

# `x-err-code` on each error response: the err_code that goes with the status.
ERR_CODE_BY_STATUS: dict[int, int] = {
    400: -10011,
    401: -10001,
    402: -10004,
    408: -10011,
    413: -10011,
    415: -10011,
    429: -10007,
    500: -10003,
    503: -10008,
}

ERRORS = ErrorFacts(err_codes=ERR_CODES, err_code_by_status=ERR_CODE_BY_STATUS)

# `x-paid` and `x-idempotent` of each operation, by operationId.
OPERATIONS: dict[str, OperationFacts] = {
    "generate_headshot": OperationFacts(
        operation_id="generate_headshot",
        method="post",
        path="/302/headshot/generate",
        paid=True,
        idempotent=False,
    ),
    "get_portrait_result": OperationFacts(
        operation_id="get_portrait_result",
        method="post",
        path="/doubao/drawing/portrait_result",
        paid=False,
        idempotent=True,
    ),
    "submit_portrait": OperationFacts(
        operation_id="submit_portrait",
        method="post",
        path="/doubao/drawing/portrait",
        paid=True,
        idempotent=False,
    ),
}

# `x-success-value` of the task result's code and `x-status-meaning` of its status.
TASKS = TaskFacts(
    success_code=10000,
    status_meaning={
        "in_queue": TaskMeaning("pending"),
        "generating": TaskMeaning("pending"),
        "processing": TaskMeaning("pending"),
        "done": TaskMeaning("done"),
        "failed": TaskMeaning("failed"),
        "not_found": TaskMeaning("not_found"),
        "expired": TaskMeaning("expired"),
    },
)

# `x-image-types` of the image fields: what the image helpers accept.
IMAGE_TYPES: tuple[str, ...] = ("image/png", "image/jpeg", "image/webp")
