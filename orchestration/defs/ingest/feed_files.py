"""Landing feed files (prices, statistics, agreements) one file at a time, idempotently.

A file is identified by its path relative to its root (the bundled snapshot or the landing
folder) and its sha256. ``meta.ingest_log`` remembers what was landed, so a run only reads files
that are new or changed, and landing the same file twice changes nothing. Landing a file replaces
its earlier rows in one transaction with its quarantine rows and its log entry: a crash leaves the
file either fully landed or not at all.

Observations that another file already landed with the same value are counted, not stored twice
(PIHPS repeats the national average in every province's workbook); the same observation with a
different value is a conflict and goes to quarantine naming both files.
"""

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import duckdb
import polars as pl

from orchestration.defs.ingest.raw_tables import ensure_quarantine, quote
from orchestration.resources import LandingResource
from sources.common.contract import ContractError, ReadResult, reader_of
from sources.common.paths import REPO_ROOT, display_path

META_SCHEMA = "meta"
INGEST_LOG = f"{META_SCHEMA}.ingest_log"


@dataclass(frozen=True)
class FeedRoot:
    """A folder with one subfolder per family. ``display_root`` is what file names are relative
    to (the repository for the bundled snapshot, the landing folder's parent for dropped files),
    so the bundled ``sources/prices/data/pihps/...`` and a dropped ``landing/pihps/...`` never
    share a name. Files modified less than ``settle_seconds`` ago are still being copied and wait
    for a later run (the landing folder); the bundled snapshot is complete by construction."""

    folder: Path
    display_root: Path
    settle_seconds: float = 0.0


def feed_roots(bundled_dir: Path, landing: LandingResource) -> list[FeedRoot]:
    """Where a run looks for a family's files: the bundled snapshot, then the landing folder."""
    return [
        FeedRoot(bundled_dir, REPO_ROOT),
        FeedRoot(landing.root, landing.root.parent, landing.settle_seconds),
    ]


