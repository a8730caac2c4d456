"""Price marts from the real bundled feeds, read back from the published file."""

from datetime import date


def test_every_bundled_price_dataset_is_in_the_fact(published):
    datasets = dict(
        published.sql(
            "select source_dataset, count(*) from fct_price_observation group by all"
        ).fetchall()
    )
    assert set(datasets) == {
        "pihps_daily_region",
        "pihps_province_city",
        "pihps_api",
        "bapanas_daily",
        "bapanas_kabkota_monthly",
        "wfp_province_monthly",
    }
    # the national average appears once, not once per province workbook
    national = published.sql(
        "select count(*) from fct_price_observation where geo_level = 'nasional'"
    ).fetchone()[0]
    assert national == 10 * 28  # 10 commodity groups x 28 months


def test_golden_daily_price_traced_to_its_cell(published):
    row = published.execute(
        "select price_idr_per_unit, source_file, source_row, source_column "
        "from fct_price_observation where region_code = '62.02' and commodity_code = "
        "'beras_bawah_1' and period_start = ? and source_dataset = 'pihps_daily_region'",
        [date(2020, 1, 2)],
    ).fetchone()
    assert row == (
        13250.0,
        "sources/prices/data/pihps/kalimantan-tengah/kota-sampit/2020.xlsx",
        3,
        "D (02/ 01/ 2020)",
    )


def test_disparity_across_the_kalimantan_cities(published):
    row = published.execute(
        "select regions_reporting, cheapest_region_code, dearest_region_code, cv_pct, "
        "cheapest_deviation_pct, dearest_deviation_pct from mart_price_disparity "
        "where source = 'pihps' and period_grain = 'day' and commodity_code = 'beras_medium_1' "
        "and period_start = ?",
        [date(2024, 6, 3)],
    ).fetchone()
    assert row[0] == 8
    # Sintang and Singkawang tie at Rp 15,750 (the lower code wins); Palangka Raya is dearest
    assert row[1] == "61.05" and row[2] == "62.71"
    assert 0 < row[3] < 20
    # D_r is computed once, in the flat mart: the extremes are its rows for those regions
    flat = dict(
        published.execute(
            "select region_code, deviation_pct from mart_price_regional_deviation "
            "where source = 'pihps' and period_grain = 'day' and commodity_code = 'beras_medium_1' "
            "and period_start = ?",
            [date(2024, 6, 3)],
        ).fetchall()
    )
    assert len(flat) == 8
    assert (flat["61.05"], flat["62.71"]) == (row[4], row[5]) and row[4] < 0 < row[5]


def test_alerts_for_the_kalimantan_daily_series(published):
    rows = published.execute(
        "select months_in_series, alps, alps_phase, ipa_class, reference_regulation "
        "from mart_price_alerts where source = 'pihps' and region_code = '62.02' "
        "and commodity_code = 'beras_medium_1' and month_start = ?",
        [date(2024, 6, 1)],
    ).fetchall()
    assert len(rows) == 1
    months, alps, phase, ipa_class, regulation = rows[0]
    assert months >= 36 and alps is not None and phase != "not computed"
    assert ipa_class in {"high", "moderately high", "normal", "low"}
    assert regulation == "Perbadan 5/2024"


def test_short_series_say_why_alps_is_missing(published):
    note = published.sql(
        "select alps_note from mart_price_alerts where source = 'bapanas' limit 1"
    ).fetchone()[0]
    assert note.startswith("fewer than 36 months of data (")


def test_coverage_has_explicit_no_data_rows(published):
    rows = published.sql(
        "select count(*) filter (where not has_data), count(*) filter (where has_data), "
        "max(completeness_pct) from mart_data_coverage"
    ).fetchone()
    assert rows[0] > 0 and rows[1] > 0 and rows[2] == 100.0


def test_egg_prices_are_held_to_the_hap_in_force(published):
    """Kota Blitar's Bapanas egg price: April 2024 against the Perbadan 5/2022 consumer HAP of
    Rp 27,000 (in force to 24 April 2024), May against Perbadan 6/2024's Rp 30,000 (seed
    hap_reference_prices)."""
    rows = published.execute(
        "select month_start, reference_type, reference_regulation, reference_price_idr_per_unit, "
        "reference_gap_pct, price_idr_per_unit from mart_price_alerts where source = 'bapanas' "
        "and region_code = '35.72' and commodity_code = 'telur_ayam_ras' "
        "and month_start in (?, ?) order by month_start",
        [date(2024, 4, 1), date(2024, 5, 1)],
    ).fetchall()
    assert [row[1:4] for row in rows] == [
        ("HAP", "Perbadan 5/2022", 27000.0),
        ("HAP", "Perbadan 6/2024", 30000.0),
    ]
    for *_, reference, gap, price in rows:
        assert gap == round((price - reference) / reference * 100, 4)
    covered = {
        commodity
        for (commodity,) in published.sql(
            "select distinct commodity_code from mart_price_alerts where reference_type = 'HAP'"
        ).fetchall()
    }
    assert {"telur_ayam_ras", "daging_ayam_ras", "bawang_merah", "cabai_rawit_merah"} <= covered
