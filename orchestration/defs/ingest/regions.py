"""Ingest of the region master: bundled reference files -> raw_regions.* (+ quarantine.regions).

All region tables land in one step because they are one snapshot: the code history and the
boundary centroids are derived from the other files, and a half-landed master would let facts
resolve against a mix of versions. Each materialization records the ``landing_digest`` of the
folder it read, which a refresh compares to skip the master when no file in it changed.
"""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from orchestration.defs.ingest.factory import DIGEST
from orchestration.defs.metadata import preview, table_metadata
from orchestration.lib.landing.discovery import signatures_digest, stat_key
from orchestration.lib.landing.ingest_log import log_snapshot_files
from orchestration.lib.landing.tables import replace_tables
from orchestration.resources import WarehouseResource
from sources.common.paths import display_path
from sources.regions.master import BOUNDARY_FILE, DATA_DIR, FILE_TABLES, read_region_master

FAMILY = "regions"
OWNERS = ["team:data-engineering"]

_DESCRIPTIONS = {t.name: t.description for t in FILE_TABLES} | {
    "region_code_history": "Every code form (current, undotted, pre-2022 split, interim 2022, "
    "BPS 2020) mapped to the current Kemendagri region_code.",
    "boundary_centroids": f"Province centroids computed from {BOUNDARY_FILE}, matched by name.",
}
RAW_KEYS = {name: dg.AssetKey([f"raw_{FAMILY}", name]) for name in _DESCRIPTIONS}


def rows_per_file(tables: dict) -> dict[str, tuple[int, int]]:
    """source_file -> (rows landed, rows quarantined) over the master's tables."""
    counts: dict[str, list[int]] = {}
    for result in tables.values():
        for column, frame in ((0, result.rows), (1, result.rejects)):
            for source_file, rows in frame.group_by("source_file").len().rows():
                counts.setdefault(source_file, [0, 0])[column] += rows
    return {name: (landed, rejected) for name, (landed, rejected) in counts.items()}


def master_digest(data_dir: Path) -> str:
    """Every file in the master's folder by name and ``stat_key``."""
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    return signatures_digest(f"{display_path(path)}|{stat_key(path)}" for path in files)


class RegionMasterConfig(dg.Config):
    """Where the region master files are; the bundled snapshot unless a run says otherwise."""

    data_dir: str = str(DATA_DIR)


@dg.multi_asset(
    name="ingest_regions",
    specs=[
        dg.AssetSpec(
            key,
            description=_DESCRIPTIONS[name],
            group_name="ingest",
            kinds={"python", "duckdb", "pandera"},
            owners=OWNERS,
            tags={"source_family": FAMILY},
        )
        for name, key in RAW_KEYS.items()
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "no_quarantined_rows",
            asset=key,
            description="Every row of the source files passed the pandera contract.",
        )
        for key in RAW_KEYS.values()
    ],
    pool="warehouse",
)
def ingest_regions(
    context: dg.AssetExecutionContext, config: RegionMasterConfig, warehouse: WarehouseResource
):
    """Read the region master, validate it and replace the raw_regions tables."""
    digest = master_digest(Path(config.data_dir))  # before reading: a later change is seen next run
    master = read_region_master(Path(config.data_dir))
    file_tables = {n: r for n, r in master.tables.items() if n != "region_code_history"}
    with warehouse.connect() as conn:
        replace_tables(conn, FAMILY, master.tables)
        # region_code_history is derived from the other tables' files, not read from its own
        log_snapshot_files(
            conn,
            FAMILY,
            rows_per_file(file_tables),
            f"{read_region_master.__module__}.read_region_master",
            datetime.now(UTC),
        )
    for name, result in master.tables.items():
        context.log.info(
            f"raw_{FAMILY}.{name}: {result.rows.height} rows, {result.rejects.height} quarantined"
        )
        yield dg.MaterializeResult(
            asset_key=RAW_KEYS[name],
            metadata={
                **table_metadata(result.rows),
                "quarantined_rows": result.rejects.height,
                DIGEST: digest,
            },
        )
        yield dg.AssetCheckResult(
            asset_key=RAW_KEYS[name],
            check_name="no_quarantined_rows",
            passed=result.rejects.height == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "quarantined_rows": result.rejects.height,
                "first_rejects": preview(result.rejects, rows=10),
            },
        )
