"""Bapanas (Badan Pangan Nasional) Panel Harga: the daily long file and the kab/kota monthly table.

*Daily long* (``Timestamp, ID, Komoditas, Satuan, Harga, Harga Kemarin, Tanggal Kemarin, ...``):
one region per file, named in the file name (``..._kota_bandung.csv``) or by its folder. ``Harga``
``0`` means no observation. ``Satuan`` is written many ways (``Rp./Kg``, ``Rp/kg``, ``Rp./Liter``).

*Kab/kota monthly wide* (``Kab/Kota, Tahun, Bulan, <20 commodity columns>, ..., Periode``): names
only, no province; ``0`` means missing; the published file was partly imputed by its author, seen
as non-integer values in series of whole rupiah, so those cells carry ``is_imputed``.
"""

from pathlib import Path
from typing import TypeVar

import polars as pl

from sources.common.commodities import CommodityDictionary
from sources.common.contract import (
    ContractError,
    ReadResult,
    file_columns,
    reject_where,
    require_columns,
)
from sources.common.dates import iso_date, month_number
from sources.common.numbers import DOT_DECIMAL
from sources.common.paths import display_path
from sources.common.region_resolver import RESOLVED, RegionResolver
from sources.prices.tidy import Feed, to_price_contract

DAILY = Feed(
    "bapanas", "bapanas_daily", DOT_DECIMAL, zero_is_missing=True, reports_pre_split_provinces=False
)
KABKOTA = Feed(
    "bapanas",
    "bapanas_kabkota_monthly",
    DOT_DECIMAL,
    zero_is_missing=True,
    reports_pre_split_provinces=False,
)
MARKET_LEVEL = "retail"  # level_harga_id 3: konsumen (eceran), market type not stated
DAILY_COLUMNS = ["Timestamp", "Komoditas", "Satuan", "Harga"]
KABKOTA_COLUMNS = ["Kab/Kota", "Tahun", "Bulan"]
_NOT_COMMODITIES = {"Kab/Kota", "Tahun", "Bulan", "Bulan_num", "Periode", "SPHP_covered"}
UNITS = {"kg": "kg", "liter": "liter", "ltr": "liter", "l": "liter"}
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def region_from_file_name(path: Path, resolver: RegionResolver) -> tuple[str, str]:
    """The longest tail of the file name that names one kab/kota (``..._kota_bandung`` ->
    ``kota bandung``), else the parent folder's name. Returns (name, region_code)."""
    words = path.stem.replace("-", "_").split("_")
    candidates = [" ".join(words[i:]) for i in range(len(words))] + [path.parent.name]
    for name in candidates:
        result = resolver.resolve(name.replace("_", " "), levels=["kabupaten", "kota"])
        if result.status == RESOLVED:
            return name, result.region_code
    raise ContractError(
        f"{path.name}: cannot tell which kab/kota this Bapanas daily file is for; end the file "
        "name with the region (..._kota_bandung.csv) or put it in a folder named after it"
    )


def _unit(satuan: pl.Expr) -> pl.Expr:
    """``Rp./Kg`` -> kg, ``Rp/Liter`` -> liter; anything else is kept and fails the contract."""
    tail = satuan.str.to_lowercase().str.split("/").list.last().str.strip_chars(" .")
    # comparisons, not a mapping ``replace``: in the set-based landing's stream of every file's
    # rows the replace held the whole column (1.36 GB of the process for 7.3M rows, 0.47 GB
    # without it; the national-10y staging peaked at 7.7 GB), the comparisons stream
    return pl.coalesce(
        *(pl.when(tail == spelling).then(pl.lit(unit)) for spelling, unit in UNITS.items()), tail
    )