@dataclass(frozen=True)
class FeedFile:
    """A file of a family found under a root. ``outside_root`` marks a link that leads out of the
    root (a symlink to ``/etc/...`` or ``../..``): it is refused and never read."""

    path: Path
    display_root: Path
    family: str
    outside_root: bool = False

    @property
    def source_file(self) -> str:
        # the folder is resolved, the name is not: a link is named as the link, not its target
        folder = PurePosixPath(display_path(self.path.parent, self.display_root))
        return (folder / self.path.name).as_posix()

    @property
    def size_bytes(self) -> int:
        return (self.path.lstat() if self.outside_root else self.path.stat()).st_size

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with open(self.path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


class Discovery(NamedTuple):
    ready: list[FeedFile]
    settling: list[FeedFile]  # still being written: left for a later run


@dataclass(frozen=True)
class RawTable:
    """Where a family's rows land and what identifies one observation in them.

    ``touched`` names the columns recorded in ``<schema>.touched_periods`` for every row a
    landing adds or removes, so downstream models recompute only those periods."""

    table: str  # schema.name
    quarantine: str  # quarantine.<this>
    keys: tuple[str, ...]
    value_column: str
    touched: tuple[str, ...]


@dataclass(frozen=True)
class LandingOutcome:
    source_file: str
    status: str  # landed, unchanged, refused
    rows_landed: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    message: str = ""


def discover(
    roots: Sequence[FeedRoot],
    family: str,
    accepts: Callable[[Path], bool],
    now: float | None = None,
) -> Discovery:
    """Every file of ``family`` under ``<root>/<family>/`` for each root, in a stable order,
    split into files ready to read and files still being written."""
    now = time.time() if now is None else now
    ready, settling = [], []
    for root in roots:
        folder = root.folder / family
        if not folder.is_dir():
            continue
        inside = folder.resolve()
        for path in sorted(folder.rglob("*")):
            if not (path.is_file() and accepts(path)):
                continue
            outside = not path.resolve().is_relative_to(inside)
            feed_file = FeedFile(path, root.display_root, family, outside)
            young = not outside and now - path.stat().st_mtime < root.settle_seconds
            (settling if young else ready).append(feed_file)
    return Discovery(ready, settling)


def land_new_files(
    conn: duckdb.DuckDBPyConnection,
    roots: Sequence[FeedRoot],
    family: str,
    accepts: Callable[[Path], bool],
    read: Callable[[FeedFile], object],
    land: Callable[[FeedFile, str, object], LandingOutcome],
    reload_all: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> tuple[Discovery, list[LandingOutcome]]:
    """Find ``family``'s files under ``roots``, then read and land (``land(file, sha256, result
    or ContractError)``) every ready file whose content the log has not seen (all with
    ``reload_all``). A file whose shape breaks its contract, or a link leading out of its folder,
    is refused and logged; the others still land. Files still being written are named in the log
    and left for a later run."""
    discovery = discover(roots, family, accepts)
    files = discovery.ready
    for feed_file in discovery.settling:
        log(
            f"{feed_file.source_file}: modified moments ago, probably still being copied; "
            "it will be read by a later run"
        )
    outcomes = []
    for number, feed_file in enumerate(files, start=1):
        if feed_file.outside_root:
            target = feed_file.path.resolve()
            result: object = ContractError(
                f"{feed_file.source_file}: refused, it links to {target}, outside the "
                f"{feed_file.family}/ folder; copy the file itself into the folder"
            )
            outcomes.append(land(feed_file, "", result))
            log(f"[{feed_file.family} {number}/{len(files)}] {result}")
            continue
        sha256 = feed_file.sha256()
        if not reload_all and already_landed(conn, feed_file, sha256):
            continue
        try:
            result = read(feed_file)
        except ContractError as error:
            result = error
        outcome = land(feed_file, sha256, result)
        outcomes.append(outcome)
        log(
            f"[{feed_file.family} {number}/{len(files)}] {outcome.source_file}: "
            f"{outcome.status}, {outcome.rows_landed} rows, {outcome.rows_duplicate} duplicates, "
            f"{outcome.rows_quarantined} quarantined {outcome.message}"
        )
    return discovery, outcomes


def land_file_tables(
    conn: duckdb.DuckDBPyConnection,
    feed_file: FeedFile,
    sha256: str,
    result: dict[str, ReadResult] | ContractError,
    schema: str,
    quarantine: str,
    ingested_at: datetime,
) -> LandingOutcome:
    """Replace ``feed_file``'s rows in several tables of ``schema`` at once (an agreement and its
    parties, commodities and flows), with its quarantine rows and log entry, in one transaction.
    Nothing is deduplicated here: the same agreement told by two files is linked downstream."""
    source_file = feed_file.source_file
    ensure_log(conn)
    conn.execute("begin transaction")
    try:
        table_q = ensure_quarantine(conn, quarantine)
        conn.execute(f"delete from {table_q} where source_file = ?", [source_file])
        if isinstance(result, ContractError):
            outcome = _refuse(conn, table_q, schema, source_file, result)
        else:
            landed = rejected = 0
            for name, table_result in result.items():
                target = f"{quote(schema)}.{quote(name)}"
                conn.register("incoming_rows", table_result.rows.to_arrow())
                conn.register("incoming_rejects", table_result.rejects.to_arrow())
                conn.execute(f"delete from {target} where source_file = ?", [source_file])
                conn.execute(
                    f"insert into {target} by name select *, ? as ingested_at from incoming_rows",
                    [ingested_at],
                )
                conn.execute(
                    f"insert into {table_q} by name select ? as raw_table, * from incoming_rejects",
                    [f"{schema}.{name}"],
                )
                conn.unregister("incoming_rows")
                conn.unregister("incoming_rejects")
                landed += table_result.rows.height
                rejected += table_result.rejects.height
            outcome = LandingOutcome(
                source_file, "landed", rows_landed=landed, rows_quarantined=rejected
            )
        _log(conn, feed_file, sha256, reader_of(result), outcome, ingested_at)
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    return outcome


def _refuse(
    conn: duckdb.DuckDBPyConnection,
    quarantine: str,
    raw_table: str,
    source_file: str,
    error: ContractError,
) -> LandingOutcome:
    """A whole file refused: one quarantine row saying why, with no row or column."""
    conn.execute(
        f"insert into {quarantine} (raw_table, source_file, source_row, column_name, "
        "value, rule) values (?, ?, null, '<file>', null, ?)",
        [raw_table, source_file, str(error)],
    )
    return LandingOutcome(source_file, "refused", rows_quarantined=1, message=str(error))


def _log(
    conn: duckdb.DuckDBPyConnection,
    feed_file: FeedFile,
    sha256: str,
    reader: str,
    outcome: LandingOutcome,
    ingested_at: datetime,
) -> None:
    conn.execute(
        f"insert into {INGEST_LOG} (family, source_file, size_bytes, sha256, reader, status, "
        "rows_landed, rows_duplicate, rows_quarantined, message, ingested_at) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            feed_file.family,
            feed_file.source_file,
            feed_file.size_bytes,
            sha256,
            reader,
            outcome.status,
            outcome.rows_landed,
            outcome.rows_duplicate,
            outcome.rows_quarantined,
            outcome.message,
            ingested_at,
        ],
    )


def ensure_log(conn: duckdb.DuckDBPyConnection) -> None:
    """One row per file a run looked at: where it is (relative to its root), its size and
    sha256, the reader that read it (or refused it), what landed and what was quarantined, when.
    A log from before ``reader`` was recorded gains the column (null for its old rows)."""
    conn.execute(f"create schema if not exists {META_SCHEMA}")
    conn.execute(
        f"create table if not exists {INGEST_LOG} (family varchar, source_file varchar, "
        "size_bytes bigint, sha256 varchar, status varchar, rows_landed bigint, "
        "rows_duplicate bigint, rows_quarantined bigint, message varchar, "
        "ingested_at timestamp with time zone, reader varchar)"
    )
    conn.execute(f"alter table {INGEST_LOG} add column if not exists reader varchar")


def log_snapshot_files(
    conn: duckdb.DuckDBPyConnection,
    family: str,
    tables: dict[str, ReadResult],
    reader: str,
    ingested_at: datetime,
) -> None:
    """Log the files of a reference snapshot that is read whole every run (the region master):
    one entry per file its tables came from, with the rows and rejects each file gave."""
    ensure_log(conn)
    counts: dict[str, list[int]] = {}
    for result in tables.values():
        for column, frame in ((0, result.rows), (1, result.rejects)):
            for source_file, rows in frame.group_by("source_file").len().rows():
                counts.setdefault(source_file, [0, 0])[column] += rows
    for source_file, (landed, rejected) in sorted(counts.items()):
        path = Path(source_file) if Path(source_file).is_absolute() else REPO_ROOT / source_file
        feed_file = FeedFile(path, REPO_ROOT, family)
        outcome = LandingOutcome(
            source_file, "landed", rows_landed=landed, rows_quarantined=rejected
        )
        _log(conn, feed_file, feed_file.sha256(), reader, outcome, ingested_at)


def already_landed(conn: duckdb.DuckDBPyConnection, feed_file: FeedFile, sha256: str) -> bool:
    """True when the latest log entry for this file has the same content and it landed."""
    row = conn.execute(
        f"select sha256, status from {INGEST_LOG} where family = ? and source_file = ? "
        "order by ingested_at desc limit 1",
        [feed_file.family, feed_file.source_file],
    ).fetchone()
    return row is not None and row[0] == sha256 and row[1] == "landed"


def ensure_raw_table(conn: duckdb.DuckDBPyConnection, raw: RawTable, empty: pl.DataFrame) -> None:
    """Create the raw table and its touched_periods from the contract's empty frame, so that
    downstream models find them even before a family's first file arrives."""
    create_contract_table(conn, raw.table, empty)
    conn.register("contract_rows", empty.to_arrow())
    _record_touched(conn, raw, "contract_rows", "false", [], None)
    conn.unregister("contract_rows")


def create_contract_table(conn: duckdb.DuckDBPyConnection, table: str, empty: pl.DataFrame) -> None:
    """``schema.name`` with the contract's columns and ``ingested_at``. A table landed under an
    older contract gains the new columns (null for files landed before; a full refresh re-reads
    them), so a warehouse survives an upgrade."""
    conn.execute(f"create schema if not exists {quote(table.split('.')[0])}")
    conn.register("contract_rows", empty.to_arrow())
    conn.execute(
        f"create table if not exists {table} as "
        "select *, cast(null as timestamp with time zone) as ingested_at from contract_rows limit 0"
    )
    for name, kind, *_ in conn.execute("describe contract_rows").fetchall():
        conn.execute(f"alter table {table} add column if not exists {quote(name)} {kind}")
    conn.unregister("contract_rows")


def row_count(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows in ``schema.name``, 0 when no file has created it yet."""
    schema, name = table.split(".")
    exists = conn.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()[0]
    return conn.execute(f"select count(*) from {table}").fetchone()[0] if exists else 0


def _keys_equal(left: str, right: str, keys: Sequence[str]) -> str:
    return " and ".join(
        f"coalesce(cast({left}.{quote(k)} as varchar), '') = "
        f"coalesce(cast({right}.{quote(k)} as varchar), '')"
        for k in keys
    )


def land_file(
    conn: duckdb.DuckDBPyConnection,
    feed_file: FeedFile,
    sha256: str,
    result: ReadResult | ContractError,
    raw: RawTable,
    ingested_at: datetime,
) -> LandingOutcome:
    """Replace ``feed_file``'s rows in ``raw.table`` with ``result``, quarantine its rejects and
    log it, all in one transaction. A ContractError refuses the whole file."""
    source_file = feed_file.source_file
    ensure_log(conn)
    conn.execute("begin transaction")
    try:
        quarantine = ensure_quarantine(conn, raw.quarantine)
        conn.execute(f"delete from {quarantine} where source_file = ?", [source_file])
        if isinstance(result, ContractError):
            outcome = _refuse(conn, quarantine, raw.table, source_file, result)
        else:
            outcome = _replace_rows(conn, result, raw, source_file, quarantine, ingested_at)
        _log(conn, feed_file, sha256, reader_of(result), outcome, ingested_at)
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    return outcome


def _record_touched(
    conn: duckdb.DuckDBPyConnection,
    raw: RawTable,
    relation: str,
    where: str,
    params: list,
    ingested_at: datetime | None,
) -> None:
    schema = quote(raw.table.split(".")[0])
    columns = ", ".join(quote(c) for c in raw.touched)
    conn.execute(
        f"create table if not exists {schema}.touched_periods as "
        f"select distinct {columns}, cast(null as timestamp with time zone) as ingested_at "
        f"from {relation} limit 0"
    )
    conn.execute(
        f"insert into {schema}.touched_periods select distinct {columns}, ? "
        f"from {relation} where {where}",
        [ingested_at, *params],
    )


def was_landed(conn: duckdb.DuckDBPyConnection, source_file: str) -> bool:
    """True when some earlier run landed rows from this file (the log is written in the same
    transaction as the rows, so no rows exist without their log entry)."""
    row = conn.execute(
        f"select 1 from {INGEST_LOG} where source_file = ? and status = 'landed' limit 1",
        [source_file],
    ).fetchone()
    return row is not None


def _key_ranges(conn: duckdb.DuckDBPyConnection, keys: Sequence[str]) -> tuple[str, list]:
    """Constant ``between`` filters on the landed table for the batch's key ranges: DuckDB prunes
    row groups by their min/max with them, so checking a file against everything landed reads
    only the row groups that could hold the same keys (a region's file meets its own region),
    not the whole table. Keys with nulls in the batch are not filtered (null matches null)."""
    ranges = conn.execute(
        "select "
        + ", ".join(f"min({quote(k)}), max({quote(k)}), count(*) - count({quote(k)})" for k in keys)
        + " from batch"
    ).fetchone()
    clauses, params = ["true"], []
    for index, key in enumerate(keys):
        low, high, nulls = ranges[3 * index : 3 * index + 3]
        if low is not None and not nulls:
            clauses.append(f"{quote(key)} between ? and ?")
            params += [low, high]
    return " and ".join(clauses), params


def _replace_rows(
    conn: duckdb.DuckDBPyConnection,
    result: ReadResult,
    raw: RawTable,
    source_file: str,
    quarantine: str,
    ingested_at: datetime,
) -> LandingOutcome:
    schema, name = raw.table.split(".")
    keys, value = raw.keys, quote(raw.value_column)
    conn.execute(f"create schema if not exists {quote(schema)}")
    conn.register("incoming_rows", result.rows.to_arrow())
    conn.register("incoming_rejects", result.rejects.to_arrow())
    target = f"{quote(schema)}.{quote(name)}"
    conn.execute(
        f"create table if not exists {target} as "
        "select *, cast(null as timestamp with time zone) as ingested_at "
        "from incoming_rows limit 0"
    )
    if was_landed(conn, source_file):  # a new file has nothing to replace: no full-table scan
        _record_touched(conn, raw, target, "source_file = ?", [source_file], ingested_at)
        conn.execute(f"delete from {target} where source_file = ?", [source_file])
    key_list = ", ".join(quote(k) for k in keys)
    # one row per key in the file: identical repeats collapse, differing values conflict
    conn.execute(
        f"""
        create or replace temp table batch as
        select *,
            count(distinct {value}) over (partition by {key_list}) as values_for_key,
            row_number() over (partition by {key_list} order by source_row) as copy_number
        from incoming_rows
        """
    )
    ranges, range_params = _key_ranges(conn, keys)
    conn.execute(
        f"""
        create or replace temp table batch_vs_landed as
        select batch.*, landed.source_file as landed_file, landed.source_row as landed_row,
            landed.{value} as landed_value
        from batch
        left join (select * from {target} where {ranges}) as landed
            on {_keys_equal("batch", "landed", keys)}
        """,
        range_params,
    )
    rejects_before = result.rejects.height
    conn.execute(
        f"insert into {quarantine} by name select ? as raw_table, * from incoming_rejects",
        [raw.table],
    )
    conflict = f"values_for_key > 1 or (landed_file is not null and landed_value <> {value})"
    new = "values_for_key = 1 and copy_number = 1 and landed_file is null"
    conn.execute(
        f"""
        insert into {quarantine} by name
        select ? as raw_table, source_file, source_row, ? as column_name,
            cast({value} as varchar) as value,
            case
                when values_for_key > 1
                    then 'the file gives different values for the same observation'
                else 'conflicts with ' || landed_file || ' row ' || landed_row
                    || ' (value ' || landed_value || ') for the same observation'
            end as rule
        from batch_vs_landed
        where {conflict}
        """,
        [raw.table, raw.value_column],
    )
    landed = conn.execute(
        f"""
        insert into {target} by name
        select * exclude (values_for_key, copy_number, landed_file, landed_row, landed_value),
            ? as ingested_at
        from batch_vs_landed
        where {new}
        """,
        [ingested_at],
    ).fetchone()[0]
    conflicts = conn.execute(f"select count(*) from batch_vs_landed where {conflict}").fetchone()[0]
    _record_touched(conn, raw, "batch_vs_landed", new, [], ingested_at)
    conn.unregister("incoming_rows")
    conn.unregister("incoming_rejects")
    duplicates = result.rows.height - landed - conflicts
    return LandingOutcome(
        source_file,
        "landed",
        rows_landed=landed,
        rows_duplicate=duplicates,
        rows_quarantined=rejects_before + conflicts,
    )
