from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.portrait_result_request import PortraitResultRequest
from ...models.portrait_result_response import PortraitResultResponse
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

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/doubao/drawing/portrait_result",
        "params": params,
        "extensions": {"ai302_retry_safe": True},
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

    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise errors.ResponseValidationError(response, exc) from exc
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PortraitResultResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        response_format=response_format,
        lang=lang,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PortraitResultRequest,
    response_format: str | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> PortraitResultResponse | None:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PortraitResultResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        response_format=response_format,
        lang=lang,
    ).parsed


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PortraitResultResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        response_format=response_format,
        lang=lang,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PortraitResultRequest,
    response_format: str | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> PortraitResultResponse | None:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PortraitResultResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            response_format=response_format,
            lang=lang,
        )
    ).parsed
