"""Publish marts for readers: a new DuckDB file and Parquet files swapped into place atomically.

BI tools hold the published file open read-only all day, and DuckDB refuses a reader while a writer
holds the same file. So the working warehouse is never shown to readers: each publish builds a
complete new file beside the old one and renames it over it. A reader with the old file open keeps a
consistent old snapshot; a reader that opens afterwards sees the new one; nobody sees half a file.
The Parquet copies go to a new folder and ``parquet`` is a symlink swapped to it in one rename, so
the Parquet tables too are always one whole version.

A publish costs what changed: the new file starts as a copy of the published one, a table whose
content hash is the same is left as it is and its Parquet hard-linked, and the big incremental
marts (``Delta``) take only the rows their last build replaced, with only the Parquet months those
rows fall in written again (the price fact and the regional deviations are partitioned by month:
``parquet/<table>/month=YYYY-MM/<table>.parquet``). Row-hash sums are additive, so a table's content
hash follows its changes and equals the hash of a whole copy.

A publish that fails (a missing mart, a full disk, a kill) leaves the previous version in place
and removes its own partial files; the next publish also sweeps debris a killed one left. The
published files are written read-only: readers cannot change them by accident.
"""

import hashlib
import os
import shutil
import stat
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
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
    published_how: dict[str, str] = field(default_factory=dict)  # unchanged, changes, copied


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Delta:
    """How an incremental mart is published by its changes: the rows whose ``watermark`` is newer
    than the published copy's replace the published rows with the same ``keys`` (the model's
    unique key), and, for a table ``partitioned`` by a date column, only the Parquet files of the
    months those rows fall in are written again."""

    watermark: str
    keys: tuple[str, ...]
    partitioned: str | None = None


def _hashed_columns(conn: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str):
    return [
        name
        for name, kind in conn.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = ? and table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [catalog, schema, table],
        ).fetchall()
        if not kind.startswith("TIMESTAMP")
    ]


def row_hash_sum(conn: duckdb.DuckDBPyConnection, relation: str, columns: Sequence[str]) -> int:
    """The sum of the rows' hashes over ``columns``: order-independent, and additive, so a
    table's sum can follow its changes (minus the rows removed, plus the rows added).

    Timestamps in the marts record when the pipeline ran (``ingested_at``, a snapshot's
    ``valid_from``), not what the sources say; every business date is a DATE. So two builds
    from the same inputs have the same hash, however their rows are ordered on disk."""
    row = ", ".join(quote(c) for c in columns)
    return int(
        conn.execute(
            f"select coalesce(sum(hash(row({row}))::hugeint), 0) from {relation}"
        ).fetchone()[0]
    )


def digest(hash_sum: int) -> str:
    """The manifest's content hash of a table with this row-hash sum."""
    return hashlib.md5(str(hash_sum).encode()).hexdigest()


