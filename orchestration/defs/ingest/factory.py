"""The feed ingest assets (prices, statistics, agreements) from one factory.

Each family declares its raw tables, the landing folders it reads and how (``FeedIngest``); the
factory makes the multi-asset: it lands every folder through the landing library, materializes
each raw table with its row count and the folder's landing report, and reports the
``no_quarantined_rows`` check. The fingerprint of the reference seeds the readers resolve with is
the asset's code version, so the UI shows when a seed change makes the files be read again.
Each materialization records the ``landing_digest`` of the folders it read (files by name, size
and modification time), which a refresh compares to skip an ingest with nothing new to read.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.metadata import preview
from orchestration.lib.landing.discovery import FeedRoot, feed_roots
from orchestration.lib.landing.family import FamilyLander, land_family
from orchestration.lib.landing.feeds import feed_digest
from orchestration.lib.landing.fingerprint import seeds_fingerprint
from orchestration.lib.landing.report import FamilyReport
from orchestration.lib.landing.tables import row_count
from orchestration.resources import LandingResource, WarehouseResource

QUARANTINE_CHECK = "no_quarantined_rows"
DIGEST = "landing_digest"  # the metadata entry of every raw table's materialization
OWNERS = ["team:data-engineering"]


@dataclass(frozen=True)
class RawTableAsset:
    """One raw table the ingest materializes. ``checked``: it carries the quarantine check,
    over the quarantine rows meant for ``checked_tables`` (all of the family's when empty)."""

    table: str  # schema.name
    description: str
    checked: bool = True
    checked_tables: tuple[str, ...] = ()
    freshness_policy: dg.FreshnessPolicy | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> dg.AssetKey:
        return dg.AssetKey(self.table.split("."))


@dataclass(frozen=True)
class FeedIngest:
    """What a feed family's ingest is: its raw tables, its quarantine, which table each landing
    folder reports on, its seeds, and how to build its landers (at run time: they load the
    region resolver and the commodity dictionary)."""

    name: str
    description: str
    quarantine: str
    bundled_dir: Path
    tables: Sequence[RawTableAsset]
    folders: dict[str, str]  # landing folder -> the raw table whose materialization reports it
    seeds: Sequence[Path]
    prepare: Callable[[duckdb.DuckDBPyConnection], None]
    landers: Callable[[str], list[FamilyLander]]  # seeds fingerprint -> one lander per folder
    deps: Sequence[dg.AssetKey] = ()


class FeedIngestConfig(dg.Config):
    """``reload_all`` re-reads every file even when the ingest log has seen it; ``bundled_dir``
    is the snapshot folder (the repository's unless a run says otherwise); with
    ``watch_young_files`` a file modified moments ago is read once it stays unchanged for the
    landing folder's ``stable_seconds`` (the landing sensor's runs leave such files waiting)."""

    reload_all: bool = False
    bundled_dir: str = ""
    watch_young_files: bool = True


def ingest_roots(
    ingest: FeedIngest, bundled_dir: str, landing: LandingResource, watch_young_files: bool = True
) -> list[FeedRoot]:
    """Where the ingest looks: its snapshot (``bundled_dir`` when a run names one), then the
    landing folder."""
    return feed_roots(
        Path(bundled_dir or ingest.bundled_dir),
        landing.root,
        landing.settle_seconds,
        landing.stable_seconds if watch_young_files else None,
    )


def landing_digest(ingest: FeedIngest, roots: list[FeedRoot]) -> str:
    """The digest of the ingest's folders under ``roots`` and of its seeds."""
    return feed_digest(roots, ingest.folders, seeds_fingerprint(ingest.seeds))


def _quarantine_count(conn, ingest: FeedIngest, table: RawTableAsset) -> tuple[int, object]:
    where, params = "true", []
    if table.checked_tables:
        where = f"raw_table in ({', '.join('?' for _ in table.checked_tables)})"
        params = list(table.checked_tables)
    relation = f"quarantine.{ingest.quarantine}"
    count = conn.execute(f"select count(*) from {relation} where {where}", params).fetchone()[0]
    sample = conn.execute(
        f"select source_file, source_row, column_name, value, rule from {relation} "
        f"where {where} order by quarantined_at desc, source_file, source_row limit 10",
        params,
    ).pl()
    return count, sample


def _materializations(conn, ingest: FeedIngest, reports: dict[str, FamilyReport], digest: str):
    for table in ingest.tables:
        folders = [f for f, reported_on in ingest.folders.items() if reported_on == table.table]
        metadata: dict[str, object] = {
            "dagster/row_count": row_count(conn, table.table),
            DIGEST: digest,
        }
        if folders:
            mine = [reports[f] for f in folders]
            totals = {k: sum(r.totals()[k] for r in mine) for k in mine[0].totals()}
            metadata |= totals | {
                "landing_report": dg.MetadataValue.json([r.as_json() for r in mine]),
                "seeds_fingerprint": mine[0].seeds_fingerprint,
            }
        yield dg.MaterializeResult(asset_key=table.key, metadata=metadata)
        if not table.checked:
            continue
        quarantined, sample = _quarantine_count(conn, ingest, table)
        refused = [o for f in folders for o in reports[f].refused]
        yield dg.AssetCheckResult(
            asset_key=table.key,
            check_name=QUARANTINE_CHECK,
            passed=quarantined == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_in_quarantine": quarantined,
                "refused_files_this_run": dg.MetadataValue.md(
                    "\n".join(f"- {o.source_file}: {o.message}" for o in refused) or "none"
                ),
                "quarantine": preview(sample, rows=10),
            },
        )


def feed_ingest_asset(ingest: FeedIngest) -> dg.AssetsDefinition:
    # Read when the code location loads: a handful of small CSVs, and the code version must be
    # known then for the UI to show that a seed changed.
    fingerprint = seeds_fingerprint(ingest.seeds)

    @dg.multi_asset(
        name=ingest.name,
        description=ingest.description,
        specs=[
            dg.AssetSpec(
                table.key,
                description=table.description,
                group_name="ingest",
                kinds={"python", "duckdb", "pandera"},
                owners=OWNERS,
                tags=table.tags,
                deps=list(ingest.deps),
                freshness_policy=table.freshness_policy,
                code_version=fingerprint,
            )
            for table in ingest.tables
        ],
        check_specs=[
            dg.AssetCheckSpec(
                QUARANTINE_CHECK,
                asset=table.key,
                description=f"quarantine.{ingest.quarantine} holds no row or refused file "
                "for this table.",
            )
            for table in ingest.tables
            if table.checked
        ],
        pool="warehouse",
    )
    def _ingest(
        context: dg.AssetExecutionContext,
        config: FeedIngestConfig,
        warehouse: WarehouseResource,
        landing: LandingResource,
    ):
        roots = ingest_roots(ingest, config.bundled_dir, landing, config.watch_young_files)
        digest = landing_digest(ingest, roots)  # before reading: a later change is seen next run
        ingested_at = datetime.now(UTC)
        with warehouse.connect() as conn:
            ingest.prepare(conn)
            reports = {
                lander.family: land_family(
                    conn, roots, lander, ingested_at, config.reload_all, context.log.info
                )
                for lander in ingest.landers(fingerprint)
            }
            yield from _materializations(conn, ingest, reports, digest)

    return _ingest
