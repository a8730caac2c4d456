"""From a reader's long frame of price cells to the price contract.

Each reader only knows its layout: where the region, commodity, period and price text are. The
steps every feed shares live here so they are done one way: parse the price text with the feed's
number convention, resolve each distinct region and commodity name once, reject what does not
resolve (with the resolver's reasons), flag provinces reported in their pre-2022 extent, and
validate the result against ``PriceObservation``.
"""

from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from sources.common.commodities import CommodityDictionary
from sources.common.contract import ReadResult, apply_contract, concat_rejects, reject_where
from sources.common.numbers import NumberFormat, is_missing
from sources.common.region_resolver import RESOLVED, RegionResolver
from sources.prices.schema import PriceObservation

LEVELS_BY_GEO = {"provinsi": ["provinsi"], "kabupaten_kota": ["kabupaten", "kota"]}
# Provinces split in 2022: a feed that still reports them (PIHPS, WFP) reports the old extent.
SPLIT_PROVINCES = ("91", "92")
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


@dataclass(frozen=True)
class Feed:
    """What a reader declares about its feed."""

    source: str
    dataset: str
    number_format: NumberFormat
    zero_is_missing: bool = False
    reports_pre_split_provinces: bool = True


def _parse_prices(cells: pl.DataFrame, feed: Feed) -> tuple[pl.DataFrame, pl.DataFrame]:
    text = pl.col("price_text").cast(pl.String)
    missing = is_missing(text)
    if feed.zero_is_missing:
        # text that is not a number is not "zero": it stays to be rejected below
        missing = missing | (feed.number_format.expr(text) == 0).fill_null(False)
    present = cells.filter(~missing.fill_null(True))
    present, rejects = reject_where(
        present,
        feed.number_format.expr(text).is_null(),
        "price",
        text,
        price_rule(feed),
    )
    return present.with_columns(feed.number_format.expr(text).alias("price_idr")), rejects


REGION_RULE = "region name must resolve to exactly one current region"
PRICE_DEFAULTS = {
    "source_market": pl.lit(""),
    "is_imputed": pl.lit(False),
    "file_period_start": pl.lit(None, pl.Date),
    "file_period_end": pl.lit(None, pl.Date),
    "province_hint": pl.lit(None, pl.String),
}


def price_rule(feed: Feed) -> str:
    fmt = feed.number_format
    return f"price is not a number (decimal '{fmt.decimal}', thousands '{fmt.thousands or ''}')"


def unknown_commodity_rule(feed: Feed) -> str:
    return (
        f"unknown {feed.source} commodity name: add it to dbt_project/seeds/commodity_crosswalk.csv"
    )


UNIT_RULE = "unit differs from the commodity's unit in dim_commodity (no conversion is assumed)"


def with_defaults(cells: Frame) -> Frame:
    """The optional cell columns a layout may leave out, with their defaults."""
    names = cells.collect_schema().names()
    return cells.with_columns(v.alias(k) for k, v in PRICE_DEFAULTS.items() if k not in names)


def resolve_region_names(names: pl.DataFrame, resolver: RegionResolver) -> pl.DataFrame:
    """``names`` (geo_level, source_region_name, province_hint and maybe latitude/longitude)
    with region_code, resolution_status and resolution_note: national rows need no region, the
    others resolve at their level (a coordinate settles a bare name two regions share)."""
    has_coordinates = "latitude" in names.columns
    parts = [
        names.filter(pl.col("geo_level") == "nasional").with_columns(
            pl.lit(None, pl.String).alias("region_code"),
            pl.lit(RESOLVED).alias("resolution_status"),
            pl.lit("").alias("resolution_note"),
        )
    ]
    for geo, levels in LEVELS_BY_GEO.items():
        subset = names.filter(pl.col("geo_level") == geo)
        if subset.height:
            parts.append(
                resolver.resolve_frame(
                    subset,
                    "source_region_name",
                    "province_hint",
                    levels,
                    coordinates=("latitude", "longitude") if has_coordinates else None,
                )
            )
    return pl.concat(parts, how="vertical_relaxed")


