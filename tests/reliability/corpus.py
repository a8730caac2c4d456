"""Landing one file into a copy of a small warehouse and saying exactly what changed.

The bad-input corpus mutates real snapshot files and lands each mutation through the same
functions the ingest assets call. A landing is judged on three things: the outcome (landed,
refused, or not picked up), the quarantine rows naming the file, and that no row of any other file
changed anywhere in the warehouse (raw tables, quarantine, ingest log).
"""

import io
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from openpyxl import Workbook, load_workbook

from orchestration.defs.ingest.agreements import land_agreement_files, prepare_agreement_tables
from orchestration.defs.ingest.prices import land_price_files, prepare_price_tables
from orchestration.defs.ingest.statistics import land_statistics_files, prepare_statistics_tables
from orchestration.lib.landing.discovery import FeedRoot
from orchestration.lib.landing.ingest_log import LandingOutcome
from orchestration.lib.landing.tables import quote
from sources.common.paths import REPO_ROOT

PRICES = REPO_ROOT / "sources/prices/data"
STATISTICS = REPO_ROOT / "sources/bps/data/bps"
AGREEMENTS = REPO_ROOT / "sources/agreements/data/agreements"
WFP_FIXTURE = REPO_ROOT / "tests/fixtures/prices/wfp_market_hdx.csv"

# Files already in the warehouse before each case lands, under a root of their own.
BASELINE_FILES = {
    "pihps/kalimantan-barat/kota-singkawang/2024.xlsx": PRICES
    / "pihps/kalimantan-barat/kota-singkawang/2024.xlsx",
    "bps/lampung/konsumsi_pangan.csv": STATISTICS / "lampung/konsumsi_pangan.csv",
    "agreements/kerja_sama_antar_daerah_pangan.csv": AGREEMENTS
    / "kerja_sama_antar_daerah_pangan.csv",
}
FAMILY_SCHEMAS = {"pihps": "prices", "bapanas": "prices", "wfp": "prices", "bps": "bps"}


def land(conn: duckdb.DuckDBPyConnection, root: FeedRoot, family: str) -> list[LandingOutcome]:
    """Land every new file of ``family`` under ``root``, as the family's ingest asset does."""
    now = datetime.now(UTC)
    if family in ("pihps", "bapanas", "wfp"):
        return land_price_files(conn, [root], family, now).outcomes
    if family == "bps":
        return land_statistics_files(conn, [root], now).outcomes
    return land_agreement_files(conn, [root], family, now).outcomes


def build_baseline(folder: Path) -> Path:
    """A warehouse with every raw table, holding the baseline files, under ``folder``."""
    snapshot = folder / "snapshot"
    for relative, source in BASELINE_FILES.items():
        (snapshot / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, snapshot / relative)
    warehouse = folder / "baseline.duckdb"
    conn = duckdb.connect(str(warehouse))
    prepare_price_tables(conn)
    prepare_statistics_tables(conn)
    prepare_agreement_tables(conn)
    root = FeedRoot(snapshot, folder)
    for family in ("pihps", "bps", "agreements"):
        assert all(o.status == "landed" for o in land(conn, root, family))
    conn.close()
    return warehouse


def other_files_digest(conn: duckdb.DuckDBPyConnection, source_file: str) -> dict[str, str]:
    """Per table of the raw, quarantine and meta schemas: a digest of the rows that do not come
    from ``source_file`` (touched_periods is bookkeeping of the landing itself and left out)."""
    tables = conn.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema like 'raw_%' or table_schema in ('quarantine', 'meta') "
        "order by all"
    ).fetchall()
    digests = {}
    for schema, table in tables:
        if table == "touched_periods":
            continue
        columns = [
            c
            for (c,) in conn.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? and column_name not in "
                "('ingested_at', 'quarantined_at') order by ordinal_position",
                [schema, table],
            ).fetchall()
        ]
        row = ", ".join(quote(c) for c in columns)
        digests[f"{schema}.{table}"] = conn.execute(
            f"select count(*), coalesce(sum(hash(row({row}))::hugeint), 0) "
            f"from {quote(schema)}.{quote(table)} where source_file is distinct from ?",
            [source_file],
        ).fetchone()
    return digests


@dataclass
class Landing:
    """What landing one case's file did."""

    warehouse: Path
    outcomes: list[LandingOutcome]
    quarantine: list[tuple]  # (source_row, column_name, value, rule) for the file
    log: list[tuple]  # (status, sha256, reader, rows_landed, rows_quarantined) for the file
    others_before: dict
    others_after: dict


