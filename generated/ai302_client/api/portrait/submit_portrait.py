from http import HTTPStatus
from typing import Any

import httpx
from ai302_runtime.inputs import check_body
from ai302_runtime.retry import PAID_EXTENSION, SAFE_EXTENSION

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.portrait_submit_request import PortraitSubmitRequest
from ...models.portrait_submit_response import PortraitSubmitResponse
from ...spec_facts import OPERATIONS
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PortraitSubmitRequest,
    lang: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(lang, Unset):
        headers["Lang"] = lang

    check_body(body, (PortraitSubmitRequest,))

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/doubao/drawing/portrait",
        "extensions": {
            SAFE_EXTENSION: OPERATIONS["submit_portrait"].idempotent,
            PAID_EXTENSION: OPERATIONS["submit_portrait"].paid,
        },
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PortraitSubmitResponse | None:
    if response.status_code >= 400:
        raise errors.error_from_response(response)
    try:
        if response.status_code == 200:
            response_200 = PortraitSubmitResponse.from_dict(response.json())

            return response_200

    # KeyError: a required field is missing; ValueError (SchemaMismatch, bad enum, bad JSON):
    # a value breaks the spec. TypeError and AttributeError are bugs and stay visible.
    except (KeyError, ValueError) as exc:
        raise errors.ResponseValidationError(response, exc) from exc
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _parsed(response: Response[PortraitSubmitResponse]) -> PortraitSubmitResponse:
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PortraitSubmitResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PortraitSubmitRequest,
    lang: str | Unset = UNSET,
) -> Response[PortraitSubmitResponse]:
    """Submit a portrait photography task (path unconfirmed)

     Submits a Doubao "Image-to-Image 3.0 - Portrait Photography" task; poll its
    result with `get_portrait_result` and the `data.task_id` this returns.

    Unconfirmed: this operation is not on the documentation pages. It is inferred
    from 302.AI's own front-end (`302ai/302_ai_portraithub`,
    `src/utils/seed-image.ts`), which pairs each submit path with a `_result` path
    (`/doubao/drawing/seededit_v30` and `/doubao/drawing/seededit_v30_result`), so
    `POST /doubao/drawing/portrait` is the likely submit for `portrait_result`.
    Its fields come from the upstream product (Volcengine portrait photography):
    `image_input` required, `width`/`height` 512-2048 (default 1328), `gpen`,
    `skin`, `skin_unifi` 0-1, `gen_mode`. Its answer has the shape the seededit
    submit answers: `{code, data: {task_id}, message, request_id, status,
    time_elapsed}`.

    Args:
        lang (str | Unset):
        body (PortraitSubmitRequest): A portrait photography task (inferred; see
            `submit_portrait`).

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InsufficientBalanceError: HTTP 402 (err_code -10004): The account balance is insufficient.
        errors.InvalidRequestError: HTTP 413 (err_code -10011): The request body is larger than the server accepts.
        errors.InvalidRequestError: HTTP 415 (err_code -10011): The Content-Type is not one the operation accepts.
        errors.RateLimitError: HTTP 429 (err_code -10007): A quota or rate limit was reached.
        errors.ServerError: HTTP 500 (err_code -10003): An error on the server's side.
        errors.ServerError: HTTP 503 (err_code -10008): No channel is available for the model right now.
        errors.APIStatusError: Another 4xx/5xx; the subclass follows the body's err_code (errors.ERR_CODES).
        errors.APITimeoutError: If the request takes longer than the client's timeout.
        errors.APIConnectionError: If the server cannot be reached or the connection breaks.
        errors.ResponseValidationError: If a success body does not match the spec.
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.

    Returns:
        Response[PortraitSubmitResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        lang=lang,
    )

    response = client.request(**kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PortraitSubmitRequest,
    lang: str | Unset = UNSET,
) -> PortraitSubmitResponse:
    """Submit a portrait photography task (path unconfirmed)

     Submits a Doubao "Image-to-Image 3.0 - Portrait Photography" task; poll its
    result with `get_portrait_result` and the `data.task_id` this returns.

    Unconfirmed: this operation is not on the documentation pages. It is inferred
    from 302.AI's own front-end (`302ai/302_ai_portraithub`,
    `src/utils/seed-image.ts`), which pairs each submit path with a `_result` path
    (`/doubao/drawing/seededit_v30` and `/doubao/drawing/seededit_v30_result`), so
    `POST /doubao/drawing/portrait` is the likely submit for `portrait_result`.
    Its fields come from the upstream product (Volcengine portrait photography):
    `image_input` required, `width`/`height` 512-2048 (default 1328), `gpen`,
    `skin`, `skin_unifi` 0-1, `gen_mode`. Its answer has the shape the seededit
    submit answers: `{code, data: {task_id}, message, request_id, status,
    time_elapsed}`.

    Args:
        lang (str | Unset):
        body (PortraitSubmitRequest): A portrait photography task (inferred; see
            `submit_portrait`).

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InsufficientBalanceError: HTTP 402 (err_code -10004): The account balance is insufficient.
        errors.InvalidRequestError: HTTP 413 (err_code -10011): The request body is larger than the server accepts.
        errors.InvalidRequestError: HTTP 415 (err_code -10011): The Content-Type is not one the operation accepts.
        errors.RateLimitError: HTTP 429 (err_code -10007): A quota or rate limit was reached.
        errors.ServerError: HTTP 500 (err_code -10003): An error on the server's side.
        errors.ServerError: HTTP 503 (err_code -10008): No channel is available for the model right now.
        errors.APIStatusError: Another 4xx/5xx; the subclass follows the body's err_code (errors.ERR_CODES).
        errors.APITimeoutError: If the request takes longer than the client's timeout.
        errors.APIConnectionError: If the server cannot be reached or the connection breaks.
        errors.ResponseValidationError: If a success body does not match the spec.
        errors.UnexpectedStatus: If the server returns an undocumented status code.

    Returns:
        PortraitSubmitResponse
    """

    return _parsed(
        sync_detailed(
            client=client,
            body=body,
            lang=lang,
        )
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PortraitSubmitRequest,
    lang: str | Unset = UNSET,
) -> Response[PortraitSubmitResponse]:
    """Submit a portrait photography task (path unconfirmed)

     Submits a Doubao "Image-to-Image 3.0 - Portrait Photography" task; poll its
    result with `get_portrait_result` and the `data.task_id` this returns.

    Unconfirmed: this operation is not on the documentation pages. It is inferred
    from 302.AI's own front-end (`302ai/302_ai_portraithub`,
    `src/utils/seed-image.ts`), which pairs each submit path with a `_result` path
    (`/doubao/drawing/seededit_v30` and `/doubao/drawing/seededit_v30_result`), so
    `POST /doubao/drawing/portrait` is the likely submit for `portrait_result`.
    Its fields come from the upstream product (Volcengine portrait photography):
    `image_input` required, `width`/`height` 512-2048 (default 1328), `gpen`,
    `skin`, `skin_unifi` 0-1, `gen_mode`. Its answer has the shape the seededit
    submit answers: `{code, data: {task_id}, message, request_id, status,
    time_elapsed}`.

    Args:
        lang (str | Unset):
        body (PortraitSubmitRequest): A portrait photography task (inferred; see
            `submit_portrait`).

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InsufficientBalanceError: HTTP 402 (err_code -10004): The account balance is insufficient.
        errors.InvalidRequestError: HTTP 413 (err_code -10011): The request body is larger than the server accepts.
        errors.InvalidRequestError: HTTP 415 (err_code -10011): The Content-Type is not one the operation accepts.
        errors.RateLimitError: HTTP 429 (err_code -10007): A quota or rate limit was reached.
        errors.ServerError: HTTP 500 (err_code -10003): An error on the server's side.
        errors.ServerError: HTTP 503 (err_code -10008): No channel is available for the model right now.
        errors.APIStatusError: Another 4xx/5xx; the subclass follows the body's err_code (errors.ERR_CODES).
        errors.APITimeoutError: If the request takes longer than the client's timeout.
        errors.APIConnectionError: If the server cannot be reached or the connection breaks.
        errors.ResponseValidationError: If a success body does not match the spec.
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.

    Returns:
        Response[PortraitSubmitResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        lang=lang,
    )

    response = await client.arequest(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PortraitSubmitRequest,
    lang: str | Unset = UNSET,
) -> PortraitSubmitResponse:
    """Submit a portrait photography task (path unconfirmed)

     Submits a Doubao "Image-to-Image 3.0 - Portrait Photography" task; poll its
    result with `get_portrait_result` and the `data.task_id` this returns.

    Unconfirmed: this operation is not on the documentation pages. It is inferred
    from 302.AI's own front-end (`302ai/302_ai_portraithub`,
    `src/utils/seed-image.ts`), which pairs each submit path with a `_result` path
    (`/doubao/drawing/seededit_v30` and `/doubao/drawing/seededit_v30_result`), so
    `POST /doubao/drawing/portrait` is the likely submit for `portrait_result`.
    Its fields come from the upstream product (Volcengine portrait photography):
    `image_input` required, `width`/`height` 512-2048 (default 1328), `gpen`,
    `skin`, `skin_unifi` 0-1, `gen_mode`. Its answer has the shape the seededit
    submit answers: `{code, data: {task_id}, message, request_id, status,
    time_elapsed}`.

    Args:
        lang (str | Unset):
        body (PortraitSubmitRequest): A portrait photography task (inferred; see
            `submit_portrait`).

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InsufficientBalanceError: HTTP 402 (err_code -10004): The account balance is insufficient.
        errors.InvalidRequestError: HTTP 413 (err_code -10011): The request body is larger than the server accepts.
        errors.InvalidRequestError: HTTP 415 (err_code -10011): The Content-Type is not one the operation accepts.
        errors.RateLimitError: HTTP 429 (err_code -10007): A quota or rate limit was reached.
        errors.ServerError: HTTP 500 (err_code -10003): An error on the server's side.
        errors.ServerError: HTTP 503 (err_code -10008): No channel is available for the model right now.
        errors.APIStatusError: Another 4xx/5xx; the subclass follows the body's err_code (errors.ERR_CODES).
        errors.APITimeoutError: If the request takes longer than the client's timeout.
        errors.APIConnectionError: If the server cannot be reached or the connection breaks.
        errors.ResponseValidationError: If a success body does not match the spec.
        errors.UnexpectedStatus: If the server returns an undocumented status code.

    Returns:
        PortraitSubmitResponse
    """

    return _parsed(
        await asyncio_detailed(
            client=client,
            body=body,
            lang=lang,
        )
    )
