"""Regional table shapes (sources/bps/regional.py) on the December-2026 real files: golden figures
traced to their cells, every defect their PROVENANCE.md names caught, units converted and kept."""

import shutil
from datetime import date

import polars as pl
import pytest

from sources.common.contract import ContractError
from tests.statistics_rows import DATA, one, reader

BPS = DATA / "bps"
WEEKS_PER_YEAR, EGG_WEIGHT_KG = 365 / 7, 0.06
Y2022, Y2024 = date(2022, 1, 1), date(2024, 1, 1)


@pytest.fixture(scope="module")
def read(resolver):
    return reader(resolver)


@pytest.fixture(scope="module")
def jatim_population(read):
    return read(BPS / "jatim" / "year_populasi_jatim.csv")


@pytest.fixture(scope="module")
def offstat(read):
    return read(BPS / "jatim" / "data offstat.xlsx")


@pytest.fixture(scope="module")
def susenas_2024(read):
    return read(BPS / "susenas" / "kabkota_multivariat_susenas_2024.csv")


@pytest.fixture(scope="module")
def egg_panel(read):
    return read(BPS / "telur_kabkota" / "Dataset Ready.xlsx")


# --- Jawa Barat ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "commodity", "row", "value"),
    [
        ("32.01", "telur_ayam_ras", 2, 242900.97),  # Kab. Bogor, produksi_telur_ayam_ton
        ("32.07", "daging_ayam_ras", 8, 141488.56),  # Kab. Ciamis, produksi_daging_ayam_ton
        ("32.04", "bawang_merah", 5, 87632.60),  # Kab. Bandung, produksi_bawang_merah_ton
        ("32.05", "cabai_rawit", 6, 53357.20),  # Kab. Garut, produksi_cabai_rawit_ton
        ("32.73", "daging_sapi", 22, 5615.46),  # Kota Bandung, produksi_daging_sapi_ton
    ],
)
def test_jawa_barat_production_2024(read, region, commodity, row, value):
    result = read(BPS / "jabar" / "jawa_barat_food_production_2024.csv")
    found = one(result, region_code=region, commodity_code=commodity)
    assert (found["value"], found["source_row"], found["unit"]) == (value, row, "ton")
    assert found["period_start"] == Y2024


def test_jawa_barat_cabai_besar_is_kept_apart_from_the_national_cabai_besar(read):
    result = read(BPS / "jabar" / "jawa_barat_food_production_2024.csv")
    assert result.rejects.height == 0 and result.rows.height == 27 * 6
    chili = set(
        result.rows.filter(pl.col("source_column") == "produksi_cabai_besar_ton")["commodity_code"]
    )
    assert chili == {"cabai_merah_besar"}  # never cabai_merah, BPS's besar + keriting
    zero = one(result, region_code="32.75", commodity_code="bawang_merah")  # Kota Bekasi 0.00
    assert zero["value"] == 0 and zero["quality_flag"] is None  # a real zero, not a dash


# --- Jawa Timur horticulture, consumption, population ------------------------------------


def test_jatim_horticulture_in_kuintal_is_stored_in_tons_with_the_source_value(read):
    result = read(BPS / "jatim" / "bawang_merah.csv")
    nganjuk = one(result, region_code="35.18", period_start=Y2022)  # row 19, Produksi_2022
    assert (nganjuk["source_value"], nganjuk["source_unit"], nganjuk["unit_factor"]) == (
        1939881.0,
        "kuintal",
        0.1,
    )
    assert (nganjuk["value"], nganjuk["unit"]) == (pytest.approx(193988.1), "ton")


