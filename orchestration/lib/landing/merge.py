"""Merging a batch of contract rows (one file or many) into its raw table: one row per key.

The batch is a relation of contract rows with ``file_order`` (the order the files were found
in). Its rows are judged as if its files had landed one after the other:

- a key a file gives twice with the same value is one observation and a duplicate; with
  different values, every row of that key in that file is quarantined (the file contradicts
  itself);
- a key several files give lands from the first file that gives it consistently; a later file's
  row with the same value is a duplicate, with another value a conflict naming the first file;
- a key already in the raw table from an earlier landing is a duplicate when the value is the
  same and a conflict naming that file and row when it is not.

Only keys that repeat within the batch are looked at row by row (they are few: PIHPS repeats the
national average in every province's workbook); the rest are one aggregate and one join, so a
batch of tens of millions of rows costs what DuckDB can spill, not what fits in memory. The
landed rows are read only within the batch's key ranges (row groups of other periods or regions
are skipped), and not at all when the raw table is empty.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from .tables import ensure_quarantine, qualified, quote, record_touched

# the most rows one run of a batch's ordered insert sorts: in memory under the 2GB default
SORTED_RUN_ROWS = 4_000_000


@dataclass(frozen=True)
class RawTable:
    """Where a family's rows land and what identifies one observation in them. ``touched``
    names the period-key columns recorded for every row a landing adds or removes."""

    table: str  # schema.name
    quarantine: str  # quarantine.<this>
    keys: tuple[str, ...]
    value_column: str
    touched: tuple[str, ...]


@dataclass(frozen=True)
class FileCounts:
    landed: int = 0
    duplicate: int = 0
    quarantined: int = 0


def _same_key(left: str, right: str, keys: Sequence[str]) -> str:
    return " and ".join(f"{left}.{quote(k)} is not distinct from {right}.{quote(k)}" for k in keys)


def _key_ranges(conn: duckdb.DuckDBPyConnection, relation: str, keys: Sequence[str]) -> str:
    """Constant ``between`` filters for the relation's key ranges: DuckDB skips the raw table's
    row groups whose min/max lie outside them (a region's file meets its own region, a day's
    refresh its own day). Keys with nulls in the relation are not filtered."""
    ranges = conn.execute(
        "select "
        + ", ".join(f"min({quote(k)}), max({quote(k)}), count(*) - count({quote(k)})" for k in keys)
        + f" from {relation}"
    ).fetchone()
    clauses = ["true"]
    for index, key in enumerate(keys):
        low, high, nulls = ranges[3 * index : 3 * index + 3]
        if low is not None and not nulls:
            clauses.append(f"{quote(key)} between {_literal(low)} and {_literal(high)}")
    return " and ".join(clauses)


def _sorted_runs(conn: duckdb.DuckDBPyConnection, batch: str, order_by: Sequence[str]) -> list[str]:
    """The clauses that insert ``batch`` sorted by ``order_by``, a run of whole files at a time:
    runs of consecutive files (``file_order``) of at most about ``SORTED_RUN_ROWS`` rows, each
    sorted on its own, in memory. A national history in one batch (46M rows at ten years) does
    not fit one sort under the memory limit, and sorting it whole took about half of its
    landing. The batch is stored in file order, so each run reads only its own row groups; the
    table holds a few runs each in period order, so a period filter reads a row group or two
    per run. Without ``order_by``: the batch's order."""
    if not order_by:
        return [""]
    ordering = "order by " + ", ".join(quote(c) for c in order_by)
    per_file = conn.execute(
        f"select file_order, count(*) from {batch} group by all order by file_order"
    ).fetchall()
    runs, rows = [[]], 0
    for file_order, count in per_file:
        if rows and rows + count > SORTED_RUN_ROWS:
            runs.append([])
            rows = 0
        runs[-1].append(file_order)
        rows += count
    if len(runs) == 1:
        return [ordering]
    return [f"where file_order between {run[0]} and {run[-1]} {ordering}" for run in runs]


def _literal(value: object) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return f"cast('{value}' as {'date' if hasattr(value, 'isoformat') else 'varchar'})"


def remove_earlier_versions(
    conn: duckdb.DuckDBPyConnection,
    raw: RawTable,
    source_files: Sequence[str],
    ingested_at: datetime,
) -> None:
    """Delete the rows earlier landings of these files left, recording their periods as touched
    (a changed file may no longer report a period it did)."""
    if not source_files:
        return
    conn.execute("create or replace temp table _replaced_files (source_file varchar)")
    conn.executemany("insert into _replaced_files values (?)", [[f] for f in source_files])
    where = "source_file in (select source_file from _replaced_files)"
    record_touched(
        conn, raw.table, raw.touched, qualified(raw.table), where, ingested_at=ingested_at
    )
    conn.execute(f"delete from {qualified(raw.table)} where {where}")
    conn.execute("drop table _replaced_files")


