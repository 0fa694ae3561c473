"""Client configuration from arguments or the environment, checked before any request."""

from __future__ import annotations

import os

from ai302_runtime.errors import ConfigurationError

API_KEY_ENV = "AI302_API_KEY"
BASE_URL_ENV = "AI302_BASE_URL"


def resolve_api_key(token: str | None) -> str:
    """The explicit key, else `AI302_API_KEY`, without surrounding whitespace (a pasted
    newline); a missing, empty or blank key, or one with inner whitespace or control
    characters (not a valid header value), is an error. Messages never show the value."""
    source = "the token argument" if token is not None else API_KEY_ENV
    value = token if token is not None else os.environ.get(API_KEY_ENV)
    if value is None:
        raise ConfigurationError(
            f"No API key: set the {API_KEY_ENV} environment variable or pass token=..."
        )
    key = value.strip()
    if not key:
        raise ConfigurationError(
            f"The API key from {source} is empty or blank: set {API_KEY_ENV} to your 302.AI key"
        )
    if not key.isprintable() or any(char.isspace() for char in key):
        raise ConfigurationError(
            f"The API key from {source} contains whitespace or control characters: "
            f"check {API_KEY_ENV}"
        )
    return key


def resolve_base_url(base_url: str | None, default: str) -> str:
    """The explicit base URL, else `AI302_BASE_URL`, else the spec's server URL."""
    if base_url is not None:
        return base_url
    from_env = os.environ.get(BASE_URL_ENV, "").strip()
    return from_env or default