def land_case(
    baseline: Path,
    folder: Path,
    family: str,
    target: str,
    write: Callable[[Path], None],
    settle_seconds: float = 0.0,
) -> Landing:
    """Copy the baseline warehouse, write the case's file to ``landing/<target>`` and land it."""
    folder.mkdir(parents=True, exist_ok=True)
    warehouse = folder / "case.duckdb"
    shutil.copy(baseline, warehouse)
    landing = folder / "landing"
    path = landing / target
    path.parent.mkdir(parents=True, exist_ok=True)
    write(path)
    source_file = f"landing/{target}"
    conn = duckdb.connect(str(warehouse))
    before = other_files_digest(conn, source_file)
    outcomes = land(conn, FeedRoot(landing, folder, settle_seconds), family)
    quarantine_table = FAMILY_SCHEMAS.get(family, "agreements")
    quarantine = conn.execute(
        f"select source_row, column_name, value, rule from quarantine.{quarantine_table} "
        "where source_file = ? order by source_row nulls first, column_name",
        [source_file],
    ).fetchall()
    log = conn.execute(
        "select status, sha256, reader, rows_landed, rows_quarantined from meta.ingest_log "
        "where source_file = ?",
        [source_file],
    ).fetchall()
    after = other_files_digest(conn, source_file)
    conn.close()
    return Landing(warehouse, outcomes, quarantine, log, before, after)


# -- writing mutated copies of real files ---------------------------------------------------------


@dataclass(frozen=True)
class TextEdit:
    """A CSV rewritten line by line: ``edit(lines) -> lines``, then encoded as asked."""

    edit: Callable[[list[str]], list[str]] = lambda lines: lines
    encoding: str = "utf-8"
    newline: str = "\n"

    def write(self, source: Path, target: Path) -> None:
        lines = source.read_text(encoding="utf-8-sig").splitlines()
        text = self.newline.join(self.edit(lines)) + self.newline
        target.write_bytes(text.encode(self.encoding))


@dataclass(frozen=True)
class SheetEdit:
    """An xlsx re-saved by openpyxl after ``edit(workbook)`` (identity for the clean copy)."""

    edit: Callable[[Workbook], None] = lambda workbook: None

    def write(self, source: Path, target: Path) -> None:
        workbook = load_workbook(source)
        self.edit(workbook)
        buffer = io.BytesIO()
        workbook.save(buffer)
        target.write_bytes(buffer.getvalue())


@dataclass(frozen=True)
class BytesEdit:
    """A file's bytes transformed as they are (truncation, emptiness)."""

    edit: Callable[[bytes], bytes]

    def write(self, source: Path, target: Path) -> None:
        target.write_bytes(self.edit(source.read_bytes()))


def fields(line: str, delimiter: str = ",") -> list[str]:
    return line.split(delimiter)


def set_field(line: str, index: int, value: str, delimiter: str = ",") -> str:
    parts = line.split(delimiter)
    parts[index] = value
    return delimiter.join(parts)


@dataclass(frozen=True)
class Case:
    """One bad (or merely unusual) input and exactly what landing it must do.

    ``status``: landed, refused, or None (not picked up at all). ``message``: text the refusal
    must contain. ``quarantine``: patterns (row or None for any row, column, value fragment, rule
    fragment) that the file's new quarantine rows (those the clean file does not have) must each
    match, every pattern at least once; ``quarantined``: how many such rows (default: one per
    pattern); ``lost``: how many of the clean file's rows do not land; ``duplicates``: how many
    more rows than the clean file's are counted as duplicates; ``landed``: a query on the case's
    warehouse (parameter: the file) and the rows it must return."""

    id: str
    family: str
    source: Path
    target: str
    change: object
    status: str | None
    message: str | tuple[str, ...] = ""
    quarantine: list[tuple] = field(default_factory=list)
    quarantined: int | None = None
    lost: int = 0
    duplicates: int = 0
    settle_seconds: float = 0.0
    landed: tuple[str, list[tuple]] | None = None


@dataclass(frozen=True)
class LinkOut:
    """A symlink in the landing folder to a copy of the file outside it, by absolute path or
    by a relative ``../..`` path."""

    relative: bool = False

    def write(self, source: Path, target: Path) -> None:
        outside = target.parents[2] / "outside" / target.name
        outside.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, outside)
        target.symlink_to(os.path.relpath(outside, target.parent) if self.relative else outside)


@dataclass(frozen=True)
class FolderLinkOut:
    """A symlinked folder in the landing folder leading to files outside it."""

    def write(self, source: Path, target: Path) -> None:
        outside = target.parents[3] / "outside-folder"
        outside.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, outside / target.name)
        target.parent.rmdir()
        target.parent.symlink_to(outside, target_is_directory=True)


@dataclass(frozen=True)
class StillCopying:
    """The file as a copy in progress leaves it: the first part, modified just now."""

    def write(self, source: Path, target: Path) -> None:
        data = source.read_bytes()
        target.write_bytes(data[: len(data) // 3])
        os.utime(target)


@dataclass(frozen=True)
class ZipBomb:
    """A real workbook whose sheet is replaced by ``megabytes`` of blanks that deflate a
    thousandfold: small on disk, huge unpacked."""

    megabytes: int = 300

    def write(self, source: Path, target: Path) -> None:
        with (
            zipfile.ZipFile(source) as real,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bomb,
        ):
            for member in real.infolist():
                if member.filename != "xl/worksheets/sheet1.xml":
                    bomb.writestr(member, real.read(member))
                    continue
                with bomb.open(member.filename, "w", force_zip64=True) as sheet:
                    sheet.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                    block = b" " * (1 << 20)
                    for _ in range(self.megabytes):
                        sheet.write(block)
                    sheet.write(b"</sheetData></worksheet>")
