"""One family's landing in a run: find its files, skip what the log has seen, land the rest.

Files whose layout has a set-based reader (``BatchReader``) are landed together, in one batch per
layout; the others one at a time by their Python reader. Either way each file lands whole or not
at all, with its quarantine rows and its log entry, and the report says what happened to each.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import duckdb

from sources.common.contract import ContractError

from .discovery import FeedFile, FeedRoot, discover
from .ingest_log import LandingOutcome, ensure_log, landed_files
from .report import FamilyReport


class BatchReader(Protocol):
    """A set-based reader: ``claims`` says which files it takes (by their first bytes);
    ``land`` lands all of them, with their log entries, and says what happened to each."""

    def claims(self, feed_file: FeedFile) -> bool: ...

    def land(
        self,
        conn: duckdb.DuckDBPyConnection,
        files: list[tuple[FeedFile, str]],
        ingested_at: datetime,
        seeds_fingerprint: str,
    ) -> list[LandingOutcome]: ...


@dataclass(frozen=True)
class FamilyLander:
    """How one landing folder is read: which files are its, the per-file reader and lander, the
    set-based readers, and the fingerprint of the seeds its readers resolve with."""

    family: str
    accepts: Callable[[Path], bool]
    read: Callable[[FeedFile], object]
    land: Callable[
        [duckdb.DuckDBPyConnection, FeedFile, str, object, datetime, str], LandingOutcome
    ]
    batch_readers: Sequence[BatchReader] = ()
    seeds_fingerprint: str = ""


def _outside(feed_file: FeedFile) -> ContractError:
    return ContractError(
        f"{feed_file.source_file}: refused, it links to {feed_file.path.resolve()}, outside the "
        f"{feed_file.family}/ folder; copy the file itself into the folder"
    )


def land_family(
    conn: duckdb.DuckDBPyConnection,
    roots: Sequence[FeedRoot],
    lander: FamilyLander,
    ingested_at: datetime,
    reload_all: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> FamilyReport:
    """Land every ready file of the family that is new, changed, or was read with other seeds
    (every file with ``reload_all``); files still being written are reported, not read."""
    ensure_log(conn)
    discovery = discover(roots, lander.family, lander.accepts)
    report = FamilyReport(
        lander.family,
        waiting=[f.source_file for f in discovery.waiting],
        seeds_fingerprint=lander.seeds_fingerprint,
    )
    for feed_file in discovery.waiting:
        log(f"{feed_file.source_file}: still being written; a later run reads it")
    batches: dict[int, list[tuple[FeedFile, str]]] = {}
    landed = landed_files(conn, lander.family, lander.seeds_fingerprint)
    for feed_file in discovery.ready:
        if feed_file.outside_root:
            report.outcomes.append(
                lander.land(conn, feed_file, "", _outside(feed_file), ingested_at, "")
            )
            continue
        last = None if reload_all else landed.get(feed_file.source_file)
        if last is not None and last.found_unchanged(feed_file):
            report.unchanged.append(feed_file.source_file)
            continue
        sha256 = feed_file.sha256()
        if last is not None and last.sha256 == sha256:  # touched, or copied back, not changed
            report.unchanged.append(feed_file.source_file)
            continue
        reader = next((i for i, b in enumerate(lander.batch_readers) if b.claims(feed_file)), None)
        if reader is not None:
            batches.setdefault(reader, []).append((feed_file, sha256))
            continue
        try:
            result = lander.read(feed_file)
        except ContractError as error:
            result = error
        outcome = lander.land(
            conn, feed_file, sha256, result, ingested_at, lander.seeds_fingerprint
        )
        report.outcomes.append(outcome)
        log(_line(outcome))
    for index, files in batches.items():
        outcomes = lander.batch_readers[index].land(
            conn, files, ingested_at, lander.seeds_fingerprint
        )
        report.outcomes.extend(outcomes)
        # one message for the batch, a line per file: each message is a write to the run's
        # event log, and a batch can hold hundreds of files
        log("\n".join(_line(outcome) for outcome in outcomes))
    return report


def _line(outcome: LandingOutcome) -> str:
    return (
        f"{outcome.source_file}: {outcome.status}, {outcome.rows_landed} rows, "
        f"{outcome.rows_duplicate} duplicates, {outcome.rows_quarantined} quarantined "
        f"{outcome.message}"
    ).rstrip()
