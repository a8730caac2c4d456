"""From a reader's long frame of statistics cells to the statistics contract.

Shared by every statistics reader: parse the value text with the file's number convention,
resolve each region once (by code in its stated code system, by name, or both, and then they
must agree), map commodity names through the dictionary, tell whether the file reports the
provinces before or after the 2022 Papua split, and validate against ``StatObservation``.
"""

from dataclasses import dataclass

import polars as pl

from sources.bps.schema import StatObservation
from sources.common.commodities import CommodityDictionary
from sources.common.contract import ReadResult, apply_contract, concat_rejects, reject_where
from sources.common.numbers import NumberFormat, is_missing
from sources.common.region_resolver import RESOLVED, RegionResolver, Resolution

NATIONAL_NAMES = {"indonesia", "nasional", "national"}
NEW_PAPUA_PROVINCES = ("93", "94", "95", "96")
SPLIT_PROVINCES = ("91", "92")


@dataclass(frozen=True)
class StatFeed:
    source: str
    dataset: str
    levels: tuple[str, ...] = ("provinsi", "kabupaten", "kota")


def _resolve_one(
    resolver: RegionResolver,
    name: str | None,
    code: str | None,
    system: str | None,
    hint: str | None,
    levels: tuple[str, ...],
) -> tuple[str | None, str | None, str]:
    """(geo_level, region_code, note); region_code None with a note when it does not resolve."""
    if name and name.strip().lower() in NATIONAL_NAMES and not code:
        return "nasional", None, ""
    by_name = resolver.resolve(name, hint, levels) if name else None
    if code:
        by_code = resolver.resolve_code(code, system or "kemendagri")
        if by_code.status != RESOLVED:
            return None, None, f"{system} code '{code}' is not a known region"
        if by_name and by_name.status == RESOLVED and by_name.region_code != by_code.region_code:
            return (
                None,
                None,
                (
                    f"{system} code '{code}' is {by_code.region_code} but the name "
                    f"'{name}' is {by_name.region_code}"
                ),
            )
        chosen: Resolution = by_code
    elif by_name:
        chosen = by_name
    else:
        return None, None, "no region name or code"
    if chosen.status != RESOLVED:
        return None, None, chosen.message
    level = resolver.regions[chosen.region_code].level
    return ("provinsi" if level == "provinsi" else "kabupaten_kota"), chosen.region_code, ""


def _resolve_regions(cells: pl.DataFrame, feed: StatFeed, resolver: RegionResolver):
    keys = ["source_region_name", "source_region_code", "code_system", "province_hint"]
    distinct = cells.select(keys).unique()
    resolved = [
        {
            **row,
            **dict(
                zip(
                    ("geo_level", "region_code", "resolution_note"),
                    _resolve_one(
                        resolver,
                        row["source_region_name"],
                        row["source_region_code"],
                        row["code_system"],
                        row["province_hint"],
                        feed.levels,
                    ),
                    strict=True,
                )
            ),
        }
        for row in distinct.iter_rows(named=True)
    ]
    lookup = pl.DataFrame(
        resolved,
        schema={
            **distinct.schema,
            "geo_level": pl.String,
            "region_code": pl.String,
            "resolution_note": pl.String,
        },
    )
    joined = cells.join(lookup, on=keys, how="left", nulls_equal=True)
    return reject_where(
        joined,
        pl.col("geo_level").is_null(),
        "region",
        pl.col("resolution_note"),
        "region must resolve to exactly one current region",
    )


def to_stat_contract(
    cells: pl.DataFrame,
    feed: StatFeed,
    number_format: NumberFormat,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    rejects: pl.DataFrame | None = None,
) -> ReadResult:
    """``cells`` carries source_file, source_row, source_column, source_region_name and
    optionally source_region_code + code_system and province_hint, measure,
    source_commodity_name (null for measures without a commodity), value_text, period_grain,
    period_start, period_end, unit and optionally base_year and scale (the factor to the
    measure's unit). Missing cells are dropped."""
    defaults = {
        "source_region_code": pl.lit(None, pl.String),
        "code_system": pl.lit(None, pl.String),
        "province_hint": pl.lit(None, pl.String),
        "source_commodity_name": pl.lit(None, pl.String),
        "base_year": pl.lit(None, pl.Int64),
        "scale": pl.lit(1.0),
    }
    cells = cells.with_columns(v.alias(k) for k, v in defaults.items() if k not in cells.columns)
    cells = cells.filter(~is_missing(pl.col("value_text").cast(pl.String)))
    cells, bad_values = reject_where(
        cells,
        number_format.expr(pl.col("value_text").cast(pl.String)).is_null(),
        pl.col("source_column"),
        pl.col("value_text"),
        f"value is not a number (decimal '{number_format.decimal}')",
    )
    cells = cells.with_columns(  # scale: a table in ribu rupiah carries 1000
        (number_format.expr(pl.col("value_text").cast(pl.String)) * pl.col("scale")).alias("value")
    )
    cells, bad_regions = _resolve_regions(cells, feed, resolver)
    names = (
        cells.select("source_commodity_name")
        .unique()
        .filter(pl.col("source_commodity_name").is_not_null())
    )
    lookup = names.with_columns(
        pl.col("source_commodity_name")
        .map_elements(lambda n: commodities.lookup(feed.source, n), return_dtype=pl.String)
        .alias("commodity_code")
    )
    cells = cells.join(lookup, on="source_commodity_name", how="left")
    cells, bad_commodities = reject_where(
        cells,
        pl.col("source_commodity_name").is_not_null() & pl.col("commodity_code").is_null(),
        "commodity",
        pl.col("source_commodity_name"),
        f"unknown {feed.source} commodity name: add it to "
        "dbt_project/seeds/commodity_crosswalk.csv",
    )
    # A file that lists any of the four provinces created in 2022 reports today's provinces;
    # one that does not, but lists Papua or Papua Barat, reports them in their old extent.
    post_split = cells.select(
        pl.col("region_code").str.slice(0, 2).is_in(NEW_PAPUA_PROVINCES).any()
    ).item()
    extent = (
        pl.when(
            pl.lit(not post_split)
            & (pl.col("geo_level") == "provinsi")
            & pl.col("region_code").is_in(SPLIT_PROVINCES)
        )
        .then(pl.lit("pre_2022_province"))
        .otherwise(pl.lit("current"))
    )
    rows = cells.select(
        pl.lit(feed.source).alias("source"),
        pl.lit(feed.dataset).alias("source_dataset"),
        pl.col("source_region_name").fill_null("").cast(pl.String),
        pl.col("source_region_code").cast(pl.String),
        "geo_level",
        "region_code",
        extent.alias("region_extent"),
        pl.col("measure").cast(pl.String),
        pl.col("source_commodity_name").cast(pl.String),
        "commodity_code",
        pl.col("period_grain").cast(pl.String),
        pl.col("period_start").cast(pl.Date),
        pl.col("period_end").cast(pl.Date),
        pl.col("value").cast(pl.Float64),
        pl.col("unit").cast(pl.String),
        pl.col("base_year").cast(pl.Int64),
        "source_file",
        pl.col("source_row").cast(pl.Int64),
        pl.col("source_column").cast(pl.String),
    )
    earlier = concat_rejects(*(r for r in (rejects,) if r is not None))
    return apply_contract(
        ReadResult.of(rows, earlier, bad_values, bad_regions, bad_commodities), StatObservation
    )
