"""Writing validated rows into raw tables and rejects into quarantine, atomically.

An ingest either lands a file's valid rows *and* its quarantine rows, or nothing: both writes share
one DuckDB transaction. Reloading a source replaces what that source landed before, so running an
ingest twice changes nothing.
"""

import duckdb
import polars as pl

from sources.common.contract import REJECT_SCHEMA, ReadResult

QUARANTINE_SCHEMA = "quarantine"


def quote(identifier: str) -> str:
    """Quote a SQL identifier; identifiers never come from data, but quote them all the same."""
    return '"' + identifier.replace('"', '""') + '"'


def ensure_quarantine(conn: duckdb.DuckDBPyConnection, family: str) -> str:
    conn.execute(f"create schema if not exists {quote(QUARANTINE_SCHEMA)}")
    table = f"{quote(QUARANTINE_SCHEMA)}.{quote(family)}"
    columns = ", ".join(
        f"{quote(c)} varchar" if t == pl.String else f"{quote(c)} bigint"
        for c, t in REJECT_SCHEMA.items()
    )
    conn.execute(
        f"create table if not exists {table} (raw_table varchar, {columns}, "
        "quarantined_at timestamp with time zone default current_timestamp)"
    )
    return table


def replace_tables(
    conn: duckdb.DuckDBPyConnection, family: str, tables: dict[str, ReadResult]
) -> None:
    """Replace whole raw tables (reference snapshots such as the region master) and the family's
    quarantine rows for those tables, in one transaction."""
    schema = quote(f"raw_{family}")
    conn.execute("begin transaction")
    try:
        conn.execute(f"create schema if not exists {schema}")
        quarantine = ensure_quarantine(conn, family)
        for name, result in tables.items():
            conn.register("landing_rows", result.rows.to_arrow())
            conn.register("landing_rejects", result.rejects.to_arrow())
            conn.execute(
                f"create or replace table {schema}.{quote(name)} as select * from landing_rows"
            )
            conn.execute(f"delete from {quarantine} where raw_table = ?", [name])
            conn.execute(
                f"insert into {quarantine} by name select ? as raw_table, * from landing_rejects",
                [name],
            )
            conn.unregister("landing_rows")
            conn.unregister("landing_rejects")
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
