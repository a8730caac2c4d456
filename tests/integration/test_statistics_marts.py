"""Statistics facts and the commodity balance, read back from the published file."""

from datetime import date

import pytest


def test_golden_statistics(published):
    assert published.sql(
        "select production_ton from fct_production where geo_level = 'nasional' "
        "and commodity_code = 'gabah_kering_giling' and year = 2023"
    ).fetchone() == (53980993.19,)
    assert published.sql(
        "select production_ton from fct_production where region_code = '11.09' "
        "and commodity_code = 'gabah_kering_giling' and year = 2023"
    ).fetchone() == (25805.55,)
    assert published.sql(
        "select kg_per_capita_year from fct_consumption_per_capita where region_code = '18.04' "
        "and commodity_code = 'beras' and year = 2023"
    ).fetchone() == (107.48,)
    assert published.execute(
        "select inflation_pct, base_year from fct_inflation where region_code = '35' "
        "and measure = 'mtm' and period_start = ?",
        [date(2024, 3, 1)],
    ).fetchone() == (0.64, 2022)


def test_a_worked_balance_matches_the_mart(published):
    """Lampung Barat, rice, 2023, by hand from the published inputs."""
    (paddy,) = published.sql(
        "select production_ton from fct_production where region_code = '18.04' "
        "and commodity_code = 'gabah_kering_giling' and year = 2023"
    ).fetchone()
    (population,) = published.sql(
        "select population_persons from fct_population where region_code = '18.04' "
        "and year = 2023 and source = 'bps'"
    ).fetchone()
    (per_capita,) = published.sql(
        "select kg_per_capita_year from fct_consumption_per_capita where region_code = '18.04' "
        "and commodity_code = 'beras' and year = 2023"
    ).fetchone()
    rice = paddy * 0.6274  # BPS GKG -> beras
    need = population * per_capita / 1000
    row = published.sql(
        "select production_edible_ton, need_ton, surplus_ton, self_sufficiency_ratio, "
        "balance_status, production_basis, population_basis, consumption_basis, quality_flag "
        "from mart_commodity_balance where region_code = '18.04' and commodity_code = 'beras' "
        "and year = 2023"
    ).fetchone()
    assert row[0] == pytest.approx(rice, abs=0.001)
    assert row[1] == pytest.approx(need, abs=0.001)
    assert row[2] == pytest.approx(rice - need, abs=0.002)
    assert row[3] == pytest.approx(rice / need, abs=0.0001)
    assert row[4] == ("surplus" if rice > need else "deficit")
    assert row[5:] == (
        "converted: GKG milled to rice x 0.6274",
        "same year (bps)",
        "regional figure",
        "regional, same year",
    )


def test_regions_without_production_get_no_fake_zero(published):
    """Kota Banjarbaru: no file of the snapshot has its paddy (Kota Blitar, used before, now has
    Jawa Timur's kab/kota paddy from bps/jatim/data offstat.xlsx)."""
    row = published.sql(
        "select production_edible_ton, surplus_ton, balance_status, quality_flag "
        "from mart_commodity_balance where region_code = '63.72' and commodity_code = 'beras' "
        "and year = 2023"
    ).fetchone()
    assert row == (None, None, "no production data", "no data")


def test_a_province_balance_uses_the_national_consumption_figure_and_says_so(published):
    row = published.sql(
        "select consumption_kg_per_capita_year, consumption_basis, population_basis "
        "from mart_commodity_balance where region_code = '35' and commodity_code = 'beras' "
        "and year = 2023"
    ).fetchone()
    assert row == (
        78.0,
        "national figure (susenas), nearest year 2024",
        "nearest year 2025 (dukcapil)",
    )


def test_region_profile(published):
    row = published.sql(
        "select population_persons, population_source, grdp_per_capita_current_idr, "
        "inflation_scope from mart_region_profile where region_code = '21.71'"
    ).fetchone()
    assert row[1] == "bps" and row[2] > 0 and row[3] == "province"
    assert published.sql("select count(*) from mart_region_profile").fetchone() == (552,)
