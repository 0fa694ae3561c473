"""Client configuration from arguments or the environment, checked before any request."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from ai302_runtime.errors import ConfigurationError

API_KEY_ENV = "AI302_API_KEY"
BASE_URL_ENV = "AI302_BASE_URL"


def resolve_api_key(token: str | None) -> str:
    """The explicit key, else `AI302_API_KEY`, without surrounding whitespace (a pasted
    newline); a missing, empty or blank key, or one an HTTP header cannot carry (inner
    whitespace, control characters, anything outside ASCII), is an error. Messages name
    where the key came from and never show it."""
    if token is None:
        value = os.environ.get(API_KEY_ENV)
        source, fix = API_KEY_ENV, f"set {API_KEY_ENV} to your 302.AI key"
    else:
        value = token
        source = "the token argument"
        fix = f"pass your 302.AI key as token=..., or leave token out to read {API_KEY_ENV}"
    if value is None:
        raise ConfigurationError(
            f"No API key: set the {API_KEY_ENV} environment variable or pass token=..."
        )
    if not isinstance(value, str):
        raise ConfigurationError(f"The API key from {source} is not a string: {fix}")
    key = value.strip()
    if not key:
        raise ConfigurationError(f"The API key from {source} is empty or blank: {fix}")
    if not key.isascii() or not key.isprintable() or any(char.isspace() for char in key):
        raise ConfigurationError(
            f"The API key from {source} contains whitespace, control or non-ASCII "
            f"characters, which an HTTP header cannot carry (a typographic quote or dash "
            f"pasted with it?): {fix}"
        )
    return key


def resolve_base_url(base_url: str | None, default: str) -> str:
    """The explicit base URL, else `AI302_BASE_URL`, else the spec's server URL.

    `AI302_BASE_URL` set but empty is an error, not the default: it is how an unset
    variable in a test script (`AI302_BASE_URL=$MOCK_URL`) looks, and the default is the
    paid API. Messages do not show the URL, which may carry credentials.
    """
    if base_url is None:
        from_env = os.environ.get(BASE_URL_ENV)
        if from_env is None:
            return default
        base_url, source = from_env.strip(), BASE_URL_ENV
        if not base_url:
            raise ConfigurationError(
                f"{BASE_URL_ENV} is set but empty: set it to the API's URL (a mock's, "
                f"e.g. http://127.0.0.1:4010), or unset it to call {default}"
            )
    else:
        source = "the base_url argument"
        if not isinstance(base_url, str):
            raise ConfigurationError(
                f"The base URL from {source} is not a string (e.g. 'http://127.0.0.1:4010')"
            )
        base_url = base_url.strip()
    example = f"e.g. {default} or http://127.0.0.1:4010"
    try:
        parts = urlsplit(base_url)
        parts.port  # noqa: B018 (a bad port raises only when read)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"The base URL from {source} is not an http(s) URL with a host ({example})"
        )
    if parts.username is not None or parts.password is not None:
        # They would show in the client's repr and in connection errors: the key goes
        # in token=, never in the URL.
        raise ConfigurationError(
            f"The base URL from {source} carries credentials: pass the key as token=, "
            "and the URL without them"
        )
    if parts.query or parts.fragment:
        # The operation's path is joined to the base URL's path: after a query it would
        # land inside the query.
        raise ConfigurationError(
            f"The base URL from {source} has a query or fragment: give the server's URL only"
        )
    return base_url


def resolve_timeout(timeout: httpx.Timeout | float | None) -> httpx.Timeout | None:
    """None (no timeout), an httpx.Timeout, or seconds as a number of 0 or more; checked at
    run time too, as callers without a type checker pass anything."""
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise ConfigurationError(
            f"timeout must be seconds as a number, an httpx.Timeout or None, "
            f"not {type(timeout).__name__}"
        )
    if not math.isfinite(timeout) or timeout < 0:
        raise ConfigurationError(f"timeout must be 0 seconds or more, not {timeout}")
    return httpx.Timeout(timeout)


def check_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Extra headers, each a name and value an HTTP/1.1 header can carry (ASCII, no line
    breaks); else ConfigurationError naming the header, never showing its value (it may be
    a secret). httpx would fail only when sending, with a UnicodeEncodeError or a protocol
    error dressed as a connection error."""
    checked = dict(headers)
    for name, value in checked.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise ConfigurationError(f"header {name!r}: names and values must be strings")
        if not (name.isascii() and name.isprintable() and name and " " not in name):
            raise ConfigurationError(f"header {name!r}: not a valid header name")
        if not value.isascii() or any(char in value for char in "\r\n\x00"):
            raise ConfigurationError(
                f"header {name!r}: its value holds non-ASCII characters or a line break, "
                "which an HTTP header cannot carry"
            )
    return checked
