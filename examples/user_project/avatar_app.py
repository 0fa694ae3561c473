"""A small application on top of the generated client: avatars for a user's photo, and a
portrait task from submit to its images. It takes a client, so tests hand it one wired to
the mock and production hands it one for https://api.302.ai."""

from __future__ import annotations

from pathlib import Path

from ai302_client import AuthenticatedClient, PollSettings, image_data_uri
from ai302_client.models import (
    HeadshotRequest,
    PortraitReqJson,
    PortraitResultRequest,
    PortraitSubmitRequest,
)


def avatars_for(client: AuthenticatedClient, photo: Path, count: int = 2) -> list[str]:
    """Links to `count` watercolour avatars (style 5) of the person in `photo`."""
    body = HeadshotRequest(image=image_data_uri(photo), person_type="female", style=5, num=count)
    return client.headshot.generate(body=body).headshot_url_list


async def avatars_for_async(client: AuthenticatedClient, photo: Path) -> list[str]:
    body = HeadshotRequest(image=image_data_uri(photo), person_type="kid")
    result = await client.aio.headshot.generate(body=body)
    return result.headshot_url_list


def start_portrait(client: AuthenticatedClient, photo: Path) -> str:
    """Submit a portrait task; its id, to poll."""
    submitted = client.portrait.submit(
        body=PortraitSubmitRequest(image_input=image_data_uri(photo))
    )
    if submitted.data is None:  # the API says why in `code` and `message`
        raise RuntimeError(f"portrait not accepted: {submitted.code} {submitted.message}")
    return submitted.data.task_id


def portrait_when_done(
    client: AuthenticatedClient, task_id: str, settings: PollSettings | None = None
) -> list[str]:
    """Poll the task until it is done; its image links (`return_url` asks for links)."""
    body = PortraitResultRequest(task_id=task_id, req_json=PortraitReqJson(return_url=True))
    done = client.portrait.get_result_until_done(body=body, settings=settings)
    return done.data.image_urls if done.data else []


async def portrait_status_async(client: AuthenticatedClient, task_id: str) -> str:
    """The task's status once finished, polled from async code."""
    body = PortraitResultRequest(task_id=task_id)
    done = await client.aio.portrait.get_result_until_done(body=body)
    return done.data.status if done.data else "unknown"