def test_jatim_horticulture_repeated_bare_names_are_the_kota(read):
    result = read(BPS / "jatim" / "bawang_merah.csv")
    # 'Probolinggo' is row 14 (the kabupaten, 35.13) and again row 34 (the kota, 35.74)
    assert one(result, region_code="35.13", period_start=Y2022)["source_row"] == 14
    kota = one(result, region_code="35.74", period_start=Y2022)
    assert (kota["source_row"], kota["source_value"]) == (34, 60999.0)
    rawit = read(BPS / "jatim" / "cabai_rawit.csv")
    assert one(rawit, region_code="35.05", period_start=Y2022)["source_value"] == 446746.0  # row 6
    assert one(rawit, region_code="35.72", period_start=Y2022)["source_row"] == 32  # Kota Blitar
    assert rawit.rejects.height == 0  # the Total row (6124089 in 2022) equals the sum of rows


@pytest.mark.parametrize(
    ("file", "commodity"),
    [
        ("cabai_besar.csv", "cabai_merah_besar"),
        ("cabai_keriting.csv", "cabai_merah_keriting"),
        ("cabai_rawit.csv", "cabai_rawit"),
        ("bawang_putih.csv", "bawang_putih"),
    ],
)
def test_jatim_horticulture_commodity_is_the_file_name(read, file, commodity):
    result = read(BPS / "jatim" / file)
    assert set(result.rows["commodity_code"]) == {commodity}
    assert not result.rows.filter(pl.col("source_region_name") == "Total").height


def test_a_total_the_rows_do_not_add_up_to_is_rejected(read, tmp_path):
    target = tmp_path / "bps" / "cabai_rawit.csv"
    target.parent.mkdir()
    lines = (BPS / "jatim" / "cabai_rawit.csv").read_text().splitlines(keepends=True)
    target.write_text("".join(line for line in lines if not line.startswith("Sumenep,")))
    result = read(target, tmp_path)
    assert set(result.rejects["value"]) == {"5788830.0", "6124089.0"}  # both Total cells
    assert result.rejects["rule"][0].startswith("the rows above sum to")


def test_jatim_weekly_rice_consumption_becomes_yearly(read):
    result = read(BPS / "jatim" / "week_konsumsi_beras_perkapita.csv")
    row = one(result, region_code="35.74", period_start=Y2022)  # Kota Probolinggo, row 72
    assert (row["source_value"], row["source_unit"], row["commodity_code"]) == (
        1.493,
        "kg/capita/week",
        "beras",
    )
    assert row["value"] == pytest.approx(1.493 * WEEKS_PER_YEAR)
    assert result.rows.height == 190


def test_jatim_population_2025_x1000_is_flagged_not_published_plain(jatim_population):
    assert one(jatim_population, region_code="35.74", period_start=Y2022)["value"] == 243200.0
    kediri = one(jatim_population, region_code="35.06", period_start=date(2025, 1, 1))
    assert (kediri["value"], kediri["quality_flag"]) == (1702262000.0, "implausible_jump")
    flags = jatim_population.rows.group_by(pl.col("period_start").dt.year(), "quality_flag").len()
    assert sorted(flags.rows()) == [
        (2021, None, 38), (2022, None, 38), (2023, None, 38), (2024, None, 38),
        (2025, "implausible_jump", 38),
    ]  # fmt: skip
    assert jatim_population.rejects.height == 0  # flagged rows are not range-rejected


# --- Jawa Timur paddy and food security (data offstat.xlsx) ------------------------------


@pytest.mark.parametrize(
    ("region", "measure", "year", "row", "value"),
    [
        ("35.74", "production", 2024, 72, 8494.14),  # Kota Probolinggo, Rekap Produksi Padi
        ("35.74", "food_security_index", 2023, 110, 80.01),  # IKP, a text cell '80.01'
        ("35.72", "harvested_area", 2024, 70, 574.04),  # Kota Blitar, Luas Panen Tanaman Padi
        ("35.05", "production", 2024, 44, 171154.02),  # 'Blitar', Kategori kabupaten
        ("35.71", "poverty_rate", 2024, 69, 6.51),  # Kota Kediri, Persentase Penduduk Miskin
    ],
)
def test_jatim_paddy_and_food_security_golden(offstat, region, measure, year, row, value):
    found = one(offstat, region_code=region, measure=measure, period_start=date(year, 1, 1))
    assert (found["value"], found["source_row"]) == (value, row)


