"""A client library for accessing 302.AI Avatar Maker and Doubao Portrait API"""

from ai302_runtime.images import image_data_uri
from ai302_runtime.portrait import (
    PollSettings,
    PortraitPollTimeout,
    PortraitStatus,
    PortraitTaskError,
    PortraitTaskExpired,
    PortraitTaskFailed,
    PortraitTaskNotFound,
    apoll,
    interpret,
    poll,
)
from ai302_runtime.retry import RetryPolicy

from .client import DEFAULT_TIMEOUT, AuthenticatedClient, Client

__all__ = (
    "DEFAULT_TIMEOUT",
    "AuthenticatedClient",
    "Client",
    "PollSettings",
    "PortraitPollTimeout",
    "PortraitStatus",
    "PortraitTaskError",
    "PortraitTaskExpired",
    "PortraitTaskFailed",
    "PortraitTaskNotFound",
    "RetryPolicy",
    "apoll",
    "image_data_uri",
    "interpret",
    "poll",
)
