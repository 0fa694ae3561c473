from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.portrait_submit_request import PortraitSubmitRequest
from ...models.portrait_submit_response import PortraitSubmitResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PortraitSubmitRequest,
    lang: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(lang, Unset):
        headers["Lang"] = lang

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/doubao/drawing/portrait",
        "extensions": {"ai302_retry_safe": False},
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

    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise errors.ResponseValidationError(response, exc) from exc
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PortraitSubmitResponse]
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
    body: PortraitSubmitRequest,
    lang: str | Unset = UNSET,
) -> PortraitSubmitResponse | None:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PortraitSubmitResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        lang=lang,
    ).parsed


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PortraitSubmitResponse]
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
    body: PortraitSubmitRequest,
    lang: str | Unset = UNSET,
) -> PortraitSubmitResponse | None:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PortraitSubmitResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            lang=lang,
        )
    ).parsed
