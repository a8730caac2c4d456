"""Reading statistics files in tests and picking one row by its key."""

from pathlib import Path

import polars as pl

from sources.bps.layouts import read_statistics_file
from sources.common.commodities import default_dictionary
from sources.common.contract import ReadResult

DATA = Path(__file__).parents[1] / "sources" / "bps" / "data"


def reader(resolver):
    def _read(path: Path, root: Path = DATA) -> ReadResult:
        return read_statistics_file(path, resolver, default_dictionary(), root)

    return _read


def one(result: ReadResult, **match) -> dict:
    rows = result.rows.filter(*(pl.col(k) == v for k, v in match.items()))
    assert rows.height == 1, (match, rows)
    return rows.row(0, named=True)
