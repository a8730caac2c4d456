"""BPS tables read by their titles: dynamic-table downloads (CSV or xlsx) and titled grids.

A BPS dynamic table downloaded from bps.go.id has no header line. It starts with a region-level
label (``38 Provinsi``, ``Kabupaten/Kota``), the table's title, a row of variables with their
units (``Luas Panen (ha)``) and a row with the year of each column; then one row per region,
names only (``ACEH`` ... ``INDONESIA``), ``-`` for no value. Republished BPS tables keep the
idea with one header row instead: ``PROVINSI | 2022`` under a title that is only the file name,
``PROVINSI | Mar  2022 | ...``, or ``PROVINSI | Kabupaten/Kota | Telur ayam ras | ...`` under a
title row.

Nothing is read from fixed cells. The header is found by its shape (a row of years under a row
of variables, else a row starting with a region label). What a column holds comes from its
variable when the variable names a measure (``Produksi (ton)``), else from the title; the
commodity from the variable when it is one (``Telur ayam ras``), else from the title (``...
Jagung Menurut Provinsi``); the unit from parentheses, else the measure's own (a BPS production
table that states none is in tons). The file name counts as a title. A later year of the same
table, or another table of the same shape, reads unchanged.

Columns that cannot land say so once, not once per cell: a variable the commodity dictionary does
not know (``Susu bubuk``) becomes one reject naming the column. A group-total column (``TELUR DAN
SUSU`` in a table of the ``Kelompok Telur dan Susu``, 0.000 throughout because items in butir
and liter do not add up) and an average over the months shown (``Rata-rata``) are not
observations and are not read.
"""

import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from sources.bps.schema import measures
from sources.bps.tidy import StatFeed, to_stat_contract
from sources.bps.vocabulary import (
    ITEM_UNITS,
    SUSENAS_ITEM_UNITS,
    base_year_in,
    measure_of,
    names_a_measure,
    per_capita_period,
    unit_in,
)
from sources.common.commodities import CommodityDictionary, commodity_key
from sources.common.contract import REJECT_SCHEMA, ContractError, ReadResult
from sources.common.dates import Period, parse_period_label
from sources.common.numbers import detect_number_format
from sources.common.region_resolver import RegionResolver
from sources.prices.workbooks import column_label

YEAR = re.compile(r"^(19|20)\d{2}$")
_NUMBER = re.compile(r"^-?[\d.,]+$")
REGION_LABEL = re.compile(
    r"^(?:\d+\s+)?(provinsi|propinsi|kabupaten\s*/\s*kota|kab\.?\s*/\s*kota|kabupaten|kota)$",
    re.I,
)
AVERAGE_HEADINGS = {"rata-rata", "rata rata", "rerata", "average"}
ANNUAL_HEADINGS = {"tahunan", "annual", "setahun"}
PER_CAPITA_MEASURES = {"consumption_per_capita", "food_expenditure_per_capita"}
HEADER_SEARCH_ROWS = 12  # the header is within the first rows of a download
_GROUP = re.compile(r"kelompok\s+(.+?)(?:\s+per\s+|\s+menurut\s+|\s*\(|$)", re.I)


@dataclass(frozen=True)
class Column:
    index: int
    label: str  # as traced in source_column
    variable: str | None  # None: the column is a period of the title's variable
    grain: str
    start: date
    end: date


@dataclass(frozen=True)
class Grid:
    """Where a titled table's parts are: titles, the region column(s), periods and data."""

    titles: tuple[str, ...]
    region_level: str  # provinsi or kabupaten_kota
    name_index: int
    province_index: int | None
    header_row: int  # 0-based index of the (last) header row
    columns: tuple[Column, ...]


def _text(row: list, index: int) -> str | None:
    if index >= len(row) or row[index] is None:
        return None
    return str(row[index]).strip() or None


def _region_level(text: str | None) -> str | None:
    match = REGION_LABEL.match(text or "")
    if not match:
        return None
    return "provinsi" if match.group(1).lower().startswith("pro") else "kabupaten_kota"


