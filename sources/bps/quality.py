"""Defects a statistics file shows in its own numbers, flagged on the rows that carry them.

Two defects of real republished files are visible without a second source:

- **Fill-down**: a run of identical values down one column (15 consecutive kab/kota with the
  same 2.738 eggs per week in a thesis workbook): a spreadsheet fill-down, not measurements.
  The first row of the run holds the value that was copied down and is not flagged; the rows
  below it are. Zeros repeat legitimately (regions that grow no shallots) and are not counted.
- **Implausible jump**: a value that moves more from one period to the next than its measure
  can (``max_period_ratio`` in statistics_measures.csv): a population year written x1000, a block
  of GRDP years in another unit. Each value is compared with the last unflagged value before it,
  so the good year after a bad one is not flagged too.

A flagged row keeps its value and lands with ``quality_flag`` set: it is evidence of the defect,
and is never to be published as a plain value. A flag the reader already set is kept.
"""

import polars as pl

from sources.bps.schema import measures

FILL_DOWN_RUN = 8  # shortest run of identical non-zero values counted as a fill-down
SERIES = ["measure", "geo_level", "region_code", "commodity_code", "period_grain"]


def flag_fill_down(cells: pl.DataFrame) -> pl.DataFrame:
    """Flag the rows below the first of a run of at least FILL_DOWN_RUN identical non-zero
    values in one column of the file (same measure, commodity and period), in file order."""
    column = ["source_column", "measure", "commodity_code", "period_start"]
    ordered = cells.with_row_index("_order").sort([*column, "source_row"], nulls_last=True)
    run = (pl.col("value") != pl.col("value").shift(1)).fill_null(True).cum_sum().over(column)
    ordered = ordered.with_columns(_run=run)
    length = pl.len().over([*column, "_run"])
    below_first = pl.int_range(pl.len()).over([*column, "_run"]) > 0
    filled = (length >= FILL_DOWN_RUN) & below_first & (pl.col("value") != 0)
    return ordered.with_columns(_flag(filled, "filled_down")).sort("_order").drop("_order", "_run")


def flag_jumps(cells: pl.DataFrame) -> pl.DataFrame:
    """Flag values more than ``max_period_ratio`` times (or less than its inverse) the last
    unflagged positive value of the same series before them."""
    limits = {
        m: row["max_period_ratio"] for m, row in measures().items() if row["max_period_ratio"]
    }
    if not cells.height or not limits:
        return cells
    ordered = cells.with_row_index("_order")
    candidates = ordered.filter(
        pl.col("measure").is_in(list(limits)),
        pl.col("quality_flag").is_null(),
        pl.col("value") > 0,
    ).sort([*SERIES, "period_start"], nulls_last=True)
    jumped = []
    last: dict[tuple, float] = {}
    for row in candidates.select("_order", *SERIES, "value").iter_rows(named=True):
        limit = limits[row["measure"]]
        series = tuple(row[c] for c in SERIES)
        previous = last.get(series)
        if previous is not None and not 1 / limit <= row["value"] / previous <= limit:
            jumped.append(row["_order"])
            continue
        last[series] = row["value"]
    flagged = pl.col("_order").is_in(pl.Series(jumped, dtype=pl.UInt32).implode())
    return ordered.with_columns(_flag(flagged, "implausible_jump")).drop("_order")


def _flag(condition: pl.Expr, flag: str) -> pl.Expr:
    current = pl.col("quality_flag")
    return (
        pl.when(current.is_null() & condition)
        .then(pl.lit(flag))
        .otherwise(current)
        .alias("quality_flag")
    )
