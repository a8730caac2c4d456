"""Unit conversions (seeds/unit_conversions.csv), the defect flags of sources/bps/quality.py and
the statistics contract's rules on converted and flagged rows: each rule has a case that fails."""

from datetime import date

import polars as pl
import pytest

from sources.bps.quality import FILL_DOWN_RUN, flag_fill_down, flag_jumps
from sources.bps.schema import COLUMNS, StatObservation
from sources.bps.units import UnitConversions, default_conversions
from sources.common.commodities import default_dictionary
from sources.common.contract import ReadResult, apply_contract
from tests.statistics_rows import one, reader


@pytest.fixture(scope="module")
def read(resolver):
    return reader(resolver)


@pytest.mark.parametrize(
    ("source_unit", "unit", "commodity", "factor"),
    [
        ("ton", "ton", None, 1.0),
        ("kuintal", "ton", "bawang_merah", 0.1),
        ("ribu rupiah", "idr", None, 1000.0),
        ("ons/capita/month", "kg/capita/year", "bawang_merah", 0.1 * 12),
        ("kg/capita/week", "kg/capita/year", "beras", 365 / 7),
        # eggs: 60 g each, for telur_ayam and what lies below it (telur_ayam_ras)
        ("butir/capita/week", "kg/capita/year", "telur_ayam_ras", 0.06 * 365 / 7),
        ("butir/capita/month", "kg/capita/year", "telur_ayam", 0.06 * 12),
    ],
)
def test_conversions(source_unit, unit, commodity, factor):
    found = default_conversions().factor(source_unit, unit, commodity, default_dictionary())
    assert found == pytest.approx(factor)


@pytest.mark.parametrize(
    ("source_unit", "unit", "commodity"),
    [
        ("butir/capita/week", "kg/capita/year", "beras"),  # an egg weight is not a rice weight
        ("liter/capita/month", "kg/capita/year", "minyak_goreng"),  # no density in the seed
        ("kg/capita/week", "kg", "beras"),  # a rate is not a quantity
        ("kg/capita/fortnight", "kg/capita/year", "beras"),  # unknown period
    ],
)
def test_units_without_a_conversion_have_none(source_unit, unit, commodity):
    assert default_conversions().factor(source_unit, unit, commodity, default_dictionary()) is None


def test_a_seed_listing_a_conversion_twice_is_refused(tmp_path):
    seed = tmp_path / "unit_conversions.csv"
    seed.write_text("from_unit,to_unit,commodity_code,factor,basis\nons,kg,,0.1,a\nons,kg,,0.2,b\n")
    with pytest.raises(ValueError, match="twice"):
        UnitConversions.from_seed(seed)


def test_a_unit_with_no_conversion_is_rejected_by_name(read, tmp_path):
    path = tmp_path / "bps" / "pola_konsumsi_jawa_timur_2024.csv"
    path.parent.mkdir()
    path.write_text(
        "komoditas,satuan,rata_rata_konsumsi,rata_rata_pengeluaran_rp\n"
        "Beras,Kg,5.5,77000\nBeras Ketan,Gantang,2,9000\nGula pasir,Gantang,2,9000\n"
    )
    result = read(path, tmp_path)
    reject = result.rejects.filter(pl.col("source_row") == 4).row(0, named=True)
    assert reject["value"] == "gantang/capita/month -> kg/capita/year (gula_pasir)"
    assert reject["rule"].startswith("no conversion from the source's unit")
    assert one(result, source_row=2, measure="consumption_per_capita")["value"] == 5.5 * 12
    # the row's spending in rupiah still lands
    assert one(result, source_row=4, measure="food_expenditure_per_capita")["value"] == 9000 * 12


def _cells(
    values: list[float], measure: str = "consumption_per_capita", years=None
) -> pl.DataFrame:
    years = years or [2022] * len(values)
    return pl.DataFrame(
        {
            "source_column": "C",
            "measure": measure,
            "geo_level": "kabupaten_kota",
            "region_code": [
                f"35.{i:02d}" if len(set(years)) == 1 else "35.01" for i in range(len(values))
            ],
            "commodity_code": "beras",
            "period_grain": "year",
            "period_start": [date(y, 1, 1) for y in years],
            "source_row": range(2, 2 + len(values)),
            "value": values,
            "quality_flag": pl.Series([None] * len(values), dtype=pl.String),
        }
    )


def test_a_run_of_identical_values_below_its_first_row_is_a_fill_down():
    flagged = flag_fill_down(_cells([1.5, *[2.738] * FILL_DOWN_RUN, 1.9]))
    assert flagged["quality_flag"].to_list() == [
        None,
        None,
        *["filled_down"] * (FILL_DOWN_RUN - 1),
        None,
    ]


def test_a_shorter_run_and_a_run_of_zeros_are_not():
    short = flag_fill_down(_cells([*[2.738] * (FILL_DOWN_RUN - 1), 1.0]))
    zeros = flag_fill_down(_cells([0.0] * (FILL_DOWN_RUN + 3)))
    assert short["quality_flag"].is_null().all() and zeros["quality_flag"].is_null().all()


def test_a_jump_beyond_the_measures_ratio_is_flagged_and_the_next_good_year_is_not():
    years = [2021, 2022, 2023, 2024, 2025]
    population = flag_jumps(
        _cells([1000.0, 1010.0, 1010000.0, 1030.0, 2500.0], "population", years)
    )
    assert population["quality_flag"].to_list() == [
        None,
        None,
        "implausible_jump",
        None,
        "implausible_jump",
    ]
    # consumption has no max_period_ratio: it may move freely
    assert (
        flag_jumps(_cells([1.0, 9.0, 1.0, 9.0, 1.0], years=years))["quality_flag"].is_null().all()
    )


def _row(**change) -> pl.DataFrame:
    row = {
        "source": "bps", "source_dataset": "test", "source_region_name": "Kota Blitar",
        "source_region_code": None, "geo_level": "kabupaten_kota", "region_code": "35.72",
        "region_extent": "current", "measure": "population", "source_commodity_name": None,
        "commodity_code": None, "period_grain": "year", "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31), "value": 160000.0, "unit": "persons", "base_year": None,
        "source_value": 160.0, "source_unit": "ribu jiwa", "unit_factor": 1000.0,
        "quality_flag": None, "source_file": "t.csv", "source_row": 2, "source_column": "B",
    } | change  # fmt: skip
    return pl.DataFrame([row], schema=COLUMNS)


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"value": 170000.0}, "value must be source_value times unit_factor"),
        ({"quality_flag": "looks_odd"}, "isin"),
        ({"unit_factor": 0.0, "value": 0.0}, "greater_than"),
        ({"value": 5e9, "source_value": 5e6}, "value outside the plausible range of its measure"),
        ({"period_grain": "fortnight"}, "isin"),
    ],
)
def test_the_contract_rejects(change, rule):
    result = apply_contract(ReadResult.of(_row(**change)), StatObservation)
    assert result.rows.height == 0
    assert any(rule in r for r in result.rejects["rule"]), result.rejects


def test_a_flagged_row_out_of_range_lands_with_its_flag_and_a_quarter_is_a_grain():
    flagged = _row(value=5e9, source_value=5e6, quality_flag="implausible_jump")
    assert apply_contract(ReadResult.of(flagged), StatObservation).rows.height == 1
    quarter = _row(period_grain="quarter", period_end=date(2024, 3, 31))
    assert apply_contract(ReadResult.of(quarter), StatObservation).rows.height == 1