def test_jatim_regency_paddy_adds_up_to_the_bps_province_total(read, offstat):
    """Sheet1's 38 kab/kota sum to the JAWA TIMUR row of the BPS download for each year."""
    paddy = "Luas Panen, Produksi, dan Produktivitas Padi Menurut Provinsi, {}.csv"
    for year in (2021, 2022, 2023):
        regencies = offstat.rows.filter(
            pl.col("measure") == "production", pl.col("period_start") == date(year, 1, 1)
        )
        province = one(
            read(BPS / "jagung_padi" / paddy.format(year)), region_code="35", measure="production"
        )
        assert regencies.height == 38
        assert regencies["value"].sum() == pytest.approx(province["value"], abs=1.0)


def test_a_regency_density_copied_from_its_kota_is_flagged(offstat):
    # Kabupaten Madiun 2022: 6668 per km2 (Kota Madiun's figure); 723 in 2021, 678 in 2023
    madiun = one(offstat, region_code="35.19", measure="population_density", period_start=Y2022)
    assert (madiun["value"], madiun["quality_flag"]) == (6668.0, "implausible_jump")
    later = one(
        offstat, region_code="35.19", measure="population_density", period_start=date(2023, 1, 1)
    )
    assert later["quality_flag"] is None  # compared with 2021, the last good year


def test_offstat_infant_counts_are_not_read_and_helper_sheets_are_named(offstat):
    assert not offstat.rows.filter(pl.col("source_column").str.contains("bayi|Bayi")).height
    assert set(offstat.rejects["column_name"]) == {"<sheet Sheet2>", "<sheet Copy of Sheet2>"}
    assert offstat.rows.height == 190 * 8  # 38 kab/kota x 5 years x 8 measures, none missing


# --- Susenas 2024 extract -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "commodity", "row", "source_value"),
    [
        ("35.74", "telur_ayam_ras", 261, 1.821),  # Kota Probolinggo, butir
        ("35.74", "daging_ayam_ras", 261, 0.107),  # Kota Probolinggo, kg
        ("35.72", "telur_ayam_ras", 259, 1.949),  # Kota Blitar
        ("35.05", "beras", 233, 1.303),  # 'Blitar' (tipe Kabupaten)
        ("64.72", "daging_ayam_ras", 365, 0.186),  # Kota Samarinda
        ("31.71", "telur_ayam_ras", None, 2.683),  # Kota Jakarta Pusat
    ],
)
def test_susenas_2024_golden(susenas_2024, region, commodity, row, source_value):
    found = one(susenas_2024, region_code=region, commodity_code=commodity)
    assert found["source_value"] == source_value
    assert row is None or found["source_row"] == row
    weight = EGG_WEIGHT_KG if commodity == "telur_ayam_ras" else 1.0
    assert found["value"] == pytest.approx(source_value * weight * WEEKS_PER_YEAR)
    assert found["unit"] == "kg/capita/year" and found["period_start"] == Y2024


def test_susenas_2024_zeros_were_dashes_and_say_so(susenas_2024):
    zeros = susenas_2024.rows.filter(pl.col("source_value") == 0)
    assert zeros.height == 23 and set(zeros["quality_flag"]) == {"dash_as_zero"}
    assert susenas_2024.rows.filter(pl.col("quality_flag").is_not_null()).height == 23
    assert susenas_2024.rejects.height == 0
    assert susenas_2024.rows.select("region_code").n_unique() == 514
    assert one(susenas_2024, region_code="63.02", commodity_code="beras")["source_region_name"] == (
        "Kota Baru"  # tipe Kabupaten: Kabupaten Kotabaru, not a kota
    )


# --- egg price, consumption and spending 2022-2024 (Dataset Ready.xlsx) -----------------


