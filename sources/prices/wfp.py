"""WFP food prices (HDX): the market-level CSV and the province-month extract.

*Market CSV* (HDX layout): ``date, admin1, admin2, market, market_id, latitude, longitude,
category, commodity, commodity_id, unit, priceflag, pricetype, currency, price, usdprice``, with an
HXL hashtag row (``#date,#adm1+name,...``) under the header. Dates are the 15th of the month (WFP's
monthly convention); units are quantities (``KG``, ``100 KG``, ``500 G``, ``L``) and prices are
converted to per kg or per liter; ``pricetype`` gives the market level; forecasts are not
observations. A bare admin2 shared by a kota and a kabupaten (``CIREBON``) is settled by the
market's coordinates.

*Province extract* (``Region, date, commodity, price``): province means of WFP's markets, monthly.
"""

import re
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
from sources.common.numbers import DOT_DECIMAL
from sources.common.region_resolver import RegionResolver
from sources.prices.tidy import Feed, to_price_contract

MARKETS = Feed("wfp", "wfp_market", DOT_DECIMAL)
PROVINCES = Feed("wfp", "wfp_province_monthly", DOT_DECIMAL)
MARKET_COLUMNS = [
    "date",
    "admin1",
    "admin2",
    "market",
    "latitude",
    "longitude",
    "commodity",
    "unit",
    "priceflag",
    "pricetype",
    "currency",
    "price",
]
PROVINCE_COLUMNS = ["Region", "date", "commodity", "price"]
PRICE_TYPES = {
    "retail": "retail",
    "wholesale": "wholesale",
    "farm gate": "producer",
    "producer": "producer",
}
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)
_UNIT = re.compile(r"^\s*(\d+(?:\.\d+)?)?\s*(KG|G|L|ML)\s*$", re.IGNORECASE)
_BASE = {"KG": ("kg", 1.0), "G": ("kg", 0.001), "L": ("liter", 1.0), "ML": ("liter", 0.001)}


def _quantity(unit: str | None) -> tuple[str | None, float | None]:
    """``100 KG`` -> (kg, 100); ``500 G`` -> (kg, 0.5); ``Unit`` -> (None, None)."""
    match = _UNIT.match(unit or "")
    if not match:
        return None, None
    base, factor = _BASE[match.group(2).upper()]
    return base, float(match.group(1) or 1) * factor


