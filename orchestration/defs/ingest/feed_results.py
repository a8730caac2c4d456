"""What a feed ingest reports to Dagster for each raw table: a materialization with the file and
row counts, and the ``no_quarantined_rows`` check on what its quarantine holds now."""

import dagster as dg
import duckdb

from orchestration.defs.ingest.feed_files import Discovery, LandingOutcome, RawTable, row_count
from orchestration.defs.metadata import preview

QUARANTINE_CHECK = "no_quarantined_rows"


def quarantine_check_spec(key: dg.AssetKey, quarantine: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        QUARANTINE_CHECK,
        asset=key,
        description=f"quarantine.{quarantine} holds no row or refused file for this table.",
    )


def landing_results(
    conn: duckdb.DuckDBPyConnection,
    key: dg.AssetKey,
    raw: RawTable,
    outcomes: list[LandingOutcome],
    discovery: Discovery,
):
    refused = [o for o in outcomes if o.status == "refused"]
    quarantined = conn.execute(
        f"select count(*) from quarantine.{raw.quarantine} where raw_table = ?", [raw.table]
    ).fetchone()[0]
    yield dg.MaterializeResult(
        asset_key=key,
        metadata={
            "dagster/row_count": row_count(conn, raw.table),
            "files_found": len(discovery.ready),
            "files_still_being_written": len(discovery.settling),
            "files_read": len(outcomes),
            "files_refused": len(refused),
            "rows_landed_this_run": sum(o.rows_landed for o in outcomes),
            "rows_quarantined_this_run": sum(o.rows_quarantined for o in outcomes),
            "rows_in_quarantine": quarantined,
        },
    )
    sample = conn.execute(
        f"select source_file, source_row, column_name, value, rule "
        f"from quarantine.{raw.quarantine} where raw_table = ? "
        "order by quarantined_at desc, source_file, source_row limit 10",
        [raw.table],
    ).pl()
    yield dg.AssetCheckResult(
        asset_key=key,
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
