"""The raw zone's tables: contract tables per family, quarantine per family, touched periods.

Tables are created from the contract's empty frame, so the raw zone always has the contract's
columns (and gains new ones when a contract grows: files landed before read null there until a
full refresh re-reads them). Identifiers never come from data, but are quoted all the same.
"""

from collections.abc import Sequence

import duckdb
import polars as pl

from sources.common.contract import REJECT_SCHEMA, ReadResult

from .transaction import atomic

QUARANTINE_SCHEMA = "quarantine"


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def qualified(table: str) -> str:
    """``schema.name`` -> ``"schema"."name"``."""
    return ".".join(quote(part) for part in table.split("."))


def ensure_quarantine(conn: duckdb.DuckDBPyConnection, name: str) -> str:
    """``quarantine.<name>``: one row per rejected cell or refused file, naming the raw table it
    was meant for, the file, row, column, value and rule."""
    conn.execute(f"create schema if not exists {quote(QUARANTINE_SCHEMA)}")
    table = f"{quote(QUARANTINE_SCHEMA)}.{quote(name)}"
    columns = ", ".join(
        f"{quote(c)} varchar" if t == pl.String else f"{quote(c)} bigint"
        for c, t in REJECT_SCHEMA.items()
    )
    conn.execute(
        f"create table if not exists {table} (raw_table varchar, {columns}, "
        "quarantined_at timestamp with time zone default current_timestamp)"
    )
    return table


def create_contract_table(conn: duckdb.DuckDBPyConnection, table: str, empty: pl.DataFrame) -> None:
    """``schema.name`` with the contract's columns and ``ingested_at``; a table landed under an
    older contract gains the new columns."""
    conn.execute(f"create schema if not exists {quote(table.split('.')[0])}")
    conn.register("contract_rows", empty.to_arrow())
    conn.execute(
        f"create table if not exists {qualified(table)} as "
        "select *, cast(null as timestamp with time zone) as ingested_at from contract_rows limit 0"
    )
    for name, kind, *_ in conn.execute("describe contract_rows").fetchall():
        conn.execute(
            f"alter table {qualified(table)} add column if not exists {quote(name)} {kind}"
        )
    conn.unregister("contract_rows")


def touched_table(raw_table: str) -> str:
    return f"{raw_table.split('.')[0]}.touched_periods"


def ensure_touched(conn: duckdb.DuckDBPyConnection, raw_table: str, columns: Sequence[str]) -> str:
    """``<schema>.touched_periods``: the period keys each landing added or removed, with the
    landing time; the incremental dbt models recompute only those (columns from the contract)."""
    table = touched_table(raw_table)
    listed = ", ".join(quote(c) for c in columns)
    conn.execute(
        f"create table if not exists {qualified(table)} as select {listed}, "
        f"cast(null as timestamp with time zone) as ingested_at from {qualified(raw_table)} limit 0"
    )
    return table


def record_touched(
    conn: duckdb.DuckDBPyConnection,
    raw_table: str,
    columns: Sequence[str],
    relation: str,
    where: str = "true",
    params: Sequence[object] = (),
    ingested_at: object = None,
) -> None:
    """Add the distinct period keys of ``relation`` (rows matching ``where``) as touched."""
    table = ensure_touched(conn, raw_table, columns)
    listed = ", ".join(quote(c) for c in columns)
    conn.execute(
        f"insert into {qualified(table)} select distinct {listed}, ? from {relation} where {where}",
        [ingested_at, *params],
    )


def row_count(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows in ``schema.name``, 0 when no file has created it yet."""
    schema, name = table.split(".")
    exists = conn.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()[0]
    return conn.execute(f"select count(*) from {qualified(table)}").fetchone()[0] if exists else 0


def replace_tables(
    conn: duckdb.DuckDBPyConnection, family: str, tables: dict[str, ReadResult]
) -> None:
    """Replace whole raw tables (a reference snapshot such as the region master) and the family's
    quarantine rows for them, in one transaction."""
    schema = quote(f"raw_{family}")
    with atomic(conn):
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
