"""Publish marts for readers: a new DuckDB file and Parquet files swapped into place atomically.

BI tools hold the published file open read-only all day, and DuckDB refuses a reader while a writer
holds the same file. So the working warehouse is never shown to readers: each publish builds a
complete new file beside the old one and renames it over it. A reader with the old file open keeps a
consistent old snapshot; a reader that opens afterwards sees the new one; nobody sees half a file.
The Parquet copies go to a new folder and ``parquet`` is a symlink swapped to it in one rename, so
the Parquet tables too are always one whole version.

A publish that fails (a missing mart, a full disk, a kill) leaves the previous version in place
and removes its own partial files; the next publish also sweeps debris a killed one left. The
published files are written read-only: readers cannot change them by accident.
"""

import os
import shutil
import stat
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.lib.landing.tables import quote
from orchestration.resources import duckdb_config

PUBLISHED_FILE = "sinergi.duckdb"
# The published file is opened by BI drivers that bundle their own, often older, DuckDB; the
# 1.0 storage format is readable by every DuckDB 1.x (the working warehouse may use a newer one).
PUBLISHED_STORAGE_VERSION = "v1.0.0"
PARQUET_DIR = "parquet"
MANIFEST_TABLE = "publish_manifest"
STAGING_PREFIX = ".staging-"
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


class PublishError(RuntimeError):
    """A publish that could not complete; the previous published version is unchanged."""


@dataclass(frozen=True)
class PublishReport:
    version: str
    published_file: Path
    row_counts: dict[str, int]
    content_hashes: dict[str, str]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def content_hash(conn: duckdb.DuckDBPyConnection, table: str) -> str:
    """An order-independent digest of a table's rows over its non-timestamp columns.

    Timestamps in the marts record when the pipeline ran (``ingested_at``, a snapshot's
    ``valid_from``), not what the sources say; every business date is a DATE. So two builds
    from the same inputs have the same hash, however their rows are ordered on disk."""
    columns = [
        name
        for name, kind in conn.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = 'pub' and table_schema = 'main' and table_name = ? "
            "order by ordinal_position",
            [table],
        ).fetchall()
        if not kind.startswith("TIMESTAMP")
    ]
    row = ", ".join(quote(c) for c in columns)
    return conn.execute(
        f"select md5(coalesce(sum(hash(row({row}))::hugeint), 0)::varchar) "
        f"from pub.main.{quote(table)}"
    ).fetchone()[0]


def _sweep(published_dir: Path) -> None:
    """Remove staging files and Parquet folders no longer linked (a killed publish leaves them)."""
    link = published_dir / PARQUET_DIR
    live = link.resolve() if link.is_symlink() else None
    for entry in published_dir.iterdir():
        retired = entry.name.startswith(f"{PARQUET_DIR}.") and entry.resolve() != live
        if not (entry.name.startswith(STAGING_PREFIX) or retired):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _build(
    conn: duckdb.DuckDBPyConnection,
    warehouse_file: Path,
    new_file: Path,
    new_parquet: Path,
    tables: Sequence[str],
    version: str,
) -> tuple[dict[str, int], dict[str, str]]:
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
        raise PublishError(f"cannot publish: marts missing from the warehouse: {missing}")
    storage = _literal(PUBLISHED_STORAGE_VERSION)
    conn.execute(f"attach {_literal(str(new_file))} as pub (storage_version {storage})")
    row_counts: dict[str, int] = {}
    hashes: dict[str, str] = {}
    for table in sorted(tables):
        source = f"wh.{quote(located[table])}.{quote(table)}"
        conn.execute(f"create table pub.main.{quote(table)} as select * from {source}")
        row_counts[table] = conn.execute(
            f"select count(*) from pub.main.{quote(table)}"
        ).fetchone()[0]
        hashes[table] = content_hash(conn, table)
        parquet = new_parquet / f"{table}.parquet"
        conn.execute(f"copy (select * from {source}) to {_literal(str(parquet))} (format parquet)")
    conn.execute(
        f"create table pub.main.{MANIFEST_TABLE} (version varchar, table_name varchar, "
        "row_count bigint, content_hash varchar, published_at timestamp with time zone)"
    )
    published_at = datetime.now(UTC)
    conn.executemany(
        f"insert into pub.main.{MANIFEST_TABLE} values (?, ?, ?, ?, ?)",
        [(version, t, n, hashes[t], published_at) for t, n in row_counts.items()],
    )
    conn.execute("checkpoint pub")
    conn.execute("detach pub")
    conn.execute("detach wh")
    return row_counts, hashes


def _swap_parquet(published_dir: Path, staged: Path, staging_id: str) -> None:
    """Move the staged folder to ``parquet.<id>`` and point ``parquet`` at it in one rename."""
    folder = published_dir / f"{PARQUET_DIR}.{staging_id}"
    os.replace(staged, folder)
    link = published_dir / PARQUET_DIR
    if link.exists() and not link.is_symlink():  # a real folder from before Parquet was versioned
        shutil.rmtree(link)
    temporary_link = published_dir / f"{STAGING_PREFIX}{staging_id}.link"
    temporary_link.symlink_to(folder.name)
    os.replace(temporary_link, link)


def publish_marts(
    warehouse_file: Path, published_dir: Path, tables: Sequence[str], version: str | None = None
) -> PublishReport:
    """Copy ``tables`` (found in the warehouse's core/analytics schemas) to the published file
    under their own names in the default schema, plus one Parquet file each, plus
    ``publish_manifest`` (version, table, rows, content hash). Raises PublishError, with the
    previous version left in place, if a table is missing or writing fails (a full disk)."""
    version = version or datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    published_dir.mkdir(parents=True, exist_ok=True)
    _sweep(published_dir)
    staging_id = uuid.uuid4().hex
    new_file = published_dir / f"{STAGING_PREFIX}{staging_id}.duckdb"
    new_parquet = published_dir / f"{STAGING_PREFIX}{staging_id}.parquet"
    new_parquet.mkdir()
    conn = duckdb.connect(config=duckdb_config())
    try:
        row_counts, hashes = _build(conn, warehouse_file, new_file, new_parquet, tables, version)
    except BaseException as error:
        conn.close()
        _sweep(published_dir)
        if isinstance(error, PublishError):
            raise
        if isinstance(error, (duckdb.Error, OSError)):
            raise PublishError(
                f"cannot publish to {published_dir}: {error}. The previously published version "
                "is unchanged; free disk space there (or fix the error) and run again."
            ) from error
        raise
    conn.close()
    for written in [new_file, *new_parquet.iterdir()]:
        written.chmod(READ_ONLY)
        _fsync(written)
    _fsync(new_parquet)
    _swap_parquet(published_dir, new_parquet, staging_id)
    os.replace(new_file, published_dir / PUBLISHED_FILE)
    _fsync(published_dir)
    _sweep(published_dir)  # the Parquet folder of the previous version
    return PublishReport(version, published_dir / PUBLISHED_FILE, row_counts, hashes)
