"""Ingest of market prices: PIHPS, Bapanas and WFP files -> raw_prices.<source> (+ quarantine).

Files come from the bundled snapshot (sources/prices/data/<family>/) and from the landing folder
(<landing>/<family>/). Only new or changed files are read (or all of them when a reference seed
changed); each lands atomically with its quarantine rows and its ingest_log entry.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

import dagster as dg
import duckdb
import polars as pl

from orchestration.defs.ingest.factory import FeedIngest, RawTableAsset, feed_ingest_asset
from orchestration.defs.ingest.regions import RAW_KEYS as REGION_KEYS
from orchestration.lib.landing.discovery import FeedRoot
from orchestration.lib.landing.family import FamilyLander, land_family
from orchestration.lib.landing.ingest_log import ensure_log
from orchestration.lib.landing.merge import RawTable
from orchestration.lib.landing.per_file import land_file
from orchestration.lib.landing.report import FamilyReport
from orchestration.lib.landing.tables import (
    create_contract_table,
    ensure_quarantine,
    ensure_touched,
)
from sources.common.commodities import default_dictionary
from sources.common.paths import REPO_ROOT
from sources.prices.layouts import FAMILIES, REFERENCE_SEEDS, is_price_file, read_price_file
from sources.prices.schema import COLUMNS as PRICE_COLUMNS
from sources.prices.schema import KEY_COLUMNS
from sources.regions.master import default_resolver

BUNDLED = REPO_ROOT / "sources" / "prices" / "data"
QUARANTINE = "prices"
# The price period key (dbt var price_period_key; tests/unit/test_period_key.py ties them).
TOUCHED = ("source", "commodity_code", "period_grain", "period_start")
RAW = {
    family: RawTable(
        table=f"raw_prices.{family}",
        quarantine=QUARANTINE,
        keys=tuple(KEY_COLUMNS),
        value_column="price_idr",
        touched=TOUCHED,
    )
    for family in FAMILIES
}
PRICE_KEYS = {family: dg.AssetKey(["raw_prices", family]) for family in FAMILIES}
TOUCHED_KEY = dg.AssetKey(["raw_prices", "touched_periods"])
# The daily schedule refreshes at 06:00 WIB: a price table not updated between 07:00 yesterday and
# 07:00 today means the refresh did not run or failed, and the UI says so before analysts read
# yesterday's prices as today's.
PRICE_FRESHNESS = dg.FreshnessPolicy.cron(
    deadline_cron="0 7 * * *", lower_bound_delta=timedelta(hours=24), timezone="Asia/Jakarta"
)
DESCRIPTIONS = {
    "pihps": "PIHPS (Bank Indonesia) traditional-market prices: daily per-region exports, "
    "province/city exports (monthly or weekly) and API snapshots.",
    "bapanas": "Bapanas Panel Harga consumer prices: daily long files and the kab/kota table.",
    "wfp": "WFP (HDX) market prices and the province-month extract.",
}
# Inserted rows are ordered by period, so the incremental models' period filters skip the
# row groups of other dates.
INSERT_ORDER = ("period_start", "commodity_code", "region_code")


def prepare_price_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """The log, the quarantine, every family's raw table and the touched periods."""
    ensure_log(conn)
    ensure_quarantine(conn, QUARANTINE)
    for raw in RAW.values():
        create_contract_table(conn, raw.table, pl.DataFrame(schema=PRICE_COLUMNS))
        ensure_touched(conn, raw.table, raw.touched)


def price_lander(family: str, seeds_fingerprint: str = "") -> FamilyLander:
    """How one price folder is read: xlsx and JSON file by file, the CSV layouts in batches."""
    from orchestration.lib.landing.batch import price_batch_readers

    resolver, commodities = default_resolver(), default_dictionary()
    raw = RAW[family]
    return FamilyLander(
        family=family,
        accepts=lambda p: is_price_file(p, family),
        read=lambda f: read_price_file(f.path, family, resolver, commodities, f.display_root),
        land=lambda conn, f, sha, result, at, seeds: land_file(
            conn, f, sha, result, raw, at, seeds
        ),
        batch_readers=price_batch_readers(family, raw, resolver, commodities, INSERT_ORDER),
        seeds_fingerprint=seeds_fingerprint,
    )


def land_price_files(
    conn: duckdb.DuckDBPyConnection,
    roots: list[FeedRoot],
    family: str,
    ingested_at: datetime,
    reload_all: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> FamilyReport:
    """Find one price family's files under ``roots`` and land the new and changed ones."""
    return land_family(conn, roots, price_lander(family), ingested_at, reload_all, log)


PRICES = FeedIngest(
    name="ingest_prices",
    description="Land new and changed price files from the bundled snapshot and the landing "
    "folder.",
    quarantine=QUARANTINE,
    bundled_dir=BUNDLED,
    tables=[
        *(
            RawTableAsset(
                raw.table,
                DESCRIPTIONS[family],
                checked_tables=(raw.table,),
                freshness_policy=PRICE_FRESHNESS,
                tags={"source_family": family},
            )
            for family, raw in RAW.items()
        ),
        RawTableAsset(
            "raw_prices.touched_periods",
            "(source, commodity, grain, period) keys each landing added or removed, with the "
            "landing time: the incremental price marts recompute only these.",
            checked=False,
        ),
    ],
    folders={family: raw.table for family, raw in RAW.items()},
    seeds=REFERENCE_SEEDS,
    prepare=prepare_price_tables,
    landers=lambda fingerprint: [price_lander(f, fingerprint) for f in FAMILIES],
    deps=[REGION_KEYS["kemendagri_regions"], REGION_KEYS["region_code_history"]],
)
ingest_prices = feed_ingest_asset(PRICES)
