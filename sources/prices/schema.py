"""The price family's contract: one tidy row per observed price, whatever the feed.

Every reader (PIHPS daily and regional exports and API, Bapanas panel and kab/kota table, WFP
market and province files) produces exactly these columns, so the warehouse treats all feeds alike.
A row that breaks a rule is quarantined with the rule; the rest of its file lands.
"""

from datetime import date
from functools import cache

import pandera.polars as pa
import polars as pl

from sources.common.paths import SEEDS_DIR

PRICE_BANDS_SEED = SEEDS_DIR / "price_bands.csv"

SOURCES = ["pihps", "bapanas", "wfp"]
GEO_LEVELS = ["nasional", "provinsi", "kabupaten_kota"]
MARKET_LEVELS = ["producer", "wholesale", "retail", "retail_traditional", "retail_modern"]
GRAINS = ["day", "week", "month"]
KEY_COLUMNS = [
    "source", "source_market", "geo_level", "region_code", "commodity_code", "market_level",
    "period_grain", "period_start",
]  # fmt: skip


# The contract's columns and polars types, in order (an empty frame of these creates the tables).
COLUMNS = {
    "source": pl.String, "source_dataset": pl.String, "source_market": pl.String,
    "source_region_name": pl.String, "geo_level": pl.String, "region_code": pl.String,
    "region_extent": pl.String, "source_commodity_name": pl.String, "commodity_code": pl.String,
    "market_level": pl.String, "period_grain": pl.String, "period_start": pl.Date,
    "period_end": pl.Date, "price_idr": pl.Float64, "unit": pl.String, "is_imputed": pl.Boolean,
    "file_period_start": pl.Date, "file_period_end": pl.Date, "source_file": pl.String,
    "source_row": pl.Int64, "source_column": pl.String,
}  # fmt: skip


@cache
def price_bands() -> dict[str, tuple[float, float]]:
    """Plausible price range per unit (seed ``price_bands.csv``)."""
    seed = pl.read_csv(PRICE_BANDS_SEED)
    return {
        u: (lo, hi) for u, lo, hi in seed.select("unit", "min_price_idr", "max_price_idr").rows()
    }


class PriceObservation(pa.DataFrameModel):
    source: str = pa.Field(isin=SOURCES)
    source_dataset: str
    source_market: str = pa.Field(nullable=False)  # "" when the feed is not market-level
    source_region_name: str
    geo_level: str = pa.Field(isin=GEO_LEVELS)
    region_code: str = pa.Field(nullable=True, str_matches=r"^\d{2}(\.\d{2})?$")
    region_extent: str = pa.Field(isin=["current", "pre_2022_province"])
    source_commodity_name: str
    commodity_code: str
    market_level: str = pa.Field(isin=MARKET_LEVELS)
    period_grain: str = pa.Field(isin=GRAINS)
    period_start: date
    period_end: date
    price_idr: float = pa.Field(gt=0)
    unit: str
    is_imputed: bool
    file_period_start: date = pa.Field(nullable=True)
    file_period_end: date = pa.Field(nullable=True)
    source_file: str
    source_row: int = pa.Field(ge=1)
    source_column: str

    class Config:
        strict = True

    # Cross-column rules are column checks so a reject names the offending column and value.
    @pa.check("region_code", error="region_code is required below the national level")
    def region_known(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("geo_level") == "nasional") | pl.col("region_code").is_not_null()
        )

    @pa.check("price_idr", error="price outside the plausible band for its unit (seed price_bands)")
    def price_in_band(cls, data: pa.PolarsData) -> pl.LazyFrame:
        bands = price_bands()
        low = pl.col("unit").replace_strict({u: b[0] for u, b in bands.items()}, default=None)
        high = pl.col("unit").replace_strict({u: b[1] for u, b in bands.items()}, default=None)
        return data.lazyframe.select(pl.col("price_idr").is_between(low, high).fill_null(False))

    @pa.check("period_end", error="period_end before period_start")
    def period_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("period_end") >= pl.col("period_start"))

    @pa.check("period_start", error="date outside the period the file covers")
    def inside_file_period(cls, data: pa.PolarsData) -> pl.LazyFrame:
        after = pl.col("file_period_start").is_null() | (
            pl.col("period_start") >= pl.col("file_period_start")
        )
        before = pl.col("file_period_end").is_null() | (
            pl.col("period_end") <= pl.col("file_period_end")
        )
        return data.lazyframe.select(after & before)

    @pa.check("period_start", error="date in the future")
    def not_in_future(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("period_start") <= date.today())


def sql_checks() -> dict[str, str]:
    """The custom checks above as DuckDB SQL, for the set-based landing (sources/common/
    contract_sql.py); tests/unit/test_contract_sql.py requires the same rejects from both."""
    bands = price_bands()
    low = " ".join(f"when '{u}' then {b[0]}" for u, b in bands.items())
    high = " ".join(f"when '{u}' then {b[1]}" for u, b in bands.items())
    return {
        "region_known": "geo_level = 'nasional' or region_code is not null",
        "price_in_band": f"price_idr between (case unit {low} end) and (case unit {high} end)",
        "period_ordered": "period_end >= period_start",
        "inside_file_period": "(file_period_start is null or period_start >= file_period_start) "
        "and (file_period_end is null or period_end <= file_period_end)",
        "not_in_future": f"period_start <= date '{date.today().isoformat()}'",
    }
