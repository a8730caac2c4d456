"""Landing one file at a time: the layouts read whole by a Python reader (xlsx workbooks, JSON
answers, news articles, small registers). Each file lands in one transaction with its quarantine
rows and its log entry; a ContractError refuses the file whole with one quarantine row saying why.
"""

from datetime import datetime

import duckdb

from sources.common.contract import ContractError, ReadResult, reader_of

from .discovery import FeedFile
from .ingest_log import LandingOutcome, ensure_log, log_outcome, was_landed
from .merge import RawTable, merge_batch, remove_earlier_versions
from .tables import create_contract_table, ensure_quarantine, qualified
from .transaction import atomic


def refuse(
    conn: duckdb.DuckDBPyConnection, quarantine: str, raw_table: str, source_file: str, error
) -> LandingOutcome:
    """A whole file refused: one quarantine row saying why, with no row or column."""
    conn.execute(
        f"insert into {quarantine} (raw_table, source_file, source_row, column_name, "
        "value, rule) values (?, ?, null, '<file>', null, ?)",
        [raw_table, source_file, str(error)],
    )
    return LandingOutcome(source_file, "refused", rows_quarantined=1, message=str(error))


def land_file(
    conn: duckdb.DuckDBPyConnection,
    feed_file: FeedFile,
    sha256: str,
    result: ReadResult | ContractError,
    raw: RawTable,
    ingested_at: datetime,
    seeds_fingerprint: str = "",
) -> LandingOutcome:
    """Replace ``feed_file``'s rows in ``raw.table`` with ``result`` (merged: duplicates counted,
    conflicts quarantined), quarantine its rejects and log it, all in one transaction."""
    source_file = feed_file.source_file
    ensure_log(conn)
    with atomic(conn):
        quarantine = ensure_quarantine(conn, raw.quarantine)
        conn.execute(f"delete from {quarantine} where source_file = ?", [source_file])
        if not isinstance(result, ContractError):
            create_contract_table(conn, raw.table, result.rows.clear())
        if was_landed(conn, source_file):
            remove_earlier_versions(conn, raw, [source_file], ingested_at)
        if isinstance(result, ContractError):
            outcome = refuse(conn, quarantine, raw.table, source_file, result)
        else:
            conn.register("_incoming", result.rows.to_arrow())
            conn.register("_incoming_rejects", result.rejects.to_arrow())
            conn.execute(
                f"insert into {quarantine} by name select ? as raw_table, * from _incoming_rejects",
                [raw.table],
            )
            conn.execute(
                "create or replace temp table _batch as select *, 0 as file_order from _incoming"
            )
            counts = merge_batch(conn, raw, "_batch", ingested_at).get(source_file)
            conn.execute("drop table _batch")
            conn.unregister("_incoming")
            conn.unregister("_incoming_rejects")
            landed, duplicate, conflicts = (
                (counts.landed, counts.duplicate, counts.quarantined) if counts else (0, 0, 0)
            )
            outcome = LandingOutcome(
                source_file,
                "landed",
                rows_landed=landed,
                rows_duplicate=duplicate,
                rows_quarantined=result.rejects.height + conflicts,
            )
        log_outcome(
            conn, feed_file, sha256, reader_of(result), outcome, ingested_at, seeds_fingerprint
        )
    return outcome


def land_file_tables(
    conn: duckdb.DuckDBPyConnection,
    feed_file: FeedFile,
    sha256: str,
    result: dict[str, ReadResult] | ContractError,
    schema: str,
    quarantine_name: str,
    ingested_at: datetime,
    seeds_fingerprint: str = "",
) -> LandingOutcome:
    """Replace ``feed_file``'s rows in several tables of ``schema`` at once (an agreement and its
    parties, commodities and flows), with its quarantine rows and log entry, in one transaction.
    Nothing is deduplicated here: the same agreement told by two files is linked downstream."""
    source_file = feed_file.source_file
    ensure_log(conn)
    with atomic(conn):
        quarantine = ensure_quarantine(conn, quarantine_name)
        conn.execute(f"delete from {quarantine} where source_file = ?", [source_file])
        if isinstance(result, ContractError):
            outcome = refuse(conn, quarantine, schema, source_file, result)
        else:
            landed = rejected = 0
            for name, table_result in result.items():
                target = qualified(f"{schema}.{name}")
                conn.register("_incoming", table_result.rows.to_arrow())
                conn.register("_incoming_rejects", table_result.rejects.to_arrow())
                conn.execute(f"delete from {target} where source_file = ?", [source_file])
                conn.execute(
                    f"insert into {target} by name select *, ? as ingested_at from _incoming",
                    [ingested_at],
                )
                conn.execute(
                    f"insert into {quarantine} by name "
                    "select ? as raw_table, * from _incoming_rejects",
                    [f"{schema}.{name}"],
                )
                conn.unregister("_incoming")
                conn.unregister("_incoming_rejects")
                landed += table_result.rows.height
                rejected += table_result.rejects.height
            outcome = LandingOutcome(
                source_file, "landed", rows_landed=landed, rows_quarantined=rejected
            )
        log_outcome(
            conn, feed_file, sha256, reader_of(result), outcome, ingested_at, seeds_fingerprint
        )
    return outcome