def test_egg_panel_golden(egg_panel):
    def cell(region, measure, year):
        return one(egg_panel, region_code=region, measure=measure, period_start=date(year, 1, 1))

    # sheet 2022 row 460: Kota Probolinggo 1.886 eggs per week, as the raw BPS table has it
    assert cell("35.74", "consumption_per_capita", 2022)["source_value"] == 1.886
    assert cell("64.71", "retail_price", 2023)["value"] == 31361.61725067385  # Kota Balikpapan
    spending = cell("33.72", "food_expenditure_per_capita", 2024)  # Kota Surakarta, row 475
    assert (spending["source_value"], spending["source_unit"]) == (4080.0, "idr/capita/week")
    assert spending["value"] == pytest.approx(4080 * WEEKS_PER_YEAR)
    assert cell("35.05", "consumption_per_capita", 2024)["source_value"] == 1.975  # ' Blitar'
    assert egg_panel.rows.height == 487 * 3 * 3 and egg_panel.rejects.height == 0


def test_egg_panel_fill_down_of_2022_is_flagged(egg_panel):
    filled = egg_panel.rows.filter(pl.col("quality_flag") == "filled_down").sort("source_row")
    # sheet 2022 rows 131-144 (Kapuas ... Kendal) repeat row 130's 2.738 (Kampar, not flagged)
    assert filled["source_row"].to_list() == list(range(131, 145))
    assert set(filled["source_value"]) == {2.738}
    assert "35.06" in filled["region_code"].to_list()  # Kab. Kediri, 2.259 in the BPS table
    assert (
        one(egg_panel, source_row=130, measure="consumption_per_capita", period_start=Y2022)[
            "quality_flag"
        ]
        is None
    )


# --- DKI Jakarta, vegetables ----------------------------------------------------------------


def test_dki_monthly_consumption_in_its_row_units_becomes_kg_per_year(read):
    result = read(BPS / "dki" / "konsumsi_komoditas_utama_dki_jakarta_2024.csv")
    eggs = one(result, commodity_code="telur_ayam", measure="consumption_per_capita")  # row 9
    assert (eggs["source_value"], eggs["source_unit"], eggs["region_code"]) == (
        12.16,
        "butir/capita/month",
        "31",
    )
    assert eggs["value"] == pytest.approx(12.16 * EGG_WEIGHT_KG * 12)
    shallot = one(result, commodity_code="bawang_merah", measure="consumption_per_capita")
    assert (shallot["source_unit"], shallot["value"]) == ("ons/capita/month", pytest.approx(2.436))
    chicken = one(result, commodity_code="daging_ayam", measure="consumption_per_capita")
    assert chicken["value"] == pytest.approx(0.94 * 12)  # row 8, Kg
    chili = one(result, commodity_code="cabai_rawit", measure="food_expenditure_per_capita")
    assert chili["value"] == 8223 * 12  # row 16, rata_rata_pengeluaran_rp
    oil = result.rejects.filter(pl.col("source_row") == 19).row(0, named=True)
    assert oil["value"] == "liter/capita/month -> kg/capita/year (minyak_goreng)"


def test_a_table_that_names_no_province_in_its_file_name_is_refused(read, tmp_path):
    target = tmp_path / "bps" / "konsumsi_komoditas_utama_2024.csv"
    target.parent.mkdir()
    shutil.copy(BPS / "dki" / "konsumsi_komoditas_utama_dki_jakarta_2024.csv", target)
    with pytest.raises(ContractError, match="must name one province"):
        read(target, tmp_path)


@pytest.mark.parametrize(
    ("match", "value"),
    [
        ({"region_code": "35", "commodity_code": "cabai_rawit"}, 562816),
        ({"region_code": "35", "commodity_code": "bawang_merah"}, 484669),
        ({"region_code": "32", "commodity_code": "tomat"}, 268073),
        ({"region_code": "64", "commodity_code": "cabai_merah"}, 4830),  # Cabai Besar
        ({"geo_level": "nasional", "commodity_code": "bawang_merah"}, 1985233),
    ],
)
def test_vegetables_by_province_2023(read, match, value):
    result = read(BPS / "sayuran" / "produksi_sayuran_provinsi_2023.csv")
    assert one(result, **match)["value"] == value
    assert result.rows.height == 39 * 23 and result.rejects.height == 0
