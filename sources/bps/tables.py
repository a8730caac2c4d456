"""BPS statistics-table downloads (xlsx), read by their structure.

A BPS table export has title rows (``38 Provinsi (2022=100)``, then ``Inflasi Bulanan (M-to-M) 38
Provinsi (2022=100) (Persen)``), a row with the year, a row of period headings (``Januari`` ...
``Desember``, ``Tahunan``; English names also occur) and one row per region (``PROV ACEH`` ...
``INDONESIA``). Nothing is read from fixed cells: the heading row is the row where month names
are, the year is the 4-digit number above it, the measure, base year and unit come from the title,
and every row below with a name is a region. Next year's file of the same table reads the same.
"""

import re
from datetime import date
from pathlib import Path

import polars as pl

from sources.bps.tidy import StatFeed, to_stat_contract
from sources.common.commodities import CommodityDictionary
from sources.common.contract import ContractError, ReadResult
from sources.common.dates import month_number, month_period
from sources.common.numbers import DOT_DECIMAL
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver
from sources.prices.workbooks import cell_text, column_label, sheet_rows

PROVINCE_TABLE = StatFeed("bps", "bps_table", levels=("provinsi",))
REGION_TABLE = StatFeed("bps", "bps_table")
ANNUAL_HEADINGS = {"tahunan", "annual", "tahun", "setahun"}
# Title phrases -> measure; the order matters ("Tahunan" also appears in other titles).
TITLE_MEASURES = (
    (re.compile(r"m-to-m|bulanan", re.I), "inflation_mtm"),
    (re.compile(r"y-to-d|tahun kalender", re.I), "inflation_ytd"),
    (re.compile(r"y-on-y|tahunan", re.I), "inflation_yoy"),
)
UNITS = {"persen": "percent", "percent": "percent", "%": "percent"}
_BASE_YEAR = re.compile(r"\((\d{4})\s*=\s*100\)")
_UNIT = re.compile(r"\(([^()]*)\)\s*$")


def _title_facts(titles: list[str], source_file: str) -> tuple[str, int | None, str]:
    """(measure, base year, unit) from the title rows."""
    text = " ".join(titles)
    if "inflasi" not in text.lower() and "inflation" not in text.lower():
        raise ContractError(
            f"{source_file}: cannot tell which measure the table holds from its title {titles}"
        )
    measure = next((m for pattern, m in TITLE_MEASURES if pattern.search(text)), None)
    if measure is None:
        raise ContractError(f"{source_file}: unknown inflation measure in title {titles}")
    base = _BASE_YEAR.search(text)
    unit_match = next((_UNIT.search(t) for t in reversed(titles) if _UNIT.search(t)), None)
    unit = UNITS.get(unit_match.group(1).strip().lower(), "") if unit_match else ""
    return measure, int(base.group(1)) if base else None, unit or "percent"


def _heading_row(rows: list[list[object]]) -> int:
    for index, row in enumerate(rows):
        months = [month_number(cell_text(v) or "") for v in row]
        if any(m is not None for m in months):  # a cell that is exactly a month name
            return index
    raise ContractError("no row of month headings (Januari ... Desember) found")


def has_month_headings(rows: list[list[object]]) -> bool:
    """True for a table of this layout: a row of bare month names heads its columns."""
    try:
        _heading_row(rows)
    except ContractError:
        return False
    return True


def _year_above(rows: list[list[object]], heading: int, path: Path) -> int:
    for row in reversed(rows[:heading]):
        for value in row:
            text = cell_text(value) or ""
            if re.fullmatch(r"(19|20)\d{2}", text):
                return int(text)
    match = re.search(r"(19|20)\d{2}(?!.*(19|20)\d{2})", path.stem)
    if match:
        return int(match.group(0))
    raise ContractError("no year above the headings or in the file name")


def read_bps_table(
    path: Path,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    root: Path | None = None,
) -> ReadResult:
    source_file = display_path(path, root)
    title, rows = next(sheet_rows(path), ("", []))
    try:
        heading = _heading_row(rows)
        year = _year_above(rows, heading, path)
    except ContractError as error:
        raise ContractError(f"{source_file}: not a BPS table download: {error}") from None
    titles = [t for r in rows[:heading] for v in r if (t := cell_text(v)) and not t.isdigit()]
    measure, base_year, unit = _title_facts(titles, source_file)
    header = rows[heading]
    periods = {}
    for index, value in enumerate(header):
        text = (cell_text(value) or "").strip()
        month = month_number(text)
        if month is not None:
            period = month_period(year, month)
            periods[index] = ("month", period.start, period.end)
        elif text.lower() in ANNUAL_HEADINGS:
            periods[index] = ("year", date(year, 1, 1), date(year, 12, 31))
    records = []
    for number, row in enumerate(rows[heading + 1 :], start=heading + 2):
        name = cell_text(row[0]) if row else None
        if not name or all(cell_text(row[i]) is None for i in periods if i < len(row)):
            continue  # notes ("Sumber: BPS") and blank rows are not regions
        for index, (grain, start, end) in periods.items():
            records.append(
                (
                    number,
                    column_label(index, header[index]),
                    name,
                    cell_text(row[index]) if index < len(row) else None,
                    grain,
                    start,
                    end,
                )
            )
    if not records:
        raise ContractError(f"{source_file}: the table has no region rows (sheet '{title}')")
    cells = pl.DataFrame(
        records,
        schema={
            "source_row": pl.Int64,
            "source_column": pl.String,
            "source_region_name": pl.String,
            "value_text": pl.String,
            "period_grain": pl.String,
            "period_start": pl.Date,
            "period_end": pl.Date,
        },
        orient="row",
    ).with_columns(
        pl.lit(source_file).alias("source_file"),
        pl.lit(measure).alias("measure"),
        pl.lit(unit).alias("unit"),
        pl.lit(base_year, pl.Int64).alias("base_year"),
    )
    # "38 Provinsi" tables name provinces bare (JAMBI is the province, not Kota Jambi)
    text = " ".join(titles).lower()
    feed = PROVINCE_TABLE if "provinsi" in text and "kabupaten" not in text else REGION_TABLE
    return to_stat_contract(cells, feed, DOT_DECIMAL, resolver, commodities)