def _sweep(published_dir: Path) -> None:
    """Remove staging files and Parquet folders no longer linked (a killed publish leaves them)."""
    link = published_dir / PARQUET_DIR
    live = link.resolve() if link.is_symlink() else None
    for entry in published_dir.iterdir():
        retired = entry.name.startswith(f"{PARQUET_DIR}.") and entry.resolve() != live
        if not (entry.name.startswith(STAGING_PREFIX) or retired):
            continue
        if entry.is_dir() and not entry.is_symlink():
            _writable(entry)
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _writable(folder: Path) -> None:
    """Published folders are read-only: make a retired one removable."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(stat.S_IRWXU)


@dataclass
class _Previous:
    """What the published version holds: its file, its Parquet folder and its manifest."""

    file: Path
    parquet: Path
    sums: dict[str, int]  # table -> row-hash sum
    columns: dict[str, list[tuple[str, str]]]  # table -> (column, type)

    @classmethod
    def read(cls, published_dir: Path) -> "_Previous | None":
        file, link = published_dir / PUBLISHED_FILE, published_dir / PARQUET_DIR
        if not (file.exists() and link.is_symlink()):
            return None
        try:
            conn = duckdb.connect(str(file), read_only=True)
        except duckdb.Error:
            return None
        try:
            manifest = conn.execute(
                f"select table_name, content_sum from {MANIFEST_TABLE}"
            ).fetchall()
            columns: dict[str, list[tuple[str, str]]] = {}
            for table, name, kind in conn.execute(
                "select table_name, column_name, data_type from information_schema.columns "
                "where table_schema = 'main' order by table_name, ordinal_position"
            ).fetchall():
                columns.setdefault(table, []).append((name, kind))
        except duckdb.Error:  # a version from before the sums were kept: publish it whole
            return None
        finally:
            conn.close()
        return cls(file, link.resolve(), {t: int(s) for t, s in manifest}, columns)


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _month_partitions(
    conn, relation: str, column: str, where: str, folder: Path, table: str, months
) -> None:
    """Write ``relation``'s rows of ``months`` to
    ``folder/<table>/month=YYYY-MM/<table>.parquet`` (hive partitions readers can filter on).
    Each month is a date range on the column, not a function of it, so DuckDB can skip the row
    groups of other months in a table stored in period order (the price fact is, in a few runs
    of files: ``landing.merge._sorted_runs``; the regional deviations are not yet). A
    ``strftime`` filter made every month a scan of the whole table: at ten years, 120 scans of
    each."""
    for month in months:
        target = folder / table / f"month={month}" / f"{table}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        year, number = (int(part) for part in month.split("-"))
        start, end = date(year, number, 1), date(year + number // 12, number % 12 + 1, 1)
        in_month = (
            f"{quote(column)} >= date {_literal(start.isoformat())} "
            f"and {quote(column)} < date {_literal(end.isoformat())}"
        )
        conn.execute(
            f"copy (select * from {relation} where {where} and {in_month}) "
            f"to {_literal(str(target))} (format parquet)"
        )


def _months(conn, relation: str, column: str, where: str = "true") -> set[str]:
    return {
        m.strftime("%Y-%m")
        for (m,) in conn.execute(
            f"select distinct cast(date_trunc('month', {quote(column)}) as date) "
            f"from {relation} where {where}"
        ).fetchall()
        if m is not None
    }


def _build(
    conn: duckdb.DuckDBPyConnection,
    warehouse_file: Path,
    new_file: Path,
    new_parquet: Path,
    tables: Sequence[str],
    version: str,
    deltas: dict[str, Delta],
    previous: "_Previous | None",
) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
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
    if previous is not None:  # start from the published version; replace what changed
        shutil.copyfile(previous.file, new_file)
        new_file.chmod(stat.S_IRUSR | stat.S_IWUSR)
        conn.execute(f"attach {_literal(str(new_file))} as pub")
    else:
        storage = _literal(PUBLISHED_STORAGE_VERSION)
        conn.execute(f"attach {_literal(str(new_file))} as pub (storage_version {storage})")
    row_counts: dict[str, int] = {}
    sums: dict[str, int] = {}
    how: dict[str, str] = {}
    for table in sorted(tables):
        source = f"wh.{quote(located[table])}.{quote(table)}"
        target = f"pub.main.{quote(table)}"
        columns = conn.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = 'wh' and table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [located[table], table],
        ).fetchall()
        hashed = [c for c, kind in columns if not kind.startswith("TIMESTAMP")]
        same_shape = previous is not None and previous.columns.get(table) == columns
        delta = deltas.get(table)
        if same_shape and delta is not None and table in previous.sums:
            sums[table], how[table] = _apply_delta(
                conn, table, source, target, delta, hashed, previous, new_parquet
            )
        else:
            wh_sum = row_hash_sum(conn, source, hashed)
            if same_shape and previous.sums.get(table) == wh_sum:
                _keep_parquet(previous.parquet, new_parquet, table)
                how[table] = "unchanged"
            else:
                conn.execute(f"create or replace table {target} as select * from {source}")
                _write_parquet(conn, target, table, new_parquet, delta)
                how[table] = "copied"
            sums[table] = wh_sum
        row_counts[table] = conn.execute(f"select count(*) from {target}").fetchone()[0]
    for stale in set(previous.columns if previous else ()) - set(tables) - {MANIFEST_TABLE}:
        conn.execute(f"drop table if exists pub.main.{quote(stale)}")
    conn.execute(f"drop table if exists pub.main.{MANIFEST_TABLE}")
    conn.execute(
        f"create table pub.main.{MANIFEST_TABLE} (version varchar, table_name varchar, "
        "row_count bigint, content_hash varchar, content_sum varchar, published_how varchar, "
        "published_at timestamp with time zone)"
    )
    published_at = datetime.now(UTC)
    hashes = {t: digest(s) for t, s in sums.items()}
    conn.executemany(
        f"insert into pub.main.{MANIFEST_TABLE} values (?, ?, ?, ?, ?, ?, ?)",
        [
            (version, t, n, hashes[t], str(sums[t]), how[t], published_at)
            for t, n in row_counts.items()
        ],
    )
    conn.execute("checkpoint pub")
    conn.execute("detach pub")
    conn.execute("detach wh")
    return row_counts, hashes, how


def _keep_parquet(previous: Path, new_parquet: Path, table: str) -> None:
    """An unchanged table's Parquet: the previous version's files, hard-linked."""
    single = previous / f"{table}.parquet"
    if single.exists():
        _link_or_copy(single, new_parquet / single.name)
    for part in (previous / table).rglob("*.parquet") if (previous / table).is_dir() else ():
        _link_or_copy(part, new_parquet / part.relative_to(previous))


def _write_parquet(conn, relation: str, table: str, new_parquet: Path, delta) -> None:
    if delta is not None and delta.partitioned:
        months = _months(conn, relation, delta.partitioned)
        _month_partitions(conn, relation, delta.partitioned, "true", new_parquet, table, months)
    else:
        target = new_parquet / f"{table}.parquet"
        conn.execute(f"copy (select * from {relation}) to {_literal(str(target))} (format parquet)")


def _apply_delta(
    conn, table, source, target, delta: Delta, hashed, previous: _Previous, new_parquet: Path
) -> tuple[int, str]:
    """Replace in the published copy the rows of the keys the working table rebuilt since the
    copy's watermark; keep the row-hash sum and the Parquet months in step. Falls back to a whole
    copy when the counts then disagree (keys that vanished, a table rebuilt another way)."""
    mark = quote(delta.watermark)
    (published_mark,) = conn.execute(f"select max({mark}) from {target}").fetchone()
    newer = f"{mark} > {_literal(str(published_mark))}" if published_mark is not None else "true"
    keys = ", ".join(quote(k) for k in delta.keys)
    conn.execute(f"create or replace temp table _delta as select * from {source} where {newer}")
    conn.execute(f"create or replace temp table _delta_keys as select distinct {keys} from _delta")
    removed_where = f"({keys}) in (select {keys} from _delta_keys)"
    conn.execute(
        f"create or replace temp table _removed as select * from {target} where {removed_where}"
    )
    months = set()
    if delta.partitioned:
        months = _months(conn, "_removed", delta.partitioned) | _months(
            conn, "_delta", delta.partitioned
        )
    removed = row_hash_sum(conn, "_removed", hashed)
    added = row_hash_sum(conn, "_delta", hashed)
    conn.execute(f"delete from {target} where {removed_where}")
    conn.execute(f"insert into {target} select * from _delta")
    total = previous.sums[table] - removed + added
    counts = conn.execute(
        f"select (select count(*) from {target}), (select count(*) from {source})"
    ).fetchone()
    for scratch in ("_delta", "_delta_keys", "_removed"):
        conn.execute(f"drop table {scratch}")
    if counts[0] != counts[1]:
        conn.execute(f"create or replace table {target} as select * from {source}")
        _write_parquet(conn, target, table, new_parquet, delta)
        return row_hash_sum(conn, target, hashed), "copied"
    if delta.partitioned:
        _keep_parquet(previous.parquet, new_parquet, table)
        for month in months:  # the months the change touched are written again
            stale = new_parquet / table / f"month={month}"
            if stale.exists():
                shutil.rmtree(stale)
        _month_partitions(conn, target, delta.partitioned, "true", new_parquet, table, months)
    else:
        _write_parquet(conn, target, table, new_parquet, None)
    return total, f"changes ({len(months)} months)" if delta.partitioned else "changes"


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
    warehouse_file: Path,
    published_dir: Path,
    tables: Sequence[str],
    version: str | None = None,
    deltas: dict[str, Delta] | None = None,
) -> PublishReport:
    """Publish ``tables`` (found in the warehouse's core/analytics schemas) under their own names
    in the default schema of a new file, plus their Parquet copies, plus ``publish_manifest``
    (version, table, rows, content hash, how it was published). The new file starts as a copy of
    the published one: a table whose content hash did not change is kept as it is (its Parquet
    hard-linked), a table with a ``Delta`` gets only its changes, the rest is copied whole.
    Raises PublishError, with the previous version left in place, if a table is missing or
    writing fails (a full disk)."""
    version = version or datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    published_dir.mkdir(parents=True, exist_ok=True)
    _sweep(published_dir)
    previous = _Previous.read(published_dir)
    staging_id = uuid.uuid4().hex
    new_file = published_dir / f"{STAGING_PREFIX}{staging_id}.duckdb"
    new_parquet = published_dir / f"{STAGING_PREFIX}{staging_id}.parquet"
    new_parquet.mkdir()
    conn = duckdb.connect(config=duckdb_config())
    try:
        row_counts, hashes, how = _build(
            conn, warehouse_file, new_file, new_parquet, tables, version, deltas or {}, previous
        )
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
    for written in [new_file, *(p for p in new_parquet.rglob("*") if p.is_file())]:
        written.chmod(READ_ONLY)
        _fsync(written)
    for folder in sorted((p for p in new_parquet.rglob("*") if p.is_dir()), reverse=True):
        folder.chmod(READ_ONLY | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    _fsync(new_parquet)
    _swap_parquet(published_dir, new_parquet, staging_id)
    os.replace(new_file, published_dir / PUBLISHED_FILE)
    _fsync(published_dir)
    _sweep(published_dir)  # the Parquet folder of the previous version
    return PublishReport(version, published_dir / PUBLISHED_FILE, row_counts, hashes, how)
