"""PIHPS (Bank Indonesia) exports: the per-region daily table and the province/city table.

*Daily, per region* ("Tabel Harga Berdasarkan Daerah"): one sheet; header ``No``,
``Komoditas (Rp)``, then one column per working day headed ``DD/ MM/ YYYY``. Rows numbered with
Roman numerals are commodity groups (their average), rows numbered 1, 2, ... are items. Prices are
strings with comma thousands (``'13,800'``) and ``-`` for no price. The file does not name its
region: it is read from the path, ``<province>/<city>/<year>.xlsx``.

*Province/city* export: sheets ``Semua Komoditas`` plus one per group repeating its rows; columns
``Komoditas``, ``no``, ``name``, ``level`` (0 national, 1 province, 2 city), then one column per
period, months (``Jan 2024``) or weeks (``Apr 2025 (I)``). Each level is stored at its own geo
level; the sheets' repeats are collapsed so nothing is counted twice. A period column whose
period cannot be determined is quarantined (file, column, label, rule) and the other columns land;
only a workbook with no readable period at all is refused.

Weeks are not day blocks of the month: the exports head a week spanning two months with the later
month and ``(V)`` and put it before that month's ``(I)`` (``... Jan 2026 (IV), Feb 2026 (V),
Feb 2026 (I) ...``). ``sources/prices/pihps_weeks.py`` holds the rule, checked against the 2025/2026
calendar, and how the export's own column order fixes the weekday its weeks start on. What was
looked for, and found, on how PIHPS defines its weeks:

- Bank Indonesia's PIHPS FAQ (https://www.bi.go.id/hargapangan/Informasi/FAQ) describes the
  commodities and survey, not the weeks; news copies of its survey note (dataindonesia.id,
  10 May 2023; satujuang.com, 30 May 2023) say prices are collected on working days,
  Monday to Friday.
- The site's week selector could not be read here (no stored copy of the page or its script).
  Public scrapers of its JSON endpoint ``WebSite/TabelHarga/GetGridDataDaerah`` only say that
  ``tipe_laporan=2`` gives ``Mon YYYY (week)`` columns (a ``pihps_scraper.py`` verified on the
  live site, July 2026); the ones that date them (Zhav1/peta-nadi ``scripts/fetch_pihps_api.py``
  and ``backend/app/scrapers/pihps_scraper.py``) assume I = days 1-7 ... V = 29-31, which the
  exports above contradict. No GitHub issue about the weekly columns was found.
- Bank Indonesia's weekly price survey (Survei Pemantauan Harga) reports weeks that close on
  Friday ("minggu II Juni 2021" released Friday 11 June 2021,
  https://infobanknews.com/hingga-minggu-kedua-juni-bi-catat-deflasi-009; "minggu IV Juni 2021"
  on Friday 25 June, https://ekonomi.bisnis.com/read/20210625/9/1410115), as do the weekly price
  indices of the inflation meetings ("minggu pertama Februari 2025 ... sampai dengan 7 Februari
  2025", a Friday, https://ekonomi.bisnis.com/read/20250210/12/1838139): the ground for taking
  Saturday-Friday weeks when an export's columns fit more than one weekday.
"""

from pathlib import Path

import polars as pl

from sources.common.commodities import CommodityDictionary
from sources.common.contract import (
    REJECT_SCHEMA,
    ContractError,
    ReadResult,
    concat_rejects,
    reject_where,
)
from sources.common.dates import (
    Period,
    WeekLabel,
    month_period,
    parse_day_first,
    parse_iso_date,
    parse_period_label,
)
from sources.common.numbers import COMMA_THOUSANDS
from sources.common.paths import display_path
from sources.common.region_resolver import RESOLVED, RegionResolver
from sources.prices.pihps_weeks import place_weeks
from sources.prices.tidy import Feed, to_price_contract
from sources.prices.workbooks import cell_text, column_label, sheet_rows

DAILY = Feed("pihps", "pihps_daily_region", COMMA_THOUSANDS)
REGIONAL = Feed("pihps", "pihps_province_city", COMMA_THOUSANDS)
MARKET_LEVEL = "retail_traditional"  # PIHPS publishes traditional-market consumer prices
NOT_A_PERIOD = (
    "not a period label: expected a month ('Jan 2024') or a week ('Apr 2025 (I)' ... '(V)')"
)


