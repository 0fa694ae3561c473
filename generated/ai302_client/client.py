import ssl
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx
from ai302_runtime.config import (
    check_headers,
    resolve_api_key,
    resolve_base_url,
    resolve_timeout,
)
from ai302_runtime.pool import SharedPool
from ai302_runtime.retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from ai302_runtime.sending import RequestOptions, asend, send
from ai302_runtime.tls import verify_for
from attrs import define, evolve, field

from .spec_facts import DEFAULT_BASE_URL, ERRORS

if TYPE_CHECKING:
    from .api import AsyncResources, HeadshotResource, PortraitResource

# Image generation takes tens of seconds; 302.AI's own client allows 120 s per call.
DEFAULT_TIMEOUT = httpx.Timeout(180.0, connect=10.0)


def _base_url_or_default(base_url: str | None) -> str:
    return resolve_base_url(base_url, DEFAULT_BASE_URL)


def _redact_headers(headers: dict[str, str]) -> str:
    return repr(
        {
            k: "<redacted>" if k.lower() == "authorization" else v
            for k, v in headers.items()
        }
    )


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL.
        When None: AI302_BASE_URL, else the spec's server URL (DEFAULT_BASE_URL).

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        errors.APITimeoutError if this is exceeded. Default: DEFAULT_TIMEOUT (180 s, 10 s to connect).

        ``retry``: A RetryPolicy; ``RetryPolicy(max_retries=0)`` turns retries off.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(
        default=None, alias="base_url", converter=_base_url_or_default
    )
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(
        factory=dict,
        kw_only=True,
        alias="headers",
        repr=_redact_headers,
        converter=check_headers,
    )
    _timeout: httpx.Timeout | None = field(
        default=DEFAULT_TIMEOUT,
        kw_only=True,
        alias="timeout",
        converter=resolve_timeout,
    )
    _retry: RetryPolicy = field(factory=RetryPolicy, kw_only=True, alias="retry")
    _verify_ssl: str | bool | ssl.SSLContext = field(
        default=True, kw_only=True, alias="verify_ssl"
    )
    _follow_redirects: bool = field(
        default=False, kw_only=True, alias="follow_redirects"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    # The connection pools, shared with every client derived from this one.
    _pool: SharedPool = field(init=False, repr=False)
    _owns_pool: bool = field(default=True, init=False, repr=False)

    def _all_headers(self) -> dict[str, str]:
        return dict(self._headers)

    def __attrs_post_init__(self) -> None:
        self._pool = SharedPool(
            self._build_httpx_client, self._build_async_httpx_client
        )

    def _derive(self, *, share_pool: bool = True, **changes: Any) -> "Client":
        derived = evolve(self, **changes)
        if share_pool:
            derived._pool, derived._owns_pool = self._pool, False
        return derived

    def with_options(
        self,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float | None = None,
        retry: RetryPolicy | None = None,
    ) -> "Client":
        """A client like this one with extra headers, another timeout or retry policy.

        It shares this client's connection pool and never changes this client, so it
        serves one call (`client.with_options(timeout=5).headshot.generate(...)`) as
        well as a long-lived variant. Closing it leaves the shared pool open.
        """
        changes: dict[str, Any] = {}
        if headers:
            changes["headers"] = {**self._headers, **headers}
        if timeout is not None:
            changes["timeout"] = timeout
        if retry is not None:
            changes["retry"] = retry
        return self._derive(**changes)

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """A new client like this one with additional headers; this one is unchanged."""
        return self.with_options(headers=headers)

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """A new client like this one with additional cookies, on its own connection pool."""
        return self._derive(share_pool=False, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "Client":
        """A new client like this one with another timeout; this one is unchanged."""
        return self.with_options(timeout=timeout)

    @property
    def options(self) -> RequestOptions:
        """The headers, timeout and retry policy every request of this client carries."""
        return RequestOptions(
            headers=self._all_headers(), timeout=self._timeout, retry=self._retry
        )

    def request(self, **kwargs: Any) -> httpx.Response:
        """Send one request (httpx `request()` arguments) with this client's options.

        Raises errors.APIConnectionError / errors.APITimeoutError for transport failures.
        """
        return send(self.get_httpx_client(), self.options, kwargs)

    async def arequest(self, **kwargs: Any) -> httpx.Response:
        """The async twin of `request`."""
        return await asend(self.get_async_httpx_client(), self.options, kwargs)

    def _build_httpx_client(self) -> httpx.Client:
        httpx_args = dict(self._httpx_args)
        verify = verify_for(self._verify_ssl, httpx_args.get("trust_env", True))
        inner = httpx_args.pop("transport", None) or httpx.HTTPTransport(verify=verify)
        return httpx.Client(
            transport=RetryTransport(inner, self._retry, ERRORS.never_retry()),
            base_url=self._base_url,
            cookies=self._cookies,
            headers=self._all_headers(),
            timeout=self._timeout,
            verify=verify,
            follow_redirects=self._follow_redirects,
            **httpx_args,
        )

    def _build_async_httpx_client(self) -> httpx.AsyncClient:
        httpx_args = dict(self._httpx_args)
        verify = verify_for(self._verify_ssl, httpx_args.get("trust_env", True))
        inner = httpx_args.pop("transport", None) or httpx.AsyncHTTPTransport(
            verify=verify
        )
        return httpx.AsyncClient(
            transport=AsyncRetryTransport(inner, self._retry, ERRORS.never_retry()),
            base_url=self._base_url,
            cookies=self._cookies,
            headers=self._all_headers(),
            timeout=self._timeout,
            verify=verify,
            follow_redirects=self._follow_redirects,
            **httpx_args,
        )

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client (shared with derived clients)

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._pool.sync = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        return self._pool.get_sync()

    def __enter__(self) -> Self:
        """A context manager that closes the client at its end. Unlike httpx's, it may
        be entered by a client already used, and again after its end."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Exit a context manager: `close()`"""
        self.close()

    def close(self) -> None:
        """Close the connections this client opened (an async client's: see `aclose`).
        Used again, it opens new ones. A derived client leaves its parent's open."""
        if self._owns_pool:
            self._pool.close()

    async def aclose(self) -> None:
        """Close the connections this client opened, sync and async: call it from the
        event loop the async calls ran on. A derived client leaves its parent's open."""
        if self._owns_pool:
            await self._pool.aclose()

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient (shared with derived clients)

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._pool.async_ = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        return self._pool.get_async()

    async def __aenter__(self) -> Self:
        """An async context manager that closes the client at its end (`aclose()`),
        as `__enter__` does."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Exit an async context manager: `aclose()`"""
        await self.aclose()


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    ``AuthenticatedClient()`` with no arguments reads AI302_API_KEY and AI302_BASE_URL.
    Resources: ``client.headshot``, ``client.portrait``, and their async twins under ``client.aio``.

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL.
        When None: AI302_BASE_URL, else the spec's server URL (DEFAULT_BASE_URL).

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        errors.APITimeoutError if this is exceeded. Default: DEFAULT_TIMEOUT (180 s, 10 s to connect).

        ``retry``: A RetryPolicy; ``RetryPolicy(max_retries=0)`` turns retries off.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        token: The API key; when None, read from AI302_API_KEY (a missing, empty or blank key raises ConfigurationError)
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(
        default=None, alias="base_url", converter=_base_url_or_default
    )
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(
        factory=dict,
        kw_only=True,
        alias="headers",
        repr=_redact_headers,
        converter=check_headers,
    )
    _timeout: httpx.Timeout | None = field(
        default=DEFAULT_TIMEOUT,
        kw_only=True,
        alias="timeout",
        converter=resolve_timeout,
    )
    _retry: RetryPolicy = field(factory=RetryPolicy, kw_only=True, alias="retry")
    _verify_ssl: str | bool | ssl.SSLContext = field(
        default=True, kw_only=True, alias="verify_ssl"
    )
    _follow_redirects: bool = field(
        default=False, kw_only=True, alias="follow_redirects"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    # The connection pools, shared with every client derived from this one.
    _pool: SharedPool = field(init=False, repr=False)
    _owns_pool: bool = field(default=True, init=False, repr=False)

    token: str = field(default=None, repr=False, converter=resolve_api_key)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    def _all_headers(self) -> dict[str, str]:
        auth = f"{self.prefix} {self.token}" if self.prefix else self.token
        return {**self._headers, self.auth_header_name: auth}

    @property
    def headshot(self) -> "HeadshotResource":
        """The `headshot` operations, as methods (sync)."""
        from .api import HeadshotResource

        return HeadshotResource(self)

    @property
    def portrait(self) -> "PortraitResource":
        """The `portrait` operations, as methods (sync)."""
        from .api import PortraitResource

        return PortraitResource(self)

    @property
    def aio(self) -> "AsyncResources":
        """The same resources with async methods: ``await client.aio.<tag>.<method>(...)``."""
        from .api import AsyncResources

        return AsyncResources(self)

    def __attrs_post_init__(self) -> None:
        self._pool = SharedPool(
            self._build_httpx_client, self._build_async_httpx_client
        )

    def _derive(
        self, *, share_pool: bool = True, **changes: Any
    ) -> "AuthenticatedClient":
        derived = evolve(self, **changes)
        if share_pool:
            derived._pool, derived._owns_pool = self._pool, False
        return derived

    def with_options(
        self,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float | None = None,
        retry: RetryPolicy | None = None,
    ) -> "AuthenticatedClient":
        """A client like this one with extra headers, another timeout or retry policy.

        It shares this client's connection pool and never changes this client, so it
        serves one call (`client.with_options(timeout=5).headshot.generate(...)`) as
        well as a long-lived variant. Closing it leaves the shared pool open.
        """
        changes: dict[str, Any] = {}
        if headers:
            changes["headers"] = {**self._headers, **headers}
        if timeout is not None:
            changes["timeout"] = timeout
        if retry is not None:
            changes["retry"] = retry
        return self._derive(**changes)

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """A new client like this one with additional headers; this one is unchanged."""
        return self.with_options(headers=headers)

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """A new client like this one with additional cookies, on its own connection pool."""
        return self._derive(share_pool=False, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "AuthenticatedClient":
        """A new client like this one with another timeout; this one is unchanged."""
        return self.with_options(timeout=timeout)

    @property
    def options(self) -> RequestOptions:
        """The headers, timeout and retry policy every request of this client carries."""
        return RequestOptions(
            headers=self._all_headers(), timeout=self._timeout, retry=self._retry
        )

    def request(self, **kwargs: Any) -> httpx.Response:
        """Send one request (httpx `request()` arguments) with this client's options.

        Raises errors.APIConnectionError / errors.APITimeoutError for transport failures.
        """
        return send(self.get_httpx_client(), self.options, kwargs)

    async def arequest(self, **kwargs: Any) -> httpx.Response:
        """The async twin of `request`."""
        return await asend(self.get_async_httpx_client(), self.options, kwargs)

    def _build_httpx_client(self) -> httpx.Client:
        httpx_args = dict(self._httpx_args)
        verify = verify_for(self._verify_ssl, httpx_args.get("trust_env", True))
        inner = httpx_args.pop("transport", None) or httpx.HTTPTransport(verify=verify)
        return httpx.Client(
            transport=RetryTransport(inner, self._retry, ERRORS.never_retry()),
            base_url=self._base_url,
            cookies=self._cookies,
            headers=self._all_headers(),
            timeout=self._timeout,
            verify=verify,
            follow_redirects=self._follow_redirects,
            **httpx_args,
        )

    def _build_async_httpx_client(self) -> httpx.AsyncClient:
        httpx_args = dict(self._httpx_args)
        verify = verify_for(self._verify_ssl, httpx_args.get("trust_env", True))
        inner = httpx_args.pop("transport", None) or httpx.AsyncHTTPTransport(
            verify=verify
        )
        return httpx.AsyncClient(
            transport=AsyncRetryTransport(inner, self._retry, ERRORS.never_retry()),
            base_url=self._base_url,
            cookies=self._cookies,
            headers=self._all_headers(),
            timeout=self._timeout,
            verify=verify,
            follow_redirects=self._follow_redirects,
            **httpx_args,
        )

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client (shared with derived clients)

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._pool.sync = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        return self._pool.get_sync()

    def __enter__(self) -> Self:
        """A context manager that closes the client at its end. Unlike httpx's, it may
        be entered by a client already used, and again after its end."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Exit a context manager: `close()`"""
        self.close()

    def close(self) -> None:
        """Close the connections this client opened (an async client's: see `aclose`).
        Used again, it opens new ones. A derived client leaves its parent's open."""
        if self._owns_pool:
            self._pool.close()

    async def aclose(self) -> None:
        """Close the connections this client opened, sync and async: call it from the
        event loop the async calls ran on. A derived client leaves its parent's open."""
        if self._owns_pool:
            await self._pool.aclose()

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient (shared with derived clients)

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._pool.async_ = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        return self._pool.get_async()

    async def __aenter__(self) -> Self:
        """An async context manager that closes the client at its end (`aclose()`),
        as `__enter__` does."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Exit an async context manager: `aclose()`"""
        await self.aclose()
