"""The SSL context of clients left at `verify_ssl=True`, built once per process.

httpx builds a context, and loads the CA bundle into it, for every client it makes
(about 50 ms on these machines), so an app that makes a client per request or per
tenant paid that each time. A verifying context is not changed by use and may be shared
by clients and threads; aiohttp keeps one per process the same way.
"""

from __future__ import annotations

import functools
import ssl

import httpx


def verify_for(verify: str | bool | ssl.SSLContext, trust_env: bool) -> str | bool | ssl.SSLContext:
    """What the client gives httpx as `verify`: the shared context for True, else `verify`."""
    return shared_context(trust_env) if verify is True else verify


@functools.cache
def shared_context(trust_env: bool) -> ssl.SSLContext:
    """The context httpx would build for verify=True: certifi's CA bundle, or the files
    SSL_CERT_FILE / SSL_CERT_DIR name when `trust_env` (read once, at first use)."""
    return httpx.create_ssl_context(trust_env=trust_env)
