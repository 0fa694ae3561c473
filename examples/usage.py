"""Both operations through the generated client's resources, typed end to end
(checked by mypy --strict).

Run it against the offline mock, on any port:
    make mock                                   # in another shell
    AI302_BASE_URL=http://127.0.0.1:4010 AI302_API_KEY=sk-anything \\
        .venv/bin/python examples/usage.py photo.jpg
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from ai302_client import (
    AI302Error,
    APIConnectionError,
    APIStatusError,
    AuthenticatedClient,
    File,
    PollSettings,
    RateLimitError,
    RetryPolicy,
    image_data_uri,
)
from ai302_client.models import (
    HeadshotMultipartRequest,
    HeadshotRequest,
    LogoInfo,
    PortraitReqJson,
    PortraitResultRequest,
    PortraitResultResponse,
    PortraitSubmitRequest,
)


def make_avatars(client: AuthenticatedClient, photo: Path) -> list[str]:
    # Plain enum values are accepted and checked before any request.
    body = HeadshotRequest(image=image_data_uri(photo), person_type="female", style=5)
    return client.headshot.generate(body=body).headshot_url_list


def make_avatars_multipart(client: AuthenticatedClient, photo: Path) -> list[str]:
    body = HeadshotMultipartRequest(image=File.from_image(photo), person_type="kid", num=2)
    # Raw access: status and headers beside the parsed body.
    raw = client.headshot.with_raw_response.generate(body=body)
    print(f"HTTP {raw.status_code}, request id {raw.request_id}")
    return raw.parsed.headshot_url_list if raw.parsed else []


def submit_portrait_task(client: AuthenticatedClient, photo: Path) -> str:
    """The submit path is inferred (see the spec); the mock answers it offline."""
    body = PortraitSubmitRequest(image_input=image_data_uri(photo), width=768, height=1024)
    submitted = client.portrait.submit(body=body)
    assert submitted.data is not None  # null only when code is not the success code
    return submitted.data.task_id


def wait_for_portrait(client: AuthenticatedClient, task_id: str) -> PortraitResultResponse:
    req_json = PortraitReqJson(return_url=True, logo_info=LogoInfo(add_logo=True, position=2))
    return client.portrait.get_result_until_done(
        body=PortraitResultRequest(task_id=task_id, req_json=req_json),
        settings=PollSettings(interval=1.0, timeout=30.0),
    )


async def both_at_once(client: AuthenticatedClient, photo: Path) -> None:
    body = HeadshotRequest(image=image_data_uri(photo), person_type="male")
    headshot, portrait = await asyncio.gather(
        client.aio.headshot.generate(body=body),
        client.aio.portrait.get_result(body=PortraitResultRequest(task_id="done")),
    )
    print(headshot.headshot_url_list, portrait.code)


def main() -> int:
    photo = Path(sys.argv[1])
    try:
        # AI302_API_KEY and AI302_BASE_URL come from the environment.
        client = AuthenticatedClient(retry=RetryPolicy(max_retries=1))
        print(make_avatars(client, photo))
        print(make_avatars_multipart(client, photo))
        print(wait_for_portrait(client, submit_portrait_task(client, photo)).data)
        asyncio.run(both_at_once(client, photo))
        # A derived client for one kind of call; `client` itself is unchanged.
        client.with_options(headers={"Prefer": "code=429"}).headshot.generate(
            body=HeadshotRequest(image=image_data_uri(photo), person_type="female")
        )
    except RateLimitError as error:
        print(f"slow down: {error.message} (err_code {error.err_code})")
        return 0  # the last call asked the mock for a 429 on purpose
    except APIStatusError as error:
        print(f"HTTP {error.status_code}: {error.message}")
        return 1
    except APIConnectionError as error:
        print(f"cannot reach the API: {error}")
        return 1
    except AI302Error as error:  # configuration, input and task errors
        print(f"error: {error}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
