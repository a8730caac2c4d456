"""The price CSV layouts the set-based landing reads in batches: Bapanas daily long files and the
WFP market and province CSVs.

Each layout says what its header holds, what it needs to know about a file before reading it (a
Bapanas daily file's region, from its name) and how its cells are laid out: the same
``*_cells`` functions the per-file readers use, run here on lazy scans of every file at once. The
contract is then applied to the whole batch in SQL (``batch_contract``). Layouts not listed here
(PIHPS workbooks, the Bapanas kab/kota table, API answers) are read one file at a time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from sources.common.commodities import CommodityDictionary
from sources.common.region_resolver import RegionResolver
from sources.prices import bapanas, wfp
from sources.prices.batch_contract import price_contract_sql
from sources.prices.tidy import Feed, with_defaults

Cells = tuple[pl.LazyFrame, pl.LazyFrame]


@dataclass(frozen=True)
class PriceCsvLayout:
    """``required``: header columns that identify the layout. ``facts``: what the layout needs
    to know of a file, as columns added to its rows (raises ContractError when it cannot tell,
    and the file is then read, and refused, by the per-file reader). ``cells``: the cells and the
    layout's own rejects, from the rows of every file of the batch at once."""

    name: str
    family: str
    required: tuple[str, ...]
    feed: Feed
    states_unit: bool
    facts: Callable[[Path, RegionResolver], dict[str, str]]
    cells: Callable[[pl.LazyFrame], Cells]

    @property
    def reader(self) -> str:
        """The name the ingest log records for a file this layout read."""
        return f"{__name__}.{self.name}"

    def matches(self, columns: list[str]) -> bool:
        return set(self.required) <= set(columns)

    def contract(
        self,
        conn: duckdb.DuckDBPyConnection,
        cells: str,
        resolver: RegionResolver,
        commodities: CommodityDictionary,
    ) -> None:
        """``_price_rows`` and ``_price_rejects`` from the batch's cells."""
        price_contract_sql(conn, cells, self.feed, resolver, commodities, self.states_unit)


def _daily_region(path: Path, resolver: RegionResolver) -> dict[str, str]:
    return {"_region_name": bapanas.region_from_file_name(path, resolver)[0]}


def _no_facts(path: Path, resolver: RegionResolver) -> dict[str, str]:
    return {}


LAYOUTS = (
    PriceCsvLayout(
        "bapanas_daily",
        "bapanas",
        tuple(bapanas.DAILY_COLUMNS),
        bapanas.DAILY,
        states_unit=True,
        facts=_daily_region,
        cells=lambda frame: bapanas.daily_cells(frame, pl.col("_region_name")),
    ),
    PriceCsvLayout(
        "wfp_market",
        "wfp",
        tuple(wfp.MARKET_COLUMNS),
        wfp.MARKETS,
        states_unit=True,
        facts=_no_facts,
        cells=wfp.market_cells,
    ),
    PriceCsvLayout(
        "wfp_province_monthly",
        "wfp",
        tuple(wfp.PROVINCE_COLUMNS),
        wfp.PROVINCES,
        states_unit=False,
        facts=_no_facts,
        cells=wfp.province_cells,
    ),
)


def batch_cells(layout: PriceCsvLayout, rows: pl.LazyFrame) -> Cells:
    """The batch's cells (with the optional columns filled) and the layout's rejects, from the
    rows of all its files."""
    cells, rejects = layout.cells(rows)
    return with_defaults(cells), rejects
