from http import HTTPStatus
from typing import Any

import httpx
from ai302_runtime.inputs import check_body
from ai302_runtime.retry import PAID_EXTENSION, SAFE_EXTENSION

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.portrait_result_request import PortraitResultRequest
from ...models.portrait_result_response import PortraitResultResponse
from ...spec_facts import OPERATIONS
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PortraitResultRequest,
    response_format: str | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(lang, Unset):
        headers["Lang"] = lang

    params: dict[str, Any] = {}

    params["response_format"] = response_format

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    check_body(body, (PortraitResultRequest,))

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/doubao/drawing/portrait_result",
        "params": params,
        "extensions": {
            SAFE_EXTENSION: OPERATIONS["get_portrait_result"].idempotent,
            PAID_EXTENSION: OPERATIONS["get_portrait_result"].paid,
        },
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PortraitResultResponse | None:
    if response.status_code >= 400:
        raise errors.error_from_response(response)
    try:
        if response.status_code == 200:
            response_200 = PortraitResultResponse.from_dict(response.json())

            return response_200

    # KeyError: a required field is missing; ValueError (SchemaMismatch, bad enum, bad JSON):
    # a value breaks the spec. TypeError and AttributeError are bugs and stay visible.
    except (KeyError, ValueError) as exc:
        raise errors.ResponseValidationError(response, exc) from exc
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _parsed(response: Response[PortraitResultResponse]) -> PortraitResultResponse:
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PortraitResultResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PortraitResultRequest,
    response_format: str | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> Response[PortraitResultResponse]:
    """Fetch the result of a portrait photography task

     Polls the result of a Doubao "Image-to-Image 3.0 - Portrait Photography" task.
    Check `code` first (10000 is success), then `data.status`
    (inferred: `in_queue`, `generating`, `done`, `failed`, `not_found`, `expired`).
    The task comes from `submit_portrait` (inferred path).

    Args:
        response_format (str | Unset):
        lang (str | Unset):
        body (PortraitResultRequest):

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InvalidRequestError: HTTP 408 (err_code -10011): The request body did not arrive in time.
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
        Response[PortraitResultResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        response_format=response_format,
        lang=lang,
    )

    response = client.request(**kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PortraitResultRequest,
    response_format: str | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> PortraitResultResponse:
    """Fetch the result of a portrait photography task

     Polls the result of a Doubao "Image-to-Image 3.0 - Portrait Photography" task.
    Check `code` first (10000 is success), then `data.status`
    (inferred: `in_queue`, `generating`, `done`, `failed`, `not_found`, `expired`).
    The task comes from `submit_portrait` (inferred path).

    Args:
        response_format (str | Unset):
        lang (str | Unset):
        body (PortraitResultRequest):

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InvalidRequestError: HTTP 408 (err_code -10011): The request body did not arrive in time.
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
        PortraitResultResponse
    """

    return _parsed(
        sync_detailed(
            client=client,
            body=body,
            response_format=response_format,
            lang=lang,
        )
    )


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PortraitResultRequest,
    response_format: str | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> Response[PortraitResultResponse]:
    """Fetch the result of a portrait photography task

     Polls the result of a Doubao "Image-to-Image 3.0 - Portrait Photography" task.
    Check `code` first (10000 is success), then `data.status`
    (inferred: `in_queue`, `generating`, `done`, `failed`, `not_found`, `expired`).
    The task comes from `submit_portrait` (inferred path).

    Args:
        response_format (str | Unset):
        lang (str | Unset):
        body (PortraitResultRequest):

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InvalidRequestError: HTTP 408 (err_code -10011): The request body did not arrive in time.
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
        Response[PortraitResultResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        response_format=response_format,
        lang=lang,
    )

    response = await client.arequest(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PortraitResultRequest,
    response_format: str | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> PortraitResultResponse:
    """Fetch the result of a portrait photography task

     Polls the result of a Doubao "Image-to-Image 3.0 - Portrait Photography" task.
    Check `code` first (10000 is success), then `data.status`
    (inferred: `in_queue`, `generating`, `done`, `failed`, `not_found`, `expired`).
    The task comes from `submit_portrait` (inferred path).

    Args:
        response_format (str | Unset):
        lang (str | Unset):
        body (PortraitResultRequest):

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InvalidRequestError: HTTP 408 (err_code -10011): The request body did not arrive in time.
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
        PortraitResultResponse
    """

    return _parsed(
        await asyncio_detailed(
            client=client,
            body=body,
            response_format=response_format,
            lang=lang,
        )
    )
