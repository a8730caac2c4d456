"""The raw zone as Parquet, for a dbt target that cannot read the DuckDB file (Spark).

Ingest, validation and quarantine stay one code path: files land in DuckDB's ``raw_*`` schemas
as always, and this export writes each raw table to ``<folder>/<schema>/<table>/`` as Parquet,
where the Spark target's sources read it (``dbt_project/macros/spark/raw_zone.sql`` registers
one external table per source at the start of every dbt invocation). A table's folder is written
beside the old one and swapped in by two renames, so a reader sees the old table or the new one,
never a half-written file; an export that fails leaves the previous export in place.

Every raw table is written whole each time: the raw zone is what the landing holds now (a reload
replaces a file's rows, a removed file drops them), and a whole copy is right by construction.
"""

import shutil
import uuid
from pathlib import Path

import duckdb

from .tables import qualified

RAW_PREFIX = "raw_"
PART_FILE = "part-0.parquet"


def raw_tables(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """``schema.table`` of every table in the raw zone, sorted."""
    rows = conn.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = current_database() and starts_with(schema_name, ?) "
        "order by schema_name, table_name",
        [RAW_PREFIX],
    ).fetchall()
    return [f"{schema}.{table}" for schema, table in rows]


def _swap_in(staged: Path, target: Path) -> None:
    """Put the folder ``staged`` where ``target`` is, the old one removed after the rename."""
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def export_raw_parquet(conn: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """Write every raw table to ``folder/<schema>/<table>/part-0.parquet``; returns the rows
    written per ``schema.table``. Timestamps keep their time zone (Parquet UTC instants)."""
    for debris in folder.glob("*/.*.*-*"):  # left by an export killed between its two renames
        shutil.rmtree(debris, ignore_errors=True)
    written = {}
    for table in raw_tables(conn):
        schema, name = table.split(".")
        target = folder / schema / name
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{name}.new-{uuid.uuid4().hex[:8]}")
        staged.mkdir()
        try:
            path = str(staged / PART_FILE).replace("'", "''")
            conn.execute(
                f"copy (select * from {qualified(table)}) to '{path}' "
                "(format parquet, compression zstd)"
            )
            _swap_in(staged, target)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        written[table] = conn.execute(f"select count(*) from {qualified(table)}").fetchone()[0]
    return written