def is_daily_header(row: list[object]) -> bool:
    first = [(cell_text(v) or "").lower() for v in row[:2]]
    return len(first) == 2 and first[0] == "no" and first[1].startswith("komoditas")


def is_regional_header(row: list[object]) -> bool:
    first = [(cell_text(v) or "").lower() for v in row[:4]]
    return first == ["komoditas", "no", "name", "level"]


def _region_from_path(path: Path, root: Path | None) -> tuple[str, str | None]:
    """``.../kalimantan-tengah/kota-sampit/2020.xlsx`` -> (kota sampit, kalimantan tengah)."""
    relative = Path(display_path(path, root))
    parents = tuple(part for part in relative.parent.parts if part != "pihps")
    if not parents:
        raise ContractError(
            f"{relative}: a PIHPS daily export does not name its region; put it in "
            "<province>/<city>/<year>.xlsx"
        )
    city = parents[-1].replace("-", " ").replace("_", " ")
    province = parents[-2].replace("-", " ").replace("_", " ") if len(parents) > 1 else None
    return city, province


def read_pihps_daily(
    path: Path,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    root: Path | None = None,
) -> ReadResult:
    sheets = list(sheet_rows(path))
    title, rows = sheets[0]
    source_file = display_path(path, root)
    if not rows or not is_daily_header(rows[0]):
        found = [cell_text(v) for v in rows[0][:4]] if rows else []
        raise ContractError(
            f"{source_file}: sheet '{title}' is not a PIHPS daily export; expected header "
            f"['No', 'Komoditas (Rp)', 'DD/ MM/ YYYY', ...], found {found}"
        )
    header = rows[0]
    dates = {}
    for index, value in enumerate(header[2:], start=2):
        if value is None:
            continue
        day = parse_day_first(cell_text(value)) or parse_iso_date(cell_text(value))
        if day is None:
            raise ContractError(
                f"{source_file}: column {column_label(index, value)} is not a date "
                "(expected DD/ MM/ YYYY)"
            )
        dates[index] = day
    if len(rows) < 2 or not dates:
        raise ContractError(f"{source_file}: no data rows or no date columns (sheet '{title}')")
    city, province = _region_from_path(path, root)
    region = resolver.resolve(city, province, levels=["kabupaten", "kota"])
    if region.status != RESOLVED:  # one region for the whole file: refuse it, not its cells
        raise ContractError(
            f"{source_file}: the folder names no single kab/kota ({region.message}); put the file "
            "in <province>/<city>/ with the region's name, e.g. kalimantan-barat/kota-pontianak/"
        )
    year = int(path.stem) if path.stem.isdigit() else None  # <year>.xlsx bounds the dates
    records = []
    for offset, row in enumerate(rows[1:], start=2):
        if all(v is None for v in row[:2]):
            continue
        name = cell_text(row[1]) or ""
        for index, day in dates.items():
            records.append(
                (
                    offset,
                    column_label(index, header[index]),
                    name,
                    cell_text(row[index]) if index < len(row) else None,
                    day,
                )
            )
    cells = pl.DataFrame(
        records,
        schema={
            "source_row": pl.Int64,
            "source_column": pl.String,
            "source_commodity_name": pl.String,
            "price_text": pl.String,
            "period_start": pl.Date,
        },
        orient="row",
    ).with_columns(
        pl.lit(source_file).alias("source_file"),
        pl.lit(city).alias("source_region_name"),
        pl.lit(province).alias("province_hint"),
        pl.lit("kabupaten_kota").alias("geo_level"),
        pl.lit("day").alias("period_grain"),
        pl.col("period_start").alias("period_end"),
        pl.lit(MARKET_LEVEL).alias("market_level"),
        pl.lit(month_period(year, 1).start if year else None, pl.Date).alias("file_period_start"),
        pl.lit(month_period(year, 12).end if year else None, pl.Date).alias("file_period_end"),
    )
    return to_price_contract(cells, DAILY, resolver, commodities)


