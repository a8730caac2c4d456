"""Pictures for the analytics marts' materializations in the Dagster UI.

A data engineer checking a run sees at a glance whether a mart looks right: the price disparity
of the longest-reported commodity over time, and a map of provinces in surplus or deficit for
rice. Drawn with matplotlib (no display) from the warehouse once dbt has built it, and embedded
as Markdown images, so the UI needs nothing else to show them.
"""

import base64
import io
from collections.abc import Callable

import dagster as dg
import duckdb
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402 - the backend is chosen first
from matplotlib.collections import PolyCollection  # noqa: E402

from sources.regions.boundaries import province_polygons  # noqa: E402
from sources.regions.master import BOUNDARY_FILE, DATA_DIR, default_resolver  # noqa: E402

SURPLUS, DEFICIT, NO_DATA = "#2e7d32", "#c62828", "#d9d9d9"


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def as_markdown(png: bytes, caption: str) -> dg.MetadataValue:
    encoded = base64.b64encode(png).decode("ascii")
    return dg.MetadataValue.md(f"![{caption}](data:image/png;base64,{encoded})\n\n{caption}")


def disparity_chart(conn: duckdb.DuckDBPyConnection) -> tuple[bytes, str] | None:
    """The cross-region coefficient of variation over time of the longest series."""
    series = conn.execute(
        "select source, commodity_code, market_level, geo_level, period_grain "
        "from analytics.mart_price_disparity "
        "group by all order by count(*) desc, commodity_code, source limit 1"
    ).fetchone()
    if series is None:
        return None
    points = conn.execute(
        "select period_start, cv_pct from analytics.mart_price_disparity "
        "where source = ? and commodity_code = ? and market_level = ? and geo_level = ? "
        "and period_grain = ? and cv_pct is not null order by period_start",
        list(series),
    ).fetchall()
    figure, axis = plt.subplots(figsize=(8, 3))
    axis.plot([p[0] for p in points], [p[1] for p in points], linewidth=0.8, color="#1f4e79")
    axis.set_ylabel("CV antar daerah (%)")
    axis.grid(alpha=0.3)
    caption = (
        f"Disparitas harga {series[1]} ({series[0]}, {series[4]}, {series[3]}): coefficient of "
        f"variation across regions, {len(points)} periods"
    )
    axis.set_title(caption, fontsize=9)
    return _png(figure), caption


def balance_map(conn: duckdb.DuckDBPyConnection) -> tuple[bytes, str] | None:
    """Provinces in surplus or deficit for rice (beras) in the latest year with province rows."""
    latest = conn.execute(
        "select max(year) from analytics.mart_commodity_balance "
        "where commodity_code = 'beras' and region_level = 'provinsi' "
        "and balance_status in ('surplus', 'deficit')"
    ).fetchone()[0]
    if latest is None:
        return None
    status = dict(
        conn.execute(
            "select region_code, balance_status from analytics.mart_commodity_balance "
            "where commodity_code = 'beras' and region_level = 'provinsi' and year = ?",
            [latest],
        ).fetchall()
    )
    shapes = province_polygons(DATA_DIR / BOUNDARY_FILE, default_resolver())
    rings, colours = [], []
    for code, polygons in shapes.items():
        colour = {"surplus": SURPLUS, "deficit": DEFICIT}.get(status.get(code), NO_DATA)
        for polygon in polygons:
            rings.append(polygon[0])  # the outer ring; holes do not change the picture
            colours.append(colour)
    figure, axis = plt.subplots(figsize=(10, 4))
    axis.add_collection(PolyCollection(rings, facecolors=colours, edgecolors="white", lw=0.2))
    axis.set_xlim(94.5, 141.5)
    axis.set_ylim(-11.5, 6.5)
    axis.set_aspect("equal")
    axis.axis("off")
    counts = {s: list(status.values()).count(s) for s in ("surplus", "deficit")}
    caption = (
        f"Neraca beras {latest}: {counts['surplus']} provinces in surplus (green), "
        f"{counts['deficit']} in deficit (red), grey without a balance"
    )
    axis.set_title(caption, fontsize=9)
    return _png(figure), caption


PICTURES: dict[str, Callable[[duckdb.DuckDBPyConnection], tuple[bytes, str] | None]] = {
    "mart_price_disparity": disparity_chart,
    "mart_commodity_balance": balance_map,
}
