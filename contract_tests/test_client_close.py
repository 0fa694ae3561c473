"""The client closes what it opens: `close()`, `aclose()`, its context managers, the end
of each event loop it ran on, and the pytest plugin's live server for the clients it made.
A socket left open is a ResourceWarning when collected, an error under `pytest -W error`.

Against the mock on a real socket: only real connections can be left open."""

from __future__ import annotations

import asyncio
import gc
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from ai302_client import AuthenticatedClient
from ai302_client.models import HeadshotRequest, PersonType

from mockserver.in_process import TEST_KEY
from mockserver.live_server import LiveMock

BODY = HeadshotRequest(image="https://example.com/me.jpg", person_type=PersonType.FEMALE)


@pytest.fixture(autouse=True)
def _earlier_garbage_collected() -> None:
    """What earlier tests on this worker left for the collector (a file, a socket) is
    collected first: the ResourceWarnings a test here counts must be its own."""
    gc.collect()


@pytest.fixture(scope="module")
def server() -> Iterator[LiveMock]:
    with LiveMock() as running:
        yield running


@pytest.fixture
def client(server: LiveMock) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.url, token=TEST_KEY)


def generate(client: AuthenticatedClient) -> int:
    return len(client.headshot.generate(body=BODY).headshot_url_list)


async def agenerate(client: AuthenticatedClient) -> httpx.AsyncClient:
    """The async httpx client the call went through."""
    await client.aio.headshot.generate(body=BODY)
    return client.get_async_httpx_client()


def resource_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_each_asyncio_run_closes_the_connections_its_calls_opened(
    client: AuthenticatedClient,
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = asyncio.run(agenerate(client))
        assert first.is_closed  # when the loop ended, not when collected
        second = asyncio.run(agenerate(client))
        assert second is not first and second.is_closed
        del client, first, second
        gc.collect()
    assert resource_warnings(caught) == []


def test_close_closes_the_sync_connections_and_a_later_call_opens_new_ones(
    client: AuthenticatedClient,
) -> None:
    assert generate(client) == 1
    used = client.get_httpx_client()
    client.close()
    assert used.is_closed
    assert generate(client) == 1
    assert client.get_httpx_client() is not used
    client.close()


def test_a_used_client_enters_a_with_block_and_works_again_after_it(
    client: AuthenticatedClient,
) -> None:
    # httpx's own client raises "Cannot open a client instance more than once" on entry,
    # and "Cannot send a request, as the client has been closed" after the block.
    assert generate(client) == 1
    with client:
        assert generate(client) == 1
        used = client.get_httpx_client()
    assert used.is_closed
    with client:
        assert generate(client) == 1


def test_aclose_closes_the_async_connections_on_their_loop(client: AuthenticatedClient) -> None:
    async def run() -> tuple[httpx.AsyncClient, int]:
        used = await agenerate(client)
        await client.aclose()
        assert used.is_closed
        await agenerate(client)
        async with client:  # used, it enters; and after, it serves again
            again = await agenerate(client)
        return again, len((await client.aio.headshot.generate(body=BODY)).headshot_url_list)

    again, num = asyncio.run(run())
    assert again.is_closed and num == 1


def test_close_from_sync_code_closes_the_async_connections_of_a_loop_not_running(
    client: AuthenticatedClient,
) -> None:
    loop = asyncio.new_event_loop()
    try:
        used = loop.run_until_complete(agenerate(client))
        client.close()
        assert used.is_closed
    finally:
        loop.close()


def test_a_derived_client_leaves_its_parents_connections_open(
    client: AuthenticatedClient,
) -> None:
    assert generate(client) == 1
    used = client.get_httpx_client()
    client.with_options(timeout=5).close()
    assert not used.is_closed
    assert generate(client) == 1
    client.close()


def test_a_collected_client_closes_its_async_connections_while_the_loop_runs(
    server: LiveMock,
) -> None:
    async def run() -> httpx.AsyncClient:
        dropped = AuthenticatedClient(base_url=server.url, token=TEST_KEY)
        used = await agenerate(dropped)
        del dropped
        gc.collect()
        await asyncio.sleep(0.05)  # the loop runs the close it was handed
        return used

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert asyncio.run(run()).is_closed
        gc.collect()
    assert resource_warnings(caught) == []


def test_the_live_server_closes_the_clients_it_made_when_it_stops() -> None:
    with LiveMock() as server:
        client = server.client()
        assert generate(client) == 1
        used = client.get_httpx_client()
    assert used.is_closed


def test_one_client_serves_threads_each_running_its_own_event_loop(
    client: AuthenticatedClient,
) -> None:
    # Each loop gets its own async connections: another loop's would fail
    # ("Event loop is closed", or a future attached to a different loop).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ThreadPoolExecutor(max_workers=4) as threads:
            used = list(threads.map(lambda _: asyncio.run(agenerate(client)), range(8)))
        assert len({id(one) for one in used}) == 8 and all(one.is_closed for one in used)
        del used
        gc.collect()
    assert resource_warnings(caught) == []