def header_periods(header: list[object]) -> tuple[dict[int, Period], dict[int, str]]:
    """The period of each period column of a province/city sheet (by position), and the reason
    for each column that has none; weeks are placed on the export's week calendar together."""
    periods: dict[int, Period] = {}
    weeks: dict[int, WeekLabel] = {}
    unreadable: dict[int, str] = {}
    for index, value in enumerate(header[4:], start=4):
        label = cell_text(value)
        if label is None:
            continue
        period = parse_period_label(label)
        if isinstance(period, WeekLabel):
            weeks[index] = period
        elif period is None:
            unreadable[index] = NOT_A_PERIOD
        else:
            periods[index] = period
    placed = place_weeks(weeks)
    return dict(sorted((periods | placed.periods).items())), unreadable | placed.unplaced


def read_pihps_regional(
    path: Path,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    root: Path | None = None,
) -> ReadResult:
    source_file = display_path(path, root)
    frames = []
    bad_columns = []
    found_labels: list[str | None] = []
    for title, rows in sheet_rows(path):
        if not rows:
            continue
        header = rows[0]
        if not is_regional_header(header):
            raise ContractError(
                f"{source_file}: sheet '{title}' is not a PIHPS province/city export; expected "
                f"header ['Komoditas', 'no', 'name', 'level', <periods>...], found "
                f"{[cell_text(v) for v in header[:5]]}"
            )
        periods, unplaced = header_periods(header)
        found_labels = found_labels or [cell_text(v) for v in header[4:9]]
        bad_columns += [
            (source_file, 1, f"'{title}'!{column_label(i, header[i])}", cell_text(header[i]), rule)
            for i, rule in sorted(unplaced.items())
        ]
        if not periods:
            continue
        province = next((cell_text(r[2]) for r in rows[1:] if cell_text(r[3]) == "1"), None)
        records = []
        for number, row in enumerate(rows[1:], start=2):
            if all(v is None for v in row[:4]):
                continue
            level = cell_text(row[3])
            for index, period in periods.items():
                records.append(
                    (
                        number,
                        f"'{title}'!{column_label(index, header[index])}",
                        cell_text(row[0]),
                        cell_text(row[2]),
                        level,
                        cell_text(row[index]) if index < len(row) else None,
                        period.grain,
                        period.start,
                        period.end,
                    )
                )
        frames.append(
            pl.DataFrame(
                records,
                schema={
                    "source_row": pl.Int64,
                    "source_column": pl.String,
                    "source_commodity_name": pl.String,
                    "source_region_name": pl.String,
                    "level": pl.String,
                    "price_text": pl.String,
                    "period_grain": pl.String,
                    "period_start": pl.Date,
                    "period_end": pl.Date,
                },
                orient="row",
            ).with_columns(pl.lit(province).alias("province_hint"))
        )
    if not frames:
        raise ContractError(
            f"{source_file}: no sheet has a readable period column (expected 'Jan 2024' or "
            f"'Apr 2025 (I)' after 'Komoditas', 'no', 'name', 'level'), found {found_labels}"
        )
    cells = pl.concat(frames)
    cells, bad_levels = reject_where(
        cells.with_columns(pl.lit(source_file).alias("source_file")),
        ~pl.col("level").is_in(["0", "1", "2"]),
        "level",
        pl.col("level"),
        "level must be 0 (national), 1 (province) or 2 (city)",
    )
    # The group sheets repeat 'Semua Komoditas': keep one copy of each cell; a value that
    # differs between two sheets is a conflict, not a duplicate.
    key = ["source_commodity_name", "source_region_name", "level", "period_grain", "period_start"]
    conflicts = cells.group_by(key).agg(pl.col("price_text").n_unique().alias("values"))
    cells = cells.join(conflicts, on=key)
    cells, bad_conflicts = reject_where(
        cells,
        pl.col("values") > 1,
        "price",
        pl.col("price_text"),
        "sheets of the workbook disagree on this cell",
    )
    cells = (
        cells.unique(subset=key, keep="first", maintain_order=True)
        .with_columns(
            pl.col("level")
            .replace_strict({"0": "nasional", "1": "provinsi", "2": "kabupaten_kota"})
            .alias("geo_level"),
            pl.lit(MARKET_LEVEL).alias("market_level"),
        )
        .drop("values", "level")
    )
    unplaced_columns = pl.DataFrame(bad_columns, schema=REJECT_SCHEMA, orient="row")
    return to_price_contract(
        cells,
        REGIONAL,
        resolver,
        commodities,
        concat_rejects(unplaced_columns, bad_levels, bad_conflicts),
    )
