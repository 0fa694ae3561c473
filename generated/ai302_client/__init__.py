"""A client library for accessing 302.AI Avatar Maker and Doubao Portrait API"""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from ai302_runtime import images as _images
from ai302_runtime import portrait as _portrait
from ai302_runtime.facts import TaskMeaning
from ai302_runtime.logs import setup_logging
from ai302_runtime.portrait import PollSettings, PortraitOutcome, PortraitResultLike
from ai302_runtime.retry import RetryPolicy

from . import errors
from .client import DEFAULT_TIMEOUT, AuthenticatedClient, Client
from .errors import (
    AI302Error,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    InsufficientBalanceError,
    InvalidInputError,
    InvalidRequestError,
    NotFoundError,
    PortraitPollTimeout,
    PortraitTaskError,
    PortraitTaskExpired,
    PortraitTaskFailed,
    PortraitTaskNotFound,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    UnexpectedStatus,
)
from .spec_facts import IMAGE_TYPES, TASKS
from .types import UNSET, File, Response, Unset

setup_logging()

R = TypeVar("R", bound=PortraitResultLike)


def image_data_uri(source: str | Path | bytes) -> str:
    """A local image file or bytes as a `data:image/...;base64,` URI for a JSON `image`.

    Typed by content, not by name; a type outside the spec's x-image-types raises
    InvalidInputError.
    """
    return _images.image_data_uri(source, IMAGE_TYPES)


def interpret(result: PortraitResultLike) -> PortraitOutcome:
    """What one task result means: `code` against the spec's x-success-value first, then
    `data.status` through x-status-meaning. Raises PortraitTaskFailed, PortraitTaskNotFound
    or PortraitTaskExpired where the task cannot succeed."""
    return _portrait.interpret(result, TASKS)


def poll(fetch: Callable[[], R], settings: PollSettings | None = None) -> R:
    """Call `fetch` until the task is done and return that result (see `interpret`);
    PortraitPollTimeout after `settings.timeout` seconds."""
    return _portrait.poll(fetch, TASKS, settings)


async def apoll(
    fetch: Callable[[], Awaitable[R]],
    settings: PollSettings | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> R:
    """The async twin of `poll`; `sleep` (default asyncio.sleep) is awaited between calls."""
    return await _portrait.apoll(fetch, TASKS, settings, sleep)


__all__ = (
    "DEFAULT_TIMEOUT",
    "UNSET",
    "AI302Error",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticatedClient",
    "AuthenticationError",
    "Client",
    "ConfigurationError",
    "File",
    "InsufficientBalanceError",
    "InvalidInputError",
    "InvalidRequestError",
    "NotFoundError",
    "PollSettings",
    "PortraitOutcome",
    "PortraitPollTimeout",
    "PortraitTaskError",
    "PortraitTaskExpired",
    "PortraitTaskFailed",
    "PortraitTaskNotFound",
    "RateLimitError",
    "Response",
    "ResponseValidationError",
    "RetryPolicy",
    "ServerError",
    "TaskMeaning",
    "UnexpectedStatus",
    "Unset",
    "apoll",
    "errors",
    "image_data_uri",
    "interpret",
    "poll",
)
