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
    """No chili consumption by kab/kota or for Jawa Timur itself: the national household figure
    for cabai besar (Bapanas 2023, 2.42 kg a year; seed national_consumption_per_capita)."""
    row = published.sql(
        "select consumption_kg_per_capita_year, consumption_basis "
        "from mart_commodity_balance where region_code = '35' "
        "and commodity_code = 'cabai_merah' and year = 2023"
    ).fetchone()
    assert row == (2.42, "national figure (bapanas)")


def test_a_province_consumption_is_its_kabkota_figures_weighted_by_population(published):
    """Jawa Timur's rice 2023: its 38 kab/kota figures (bps/jatim/week_konsumsi_beras_perkapita
    .csv, kg a week x 365/7) weighted by the population the balance uses for each."""
    (basis,) = published.sql(
        "select consumption_basis from mart_commodity_balance where region_code = '35' "
        "and commodity_code = 'beras' and year = 2023"
    ).fetchone()
    assert basis == (
        "kab/kota figures aggregated by population (38 of 38 kab/kota, 100% of the population)"
    )
    (by_hand,) = published.sql(
        "select sum(c.kg_per_capita_year * p.population_persons) / sum(p.population_persons) "
        "from fct_consumption_per_capita c join dim_region r on r.region_code = c.region_code "
        "join mart_commodity_balance p on p.region_code = c.region_code "
        "  and p.commodity_code = 'beras' and p.year = 2023 "
        "where r.province_code = '35' and r.region_level <> 'provinsi' "
        "and c.commodity_code = 'beras' and c.year = 2023"
    ).fetchone()
    (chosen,) = published.sql(
        "select consumption_kg_per_capita_year from mart_commodity_balance "
        "where region_code = '35' and commodity_code = 'beras' and year = 2023"
    ).fetchone()
    assert chosen == pytest.approx(by_hand, rel=1e-9)


def test_eggs_2022_jawa_timur_in_surplus_jakarta_in_deficit(published):
    """BPS egg production 2022 (bps/telur/Data Produksi Telur Ayam Petelur menurut Provinsi
    2022.xlsx: JAWA TIMUR row 16, 1,314,114.93 t; DKI JAKARTA row 12, 0.00) against the Susenas
    2022 kab/kota egg consumption of each province aggregated by population."""
    rows = dict(
        (code, rest)
        for code, *rest in published.sql(
            "select region_code, production_edible_ton, balance_status, consumption_basis "
            "from mart_commodity_balance where commodity_code = 'telur_ayam_ras' "
            "and year = 2022 and region_code in ('35', '31')"
        ).fetchall()
    )
    assert rows["35"][:2] == [1314114.93, "surplus"]
    assert rows["31"][:2] == [0.0, "deficit"]
    assert rows["35"][2].startswith("kab/kota figures aggregated by population (38 of 38")
    assert rows["31"][2].startswith("kab/kota figures aggregated by population (6 of 6")


def test_national_production_sums_reproduce_the_bps_national_rows(published):
    """For every commodity and year with a BPS national row (the INDONESIA line of the
    download CSVs and of the vegetable table), the provinces the balance counts plus the
    pre-2022 provinces it leaves out (their area is in the new provinces' later figures) give
    the national figure, within the tables' own rounding (3 t)."""
    rows = published.sql(
        """
        with national as (
            select commodity_code, year, production_ton from fct_production
            where geo_level = 'nasional' and production_ton is not null
        ),
        balanced as (
            select produced_as_commodity_code as commodity_code, year,
                sum(production_reported_ton) as production_ton
            from mart_commodity_balance where region_level = 'provinsi'
            group by all
        ),
        left_out as (
            select commodity_code, year, sum(production_ton) as production_ton
            from fct_production
            where geo_level = 'provinsi' and region_extent = 'pre_2022_province'
            group by all
        )
        select national.commodity_code, national.year, national.production_ton,
            balanced.production_ton + coalesce(left_out.production_ton, 0)
        from national
        left join balanced using (commodity_code, year)
        left join left_out using (commodity_code, year)
        where national.commodity_code in (
            select produced_as_commodity_code from mart_commodity_balance
        )
        """
    ).fetchall()
    commodities = {commodity for commodity, *_ in rows}
    assert {"gabah_kering_giling", "jagung_pipilan", "cabai_merah", "bawang_merah"} <= commodities
    for commodity, year, national, summed in rows:
        assert summed == pytest.approx(national, abs=3), (commodity, year)
    # eggs have no INDONESIA row: the 34 provinces sum to 5,566,339.44 t (BPS: 5.57 Mt)
    (eggs,) = published.sql(
        "select sum(production_ton) from fct_production where commodity_code = "
        "'telur_ayam_ras' and year = 2022 and geo_level = 'provinsi'"
    ).fetchone()
    assert eggs == pytest.approx(5566339.44, abs=0.01)


