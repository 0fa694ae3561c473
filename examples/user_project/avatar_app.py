"""A small application on top of the generated client: avatars for a user's photo, and
waiting for a portrait task. It takes a client, so tests hand it one wired to the mock."""

from __future__ import annotations

import json
from pathlib import Path

from ai302_client import AuthenticatedClient, PollSettings, apoll, image_data_uri, poll
from ai302_client.api.headshot import generate_headshot
from ai302_client.api.portrait import get_portrait_result
from ai302_client.models import (
    HeadshotRequest,
    HeadshotStyle,
    PersonType,
    PortraitResultRequest,
    PortraitResultResponse,
)


def avatars_for(client: AuthenticatedClient, photo: Path, count: int = 2) -> list[str]:
    """Links to `count` watercolour avatars of the person in `photo`."""
    body = HeadshotRequest(
        image=image_data_uri(photo),
        person_type=PersonType.FEMALE,
        style=HeadshotStyle.WATERCOLOR,
        num=count,
    )
    result = generate_headshot.sync(client=client, body=body)
    return result.headshot_url_list if result else []


async def avatars_for_async(client: AuthenticatedClient, photo: Path) -> list[str]:
    body = HeadshotRequest(image=image_data_uri(photo), person_type=PersonType.KID)
    result = await generate_headshot.asyncio(client=client, body=body)
    return result.headshot_url_list if result else []


def portrait_when_done(
    client: AuthenticatedClient, task_id: str, settings: PollSettings | None = None
) -> list[str]:
    """Poll the task until it is done; its image links."""

    def fetch() -> PortraitResultResponse:
        # Links rather than base64 images: `return_url` goes inside the JSON string req_json.
        body = PortraitResultRequest(task_id=task_id, req_json=json.dumps({"return_url": True}))
        result = get_portrait_result.sync(client=client, body=body)
        if result is None:
            raise RuntimeError("no answer from the portrait endpoint")
        return result

    done = poll(fetch, settings)
    return done.data.image_urls if done.data else []


async def portrait_status_async(client: AuthenticatedClient, task_id: str) -> str:
    """The task's status once finished, polled from async code."""

    async def fetch() -> PortraitResultResponse:
        body = PortraitResultRequest(task_id=task_id)
        result = await get_portrait_result.asyncio(client=client, body=body)
        if result is None:
            raise RuntimeError("no answer from the portrait endpoint")
        return result

    done = await apoll(fetch)
    return done.data.status if done.data else "unknown"