def commodity_lookup(
    names: pl.DataFrame, feed: Feed, commodities: CommodityDictionary
) -> pl.DataFrame:
    """Distinct ``source_commodity_name`` values with commodity_code and expected_unit (per
    distinct name, never per row: a national file has millions of rows)."""
    return names.with_columns(
        pl.col("source_commodity_name")
        .map_elements(lambda n: commodities.lookup(feed.source, n), return_dtype=pl.String)
        .alias("commodity_code")
    ).with_columns(
        pl.col("commodity_code")
        .map_elements(commodities.unit_of, return_dtype=pl.String)
        .alias("expected_unit")
    )


def _resolve_regions(
    cells: pl.DataFrame, resolver: RegionResolver
) -> tuple[pl.DataFrame, pl.DataFrame]:
    return reject_where(
        resolve_region_names(cells, resolver),
        pl.col("resolution_status") != RESOLVED,
        "region",
        pl.col("resolution_note"),
        REGION_RULE,
    )


def _resolve_commodities(
    cells: pl.DataFrame, feed: Feed, commodities: CommodityDictionary
) -> tuple[pl.DataFrame, pl.DataFrame]:
    lookup = commodity_lookup(cells.select("source_commodity_name").unique(), feed, commodities)
    joined = cells.join(lookup, on="source_commodity_name", how="left")
    if "unit" not in joined.columns:  # the feed quotes prices in each commodity's own unit
        joined = joined.with_columns(pl.col("expected_unit").alias("unit"))
    joined, unknown = reject_where(
        joined,
        pl.col("commodity_code").is_null(),
        "commodity",
        pl.col("source_commodity_name"),
        unknown_commodity_rule(feed),
    )
    joined, wrong_unit = reject_where(
        joined, pl.col("unit") != pl.col("expected_unit"), "unit", pl.col("unit"), UNIT_RULE
    )
    return joined.drop("expected_unit"), concat_rejects(unknown, wrong_unit)


def to_price_contract(
    cells: pl.DataFrame,
    feed: Feed,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    rejects: pl.DataFrame | None = None,
) -> ReadResult:
    """Turn a reader's long frame of price cells into contract rows plus rejects.

    ``cells`` carries: source_file, source_row, source_column, source_region_name,
    province_hint, geo_level, source_commodity_name, price_text, period_grain, period_start,
    period_end, market_level, and optionally unit (when the feed states one; else the
    commodity's unit from dim_commodity), source_market, is_imputed,
    file_period_start/end, latitude/longitude (to settle ambiguous names by distance).
    Missing cells (``-``, empty, ``0`` where the feed means missing) are not observations and are
    dropped; everything else either lands or is rejected with a reason.
    """
    cells = with_defaults(cells)
    cells, bad_prices = _parse_prices(cells, feed)
    cells, bad_regions = _resolve_regions(cells, resolver)
    cells, bad_commodities = _resolve_commodities(cells, feed, commodities)
    extent = (
        pl.when(
            pl.lit(feed.reports_pre_split_provinces)
            & (pl.col("geo_level") == "provinsi")
            & pl.col("region_code").is_in(SPLIT_PROVINCES)
        )
        .then(pl.lit("pre_2022_province"))
        .otherwise(pl.lit("current"))
    )
    rows = cells.select(
        pl.lit(feed.source).alias("source"),
        pl.lit(feed.dataset).alias("source_dataset"),
        pl.col("source_market").cast(pl.String).fill_null(""),
        pl.col("source_region_name").fill_null("").cast(pl.String),
        "geo_level",
        "region_code",
        extent.alias("region_extent"),
        pl.col("source_commodity_name").cast(pl.String),
        "commodity_code",
        "market_level",
        "period_grain",
        pl.col("period_start").cast(pl.Date),
        pl.col("period_end").cast(pl.Date),
        pl.col("price_idr").cast(pl.Float64),
        "unit",
        pl.col("is_imputed").cast(pl.Boolean),
        pl.col("file_period_start").cast(pl.Date),
        pl.col("file_period_end").cast(pl.Date),
        "source_file",
        pl.col("source_row").cast(pl.Int64),
        pl.col("source_column").cast(pl.String),
    )
    earlier = concat_rejects(*(r for r in (rejects,) if r is not None))
    return apply_contract(
        ReadResult.of(rows, earlier, bad_prices, bad_regions, bad_commodities), PriceObservation
    )
