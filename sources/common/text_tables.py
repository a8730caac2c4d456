"""Delimited text files read as text, each row keeping the line it came from.

Every column is read as a string: parsing numbers and dates is the reader's job, done with the
format's own conventions so that a bad cell can be reported with its original text.
"""

from pathlib import Path

import polars as pl

from sources.common.paths import display_path


def read_csv_text(path: Path, root: Path | None = None, separator: str = ",") -> pl.DataFrame:
    """Read a header-first CSV as strings with ``source_file`` and 1-based ``source_row``.

    ``source_row`` counts the header as row 1, as a spreadsheet shows the file.
    """
    frame = pl.read_csv(
        path,
        separator=separator,
        infer_schema=False,
        encoding="utf8-lossy",
    )
    frame = frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})
    return frame.with_columns(
        pl.lit(display_path(path, root)).alias("source_file"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("source_row"),
    )
