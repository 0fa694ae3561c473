"""Headless Chromium for the /docs tests: Debian's browser, driven by Playwright.

Playwright's own browser download is never used (`playwright install` needs the
internet): the tests launch the system Chromium that `.ci/run` installs with apt-get.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Route

# Quiet, container-friendly Chromium: no sandbox (we run as root), no GPU, and none of
# the browser's own background traffic (updates, sync, first-run pings).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Every host name except 127.0.0.1 fails to resolve, for the browser's own requests too.
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
LOOPBACK = "127.0.0.1"
# `.ci/run` sets it: there a missing browser is a failure, not a skip.
REQUIRE_ENV = "AI302_REQUIRE_BROWSER"


def chromium_path() -> str | None:
    """Debian's `chromium` on PATH, or the executable AI302_CHROMIUM names."""
    return shutil.which(os.environ.get("AI302_CHROMIUM", "chromium"))


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (make install)"
    if chromium_path() is None:
        return "no Chromium found (apt-get install chromium)"
    return None


@dataclass
class LoopbackGuard:
    """Lets requests to 127.0.0.1 through, fails every other one and remembers it."""

    requested: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def install(self, context: BrowserContext) -> None:
        context.route("**/*", self._handle)

    def _handle(self, route: Route) -> None:
        url = route.request.url
        self.requested.append(url)
        if urlsplit(url).hostname == LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")
