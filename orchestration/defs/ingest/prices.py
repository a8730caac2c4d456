"""Ingest of market prices: PIHPS, Bapanas and WFP files -> raw_prices.<source> (+ quarantine).

Files come from the bundled snapshot (sources/prices/data/<family>/) and from the landing folder
(<landing>/<family>/). Only new or changed files are read; each lands atomically with its
quarantine rows and its ingest_log entry, so a file that fails leaves the others landed.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from orchestration.defs.ingest.feed_files import (
    Discovery,
    FeedRoot,
    LandingOutcome,
    RawTable,
    ensure_log,
    ensure_raw_table,
    feed_roots,
    land_file,
    land_new_files,
    row_count,
)
from orchestration.defs.ingest.feed_results import landing_results, quarantine_check_spec
from orchestration.defs.ingest.raw_tables import ensure_quarantine
from orchestration.defs.ingest.regions import RAW_KEYS as REGION_KEYS
from orchestration.resources import LandingResource, WarehouseResource
from sources.common.commodities import default_dictionary
from sources.common.paths import REPO_ROOT
from sources.prices.layouts import FAMILIES, is_price_file, read_price_file
from sources.prices.schema import COLUMNS as PRICE_COLUMNS
from sources.prices.schema import KEY_COLUMNS
from sources.regions.master import default_resolver

BUNDLED = REPO_ROOT / "sources" / "prices" / "data"
OWNERS = ["team:data-engineering"]
RAW = {
    family: RawTable(
        table=f"raw_prices.{family}",
        quarantine="prices",
        keys=tuple(KEY_COLUMNS),
        value_column="price_idr",
        touched=("source", "commodity_code", "period_grain", "period_start"),
    )
    for family in FAMILIES
}
PRICE_KEYS = {family: dg.AssetKey(["raw_prices", family]) for family in FAMILIES}
# The daily schedule refreshes at 06:00 WIB: a price table not updated between 07:00 yesterday and
# 07:00 today means the refresh did not run or failed, and the UI says so before analysts read
# yesterday's prices as today's.
PRICE_FRESHNESS = dg.FreshnessPolicy.cron(
    deadline_cron="0 7 * * *", lower_bound_delta=timedelta(hours=24), timezone="Asia/Jakarta"
)
TOUCHED_KEY = dg.AssetKey(["raw_prices", "touched_periods"])
DESCRIPTIONS = {
    "pihps": "PIHPS (Bank Indonesia) traditional-market prices: daily per-region exports, "
    "province/city exports (monthly or weekly) and API snapshots.",
    "bapanas": "Bapanas Panel Harga consumer prices: daily long files and the kab/kota table.",
    "wfp": "WFP (HDX) market prices and the province-month extract.",
}


class PriceIngestConfig(dg.Config):
    """``reload_all`` re-reads every file even when the ingest log says it is unchanged;
    ``bundled_dir`` is the snapshot folder (the repository's unless a run says otherwise)."""

    reload_all: bool = False
    bundled_dir: str = str(BUNDLED)


@dg.multi_asset(
    name="ingest_prices",
    specs=[
        dg.AssetSpec(
            key,
            description=DESCRIPTIONS[family],
            group_name="ingest",
            kinds={"python", "duckdb", "pandera"},
            owners=OWNERS,
            tags={"source_family": family},
            deps=[REGION_KEYS["kemendagri_regions"], REGION_KEYS["region_code_history"]],
            freshness_policy=PRICE_FRESHNESS,
        )
        for family, key in PRICE_KEYS.items()
    ]
    + [
        dg.AssetSpec(
            TOUCHED_KEY,
            description="(source, commodity, grain, period) keys each landing added or removed, "
            "with the landing time: the incremental price marts recompute only these.",
            group_name="ingest",
            kinds={"python", "duckdb"},
            owners=OWNERS,
        )
    ],
    check_specs=[quarantine_check_spec(key, "prices") for key in PRICE_KEYS.values()],
    pool="warehouse",
)
def ingest_prices(
    context: dg.AssetExecutionContext,
    config: PriceIngestConfig,
    warehouse: WarehouseResource,
    landing: LandingResource,
):
    """Land new and changed price files from the bundled snapshot and the landing folder."""
    roots = feed_roots(Path(config.bundled_dir), landing)
    ingested_at = datetime.now(UTC)
    with warehouse.connect() as conn:
        prepare_price_tables(conn)
        for family in FAMILIES:
            discovery, outcomes = land_price_files(
                conn, roots, family, ingested_at, config.reload_all, context.log.info
            )
            yield from landing_results(conn, PRICE_KEYS[family], RAW[family], outcomes, discovery)
        yield dg.MaterializeResult(
            asset_key=TOUCHED_KEY,
            metadata={"dagster/row_count": row_count(conn, "raw_prices.touched_periods")},
        )


def prepare_price_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """The log, the quarantine and every family's raw table, before any file arrives."""
    ensure_log(conn)
    ensure_quarantine(conn, "prices")
    for raw in RAW.values():
        ensure_raw_table(conn, raw, pl.DataFrame(schema=PRICE_COLUMNS))


def land_price_files(
    conn: duckdb.DuckDBPyConnection,
    roots: list[FeedRoot],
    family: str,
    ingested_at: datetime,
    reload_all: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> tuple[Discovery, list[LandingOutcome]]:
    """Find one price family's files under ``roots`` and land the new and changed ones."""
    resolver, commodities = default_resolver(), default_dictionary()
    return land_new_files(
        conn,
        roots,
        family,
        lambda p: is_price_file(p, family),
        lambda f: read_price_file(f.path, family, resolver, commodities, f.display_root),
        lambda f, sha, result: land_file(conn, f, sha, result, RAW[family], ingested_at),
        reload_all,
        log,
    )
