"""Publish marts for readers: a new DuckDB file and Parquet files swapped into place atomically.

BI tools hold the published file open read-only all day, and DuckDB refuses a reader while a writer
holds the same file. So the working warehouse is never shown to readers: each publish builds a
complete new file beside the old one and renames it over it. A reader with the old file open keeps a
consistent old snapshot; a reader that opens afterwards sees the new one; nobody sees half a file.
"""

import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.resources import duckdb_config

PUBLISHED_FILE = "sinergi.duckdb"
# The published file is opened by BI drivers that bundle their own, often older, DuckDB; the
# 1.0 storage format is readable by every DuckDB 1.x (the working warehouse may use a newer one).
PUBLISHED_STORAGE_VERSION = "v1.0.0"
PARQUET_DIR = "parquet"
MANIFEST_TABLE = "publish_manifest"


@dataclass(frozen=True)
class PublishReport:
    version: str
    published_file: Path
    row_counts: dict[str, int]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_marts(
    warehouse_file: Path, published_dir: Path, tables: Sequence[str], version: str | None = None
) -> PublishReport:
    """Copy ``tables`` (found in the warehouse's core/analytics schemas) to the published file
    under their own names in the default schema, plus one Parquet file each, plus
    ``publish_manifest`` (version, table, rows). Raises before touching the published files if a
    table is missing or the copy fails."""
    version = version or datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    published_dir.mkdir(parents=True, exist_ok=True)
    staging_id = uuid.uuid4().hex
    new_file = published_dir / f".{PUBLISHED_FILE}.{staging_id}.tmp"
    new_parquet = published_dir / f".{PARQUET_DIR}.{staging_id}.tmp"
    new_parquet.mkdir()
    conn = duckdb.connect(config=duckdb_config())
    try:
        conn.execute("set enable_progress_bar = false")
        conn.execute(f"attach {_literal(str(warehouse_file))} as wh (read_only)")
        located = dict(
            conn.execute(
                "select table_name, table_schema from information_schema.tables "
                "where table_catalog = 'wh' and table_schema in ('core', 'analytics')"
            ).fetchall()
        )
        missing = sorted(set(tables) - set(located))
        if missing:
            raise RuntimeError(f"cannot publish: marts missing from the warehouse: {missing}")
        storage = _literal(PUBLISHED_STORAGE_VERSION)
        conn.execute(f"attach {_literal(str(new_file))} as pub (storage_version {storage})")
        row_counts: dict[str, int] = {}
        for table in sorted(tables):
            source = f"wh.{_ident(located[table])}.{_ident(table)}"
            conn.execute(f"create table pub.main.{_ident(table)} as select * from {source}")
            row_counts[table] = conn.execute(
                f"select count(*) from pub.main.{_ident(table)}"
            ).fetchone()[0]
            parquet = new_parquet / f"{table}.parquet"
            conn.execute(
                f"copy (select * from {source}) to {_literal(str(parquet))} (format parquet)"
            )
        published_at = datetime.now(UTC)
        conn.execute(
            f"create table pub.main.{MANIFEST_TABLE} (version varchar, table_name varchar, "
            "row_count bigint, published_at timestamp with time zone)"
        )
        conn.executemany(
            f"insert into pub.main.{MANIFEST_TABLE} values (?, ?, ?, ?)",
            [(version, t, n, published_at) for t, n in row_counts.items()],
        )
        conn.execute("checkpoint pub")
        conn.execute("detach pub")
        conn.execute("detach wh")
    except BaseException:
        conn.close()
        new_file.unlink(missing_ok=True)
        shutil.rmtree(new_parquet, ignore_errors=True)
        raise
    conn.close()
    _fsync(new_file)
    parquet_dir = published_dir / PARQUET_DIR
    parquet_dir.mkdir(exist_ok=True)
    for parquet in sorted(new_parquet.iterdir()):
        _fsync(parquet)
        os.replace(parquet, parquet_dir / parquet.name)
    new_parquet.rmdir()
    os.replace(new_file, published_dir / PUBLISHED_FILE)
    _fsync(published_dir)
    return PublishReport(version, published_dir / PUBLISHED_FILE, row_counts)
