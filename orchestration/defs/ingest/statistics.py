"""Ingest of statistics: BPS tables, BPS WebAPI answers and regional CSVs -> raw_bps.statistics.

Files come from the bundled snapshot (sources/bps/data/bps/) and the landing folder
(<landing>/bps/); each new or changed file lands atomically with its quarantine rows
(quarantine.bps) and its ingest_log entry.
"""

from collections.abc import Callable
from datetime import UTC, datetime
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
)
from orchestration.defs.ingest.feed_results import landing_results, quarantine_check_spec
from orchestration.defs.ingest.raw_tables import ensure_quarantine
from orchestration.defs.ingest.regions import RAW_KEYS as REGION_KEYS
from orchestration.resources import LandingResource, WarehouseResource
from sources.bps.layouts import FAMILY, is_statistics_file, read_statistics_file
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
STATISTICS_KEY = dg.AssetKey(["raw_bps", "statistics"])


class StatisticsIngestConfig(dg.Config):
    """``reload_all`` re-reads every file; ``bundled_dir`` is the snapshot folder."""

    reload_all: bool = False
    bundled_dir: str = str(BUNDLED)


@dg.multi_asset(
    name="ingest_statistics",
    specs=[
        dg.AssetSpec(
            STATISTICS_KEY,
            description="Statistics in one contract (region, period, measure, commodity, "
            "value, unit): BPS table downloads, BPS WebAPI answers and regional CSVs "
            "(production, consumption, population, poverty, inflation, GRDP).",
            group_name="ingest",
            kinds={"python", "duckdb", "pandera"},
            owners=["team:data-engineering"],
            tags={"source_family": FAMILY},
            deps=[REGION_KEYS["kemendagri_regions"], REGION_KEYS["region_code_history"]],
        )
    ],
    check_specs=[quarantine_check_spec(STATISTICS_KEY, "bps")],
    pool="warehouse",
)
def ingest_statistics(
    context: dg.AssetExecutionContext,
    config: StatisticsIngestConfig,
    warehouse: WarehouseResource,
    landing: LandingResource,
):
    """Land new and changed statistics files from the bundled snapshot and the landing folder."""
    roots = feed_roots(Path(config.bundled_dir), landing)
    with warehouse.connect() as conn:
        prepare_statistics_tables(conn)
        discovery, outcomes = land_statistics_files(
            conn, roots, datetime.now(UTC), config.reload_all, context.log.info
        )
        yield from landing_results(conn, STATISTICS_KEY, RAW, outcomes, discovery)


def prepare_statistics_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """The log, the quarantine and the raw table, before any file arrives."""
    ensure_log(conn)
    ensure_quarantine(conn, RAW.quarantine)
    ensure_raw_table(conn, RAW, pl.DataFrame(schema=COLUMNS))


def land_statistics_files(
    conn: duckdb.DuckDBPyConnection,
    roots: list[FeedRoot],
    ingested_at: datetime,
    reload_all: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> tuple[Discovery, list[LandingOutcome]]:
    """Find the statistics files under ``roots`` and land the new and changed ones."""
    resolver, commodities = default_resolver(), default_dictionary()
    return land_new_files(
        conn,
        roots,
        FAMILY,
        is_statistics_file,
        lambda f: read_statistics_file(f.path, resolver, commodities, f.display_root),
        lambda f, sha, result: land_file(conn, f, sha, result, RAW, ingested_at),
        reload_all,
        log,
    )