def merge_batch(
    conn: duckdb.DuckDBPyConnection,
    raw: RawTable,
    batch: str,
    ingested_at: datetime,
    order_by: Sequence[str] = (),
) -> dict[str, FileCounts]:
    """Insert the new observations of ``batch`` into ``raw.table``, quarantine its conflicts and
    record the touched periods; returns the counts per source file. ``batch`` is a table (not a
    view) of contract rows with ``file_order``; its ``rowid`` tells its rows apart (one source
    row can hold several observations: the measures of a statistics table, the days of a PIHPS
    row), so no row number has to be computed over the whole batch.
    ``order_by`` sorts the inserted rows (period first, so later period filters skip most of
    the table; see ``_sorted_runs``)."""
    keys = list(raw.keys)
    key_list = ", ".join(quote(k) for k in keys)
    value = quote(raw.value_column)
    target = qualified(raw.table)
    quarantine = ensure_quarantine(conn, raw.quarantine)
    # keys the batch gives more than once; only their rows are judged one by one
    conn.execute(
        f"""
        create or replace temp table _repeated as
        select {key_list} from {batch}
        where hash({key_list}) in (
            select hash({key_list}) from {batch} group by all having count(*) > 1
        )
        group by all having count(*) > 1
        """
    )
    conn.execute(
        f"""
        create or replace temp table _excluded as
        with rows_ as (
            select b.*, b.rowid as _row_id
            from {batch} as b semi join _repeated as r on {_same_key("b", "r", keys)}
        ),
        per_file as (
            select {key_list}, file_order, count(distinct {value}) = 1 as consistent,
                min(_row_id) as first_copy
            from rows_ group by all
        ),
        winners as (
            select p.*, rows_.source_file as winner_file, rows_.source_row as winner_row,
                rows_.{value} as winner_value
            from (
                select {key_list}, min(file_order) as winner_order
                from per_file where consistent group by all
            ) as p
            inner join per_file
                on {_same_key("per_file", "p", keys)} and per_file.file_order = p.winner_order
            inner join rows_ on rows_._row_id = per_file.first_copy
        ),
        judged as (
            select rows_._row_id, rows_.source_file, rows_.source_row, rows_.{value} as value,
                case
                    when not per_file.consistent then 'conflict'
                    when rows_._row_id = per_file.first_copy
                        and rows_.file_order = winners.winner_order then 'candidate'
                    when rows_.file_order = winners.winner_order
                        or rows_.{value} = winners.winner_value then 'duplicate'
                    else 'conflict'
                end as verdict,
                case
                    when not per_file.consistent
                        then 'the file gives different values for the same observation'
                    else 'conflicts with ' || winners.winner_file || ' row ' || winners.winner_row
                        || ' (value ' || winners.winner_value || ') for the same observation'
                end as rule
            from rows_
            inner join per_file
                on {_same_key("rows_", "per_file", keys)}
                and rows_.file_order = per_file.file_order
            left join winners on {_same_key("rows_", "winners", keys)}
        )
        select _row_id, source_file, source_row, value, verdict, rule from judged
        where verdict <> 'candidate'
        """
    )
    if conn.execute(f"select exists (select 1 from {target})").fetchone()[0]:
        # against what earlier landings left: only within the batch's key ranges
        conn.execute(
            f"""
            insert into _excluded
            select b._row_id, b.source_file, b.source_row, b.{value},
                case when landed.{value} = b.{value} then 'duplicate' else 'conflict' end,
                'conflicts with ' || landed.source_file || ' row ' || landed.source_row
                    || ' (value ' || landed.{value} || ') for the same observation'
            from (
                select b.*, b.rowid as _row_id
                from {batch} as b anti join _excluded as x on x._row_id = b.rowid
            ) as b
            inner join (select * from {target} where {_key_ranges(conn, batch, keys)}) as landed
                on {_same_key("b", "landed", keys)}
            """
        )
    conn.execute(
        f"""
        insert into {quarantine} by name
        select ? as raw_table, source_file, source_row, ? as column_name,
            cast(value as varchar) as value, rule
        from _excluded where verdict = 'conflict'
        """,
        [raw.table, raw.value_column],
    )
    columns = [
        c for (c,) in conn.execute(f"select name from pragma_table_info('{raw.table}')").fetchall()
    ]
    selected = ", ".join("? as ingested_at" if c == "ingested_at" else quote(c) for c in columns)
    inserted = (
        f"select {selected} from {batch} as b anti join _excluded as x on x._row_id = b.rowid"
    )
    for run in _sorted_runs(conn, batch, order_by):
        conn.execute(f"insert into {target} {inserted} {run}", [ingested_at])
    # every period the batch gives: a superset of the new rows' (a duplicate's period was touched
    # by the landing that gave it first), cheaper than telling them apart
    record_touched(conn, raw.table, raw.touched, batch, ingested_at=ingested_at)
    counts = {
        source_file: FileCounts(rows - duplicate - conflict, duplicate, conflict)
        for source_file, rows, duplicate, conflict in conn.execute(
            f"""
            with totals as (select source_file, count(*) as rows_ from {batch} group by all),
            excluded as (
                select source_file,
                    count(*) filter (where verdict = 'duplicate') as duplicate,
                    count(*) filter (where verdict = 'conflict') as conflict
                from _excluded group by all
            )
            select totals.source_file, totals.rows_, coalesce(duplicate, 0), coalesce(conflict, 0)
            from totals left join excluded using (source_file)
            """
        ).fetchall()
    }
    for table in ("_repeated", "_excluded"):
        conn.execute(f"drop table {table}")
    return counts
