"""Ingest of agreements: registers (bundled snapshot and <landing>/agreements/) and news articles
(<landing>/news/) -> raw_agreements.{agreements, agreement_parties, agreement_commodities,
agreement_flows} (+ quarantine.agreements). Each file lands whole or not at all."""

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
    create_contract_table,
    ensure_log,
    feed_roots,
    land_file_tables,
    land_new_files,
    row_count,
)
from orchestration.defs.ingest.raw_tables import ensure_quarantine
from orchestration.defs.ingest.regions import RAW_KEYS as REGION_KEYS
from orchestration.resources import LandingResource, WarehouseResource
from sources.agreements import schema
from sources.agreements.layouts import FAMILIES, is_agreement_file, read_agreement_file
from sources.common.commodities import default_dictionary
from sources.common.paths import REPO_ROOT
from sources.regions.master import default_resolver

BUNDLED = REPO_ROOT / "sources" / "agreements" / "data"
SCHEMA = "raw_agreements"
TABLES = {
    "agreements": (
        schema.AGREEMENT_COLUMNS,
        "One agreement per register row or news article: "
        "instrument, status, signing date and precision, evidence, confidence.",
    ),
    "agreement_parties": (
        schema.PARTY_COLUMNS,
        "Parties of each agreement: role, region, "
        "organisation and its type (pemda, BUMD, koperasi, Kadin ...).",
    ),
    "agreement_commodities": (schema.COMMODITY_COLUMNS, "Commodities of each agreement."),
    "agreement_flows": (
        schema.FLOW_COLUMNS,
        "Quantities committed or delivered, with a direction where the text gives one.",
    ),
}
KEYS = {name: dg.AssetKey([SCHEMA, name]) for name in TABLES}


class AgreementIngestConfig(dg.Config):
    reload_all: bool = False
    bundled_dir: str = str(BUNDLED)


@dg.multi_asset(
    name="ingest_agreements",
    specs=[
        dg.AssetSpec(
            key,
            description=TABLES[name][1],
            group_name="ingest",
            kinds={"python", "duckdb", "pandera"},
            owners=["team:data-engineering"],
            tags={"source_family": "agreements"},
            deps=[REGION_KEYS["kemendagri_regions"], REGION_KEYS["region_code_history"]],
        )
        for name, key in KEYS.items()
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "no_quarantined_rows",
            asset=KEYS["agreements"],
            description="quarantine.agreements holds no row (an unresolved party, an unknown "
            "commodity) or refused file.",
        )
    ],
    pool="warehouse",
)
def ingest_agreements(
    context: dg.AssetExecutionContext,
    config: AgreementIngestConfig,
    warehouse: WarehouseResource,
    landing: LandingResource,
):
    """Land new and changed agreement registers and news articles."""
    roots = feed_roots(Path(config.bundled_dir), landing)
    ingested_at = datetime.now(UTC)
    with warehouse.connect() as conn:
        prepare_agreement_tables(conn)
        outcomes = []
        for family in FAMILIES:
            outcomes += land_agreement_files(
                conn, roots, family, ingested_at, config.reload_all, context.log.info
            )[1]
        quarantined = conn.execute("select count(*) from quarantine.agreements").fetchone()[0]
        sample = conn.execute(
            "select source_file, source_row, column_name, value, rule from quarantine.agreements "
            "order by source_file, source_row limit 10"
        ).pl()
        for name, key in KEYS.items():
            yield dg.MaterializeResult(
                asset_key=key,
                metadata={
                    "dagster/row_count": row_count(conn, f"{SCHEMA}.{name}"),
                    "files_read_this_run": len(outcomes),
                },
            )
        yield dg.AssetCheckResult(
            asset_key=KEYS["agreements"],
            check_name="no_quarantined_rows",
            passed=quarantined == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_in_quarantine": quarantined,
                "quarantine": dg.MetadataValue.md(
                    "\n".join(f"- {r}" for r in sample.rows()) or "none"
                ),
            },
        )


def prepare_agreement_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """The log, the quarantine and the four raw tables, before any file arrives."""
    ensure_log(conn)
    ensure_quarantine(conn, "agreements")
    for name, (columns, _) in TABLES.items():
        create_contract_table(conn, f"{SCHEMA}.{name}", pl.DataFrame(schema=columns))


def land_agreement_files(
    conn: duckdb.DuckDBPyConnection,
    roots: list[FeedRoot],
    family: str,
    ingested_at: datetime,
    reload_all: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> tuple[Discovery, list[LandingOutcome]]:
    """Find one family's files (registers or news) under ``roots`` and land the new ones."""
    resolver, dictionary = default_resolver(), default_dictionary()
    return land_new_files(
        conn,
        roots,
        family,
        lambda p: is_agreement_file(p, family),
        lambda f: read_agreement_file(f.path, family, resolver, dictionary, f.display_root),
        lambda f, sha, result: land_file_tables(
            conn, f, sha, result, SCHEMA, "agreements", ingested_at
        ),
        reload_all,
        log,
    )
