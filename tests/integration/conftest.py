"""What the browser tests share: Debian's Chromium driven by Playwright, a free loopback port and
the folder the screenshots are kept in (warehouse/screenshots/, named in the closing notes)."""

import shutil
import socket

import pytest

from sources.common.paths import REPO_ROOT

SCREENSHOTS = REPO_ROOT / "warehouse" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium; no browser download (Playwright drives the machine's own)."""
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()