def _title_year(titles: tuple[str, ...]) -> int | None:
    years = [y for t in titles for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", t)]
    return int(years[-1]) if years else None


def _year_columns(labels: list, year_of: dict[int, str]) -> tuple[Column, ...]:
    columns = []
    for index, year_text in year_of.items():
        year = int(year_text)
        variable = _text(labels, index)
        label = column_label(index, f"{variable or ''} {year_text}".strip())
        columns.append(Column(index, label, variable, "year", date(year, 1, 1), date(year, 12, 31)))
    return tuple(columns)


def _year_row_grid(rows: list[list], name_titles: tuple[str, ...]) -> Grid | None:
    """``38 Provinsi`` / title / variables / years: the bps.go.id download."""
    for y in range(1, min(len(rows), HEADER_SEARCH_ROWS)):
        row = rows[y]
        cells = {i: t for i in range(1, len(row)) if (t := _text(row, i))}
        if _text(row, 0) is not None or not cells or not all(YEAR.match(t) for t in cells.values()):
            continue
        above = [t for r in rows[: y - 1] for i in range(len(r)) if (t := _text(r, i))]
        level = next((lv for r in rows[:y] if (lv := _region_level(_text(r, 0)))), None)
        if level is None:
            return None
        titles = (*(t for t in above if not _region_level(t)), *name_titles)
        return Grid(titles, level, 0, None, y, _year_columns(rows[y - 1], cells))
    return None


def _header_row_grid(rows: list[list], name_titles: tuple[str, ...]) -> Grid | None:
    """``PROVINSI | 2022`` or ``PROVINSI | Kabupaten/Kota | Telur ayam ras | ...``. A row that
    starts with a level but holds numbers (``kabupaten | Bangkalan | 2025 | 93260``) is data,
    and a header whose variables have no year anywhere is not this layout."""
    for h in range(min(len(rows), HEADER_SEARCH_ROWS)):
        row = rows[h]
        if not _region_level(_text(row, 0)):
            continue
        region_columns = []
        while _region_level(_text(row, len(region_columns))):
            region_columns.append(len(region_columns))
        name_index = region_columns[-1]
        headings = {i: t for i in range(name_index + 1, len(row)) if (t := _text(row, i))}
        if any(_NUMBER.match(t) and not YEAR.match(t) for t in headings.values()):
            continue
        titles = (
            *(t for r in rows[:h] for i in range(len(r)) if (t := _text(r, i))),
            *name_titles,
        )
        columns = _heading_columns(headings, _title_year(titles))
        if columns:
            province_index = (
                0
                if len(region_columns) > 1 and _region_level(_text(row, 0)) == ("provinsi")
                else None
            )
            level = _region_level(_text(row, name_index))
            return Grid(titles, level, name_index, province_index, h, columns)
    return None


def _heading_columns(headings: dict[int, str], year: int | None) -> tuple[Column, ...]:
    """Columns headed by a year, a month (``Mar  2022``) or a variable of the title's year;
    empty when a variable has no year to take."""
    columns = []
    for index, heading in headings.items():
        if heading.lower() in AVERAGE_HEADINGS:
            continue
        label = column_label(index, heading)
        period = parse_period_label(heading)
        if YEAR.match(heading):
            y = int(heading)
            columns.append(Column(index, label, None, "year", date(y, 1, 1), date(y, 12, 31)))
        elif isinstance(period, Period) and period.grain == "month":
            columns.append(Column(index, label, None, "month", period.start, period.end))
        elif year is None:
            return ()
        else:
            variable = None if heading.lower() in ANNUAL_HEADINGS else heading
            columns.append(
                Column(index, label, variable, "year", date(year, 1, 1), date(year, 12, 31))
            )
    return tuple(columns)


def find_grid(rows: list[list], title: str = "") -> Grid | None:
    """The titled-table structure of ``rows`` (``title``: the file name), or None."""
    name_titles = (title,) if title else ()
    return _year_row_grid(rows, name_titles) or _header_row_grid(rows, name_titles)


@dataclass(frozen=True)
class Meaning:
    measure: str
    commodity: str | None
    unit: str


def _is_group_total(variable: str, titles: tuple[str, ...]) -> bool:
    groups = [m.group(1) for t in titles if (m := _GROUP.search(t))]
    return any(commodity_key(variable) == commodity_key(g) for g in groups)


def _meaning(
    column: Column, titles: tuple[str, ...], commodities: CommodityDictionary, source_file: str
) -> Meaning | str:
    """What a column holds, or why it cannot land (a reason naming the column)."""
    title = " ".join(titles)
    variable = column.variable
    if variable and names_a_measure(variable):
        measure, commodity = measure_of(variable), commodities.spelled_in("bps", title)
        unit = unit_in(variable) or unit_in(title)
    else:
        measure, commodity = measure_of(title), variable or commodities.spelled_in("bps", title)
        unit = unit_in(title)
        if unit == ITEM_UNITS:
            unit = SUSENAS_ITEM_UNITS.get(commodity_key(variable or ""))
            if unit is None:
                return f"no Susenas unit known for item '{variable}'"
    if measure is None:
        raise ContractError(
            f"{source_file}: cannot tell which measure column {column.label} holds from its "
            f"label or the title {list(titles)}"
        )
    if commodity is not None and commodities.lookup("bps", commodity) is None:
        return (
            f"unknown bps commodity name '{commodity}': add it to "
            "dbt_project/seeds/commodity_crosswalk.csv"
        )
    unit = unit or measures()[measure]["unit"]
    if measure in PER_CAPITA_MEASURES and "/capita/" not in unit:
        unit = f"{unit}/capita/{per_capita_period(title)}"
    return Meaning(measure, commodity, unit)


def read_bps_download(
    rows: list[list],
    title: str,
    source_file: str,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
) -> ReadResult:
    """Read one titled table (a CSV's rows or one sheet's); ``title`` is the file name."""
    grid = find_grid(rows, title)
    if grid is None:
        raise ContractError(
            f"{source_file}: not a BPS table download: no row of years under a row of "
            "variables, and no header row starting with a region label (Provinsi, "
            "Kabupaten/Kota)"
        )
    header = grid.header_row
    read_columns, column_rejects = [], []
    for column in grid.columns:
        if column.variable and _is_group_total(column.variable, grid.titles):
            continue
        meaning = _meaning(column, grid.titles, commodities, source_file)
        if isinstance(meaning, str):
            column_rejects.append((source_file, header + 1, column.label, column.variable, meaning))
        else:
            read_columns.append((column, meaning))
    base_year = base_year_in(" ".join(grid.titles))
    records = []
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        name = _text(row, grid.name_index)
        values = {c.index: _text(row, c.index) for c, _ in read_columns}
        if not name or all(v is None for v in values.values()):
            continue  # notes ("Sumber: BPS") and blank rows are not regions
        hint = _text(row, grid.province_index) if grid.province_index is not None else None
        for column, meaning in read_columns:
            records.append(
                (
                    number, column.label, name, hint, values[column.index], meaning.measure,
                    meaning.commodity, meaning.unit, column.grain, column.start, column.end,
                )
            )  # fmt: skip
    if not records and not column_rejects:
        raise ContractError(f"{source_file}: the table has no region rows")
    cells = pl.DataFrame(
        records,
        schema={
            "source_row": pl.Int64, "source_column": pl.String, "source_region_name": pl.String,
            "province_hint": pl.String, "value_text": pl.String, "measure": pl.String,
            "source_commodity_name": pl.String, "unit": pl.String, "period_grain": pl.String,
            "period_start": pl.Date, "period_end": pl.Date,
        },
        orient="row",
    ).with_columns(
        pl.lit(source_file).alias("source_file"),
        pl.lit(base_year, pl.Int64).alias("base_year"),
    )  # fmt: skip
    try:
        number_format = detect_number_format(cells["value_text"])
    except ContractError as error:
        raise ContractError(f"{source_file}: {error}") from None
    feed = StatFeed(
        "bps",
        "bps_download",
        levels=("provinsi",) if grid.region_level == "provinsi" else ("kabupaten", "kota"),
        bare_names_are_kabupaten=grid.region_level != "provinsi",
    )
    rejects = pl.DataFrame(column_rejects, schema=REJECT_SCHEMA, orient="row")
    return to_stat_contract(cells, feed, number_format, resolver, commodities, rejects)
