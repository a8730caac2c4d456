"""The price contract as SQL gives the rejects pandera gives, rule for rule, on the same rows: the
set-based landing checks batches in DuckDB with rules derived from the one pandera model."""

from datetime import date, timedelta

import duckdb
import polars as pl
import pytest

from sources.common.contract import ReadResult, apply_contract, empty_rejects
from sources.common.contract_sql import passes_all, rejects_sql, sql_checks
from sources.prices import schema
from sources.prices.schema import COLUMNS, PriceObservation

GOOD = {
    "source": "bapanas", "source_dataset": "bapanas_daily", "source_market": "",
    "source_region_name": "kota bandung", "geo_level": "kabupaten_kota", "region_code": "32.73",
    "region_extent": "current", "source_commodity_name": "Beras Medium",
    "commodity_code": "beras_medium", "market_level": "retail", "period_grain": "day",
    "period_start": date(2025, 9, 13), "period_end": date(2025, 9, 13), "price_idr": 13250.0,
    "unit": "kg", "is_imputed": False, "file_period_start": None, "file_period_end": None,
    "source_file": "landing/bapanas/x.csv", "source_row": 2, "source_column": "Harga",
}  # fmt: skip
TOMORROW = date.today() + timedelta(days=1)
BROKEN = [
    {},  # a good row: no reject
    {"source": "bps"},
    {"geo_level": "kota"},
    {"region_code": "3273"},
    {"region_code": None},  # below the national level
    {"region_code": None, "geo_level": "nasional"},  # fine: a national average
    {"region_extent": "old"},
    {"market_level": "pasar"},
    {"period_grain": "year"},
    {"price_idr": -16500.0},  # two rules: greater_than(0) and the band
    {"price_idr": 165.0},  # the band only ('16,5' read as 16.5 per 100)
    {"price_idr": 13250.0, "unit": "karung"},  # no band for the unit
    {"period_end": date(2025, 9, 12)},
    {"file_period_start": date(2025, 10, 1), "file_period_end": date(2025, 10, 31)},
    {"period_start": TOMORROW, "period_end": TOMORROW},
    {"source_row": 0},
    {"source_market": None},
    {"commodity_code": None, "source_commodity_name": None},
]


@pytest.fixture(scope="module")
def rows() -> pl.DataFrame:
    records = [
        GOOD | change | {"source_row": change.get("source_row", 2 + i)}
        for i, change in enumerate(BROKEN)
    ]
    return pl.DataFrame(records, schema=COLUMNS)


def _pandera(rows):
    result = apply_contract(ReadResult(rows, empty_rejects()), PriceObservation)
    return result.rows, result.rejects


def test_sql_rejects_equal_pandera_rejects(rows):
    valid, rejects = _pandera(rows)
    checks = sql_checks(PriceObservation, schema.sql_checks())
    conn = duckdb.connect()
    conn.register("batch", rows.to_arrow())
    found = conn.execute(rejects_sql(PriceObservation, checks, "batch")).fetchall()
    kept = conn.execute(f"select source_row from batch where {passes_all(checks)}").fetchall()
    expected = set(rejects.select("source_row", "column_name", "value", "rule").rows())
    assert {r[1:] for r in found} == expected
    assert sorted(r[0] for r in kept) == sorted(valid["source_row"].to_list())
    assert len(expected) > len(BROKEN) - 3  # the cases do break rules
    assert (11, "price_idr", "-16500.0", "PriceObservation: greater_than(0)") in expected


def test_a_custom_check_without_sql_is_an_error_not_a_skipped_rule():
    with pytest.raises(ValueError, match="price_in_band on price_idr has no SQL form"):
        sql_checks(
            PriceObservation, {k: v for k, v in schema.sql_checks().items() if k != "price_in_band"}
        )
