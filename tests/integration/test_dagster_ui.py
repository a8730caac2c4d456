"""The Dagster UI as a data engineer meets it: `dagster dev` on 127.0.0.1 over the instance that
recorded a whole run, driven by headless Chromium (Debian's `chromium`, through Playwright).

Screenshots are saved to warehouse/screenshots/ (asset graph, an asset's page, a mart's picture,
its checks, the automation page); each page is asserted to show what the screenshot is for.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sources.common.paths import REPO_ROOT
from tests.integration.conftest import SCREENSHOTS, free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ui(pipeline_run):
    """`dagster dev` (its own process group, stopped with it) serving the recorded run."""
    shutil.copy(REPO_ROOT / "dagster.yaml", pipeline_run.dagster_home / "dagster.yaml")
    port = free_port()
    env = os.environ | {
        "DAGSTER_HOME": str(pipeline_run.dagster_home),
        "SINERGI_WAREHOUSE": str(pipeline_run.warehouse.file),
        "SINERGI_LANDING": str(pipeline_run.landing.root),
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster"), "dev", "-m", "orchestration.definitions",
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{base}/server_info", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                assert time.time() < deadline, "dagster dev did not answer within 180 s"
                assert server.poll() is None, "dagster dev exited"
                time.sleep(1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _visit(browser, url: str, screenshot: str, expected: list[str]) -> str:
    """Open ``url``, wait until every expected text shows, save the screenshot, return the text."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        page.goto(url, wait_until="networkidle", timeout=120_000)
        skip = page.get_by_role("button", name="Skip")  # the first-visit newsletter prompt
        if skip.count():
            skip.first.click()
        deadline = time.time() + 60
        text = page.inner_text("body")
        while any(e not in text for e in expected) and time.time() < deadline:
            page.wait_for_timeout(1000)
            text = page.inner_text("body")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=True)
        return text
    finally:
        page.close()


@pytest.mark.slow
def test_the_asset_graph_shows_every_layer(ui, browser):
    text = _visit(
        browser,
        f"{ui}/asset-groups",
        "asset_graph.png",
        ["ingest", "staging", "intermediate", "core", "analytics", "publish", "seeds"],
    )
    for group in ("ingest", "staging", "intermediate", "core", "analytics", "publish", "seeds"):
        assert group in text


@pytest.mark.slow
def test_an_asset_page_shows_owner_kinds_columns_and_automation(ui, browser):
    expected = [
        "fct_price_observation",
        "data-engineering",
        "DuckDB",
        "price_observation_id",
        "Hash of the observation's key",
        "materialize_all",
        "landing_folder_sensor",
    ]
    text = _visit(
        browser, f"{ui}/assets/core/fct_price_observation", "asset_fct_price_observation.png",
        expected,
    )  # fmt: skip
    for item in expected:
        assert item in text


@pytest.mark.slow
def test_a_mart_materialization_shows_its_picture(ui, browser):
    """The picture is a Markdown metadata entry: the events view lists it as [Show Markdown]."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        page.goto(
            f"{ui}/assets/analytics/mart_commodity_balance?view=events", wait_until="networkidle"
        )
        skip = page.get_by_role("button", name="Skip")
        if skip.count():
            skip.first.click()
        show = page.get_by_text("[Show Markdown]")
        show.first.wait_for(timeout=60_000)
        # a dispatched click: the dialog it opens may already be fading in over the link, and a
        # pointer click would then be retried against the dialog's backdrop
        show.first.dispatch_event("click")
        picture = page.locator("img[src^='data:image/png;base64,']")
        picture.first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "mart_commodity_balance_map.png"))
        assert picture.count() == 1
        assert "Neraca beras 2023: 17 provinces in surplus" in page.inner_text("body")
    finally:
        page.close()


@pytest.mark.slow
def test_check_results_are_shown(ui, browser):
    expected = ["dim_region_expectations", "unique_dim_region_region_code", "Succeeded"]
    text = _visit(browser, f"{ui}/assets/core/dim_region?view=checks", "checks_dim_region.png",
                  expected)  # fmt: skip
    for item in expected:
        assert item in text
    assert "Failed" not in text


@pytest.mark.slow
def test_the_sensor_and_the_schedule_are_visible(ui, browser):
    expected = ["landing_folder_sensor", "daily_refresh"]
    text = _visit(browser, f"{ui}/automation", "automation.png", expected)
    for item in expected:
        assert item in text
