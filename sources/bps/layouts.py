"""Which reader reads a statistics file (folder ``bps/``), told by the file's structure, never
by its name.

- ``.json``: a BPS WebAPI answer (``webapi``).
- ``.xlsx``, a sheet headed by bare month names: a BPS table download of monthly figures
  (``tables``, inflation).
- ``.csv`` or a sheet whose header row holds the columns of a known regional table shape
  (``regional``: Lampung, Kepri, Jawa Barat, Jawa Timur, Susenas extracts ...).
- ``.csv`` or a sheet laid out as a BPS dynamic table (a row of years under a row of variables,
  or a header row starting with a region label, under titles): ``downloads``.

A workbook is read sheet by sheet; a sheet that is none of these is named in a reject (it may
hold notes or a helper table) as long as another sheet of the file could be read.
"""

from pathlib import Path

import polars as pl

from sources.bps.downloads import find_grid, read_bps_download
from sources.bps.regional import find_layout, read_regional_table
from sources.bps.schema import MEASURES_SEED
from sources.bps.tables import has_month_headings, read_bps_table
from sources.bps.units import CONVERSIONS_SEED
from sources.bps.webapi import read_bps_webapi_json
from sources.common.commodities import COMMODITIES_SEED, CROSSWALK_SEED, CommodityDictionary
from sources.common.contract import REJECT_SCHEMA, ContractError, ReadResult, read_with
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver
from sources.common.text_tables import read_csv_rows, read_csv_text
from sources.prices.workbooks import cell_text, sheet_rows
from sources.regions.master import ALIASES_SEED

FAMILY = "bps"
SUFFIXES = (".xlsx", ".json", ".csv")
HEADER_SEARCH_ROWS = 12
# The seeds statistics readers resolve with: a change to one re-reads every statistics file.
REFERENCE_SEEDS = (
    COMMODITIES_SEED, CROSSWALK_SEED, ALIASES_SEED, MEASURES_SEED, CONVERSIONS_SEED,
)  # fmt: skip


def is_statistics_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read_statistics_file(
    path: Path,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    root: Path | None = None,
) -> ReadResult:
    suffix = path.suffix.lower()
    source_file = display_path(path, root)
    if suffix == ".json":
        return read_with(read_bps_webapi_json, path, resolver, commodities, root)
    if suffix == ".xlsx":
        sheets = list(sheet_rows(path))
        if sheets and has_month_headings(sheets[0][1]):
            return read_with(read_bps_table, path, resolver, commodities, root)
        return read_with(read_statistics_workbook, path, sheets, source_file, resolver, commodities)
    if suffix == ".csv":
        rows = read_csv_rows(path)
        header = [c or "" for c in rows[0]] if rows else []
        if find_layout(header) is not None or find_grid(rows, path.stem) is None:
            frame = read_csv_text(path, root)
            return read_with(read_regional_table, path, frame, resolver, commodities)
        return read_with(read_bps_download, rows, path.stem, source_file, resolver, commodities)
    raise ContractError(f"{source_file}: bps/ takes {', '.join(SUFFIXES)} files")


def _header_row(rows: list[list[object]]) -> int | None:
    """The first row that holds the columns of a known regional table shape."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if find_layout(_headings(row)) is not None:
            return index
    return None


def _headings(row: list[object]) -> list[str]:
    """Header cells with their line breaks and runs of spaces collapsed (``Luas Panen
    \\nTanaman Padi \\n(ha) (Ha)`` -> ``Luas Panen Tanaman Padi (ha) (Ha)``)."""
    return [" ".join((cell_text(v) or "").split()) for v in row]


def _sheet_frame(rows: list[list[object]], header: int, source_file: str) -> pl.DataFrame:
    headings = _headings(rows[header])
    names = [h or f"_column_{i}" for i, h in enumerate(headings)]
    body = rows[header + 1 :]
    return pl.DataFrame(
        {
            name: [cell_text(r[i]) if i < len(r) else None for r in body]
            for i, name in enumerate(names)
        },
        schema={name: pl.String for name in names},
    ).with_columns(
        pl.lit(source_file).alias("source_file"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + header + 2).alias("source_row"),
    )


def read_statistics_workbook(
    path: Path,
    sheets: list[tuple[str, list[list[object]]]],
    source_file: str,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
) -> ReadResult:
    """Read every sheet by its structure; a sheet named by a year (``2022``) gives the year of
    a table that has no year column."""
    results, unread = [], []
    for title, rows in sheets:
        header = _header_row(rows)
        if header is not None:
            frame = _sheet_frame(rows, header, source_file)
            year = int(title) if title.strip().isdigit() and len(title.strip()) == 4 else None
            results.append(read_regional_table(path, frame, resolver, commodities, year))
        elif find_grid(rows, path.stem) is not None:
            grid_rows = [[cell_text(v) for v in row] for row in rows]
            results.append(
                read_bps_download(grid_rows, path.stem, source_file, resolver, commodities)
            )
        else:
            unread.append(title)
    if not results:
        raise ContractError(
            f"{source_file}: not a BPS table download: no row of month headings (Januari ... "
            "Desember) found; no sheet has the header row of a known regional table, nor a row "
            "of years under a row of variables, nor a header row starting with a region label"
        )
    combined = results[0]
    for result in results[1:]:
        combined = combined.concat(result)
    notes = pl.DataFrame(
        [
            (source_file, 1, f"<sheet {t}>", None, "sheet not read: no known statistics layout")
            for t in unread
        ],
        schema=REJECT_SCHEMA,
        orient="row",
    )
    return ReadResult.of(combined.rows, combined.rejects, notes)
