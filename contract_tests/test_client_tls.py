"""Clients left at verify_ssl=True share one verifying SSL context per process; any other
verify_ssl is used as given. (httpx would build, and load the CA bundle into, a context
per client: about 50 ms each here.)"""

from __future__ import annotations

import ssl
from typing import Any

import httpx
from ai302_client import AuthenticatedClient

BASE = "https://api.302.ai"


def _context(http: httpx.Client | httpx.AsyncClient) -> ssl.SSLContext:
    # httpx 0.28 internals (pinned below 0.29): our retry transport, httpx's transport,
    # then httpcore's pool, which holds the context every TLS connection is made with.
    pool: Any = http._transport._inner._pool  # type: ignore[union-attr]
    context: ssl.SSLContext = pool._ssl_context
    return context


def test_clients_left_at_verify_true_share_one_verifying_context() -> None:
    first = AuthenticatedClient(base_url=BASE, token="sk-a")
    second = AuthenticatedClient(base_url=BASE, token="sk-b")

    shared = _context(first.get_httpx_client())

    assert _context(second.get_httpx_client()) is shared
    assert _context(first.get_async_httpx_client()) is shared
    assert shared.verify_mode == ssl.CERT_REQUIRED and shared.check_hostname
    assert shared.get_ca_certs(), "no CA bundle loaded"


def test_verify_ssl_false_or_a_given_context_is_used_as_given() -> None:
    shared = _context(AuthenticatedClient(base_url=BASE, token="sk-a").get_httpx_client())
    own = ssl.create_default_context()

    unverified = _context(
        AuthenticatedClient(base_url=BASE, token="sk-b", verify_ssl=False).get_httpx_client()
    )
    given = _context(
        AuthenticatedClient(base_url=BASE, token="sk-c", verify_ssl=own).get_httpx_client()
    )

    assert unverified is not shared and unverified.verify_mode == ssl.CERT_NONE
    assert given is own


def test_a_client_that_ignores_the_environment_gets_its_own_shared_context() -> None:
    # trust_env=False: SSL_CERT_FILE / SSL_CERT_DIR must not decide its trust.
    plain = AuthenticatedClient(base_url=BASE, token="sk-a").get_httpx_client()
    isolated = AuthenticatedClient(
        base_url=BASE, token="sk-b", httpx_args={"trust_env": False}
    ).get_httpx_client()

    assert _context(isolated) is not _context(plain)
    assert _context(isolated).verify_mode == ssl.CERT_REQUIRED
