"""Ingest of market prices: PIHPS, Bapanas and WFP files -> raw_prices.<source> (+ quarantine).

Files come from the bundled snapshot (sources/prices/data/<family>/) and from the landing folder
(<landing>/<family>/). Only new or changed files are read; each lands atomically with its
quarantine rows and its ingest_log entry, so a file that fails leaves the others landed.
"""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.defs.ingest.feed_files import (
    RawTable,
    discover,
    ensure_log,
    ensure_raw_table,
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
    resolver, commodities = default_resolver(), default_dictionary()
    roots = [(Path(config.bundled_dir), REPO_ROOT), (landing.root, landing.root.parent)]
    ingested_at = datetime.now(UTC)
    with warehouse.connect() as conn:
        ensure_log(conn)
        ensure_quarantine(conn, "prices")
        for raw in RAW.values():
            ensure_raw_table(conn, raw, pl.DataFrame(schema=PRICE_COLUMNS))
        for family in FAMILIES:
            files = discover(roots, family, lambda p, f=family: is_price_file(p, f))
            outcomes = land_new_files(
                conn,
                files,
                lambda f, fam=family: read_price_file(
                    f.path, fam, resolver, commodities, f.display_root
                ),
                lambda f, sha, result, fam=family: land_file(
                    conn, f, sha, result, RAW[fam], ingested_at
                ),
                config.reload_all,
                context.log.info,
            )
            yield from landing_results(conn, PRICE_KEYS[family], RAW[family], outcomes, len(files))
        yield dg.MaterializeResult(
            asset_key=TOUCHED_KEY,
            metadata={"dagster/row_count": row_count(conn, "raw_prices.touched_periods")},
        )
