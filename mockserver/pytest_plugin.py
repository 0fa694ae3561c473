"""pytest fixtures for the offline mock (registered by the `pytest11` entry point).

- `ai302_mock`: an in-process mock, no socket, fresh for each test; `ai302_mock.client()`
  is the generated client (sync and async) wired to it.
- `ai302_mock_factory`: more in-process mocks within one test, each with its own options.
- `ai302_mock_server`: the mock on a real socket (free port, started once per session) for
  code that only knows URLs; its journal is emptied before each test.
- `@pytest.mark.ai302_mock(latency_ms=..., task_duration_s=..., api_keys=[...],
  spec_path=...)`: options for this test's mock, in-process or live (then a dedicated
  server is started for that test).

Every mock has `journal()` (what it received, keys redacted) and `clear_journal()`.

The entry point exists in every install of the distribution, but only the [mock] extra
brings the mock's dependencies: so nothing heavy is imported until a fixture is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mockserver.in_process import InProcessMock
    from mockserver.live_server import LiveMock

MARKER = "ai302_mock"
_NEEDS_EXTRA = "the ai302 mock fixtures need the mock: pip install 'ai302-kit[mock]'"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): options for this test's ai302 mock, e.g. latency_ms=200, "
        "task_duration_s=6, api_keys=['sk-a'], spec_path='my.yaml' (any MockConfig field)",
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The test's marker options; a marker nearer the test wins over one on its class or module."""
    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        options.update(marker.kwargs)
    return options


def _import_in_process() -> Any:
    try:
        from mockserver import in_process
    except ImportError as error:
        raise pytest.UsageError(f"{_NEEDS_EXTRA} ({error})") from error
    return in_process


def _import_live_server() -> Any:
    try:
        from mockserver import live_server
    except ImportError as error:
        raise pytest.UsageError(f"{_NEEDS_EXTRA} ({error})") from error
    return live_server


@pytest.fixture
def ai302_mock_factory() -> Iterator[Callable[..., InProcessMock]]:
    """`ai302_mock_factory(**options)` builds another in-process mock; all close after the test."""
    in_process = _import_in_process()
    made: list[InProcessMock] = []

    def factory(**options: Any) -> InProcessMock:
        mock: InProcessMock = in_process.InProcessMock(in_process.config_from_options(**options))
        made.append(mock)
        return mock

    yield factory
    for mock in made:
        mock.close()


@pytest.fixture
def ai302_mock(
    request: pytest.FixtureRequest, ai302_mock_factory: Callable[..., InProcessMock]
) -> InProcessMock:
    """A fresh in-process mock with this test's marker options."""
    return ai302_mock_factory(**_options(request))


@pytest.fixture(scope="session")
def _ai302_shared_server() -> Iterator[LiveMock]:
    live_server = _import_live_server()
    with live_server.LiveMock() as server:
        yield server


@pytest.fixture
def ai302_mock_server(request: pytest.FixtureRequest) -> Iterator[LiveMock]:
    """The mock on a real socket: the session's server, or with marker options this test's own."""
    options = _options(request)
    if not options:
        shared: LiveMock = request.getfixturevalue("_ai302_shared_server")
        shared.clear_journal()
        yield shared
        shared.close_clients()  # this test's, not left open for the rest of the session
        return
    live_server = _import_live_server()
    config = _import_in_process().config_from_options(**options)
    with live_server.LiveMock(config) as server:
        yield server
