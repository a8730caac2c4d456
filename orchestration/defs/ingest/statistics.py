"""Ingest of statistics: BPS tables, BPS WebAPI answers and regional CSVs -> raw_bps.statistics.

Files come from the bundled snapshot (sources/bps/data/bps/) and the landing folder
(<landing>/bps/); each new or changed file lands atomically with its quarantine rows
(quarantine.bps) and its ingest_log entry.
"""

from collections.abc import Callable
from datetime import datetime

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
from sources.bps.layouts import FAMILY, REFERENCE_SEEDS, is_statistics_file, read_statistics_file
from sources.bps.schema import COLUMNS, KEY_COLUMNS
from sources.common.commodities import default_dictionary
from sources.common.paths import REPO_ROOT
from sources.regions.master import default_resolver

BUNDLED = REPO_ROOT / "sources" / "bps" / "data"
RAW = RawTable(
    table="raw_bps.statistics",
    quarantine="bps",
    keys=tuple(KEY_COLUMNS),
    value_column="value",
    touched=("source", "measure", "period_grain", "period_start"),
)


def prepare_statistics_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """The log, the quarantine and the raw table, before any file arrives."""
    ensure_log(conn)
    ensure_quarantine(conn, RAW.quarantine)
    create_contract_table(conn, RAW.table, pl.DataFrame(schema=COLUMNS))
    ensure_touched(conn, RAW.table, RAW.touched)


def statistics_lander(seeds_fingerprint: str = "") -> FamilyLander:
    resolver, commodities = default_resolver(), default_dictionary()
    return FamilyLander(
        family=FAMILY,
        accepts=is_statistics_file,
        read=lambda f: read_statistics_file(f.path, resolver, commodities, f.display_root),
        land=lambda conn, f, sha, result, at, seeds: land_file(
            conn, f, sha, result, RAW, at, seeds
        ),
        seeds_fingerprint=seeds_fingerprint,
    )


def land_statistics_files(
    conn: duckdb.DuckDBPyConnection,
    roots: list[FeedRoot],
    ingested_at: datetime,
    reload_all: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> FamilyReport:
    """Find the statistics files under ``roots`` and land the new and changed ones."""
    return land_family(conn, roots, statistics_lander(), ingested_at, reload_all, log)


STATISTICS = FeedIngest(
    name="ingest_statistics",
    description="Land new and changed statistics files from the bundled snapshot and the "
    "landing folder.",
    quarantine=RAW.quarantine,
    bundled_dir=BUNDLED,
    tables=[
        RawTableAsset(
            RAW.table,
            "Statistics in one contract (region, period, measure, commodity, value, unit): BPS "
            "table downloads, BPS WebAPI answers and regional CSVs (production, consumption, "
            "population, poverty, inflation, GRDP).",
            checked_tables=(RAW.table,),
            tags={"source_family": FAMILY},
        )
    ],
    folders={FAMILY: RAW.table},
    seeds=REFERENCE_SEEDS,
    prepare=prepare_statistics_tables,
    landers=lambda fingerprint: [statistics_lander(fingerprint)],
    deps=[REGION_KEYS["kemendagri_regions"], REGION_KEYS["region_code_history"]],
)
ingest_statistics = feed_ingest_asset(STATISTICS)
