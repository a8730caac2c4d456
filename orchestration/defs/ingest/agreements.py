"""Ingest of agreements: registers (bundled snapshot and <landing>/agreements/) and news articles
(<landing>/news/) -> raw_agreements.{agreements, agreement_parties, agreement_commodities,
agreement_flows} (+ quarantine.agreements). Each file lands whole or not at all."""

from collections.abc import Callable
from datetime import datetime

import duckdb
import polars as pl

from orchestration.defs.ingest.factory import FeedIngest, RawTableAsset, feed_ingest_asset
from orchestration.defs.ingest.regions import RAW_KEYS as REGION_KEYS
from orchestration.lib.landing.discovery import FeedRoot
from orchestration.lib.landing.family import FamilyLander, land_family
from orchestration.lib.landing.ingest_log import ensure_log
from orchestration.lib.landing.per_file import land_file_tables
from orchestration.lib.landing.report import FamilyReport
from orchestration.lib.landing.tables import create_contract_table, ensure_quarantine
from sources.agreements import schema
from sources.agreements.layouts import (
    FAMILIES,
    REFERENCE_SEEDS,
    is_agreement_file,
    read_agreement_file,
)
from sources.common.commodities import default_dictionary
from sources.common.paths import REPO_ROOT
from sources.regions.master import default_resolver

BUNDLED = REPO_ROOT / "sources" / "agreements" / "data"
SCHEMA = "raw_agreements"
QUARANTINE = "agreements"
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


def prepare_agreement_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """The log, the quarantine and the four raw tables, before any file arrives."""
    ensure_log(conn)
    ensure_quarantine(conn, QUARANTINE)
    for name, (columns, _) in TABLES.items():
        create_contract_table(conn, f"{SCHEMA}.{name}", pl.DataFrame(schema=columns))


def agreement_lander(family: str, seeds_fingerprint: str = "") -> FamilyLander:
    resolver, dictionary = default_resolver(), default_dictionary()
    return FamilyLander(
        family=family,
        accepts=lambda p: is_agreement_file(p, family),
        read=lambda f: read_agreement_file(f.path, family, resolver, dictionary, f.display_root),
        land=lambda conn, f, sha, result, at, seeds: land_file_tables(
            conn, f, sha, result, SCHEMA, QUARANTINE, at, seeds
        ),
        seeds_fingerprint=seeds_fingerprint,
    )


def land_agreement_files(
    conn: duckdb.DuckDBPyConnection,
    roots: list[FeedRoot],
    family: str,
    ingested_at: datetime,
    reload_all: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> FamilyReport:
    """Find one family's files (registers or news) under ``roots`` and land the new ones."""
    return land_family(conn, roots, agreement_lander(family), ingested_at, reload_all, log)


AGREEMENTS = FeedIngest(
    name="ingest_agreements",
    description="Land new and changed agreement registers and news articles.",
    quarantine=QUARANTINE,
    bundled_dir=BUNDLED,
    tables=[
        RawTableAsset(
            f"{SCHEMA}.{name}",
            description,
            checked=name == "agreements",  # one check over the family's whole quarantine
            tags={"source_family": "agreements"},
        )
        for name, (_, description) in TABLES.items()
    ],
    folders={family: f"{SCHEMA}.agreements" for family in FAMILIES},
    seeds=REFERENCE_SEEDS,
    prepare=prepare_agreement_tables,
    landers=lambda fingerprint: [agreement_lander(f, fingerprint) for f in FAMILIES],
    deps=[REGION_KEYS["kemendagri_regions"], REGION_KEYS["region_code_history"]],
)
ingest_agreements = feed_ingest_asset(AGREEMENTS)
