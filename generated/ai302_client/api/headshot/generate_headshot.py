from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.headshot_multipart_request import HeadshotMultipartRequest
from ...models.headshot_request import HeadshotRequest
from ...models.headshot_response import HeadshotResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: HeadshotRequest | HeadshotMultipartRequest | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(lang, Unset):
        headers["Lang"] = lang

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/302/headshot/generate",
        "extensions": {"ai302_retry_safe": False},
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

    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise errors.ResponseValidationError(response, exc) from exc
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


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
    body: HeadshotRequest | HeadshotMultipartRequest | Unset = UNSET,
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HeadshotResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        lang=lang,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: HeadshotRequest | HeadshotMultipartRequest | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> HeadshotResponse | None:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HeadshotResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        lang=lang,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: HeadshotRequest | HeadshotMultipartRequest | Unset = UNSET,
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HeadshotResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        lang=lang,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: HeadshotRequest | HeadshotMultipartRequest | Unset = UNSET,
    lang: str | Unset = UNSET,
) -> HeadshotResponse | None:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HeadshotResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            lang=lang,
        )
    ).parsed
