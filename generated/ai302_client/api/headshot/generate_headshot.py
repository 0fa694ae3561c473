from http import HTTPStatus
from typing import Any

import httpx
from ai302_runtime.inputs import check_body
from ai302_runtime.retry import PAID_EXTENSION, SAFE_EXTENSION

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.headshot_multipart_request import HeadshotMultipartRequest
from ...models.headshot_request import HeadshotRequest
from ...models.headshot_response import HeadshotResponse
from ...spec_facts import OPERATIONS
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: HeadshotRequest | HeadshotMultipartRequest,
    lang: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(lang, Unset):
        headers["Lang"] = lang

    check_body(body, (HeadshotRequest, HeadshotMultipartRequest))

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/302/headshot/generate",
        "extensions": {
            SAFE_EXTENSION: OPERATIONS["generate_headshot"].idempotent,
            PAID_EXTENSION: OPERATIONS["generate_headshot"].paid,
        },
    }

    if isinstance(body, HeadshotRequest):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, HeadshotMultipartRequest):
        _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HeadshotResponse | None:
    if response.status_code >= 400:
        raise errors.error_from_response(response)
    try:
        if response.status_code == 200:
            response_200 = HeadshotResponse.from_dict(response.json())

            return response_200

    # KeyError: a required field is missing; ValueError (SchemaMismatch, bad enum, bad JSON):
    # a value breaks the spec. TypeError and AttributeError are bugs and stay visible.
    except (KeyError, ValueError) as exc:
        raise errors.ResponseValidationError(response, exc) from exc
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _parsed(response: Response[HeadshotResponse]) -> HeadshotResponse:
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HeadshotResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: HeadshotRequest | HeadshotMultipartRequest,
    lang: str | Unset = UNSET,
) -> Response[HeadshotResponse]:
    """Generate avatars from a photo

     Generates 1-4 avatars of the person in `image`, either in one of 17 preset
    styles or following `custom_prompt`.
    The priority of user-defined prompts is higher than the preset styles: if
    `custom_prompt` is not empty, `style` is ignored.
    Price: the tokens used to optimize the prompt plus the avatars generated
    (/302/submit/flux-selfie). Status on the page: "Developing".

    Args:
        lang (str | Unset):
        body (HeadshotRequest): A headshot request as JSON.
        body (HeadshotMultipartRequest): A headshot request as multipart/form-data. Numeric fields
            travel as text
            parts and are read as numbers.

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InsufficientBalanceError: HTTP 402 (err_code -10004): The account balance is insufficient.
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
        Response[HeadshotResponse]
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
    body: HeadshotRequest | HeadshotMultipartRequest,
    lang: str | Unset = UNSET,
) -> HeadshotResponse:
    """Generate avatars from a photo

     Generates 1-4 avatars of the person in `image`, either in one of 17 preset
    styles or following `custom_prompt`.
    The priority of user-defined prompts is higher than the preset styles: if
    `custom_prompt` is not empty, `style` is ignored.
    Price: the tokens used to optimize the prompt plus the avatars generated
    (/302/submit/flux-selfie). Status on the page: "Developing".

    Args:
        lang (str | Unset):
        body (HeadshotRequest): A headshot request as JSON.
        body (HeadshotMultipartRequest): A headshot request as multipart/form-data. Numeric fields
            travel as text
            parts and are read as numbers.

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InsufficientBalanceError: HTTP 402 (err_code -10004): The account balance is insufficient.
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
        HeadshotResponse
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
    body: HeadshotRequest | HeadshotMultipartRequest,
    lang: str | Unset = UNSET,
) -> Response[HeadshotResponse]:
    """Generate avatars from a photo

     Generates 1-4 avatars of the person in `image`, either in one of 17 preset
    styles or following `custom_prompt`.
    The priority of user-defined prompts is higher than the preset styles: if
    `custom_prompt` is not empty, `style` is ignored.
    Price: the tokens used to optimize the prompt plus the avatars generated
    (/302/submit/flux-selfie). Status on the page: "Developing".

    Args:
        lang (str | Unset):
        body (HeadshotRequest): A headshot request as JSON.
        body (HeadshotMultipartRequest): A headshot request as multipart/form-data. Numeric fields
            travel as text
            parts and are read as numbers.

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InsufficientBalanceError: HTTP 402 (err_code -10004): The account balance is insufficient.
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
        Response[HeadshotResponse]
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
    body: HeadshotRequest | HeadshotMultipartRequest,
    lang: str | Unset = UNSET,
) -> HeadshotResponse:
    """Generate avatars from a photo

     Generates 1-4 avatars of the person in `image`, either in one of 17 preset
    styles or following `custom_prompt`.
    The priority of user-defined prompts is higher than the preset styles: if
    `custom_prompt` is not empty, `style` is ignored.
    Price: the tokens used to optimize the prompt plus the avatars generated
    (/302/submit/flux-selfie). Status on the page: "Developing".

    Args:
        lang (str | Unset):
        body (HeadshotRequest): A headshot request as JSON.
        body (HeadshotMultipartRequest): A headshot request as multipart/form-data. Numeric fields
            travel as text
            parts and are read as numbers.

    Raises:
        errors.InvalidRequestError: HTTP 400 (err_code -10011): The request is invalid; the message names the field.
        errors.AuthenticationError: HTTP 401 (err_code -10001): The API key is missing or malformed.
        errors.InsufficientBalanceError: HTTP 402 (err_code -10004): The account balance is insufficient.
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
        HeadshotResponse
    """

    return _parsed(
        await asyncio_detailed(
            client=client,
            body=body,
            lang=lang,
        )
    )