def test_kabkota_balances_where_kabkota_production_exists(published):
    """Jawa Barat 2024 (bps/jabar/jawa_barat_food_production_2024.csv row 2: Kab. Bogor
    242,900.97 t of eggs) against the Susenas 2024 kab/kota egg consumption."""
    row = published.sql(
        "select production_edible_ton, balance_status, consumption_basis "
        "from mart_commodity_balance where region_code = '32.01' "
        "and commodity_code = 'telur_ayam_ras' and year = 2024"
    ).fetchone()
    assert row == (242900.97, "surplus", "regional figure")
    (regions,) = published.sql(
        "select count(distinct region_code) from mart_commodity_balance where year = 2024 "
        "and commodity_code = 'daging_ayam_ras' and balance_status in ('surplus', 'deficit')"
    ).fetchone()
    assert regions == 27


def test_regency_corn_written_as_zero_is_no_production(published):
    """bps/lampung/produksi_pangan.csv writes 0 t of corn for every Lampung regency in
    2018-2023 while BPS has the province at 0.97-1.44 Mt: those zeros are not balanced."""
    statuses = published.sql(
        "select distinct balance_status from mart_commodity_balance b "
        "join dim_region r using (region_code) where r.province_code = '18' "
        "and r.region_level <> 'provinsi' and b.commodity_code = 'jagung' and b.year = 2021"
    ).fetchall()
    assert statuses == [("no production data",)]


def test_grdp_totals_and_growth(published):
    """bps/webapi/pdrb_konstan_prov.json: JAWA TIMUR (3500) PDRB ADHK Tahunan 2019
    1,649,895,641.46 and 2020 1,611,392,546.77 million rupiah: growth -2.33% (as BPS
    published); 34 PROVINSI (9999) 2020 10,837,540,833.02."""
    row = published.sql(
        "select grdp_constant_idr_million, round(grdp_growth_pct, 2), constant_price_base_year "
        "from fct_grdp where region_code = '35' and year = 2020"
    ).fetchone()
    assert row == (1611392546.77, -2.33, 2010)
    (national,) = published.sql(
        "select grdp_constant_idr_million from fct_grdp where geo_level = 'nasional' "
        "and year = 2020"
    ).fetchone()
    assert national == 10837540833.02
    (quarters,) = published.sql(
        "select count(*) from fct_grdp where region_code = '35' and year = 2020"
    ).fetchone()
    assert quarters == 1  # the four quarters of the answer are not years
    profile = published.sql(
        "select grdp_growth_pct, grdp_growth_year from mart_region_profile where region_code = '35'"
    ).fetchone()
    assert (
        profile[1] == 2023
        and profile[0]
        == published.sql(
            "select grdp_growth_pct from fct_grdp where region_code = '35' and year = 2023"
        ).fetchone()[0]
    )


def test_region_profile(published):
    row = published.sql(
        "select population_persons, population_source, grdp_per_capita_current_idr, "
        "inflation_scope from mart_region_profile where region_code = '21.71'"
    ).fetchone()
    assert row[1] == "bps" and row[2] > 0 and row[3] == "province"
    assert published.sql("select count(*) from mart_region_profile").fetchone() == (552,)
