"""The set-based path: every new file of one tabular layout in a run, landed as one batch.

Per file, only what is cheap: its dialect and header (first bytes, last bytes for a cut-off
row), and what the layout must know before reading it. Then all files' cells are streamed, as
one lazy polars scan of them all, into a Parquet staging file (memory does not grow with the
files), loaded into DuckDB, and the contract is applied to the whole batch in SQL: names
resolved through lookup tables built once from the resolver and the dictionary, the rules of the
pandera model, duplicates and conflicts once per batch (``merge``). The rows, the quarantine and
every file's log entry are written in one transaction: a crash leaves no file half landed.

A file the batch cannot take (its header is another layout's, its region cannot be told from its
name, it is truncated) is not claimed: the per-file reader reads it and refuses it with the reason.
"""

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from sources.common.commodities import CommodityDictionary
from sources.common.contract import ContractError
from sources.common.region_resolver import RegionResolver
from sources.common.text_tables import scan_csv_text, sniff_header
from sources.prices.batch_layouts import LAYOUTS, PriceCsvLayout, batch_cells

from .discovery import FeedFile
from .ingest_log import LandingOutcome, ensure_log, log_outcome, was_landed
from .merge import RawTable, merge_batch, remove_earlier_versions
from .tables import ensure_quarantine
from .transaction import atomic


@dataclass
class PriceCsvBatch:
    """A ``BatchReader`` for one price CSV layout."""

    layout: PriceCsvLayout
    raw: RawTable
    resolver: RegionResolver
    commodities: CommodityDictionary
    order_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._facts: dict[Path, dict[str, str]] = {}

    def claims(self, feed_file: FeedFile) -> bool:
        if feed_file.path.suffix.lower() != ".csv":
            return False
        try:
            if not self.layout.matches(sniff_header(feed_file.path)):
                return False
            self._facts[feed_file.path] = self.layout.facts(feed_file.path, self.resolver)
        except ContractError:
            return False
        return True

    def _stage(self, files: list[tuple[FeedFile, str]], workdir: Path) -> tuple[Path, Path]:
        """Stream every file's rows (with its name, row numbers and the layout's facts about it)
        to one Parquet file, then the layout's cells and rejects of them all to two more: the
        layout runs once over the batch, not once per file."""
        scans = []
        for feed_file, _ in files:
            facts = self._facts[feed_file.path]
            scans.append(
                scan_csv_text(feed_file.path, workdir, feed_file.display_root).with_columns(
                    pl.lit(feed_file.source_file).alias("source_file"),
                    *(pl.lit(value).alias(name) for name, value in facts.items()),
                )
            )
        rows = workdir / "rows.parquet"
        pl.concat(scans, how="diagonal_relaxed").sink_parquet(rows)
        cells, rejects = batch_cells(self.layout, pl.scan_parquet(rows))
        staged_cells, staged_rejects = workdir / "cells.parquet", workdir / "rejects.parquet"
        cells.sink_parquet(staged_cells)
        rejects.sink_parquet(staged_rejects)
        return staged_cells, staged_rejects

    def land(
        self,
        conn: duckdb.DuckDBPyConnection,
        files: list[tuple[FeedFile, str]],
        ingested_at: datetime,
        seeds_fingerprint: str,
    ) -> list[LandingOutcome]:
        ensure_log(conn)
        names = [f.source_file for f, _ in files]
        with tempfile.TemporaryDirectory(prefix="sinergi-batch-") as folder:
            staged_cells, staged_rejects = self._stage(files, Path(folder))
            with atomic(conn):
                quarantine = ensure_quarantine(conn, self.raw.quarantine)
                conn.execute(
                    "create or replace temp table _batch_files (source_file varchar, "
                    "file_order integer)"
                )
                conn.executemany(
                    "insert into _batch_files values (?, ?)", [[n, i] for i, n in enumerate(names)]
                )
                conn.execute(
                    f"delete from {quarantine} "
                    "where source_file in (select source_file from _batch_files)"
                )
                replaced = [n for n in names if was_landed(conn, n)]
                remove_earlier_versions(conn, self.raw, replaced, ingested_at)
                # a view: the contract reads the staged Parquet where it needs it, and the
                # batch is written once, as its contract rows (not as cells first)
                conn.execute(
                    "create or replace temp view _batch_cells as "
                    "select cells.*, files.file_order "
                    f"from read_parquet('{staged_cells}') as cells "
                    "inner join _batch_files as files using (source_file)"
                )
                self.layout.contract(conn, "_batch_cells", self.resolver, self.commodities)
                conn.execute(
                    f"""
                    insert into {quarantine} by name
                    select ? as raw_table, * from (
                        select source_file, source_row, column_name, value, rule
                        from read_parquet('{staged_rejects}')
                        union all
                        select * from _price_rejects
                    )
                    """,
                    [self.raw.table],
                )
                counts = merge_batch(conn, self.raw, "_price_rows", ingested_at, self.order_by)
                rejected = dict(
                    conn.execute(
                        f"""
                        select source_file, count(*) from (
                            select source_file from read_parquet('{staged_rejects}')
                            union all select source_file from _price_rejects
                        ) group by all
                        """
                    ).fetchall()
                )
                outcomes = []
                for feed_file, sha256 in files:
                    name = feed_file.source_file
                    merged = counts.get(name)
                    outcome = LandingOutcome(
                        name,
                        "landed",
                        rows_landed=merged.landed if merged else 0,
                        rows_duplicate=merged.duplicate if merged else 0,
                        rows_quarantined=rejected.get(name, 0)
                        + (merged.quarantined if merged else 0),
                    )
                    log_outcome(
                        conn,
                        feed_file,
                        sha256,
                        self.layout.reader,
                        outcome,
                        ingested_at,
                        seeds_fingerprint,
                    )
                    outcomes.append(outcome)
                conn.execute("drop view _batch_cells")
                for table in ("_batch_files", "_price_rows", "_price_rejects"):
                    conn.execute(f"drop table {table}")
        return outcomes


def price_batch_readers(
    family: str,
    raw: RawTable,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    order_by: tuple[str, ...] = (),
) -> list[PriceCsvBatch]:
    """One batch reader per set-based layout of a price folder."""
    return [
        PriceCsvBatch(layout, raw, resolver, commodities, order_by)
        for layout in LAYOUTS
        if layout.family == family
    ]
