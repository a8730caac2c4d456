"""The statistics family's contract: one tidy row per published figure.

BPS tables, BPS WebAPI answers and regional open-data CSVs all become (region, period, measure,
commodity, value, unit). A measure must be one the seed ``statistics_measures.csv`` knows, in its
unit and range, so a new table cannot slip an unnamed or mis-scaled number into a fact. Every row
keeps what the source wrote (``source_value`` in ``source_unit``) and the ``unit_factor`` that
turned it into ``value``. ``quality_flag`` marks a row known to be defective (see
``QUALITY_FLAGS``): it lands so that the defect can be seen, and is never to be published as a
plain value.
"""

from datetime import date
from functools import cache

import pandera.polars as pa
import polars as pl

from sources.common.paths import SEEDS_DIR

MEASURES_SEED = SEEDS_DIR / "statistics_measures.csv"

GEO_LEVELS = ["nasional", "provinsi", "kabupaten_kota"]
GRAINS = ["year", "quarter", "month"]
QUALITY_FLAGS = {
    "dash_as_zero": "the republisher wrote 0 where BPS printed '-' (none or not available)",
    "filled_down": "one of a run of identical values down a column (a spreadsheet fill-down)",
    "implausible_jump": "the value changes more than its measure can from the period before",
}
KEY_COLUMNS = [
    "source", "measure", "geo_level", "region_code", "commodity_code", "period_grain",
    "period_start",
]  # fmt: skip
COLUMNS = {
    "source": pl.String, "source_dataset": pl.String, "source_region_name": pl.String,
    "source_region_code": pl.String, "geo_level": pl.String, "region_code": pl.String,
    "region_extent": pl.String, "measure": pl.String, "source_commodity_name": pl.String,
    "commodity_code": pl.String, "period_grain": pl.String, "period_start": pl.Date,
    "period_end": pl.Date, "value": pl.Float64, "unit": pl.String, "base_year": pl.Int64,
    "source_value": pl.Float64, "source_unit": pl.String, "unit_factor": pl.Float64,
    "quality_flag": pl.String, "source_file": pl.String, "source_row": pl.Int64,
    "source_column": pl.String,
}  # fmt: skip


@cache
def measures() -> dict[str, dict]:
    """Known measures with unit and plausible range (seed ``statistics_measures.csv``)."""
    seed = pl.read_csv(MEASURES_SEED)
    return {row["measure"]: row for row in seed.iter_rows(named=True)}


def _bound(column: str) -> pl.Expr:
    return pl.col("measure").replace_strict(
        {m: row[column] for m, row in measures().items()}, default=None
    )


class StatObservation(pa.DataFrameModel):
    source: str
    source_dataset: str
    source_region_name: str
    source_region_code: str = pa.Field(nullable=True)
    geo_level: str = pa.Field(isin=GEO_LEVELS)
    region_code: str = pa.Field(nullable=True, str_matches=r"^\d{2}(\.\d{2})?$")
    region_extent: str = pa.Field(isin=["current", "pre_2022_province"])
    measure: str
    source_commodity_name: str = pa.Field(nullable=True)
    commodity_code: str = pa.Field(nullable=True)
    period_grain: str = pa.Field(isin=GRAINS)
    period_start: date
    period_end: date
    value: float
    unit: str
    base_year: int = pa.Field(nullable=True)
    source_value: float
    source_unit: str
    unit_factor: float = pa.Field(gt=0)
    quality_flag: str = pa.Field(nullable=True, isin=list(QUALITY_FLAGS))
    source_file: str
    source_row: int = pa.Field(ge=1)
    source_column: str

    class Config:
        strict = True

    @pa.check("region_code", error="region_code is required below the national level")
    def region_known(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("geo_level") == "nasional") | pl.col("region_code").is_not_null()
        )

    @pa.check("measure", error="unknown measure: add it to seeds/statistics_measures.csv")
    def measure_known(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("measure").is_in(list(measures())))

    @pa.check("unit", error="unit differs from the measure's unit in statistics_measures.csv")
    def unit_matches(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("unit") == _bound("unit")).fill_null(True))

    @pa.check("value", error="value outside the plausible range of its measure")
    def value_in_range(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A row already flagged defective (a x1000 year) lands with its flag instead."""
        low, high = _bound("min_value"), _bound("max_value")
        in_range = pl.col("value").is_between(low, high).fill_null(True)
        return data.lazyframe.select(in_range | pl.col("quality_flag").is_not_null())

    @pa.check("value", error="value must be source_value times unit_factor")
    def value_is_converted(cls, data: pa.PolarsData) -> pl.LazyFrame:
        expected = pl.col("source_value") * pl.col("unit_factor")
        return data.lazyframe.select((pl.col("value") - expected).abs() <= 1e-9 * expected.abs())

    @pa.check("period_start", error="period in the future")
    def not_in_future(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("period_start") <= date.today())
