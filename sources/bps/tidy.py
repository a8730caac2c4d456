"""From a reader's long frame of statistics cells to the statistics contract.

Shared by every statistics reader: parse the value text with the file's number convention,
resolve each region once (by code in its stated code system, by name, or both, and then they
must agree), map commodity names through the dictionary, convert the source's unit to the
measure's (``units``), flag the defects the numbers show (``quality``), tell whether the file
reports the provinces before or after the 2022 Papua split, and validate against
``StatObservation``.
"""

from dataclasses import dataclass

import polars as pl

from sources.bps.quality import flag_fill_down, flag_jumps
from sources.bps.schema import StatObservation, measures
from sources.bps.units import UnitConversions, default_conversions
from sources.common.commodities import CommodityDictionary
from sources.common.contract import ReadResult, apply_contract, concat_rejects, reject_where
from sources.common.numbers import NumberFormat, is_missing
from sources.common.region_names import parse_region_name
from sources.common.region_resolver import AMBIGUOUS, RESOLVED, RegionResolver, Resolution

NATIONAL_NAMES = {"indonesia", "nasional", "national"}
NEW_PAPUA_PROVINCES = ("93", "94", "95", "96")
SPLIT_PROVINCES = ("91", "92")


@dataclass(frozen=True)
class StatFeed:
    """How a file names its regions and writes its numbers. ``bare_names_are_kabupaten``: the
    file writes cities ``Kota Blitar`` and kabupaten bare (``Blitar``), as BPS kab/kota tables
    do, so a bare name shared by a kota and a kabupaten is the kabupaten."""

    source: str
    dataset: str
    levels: tuple[str, ...] = ("provinsi", "kabupaten", "kota")
    bare_names_are_kabupaten: bool = False
    zeros_were_dashes: bool = False  # the republisher wrote 0 for BPS '-': flag every 0


def _resolve_one(
    resolver: RegionResolver,
    name: str | None,
    code: str | None,
    system: str | None,
    hint: str | None,
    levels: tuple[str, ...],
    bare_names_are_kabupaten: bool = False,
) -> tuple[str | None, str | None, str]:
    """(geo_level, region_code, note); region_code None with a note when it does not resolve."""
    if name and name.strip().lower() in NATIONAL_NAMES and not code:
        return "nasional", None, ""
    by_name = resolver.resolve(name, hint, levels) if name else None
    if (
        by_name
        and by_name.status == AMBIGUOUS
        and bare_names_are_kabupaten
        and "kabupaten" in levels
        and parse_region_name(name).level is None
    ):
        by_name = resolver.resolve(name, hint, ("kabupaten",))
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
    """``region_level`` (a level column such as Kategori ``kota``) narrows a row's levels."""
    keys = [
        "source_region_name", "source_region_code", "code_system", "province_hint",
        "region_level",
    ]  # fmt: skip
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
                        (row["region_level"],) if row["region_level"] else feed.levels,
                        feed.bare_names_are_kabupaten,
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
    conversions: UnitConversions | None = None,
) -> ReadResult:
    """``cells`` carries source_file, source_row, source_column, source_region_name and
    optionally source_region_code + code_system, province_hint and region_level, measure,
    source_commodity_name (null for measures without a commodity), value_text, period_grain,
    period_start, period_end, unit (the source's, converted here to the measure's) and
    optionally base_year and quality_flag. Missing cells are dropped."""
    defaults = {
        "source_region_code": pl.lit(None, pl.String),
        "code_system": pl.lit(None, pl.String),
        "province_hint": pl.lit(None, pl.String),
        "region_level": pl.lit(None, pl.String),
        "source_commodity_name": pl.lit(None, pl.String),
        "base_year": pl.lit(None, pl.Int64),
        "quality_flag": pl.lit(None, pl.String),
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
    cells = cells.with_columns(
        number_format.expr(pl.col("value_text").cast(pl.String)).alias("source_value")
    )
    if feed.zeros_were_dashes:
        cells = cells.with_columns(
            pl.when(pl.col("source_value") == 0)
            .then(pl.lit("dash_as_zero"))
            .otherwise(pl.col("quality_flag"))
            .alias("quality_flag")
        )
    cells, bad_regions = _resolve_regions(cells, feed, resolver)
    cells, bad_commodities = _map_commodities(cells, feed, commodities)
    cells, bad_units = _convert_units(cells, commodities, conversions or default_conversions())
    cells = flag_jumps(flag_fill_down(cells))
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
        pl.col("source_value").cast(pl.Float64),
        pl.col("source_unit").cast(pl.String),
        pl.col("unit_factor").cast(pl.Float64),
        pl.col("quality_flag").cast(pl.String),
        "source_file",
        pl.col("source_row").cast(pl.Int64),
        pl.col("source_column").cast(pl.String),
    )
    earlier = concat_rejects(*(r for r in (rejects,) if r is not None))
    return apply_contract(
        ReadResult.of(rows, earlier, bad_values, bad_regions, bad_commodities, bad_units),
        StatObservation,
    )


def _map_commodities(
    cells: pl.DataFrame, feed: StatFeed, commodities: CommodityDictionary
) -> tuple[pl.DataFrame, pl.DataFrame]:
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
    return reject_where(
        cells,
        pl.col("source_commodity_name").is_not_null() & pl.col("commodity_code").is_null(),
        "commodity",
        pl.col("source_commodity_name"),
        f"unknown {feed.source} commodity name: add it to "
        "dbt_project/seeds/commodity_crosswalk.csv",
    )


def _convert_units(
    cells: pl.DataFrame, commodities: CommodityDictionary, conversions: UnitConversions
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``value = source_value x unit_factor`` in the measure's unit; a unit with no known
    conversion is rejected naming both units. An unknown measure keeps its unit (factor 1)
    for the contract to reject by name."""
    cells = cells.rename({"unit": "source_unit"})
    known = measures()
    lookup = [
        {
            "source_unit": source_unit,
            "measure": measure,
            "commodity_code": code,
            "unit": known[measure]["unit"] if measure in known else source_unit,
            "unit_factor": (
                conversions.factor(source_unit, known[measure]["unit"], code, commodities)
                if measure in known
                else 1.0
            ),
        }
        for source_unit, measure, code in cells.select("source_unit", "measure", "commodity_code")
        .unique()
        .iter_rows()
    ]
    schema = {
        "source_unit": pl.String,
        "measure": pl.String,
        "commodity_code": pl.String,
        "unit": pl.String,
        "unit_factor": pl.Float64,
    }
    cells = cells.join(
        pl.DataFrame(lookup, schema=schema),
        on=["source_unit", "measure", "commodity_code"],
        how="left",
        nulls_equal=True,
    )
    cells, rejects = reject_where(
        cells,
        pl.col("unit_factor").is_null(),
        pl.col("source_column"),
        pl.format(
            "{} -> {} ({})",
            pl.col("source_unit").fill_null("no unit"),
            pl.col("unit"),
            pl.col("commodity_code").fill_null("any commodity"),
        ),
        "no conversion from the source's unit to the measure's: add it to "
        "dbt_project/seeds/unit_conversions.csv",
    )
    return cells.with_columns(
        (pl.col("source_value") * pl.col("unit_factor")).alias("value")
    ), rejects
