"""``meta.ingest_log``: one row per file a run looked at.

Where the file is (relative to its root), its size and sha256, the reader that read or refused
it, the fingerprint of the reference seeds it was read with, what landed, was counted as a
duplicate or quarantined, and when. A file is read again when its content or the seeds change;
its log entry is written in the same transaction as its rows, so no rows exist without one.

Hashing every file on every run would read the whole history (2 GB of Bapanas files at ten years)
to find one new day, so the log also keeps each file's ``stat_key`` as it was found: a file found
with the same one as when it landed is unchanged without being read; any other is hashed, and
read again only if its sha256 differs.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from sources.common.paths import REPO_ROOT

from .discovery import FeedFile

META_SCHEMA = "meta"
INGEST_LOG = f"{META_SCHEMA}.ingest_log"


@dataclass(frozen=True)
class LandingOutcome:
    source_file: str
    status: str  # landed, refused
    rows_landed: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    message: str = ""


def ensure_log(conn: duckdb.DuckDBPyConnection) -> None:
    """The log table; a log from an older Sinergi gains the columns added since (null there)."""
    conn.execute(f"create schema if not exists {META_SCHEMA}")
    conn.execute(
        f"create table if not exists {INGEST_LOG} (family varchar, source_file varchar, "
        "size_bytes bigint, sha256 varchar, status varchar, rows_landed bigint, "
        "rows_duplicate bigint, rows_quarantined bigint, message varchar, "
        "ingested_at timestamp with time zone, reader varchar, seeds_fingerprint varchar, "
        "file_stat varchar)"
    )
    for column in ("reader", "seeds_fingerprint", "file_stat"):
        conn.execute(f"alter table {INGEST_LOG} add column if not exists {column} varchar")


def log_outcome(
    conn: duckdb.DuckDBPyConnection,
    feed_file: FeedFile,
    sha256: str,
    reader: str,
    outcome: LandingOutcome,
    ingested_at: datetime,
    seeds_fingerprint: str = "",
) -> None:
    conn.execute(
        f"insert into {INGEST_LOG} (family, source_file, size_bytes, sha256, reader, status, "
        "rows_landed, rows_duplicate, rows_quarantined, message, ingested_at, seeds_fingerprint, "
        "file_stat) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            seeds_fingerprint,
            feed_file.found_as or None,
        ],
    )


@dataclass(frozen=True)
class Landed:
    """What the log holds of a file whose latest entry landed it: its sha256 and stat_key."""

    sha256: str
    file_stat: str

    def found_unchanged(self, feed_file: FeedFile) -> bool:
        """The file was found as it was when it landed: unchanged, without reading it."""
        return bool(feed_file.found_as) and feed_file.found_as == self.file_stat


def landed_files(
    conn: duckdb.DuckDBPyConnection, family: str, seeds_fingerprint: str = ""
) -> dict[str, Landed]:
    """The files of ``family`` whose latest log entry landed them, read with these reference
    seeds (one query for the family, not one per file)."""
    rows = conn.execute(
        f"select source_file, sha256, coalesce(file_stat, '') from {INGEST_LOG} "
        "where family = ? qualify row_number() over (partition by source_file "
        "order by ingested_at desc) = 1 "
        "and status = 'landed' and coalesce(seeds_fingerprint, '') = ?",
        [family, seeds_fingerprint],
    ).fetchall()
    return {source_file: Landed(sha256, stat) for source_file, sha256, stat in rows}


def was_landed(conn: duckdb.DuckDBPyConnection, source_file: str) -> bool:
    """True when some earlier run landed rows from this file (a new file has nothing to
    replace, so its landing need not scan the raw table for old rows)."""
    row = conn.execute(
        f"select 1 from {INGEST_LOG} where source_file = ? and status = 'landed' limit 1",
        [source_file],
    ).fetchone()
    return row is not None


def log_snapshot_files(
    conn: duckdb.DuckDBPyConnection,
    family: str,
    counts: dict[str, tuple[int, int]],
    reader: str,
    ingested_at: datetime,
) -> None:
    """Log the files of a reference snapshot read whole every run (the region master): one entry
    per file, with the rows landed and quarantined from it (``counts``)."""
    ensure_log(conn)
    for source_file, (landed, rejected) in sorted(counts.items()):
        path = Path(source_file) if Path(source_file).is_absolute() else REPO_ROOT / source_file
        feed_file = FeedFile(path, REPO_ROOT, family)
        outcome = LandingOutcome(
            source_file, "landed", rows_landed=landed, rows_quarantined=rejected
        )
        log_outcome(conn, feed_file, feed_file.sha256(), reader, outcome, ingested_at)