def daily_cells(frame: Frame, region_name: str | pl.Expr) -> tuple[Frame, Frame]:
    """The daily long layout's price cells, and the rows whose Timestamp is no date. Works on an
    eager frame (one file) and a lazy scan of many files (the set-based landing, where the region
    is a column: an expression) alike."""
    cells = frame.select(
        "source_file",
        "source_row",
        pl.lit("Harga").alias("source_column"),
        (pl.lit(region_name) if isinstance(region_name, str) else region_name).alias(
            "source_region_name"
        ),
        pl.lit("kabupaten_kota").alias("geo_level"),
        pl.col("Komoditas").str.strip_chars().alias("source_commodity_name"),
        pl.col("Harga").alias("price_text"),
        pl.lit("day").alias("period_grain"),
        iso_date(pl.col("Timestamp")).alias("period_start"),
        pl.col("Timestamp").alias("timestamp_text"),
        _unit(pl.col("Satuan")).alias("unit"),
        pl.lit(MARKET_LEVEL).alias("market_level"),
    ).with_columns(pl.col("period_start").alias("period_end"))
    cells, undated = reject_where(
        cells,
        pl.col("period_start").is_null(),
        "Timestamp",
        pl.col("timestamp_text"),
        "not a date (expected YYYY-MM-DD)",
    )
    return cells.drop("timestamp_text"), undated


def read_bapanas_daily(
    frame: pl.DataFrame,
    path: Path,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
) -> ReadResult:
    require_columns(frame.columns, DAILY_COLUMNS, frame["source_file"][0])
    name, _ = region_from_file_name(path, resolver)
    cells, undated = daily_cells(frame, name)
    return to_price_contract(cells, DAILY, resolver, commodities, undated)


def read_bapanas_kabkota(
    frame: pl.DataFrame,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
) -> ReadResult:
    source_file = frame["source_file"][0]
    require_columns(frame.columns, KABKOTA_COLUMNS, source_file)
    commodity_columns = [
        c for c in frame.columns if c not in _NOT_COMMODITIES | {"source_file", "source_row"}
    ]
    months = frame.select(
        pl.col("Bulan").map_elements(month_number, return_dtype=pl.Int64).alias("month"),
        pl.col("Tahun").cast(pl.Int64, strict=False).alias("year"),
    )
    if months["month"].null_count() or months["year"].null_count():
        raise ContractError(f"{source_file}: Tahun/Bulan must be a year and a month name")
    long = frame.hstack(months).unpivot(
        index=["source_file", "source_row", "Kab/Kota", "year", "month"],
        on=commodity_columns,
        variable_name="source_commodity_name",
        value_name="price_text",
    )
    start = pl.date(pl.col("year"), pl.col("month"), 1)
    cells = long.select(
        "source_file",
        "source_row",
        pl.col("source_commodity_name").alias("source_column"),
        pl.col("Kab/Kota").str.strip_chars().alias("source_region_name"),
        pl.lit("kabupaten_kota").alias("geo_level"),
        "source_commodity_name",
        "price_text",
        pl.lit("month").alias("period_grain"),
        start.alias("period_start"),
        start.dt.month_end().alias("period_end"),
        pl.lit(MARKET_LEVEL).alias("market_level"),
        # the series are whole rupiah; a fraction marks a value the file's author imputed
        (DOT_DECIMAL.expr(pl.col("price_text")).fill_null(0) % 1 != 0).alias("is_imputed"),
    )
    return to_price_contract(cells, KABKOTA, resolver, commodities)


def read_bapanas_csv(
    path: Path,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    frame: pl.DataFrame,
) -> ReadResult:
    """Dispatch on the header: the daily long layout or the kab/kota wide layout."""
    if set(DAILY_COLUMNS) <= set(frame.columns):
        return read_bapanas_daily(frame, path, resolver, commodities)
    if set(KABKOTA_COLUMNS) <= set(frame.columns):
        return read_bapanas_kabkota(frame, resolver, commodities)
    raise ContractError(
        f"{frame['source_file'][0] if frame.height else display_path(path)}: not a Bapanas "
        f"layout; expected columns {DAILY_COLUMNS} (daily) or {KABKOTA_COLUMNS} + commodity "
        f"columns (kab/kota monthly), found {file_columns(frame.columns)}"
    )
