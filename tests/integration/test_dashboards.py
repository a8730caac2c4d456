"""The Evidence dashboards (bi/) as a decision maker meets them: `make bi` over the published file
of a whole run, the static site served on 127.0.0.1 and each page opened in headless Chromium.

Evidence draws its charts in the browser (DuckDB-WASM over the Parquet that `evidence sources`
cached); each chart registers its ECharts instance on a window symbol, so the test reads the
series each chart was given and compares them with the published marts. Screenshots:
warehouse/screenshots/bi_<page>.png. `make bi` rebuilds bi/build/ from the test's warehouse.
"""

import functools
import os
import subprocess
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sources.common.paths import REPO_ROOT
from tests.integration.conftest import SCREENSHOTS, free_port

pytestmark = pytest.mark.browser

BUILD = REPO_ROOT / "bi" / "build"

# Series of every chart on the page: [[name, points with a non-zero value], ...] per chart (Evidence
# completes stacked series with zeros, so a zero counts as no point).
CHART_SERIES = """() => {
  const charts = window[Symbol.for('__evidence-chart-window-debug__')] || {};
  return Object.values(charts).map(chart => (chart.getOption().series || []).map(s => [
    String(s.name),
    (s.data || []).filter(p => (Array.isArray(p) ? p : [p])
      .every(v => v !== null && v !== undefined && v !== 0)).length,
  ]));
}"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def dashboards(pipeline_run):
    """`make bi` against the test run's published file, then the site on a loopback port."""
    env = os.environ | {
        "SINERGI_WAREHOUSE": str(pipeline_run.warehouse.file),
        "SINERGI_LANDING": str(pipeline_run.landing.root),
    }
    build = subprocess.run(
        ["make", "bi"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=1200
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(BUILD))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", build.stdout
    finally:
        server.shutdown()


def _charts(browser, url: str, screenshot: str, expected_charts: int) -> tuple[list, str]:
    """Open a page, wait until its charts hold data, save the screenshot; return series, text."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(url, wait_until="networkidle", timeout=120_000)
        deadline = time.time() + 90
        series = page.evaluate(CHART_SERIES)
        while time.time() < deadline and (
            len(series) < expected_charts or not all(any(n for _, n in s) for s in series)
        ):
            page.wait_for_timeout(1000)
            series = page.evaluate(CHART_SERIES)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=True)
        return series, page.inner_text("body")
    finally:
        page.close()


def _points(series: list) -> dict[str, int]:
    return {name: points for name, points in series}


def test_make_bi_reads_the_published_file(dashboards):
    _, output = dashboards
    for source in ("price_disparity", "price_alerts", "commodity_balance", "partner_opportunities"):
        assert (BUILD / "data" / "sinergi" / source / f"{source}.parquet").exists()
    for page in ("prices", "balances", "partners", "agreements"):
        assert (BUILD / page / "index.html").exists()


def test_home_page_charts_every_published_table(dashboards, browser, published):
    base, _ = dashboards
    charts, text = _charts(browser, f"{base}/", "bi_home.png", 1)
    tables = published.execute("select count(*) from publish_manifest").fetchone()[0]
    assert [_points(c) for c in charts] == [{"Row Count": tables}]
    assert "Published tables" in text


def test_prices_page_charts_the_disparity_series_and_alerts(dashboards, browser, published):
    base, _ = dashboards
    charts, text = _charts(browser, f"{base}/prices", "bi_prices.png", 3)
    days, with_cv = published.execute(
        """select count(nullif(mean_price_idr_per_unit, 0)), count(nullif(cv_pct, 0))
           from mart_price_disparity
           where commodity_code = 'beras_medium_1' and period_grain = 'day'
             and geo_level = 'kabupaten_kota' and source = 'pihps'"""
    ).fetchone()
    assert days > 1000  # PIHPS daily, Kalimantan, 2018-2024
    cv, mean, alerts = charts
    assert _points(cv) == {"Cv Pct": with_cv}
    assert _points(mean) == {"Mean Price Idr Per Unit": days}
    alert_months = published.execute(
        """select count(*) from mart_price_alerts
           where commodity_code = 'beras_medium_1'
             and (ipa_class in ('moderately high', 'high') or alps_phase in ('alert', 'crisis')
                  or is_above_reference)"""
    ).fetchone()[0]
    assert alert_months > 0
    assert sum(_points(alerts).values()) > 0
    assert "Disparitas harga" in text and "Kota Singkawang" in text


def test_balances_page_shows_rice_2023_surplus_and_deficit_provinces(
    dashboards, browser, published
):
    base, _ = dashboards
    charts, text = _charts(browser, f"{base}/balances", "bi_balances.png", 2)
    by_status = dict(
        published.execute(
            """select balance_status, count(*) from mart_commodity_balance
               where commodity_code = 'beras' and year = 2023 and region_level = 'provinsi'
                 and balance_status in ('surplus', 'deficit', 'balanced')
               group by all"""
        ).fetchall()
    )
    assert by_status == {"surplus": 17, "deficit": 21}
    provinces, islands = charts
    assert _points(provinces) == by_status
    assert sum(_points(islands).values()) == 7  # island groups
    assert "Provinces in surplus" in text
    assert "Rice (Beras) 2023" in text and "2023.0" not in text  # years read as whole numbers


def test_partners_page_lists_every_opportunity(dashboards, browser, published):
    base, _ = dashboards
    charts, text = _charts(browser, f"{base}/partners", "bi_partners.png", 2)
    opportunities, linked = published.execute(
        """select count(nullif(net_gain_idr, 0)),
                  count(nullif(net_gain_idr, 0)) filter (has_agreement)
           from mart_partner_opportunities"""
    ).fetchone()
    assert opportunities > 0 and linked > 0
    gains, swaps = charts
    assert _points(gains) == {
        "linked by an agreement": linked,
        "no agreement yet": opportunities - linked,
    }
    assert sum(_points(swaps).values()) == min(
        25, published.execute("select count(*) from mart_partner_swaps").fetchone()[0]
    )
    best = published.execute(
        """select origin_region_name || ' → ' || destination_region_name
           from mart_partner_opportunities qualify score = max(score) over ()"""
    ).fetchall()
    assert any(pair in text for (pair,) in best)  # the best opportunity heads the page


def test_agreements_page_charts_every_estimated_effect(dashboards, browser, published):
    base, _ = dashboards
    charts, text = _charts(browser, f"{base}/agreements", "bi_agreements.png", 2)
    statuses, estimated = published.execute(
        "select count(distinct status), count(nullif(did_pct, 0)) from mart_agreement_monitor"
    ).fetchone()
    by_status, effects = charts
    assert sum(_points(by_status).values()) == statuses
    assert _points(effects) == {"Did Pct": estimated}
    assert "KAD-001" in text
