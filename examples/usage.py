"""Both operations through the generated client, typed end to end (checked by mypy --strict).

Run it against the offline mock:  make mock  (in another shell), then
    .venv/bin/python examples/usage.py photo.jpg
"""

from __future__ import annotations

import sys
from pathlib import Path

from ai302_client import (
    AuthenticatedClient,
    PollSettings,
    RetryPolicy,
    errors,
    image_data_uri,
    poll,
)
from ai302_client.api.headshot import generate_headshot
from ai302_client.api.portrait import get_portrait_result, submit_portrait
from ai302_client.models import (
    HeadshotMultipartRequest,
    HeadshotRequest,
    HeadshotResponse,
    HeadshotStyle,
    PersonType,
    PortraitResultRequest,
    PortraitResultResponse,
    PortraitSubmitRequest,
)
from ai302_client.types import File


def make_avatars(client: AuthenticatedClient, photo: Path) -> list[str]:
    body = HeadshotRequest(
        image=image_data_uri(photo), person_type=PersonType.FEMALE, style=HeadshotStyle.WATERCOLOR
    )
    result: HeadshotResponse | None = generate_headshot.sync(client=client, body=body)
    return result.headshot_url_list if result else []


def make_avatars_multipart(client: AuthenticatedClient, photo: Path) -> list[str]:
    body = HeadshotMultipartRequest(image=File.from_image(photo), person_type=PersonType.KID, num=2)
    result = generate_headshot.sync(client=client, body=body)
    return result.headshot_url_list if result else []


def submit_portrait_task(client: AuthenticatedClient, photo: Path) -> str:
    """The submit path is inferred (see the spec); the mock answers it offline."""
    body = PortraitSubmitRequest(image_input=image_data_uri(photo), width=768, height=1024)
    submitted = submit_portrait.sync(client=client, body=body)
    assert submitted is not None and submitted.data is not None
    return submitted.data.task_id


def wait_for_portrait(client: AuthenticatedClient, task_id: str) -> PortraitResultResponse:
    def fetch() -> PortraitResultResponse:
        result = get_portrait_result.sync(
            client=client, body=PortraitResultRequest(task_id=task_id)
        )
        assert result is not None
        return result

    return poll(fetch, PollSettings(interval=1.0, timeout=30.0))


def main() -> int:
    client = AuthenticatedClient(
        base_url="http://127.0.0.1:4010", token="sk-anything", retry=RetryPolicy(max_retries=1)
    )
    try:
        print(make_avatars(client, Path(sys.argv[1])))
        print(make_avatars_multipart(client, Path(sys.argv[1])))
        print(wait_for_portrait(client, submit_portrait_task(client, Path(sys.argv[1]))).data)
    except errors.RateLimitError as error:
        print(f"slow down: {error.message} (err_code {error.err_code})")
        return 1
    except errors.APIStatusError as error:
        print(f"HTTP {error.status_code}: {error.message}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