def _month(date_text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    day = date_text.str.strip_chars().str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    start = day.dt.month_start()
    return start, start.dt.month_end()


def market_cells(frame: Frame) -> tuple[Frame, Frame]:
    """The HDX market layout's price cells (per kg or liter), and the rows whose date, unit,
    currency, price flag or price type keep them from being an observation. Works on an eager
    frame (one file) and a lazy scan (the set-based landing) alike."""
    frame = frame.filter(~pl.col("date").str.starts_with("#"))  # the HXL hashtag row
    units = (
        frame.select("unit")
        .unique()
        .with_columns(
            pl.col("unit")
            .map_elements(lambda u: _quantity(u)[0], return_dtype=pl.String)
            .alias("base_unit"),
            pl.col("unit")
            .map_elements(lambda u: _quantity(u)[1], return_dtype=pl.Float64)
            .alias("quantity"),
        )
    )
    frame = frame.join(units, on="unit", how="left", nulls_equal=True)
    start, end = _month(pl.col("date"))
    frame = frame.with_columns(start.alias("period_start"), end.alias("period_end"))
    checks = [
        (pl.col("period_start").is_null(), "date", pl.col("date"), "date is not YYYY-MM-DD"),
        (
            pl.col("base_unit").is_null(),
            "unit",
            pl.col("unit"),
            "unit is not a quantity of kg, g, L or mL",
        ),
        (
            pl.col("currency").str.to_uppercase() != "IDR",
            "currency",
            pl.col("currency"),
            "price is not in IDR",
        ),
        (
            pl.col("priceflag").str.to_lowercase().str.contains("forecast"),
            "priceflag",
            pl.col("priceflag"),
            "a forecast is not an observation",
        ),
        (
            ~pl.col("pricetype").str.to_lowercase().is_in(list(PRICE_TYPES)),
            "pricetype",
            pl.col("pricetype"),
            f"pricetype must be one of {sorted(PRICE_TYPES)}",
        ),
    ]
    rejects = []
    for condition, column, value, rule in checks:
        frame, bad = reject_where(frame, condition, column, value, rule)
        rejects.append(bad)
    price = DOT_DECIMAL.expr(pl.col("price"))
    cells = frame.select(
        "source_file",
        "source_row",
        pl.lit("price").alias("source_column"),
        pl.col("market").alias("source_market"),
        pl.col("admin2").alias("source_region_name"),
        pl.col("admin1").alias("province_hint"),
        pl.lit("kabupaten_kota").alias("geo_level"),
        pl.col("commodity").alias("source_commodity_name"),
        # per unit of the quantity quoted (100 KG -> per kg); text keeps the original if unparsable
        pl.when(price.is_not_null())
        .then((price / pl.col("quantity")).cast(pl.String))
        .otherwise(pl.col("price"))
        .alias("price_text"),
        pl.lit("month").alias("period_grain"),
        "period_start",
        "period_end",
        pl.col("base_unit").alias("unit"),
        pl.col("pricetype").str.to_lowercase().replace_strict(PRICE_TYPES).alias("market_level"),
        DOT_DECIMAL.expr(pl.col("latitude")).alias("latitude"),
        DOT_DECIMAL.expr(pl.col("longitude")).alias("longitude"),
    )
    return cells, pl.concat(rejects)


def read_wfp_markets(
    frame: pl.DataFrame, resolver: RegionResolver, commodities: CommodityDictionary
) -> ReadResult:
    require_columns(frame.columns, MARKET_COLUMNS, frame["source_file"][0])
    cells, rejects = market_cells(frame)
    return to_price_contract(cells, MARKETS, resolver, commodities, rejects)


def province_cells(frame: Frame) -> tuple[Frame, Frame]:
    """The province extract's price cells, and the rows whose date is no date."""
    start, end = _month(pl.col("date"))
    frame, bad_dates = reject_where(
        frame.with_columns(start.alias("period_start"), end.alias("period_end")),
        pl.col("period_start").is_null(),
        "date",
        pl.col("date"),
        "date is not YYYY-MM-DD",
    )
    cells = frame.select(
        "source_file",
        "source_row",
        pl.lit("price").alias("source_column"),
        pl.col("Region").alias("source_region_name"),
        pl.lit("provinsi").alias("geo_level"),
        pl.col("commodity").alias("source_commodity_name"),
        pl.col("price").alias("price_text"),
        pl.lit("month").alias("period_grain"),
        "period_start",
        "period_end",
        pl.lit("retail").alias("market_level"),
    )
    return cells, bad_dates


def read_wfp_provinces(
    frame: pl.DataFrame, resolver: RegionResolver, commodities: CommodityDictionary
) -> ReadResult:
    require_columns(frame.columns, PROVINCE_COLUMNS, frame["source_file"][0])
    cells, bad_dates = province_cells(frame)
    return to_price_contract(cells, PROVINCES, resolver, commodities, bad_dates)


def read_wfp_csv(
    frame: pl.DataFrame, resolver: RegionResolver, commodities: CommodityDictionary
) -> ReadResult:
    """Dispatch on the header: the HDX market layout or the province-month extract."""
    if set(MARKET_COLUMNS) <= set(frame.columns):
        return read_wfp_markets(frame, resolver, commodities)
    if set(PROVINCE_COLUMNS) <= set(frame.columns):
        return read_wfp_provinces(frame, resolver, commodities)
    raise ContractError(
        f"{frame['source_file'][0]}: not a WFP layout; expected the HDX market columns "
        f"{MARKET_COLUMNS} or the province extract {PROVINCE_COLUMNS}, "
        f"found {file_columns(frame.columns)}"
    )
