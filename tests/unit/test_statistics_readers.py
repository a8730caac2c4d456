"""Statistics readers: golden figures from the real bundled files and must-fail cases."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sources.common.contract import ContractError
from tests.conftest import FIXTURES
from tests.price_workbooks import write_workbook
from tests.statistics_rows import DATA, one, reader

INFLATION = DATA / "bps" / "inflasi"


@pytest.fixture(scope="module")
def read(resolver):
    return reader(resolver)


def test_national_paddy_production_2023(read):
    result = read(DATA / "bps/produksi/rice_production_indonesia_2023.csv")
    national = one(result, geo_level="nasional", measure="production")
    assert national["value"] == 53_980_993.19
    assert (national["commodity_code"], national["period_start"]) == (
        "gabah_kering_giling",
        date(2023, 1, 1),
    )
    assert one(result, region_code="96", measure="production")["value"] == 2396.95
    assert set(result.rows["region_extent"]) == {"current"}  # a 38-province table
    assert result.rejects.height == 0  # PAPUA PEGUNUNGAN twice, identical: not a reject here


def test_aceh_regency_production_by_bps_code(read):
    result = read(DATA / "bps/produksi/produksi_padi_beras_aceh_kabkota.csv")
    # BPS 1101 is Simeulue, Kemendagri 11.09 (Kemendagri 11.01 is Aceh Selatan)
    padi = one(
        result,
        region_code="11.09",
        commodity_code="gabah_kering_giling",
        period_start=date(2023, 1, 1),
    )
    assert (padi["value"], padi["source_region_code"], padi["unit"]) == (25805.55, "1101", "ton")
    beras = one(result, region_code="11.04", commodity_code="beras", period_start=date(2018, 1, 1))
    assert beras["source_region_name"] == "Kabupaten Aceh Tengah"
    assert beras["value"] == 17439.74


def test_lampung_per_capita_rice_consumption_by_kemendagri_code(read):
    result = read(DATA / "bps/lampung/konsumsi_pangan.csv")
    # code 1804 is Kemendagri Lampung Barat (BPS 1804 would be Lampung Timur)
    row = one(result, region_code="18.04", commodity_code="beras", period_start=date(2023, 1, 1))
    assert (row["value"], row["unit"]) == (107.48, "kg/capita/year")  # written 107,48


def test_lampung_production_drops_excel_errors_and_keeps_cassava_yields(read):
    result = read(DATA / "bps/lampung/produksi_pangan.csv")
    assert result.rejects.height == 0
    cassava = one(
        result,
        region_code="18.04",
        commodity_code="ubi_kayu",
        measure="yield",
        period_start=date(2017, 1, 1),
    )
    assert cassava["value"] == pytest.approx(234.0715131)
    assert one(
        result,
        region_code="18.04",
        commodity_code="kacang_tanah",
        measure="production",
        period_start=date(2018, 1, 1),
    )["value"] == pytest.approx(303.1279832)


def test_blank_trailing_rows_are_not_observations(read):
    result = read(DATA / "bps/lampung/sosial_ekonomi.csv")
    assert result.rejects.height == 0
    assert (
        one(result, region_code="18.04", measure="population", period_start=date(2018, 1, 1))[
            "value"
        ]
        == 300703
    )


def test_grdp_in_ribu_rupiah_is_scaled_to_rupiah(read):
    result = read(DATA / "bps/kepri/perkapita.csv")
    row = one(
        result,
        region_code="21.01",
        measure="grdp_per_capita_constant",
        period_start=date(2021, 1, 1),
    )
    assert row["value"] == pytest.approx(86_445_700.0)
    assert one(
        result, region_code="21", measure="grdp_per_capita_current", period_start=date(2021, 1, 1)
    )["value"] == pytest.approx(129_413_290.0)


def test_monthly_inflation_of_a_province(read):
    result = read(INFLATION / "Inflasi Bulanan (M-to-M) 38 Provinsi (2022=100), 2024.xlsx")
    jatim = one(result, region_code="35", period_start=date(2024, 3, 1))
    assert (jatim["value"], jatim["measure"], jatim["base_year"]) == (0.64, "inflation_mtm", 2022)
    assert one(result, region_code="11", period_start=date(2024, 1, 1))["value"] == 0.42
    assert one(result, geo_level="nasional", period_start=date(2024, 12, 1))["value"] == 0.44
    assert result.rows.height == 39 * 12  # 38 provinces and Indonesia; 'Tahunan' is '-'


def test_a_new_years_table_loads_with_no_code_change(read, tmp_path):
    target = tmp_path / "bps" / "Inflasi Tahunan (Y-on-Y) 38 Provinsi (2022=100), 2026.xlsx"
    target.parent.mkdir()
    shutil.copy(INFLATION / "Inflasi Tahunan (Y-on-Y) 38 Provinsi (2022=100), 2025.xlsx", target)
    workbook = load_workbook(target)
    sheet = workbook.worksheets[0]
    sheet["B3"] = 2026
    for column in "FGHIJKLMN":  # May..December not published yet
        for row in range(5, 44):
            sheet[f"{column}{row}"] = "-"
    workbook.save(target)
    result = read(target, tmp_path)
    assert result.rejects.height == 0
    assert sorted(set(result.rows["period_start"].dt.month())) == [1, 2, 3, 4]
    assert set(result.rows["period_start"].dt.year()) == {2026}
    assert set(result.rows["measure"]) == {"inflation_yoy"}


def test_a_34_province_table_flags_the_old_papua_provinces(read, tmp_path):
    rows = [
        ["34 Provinsi"],
        [None, "Inflasi Bulanan (M-to-M) 34 Provinsi (2018=100) (Persen)"],
        [None, 2021],
        [None, "January", "February"],
        ["PROV JAWA TIMUR", 0.1, 0.2],
        ["PROV PAPUA", 0.5, 0.6],
        ["PROV PAPUA BARAT", 0.3, 0.1],
    ]
    path = write_workbook(tmp_path / "bps/old.xlsx", {"Sheet1": rows})
    result = read(path, tmp_path)
    extents = dict(zip(result.rows["region_code"], result.rows["region_extent"], strict=False))
    assert extents == {"35": "current", "91": "pre_2022_province", "92": "pre_2022_province"}
    assert set(result.rows["base_year"]) == {2018}


def test_webapi_answer(read):
    result = read(FIXTURES / "bps/webapi_produksi_padi_aceh_2023.json", FIXTURES)
    assert one(result, region_code="11.09")["value"] == 25805.55
    assert set(result.rows["commodity_code"]) == {"gabah_kering_giling"}


# --- must-fail cases ----------------------------------------------------------------------


def _write_csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "bps" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_code_that_contradicts_its_name_is_rejected(read, tmp_path):
    path = _write_csv(
        tmp_path,
        "k.csv",
        "Tahun;Kode Wilayah;Kabupaten_Kota;Komoditas;Konsumsi Pangan\n"
        "2023;1804;Lampung Barat;Beras;107,48\n2023;1801;Lampung Barat;Beras;99,5\n",
    )
    result = read(path, tmp_path)
    assert result.rows.height == 1
    assert (
        "kemendagri code '1801' is 18.01 but the name 'Lampung Barat' is 18.04"
        in result.rejects["value"][0]
    )


def test_a_value_out_of_range_is_rejected(read, tmp_path):
    path = _write_csv(
        tmp_path,
        "p.csv",
        "kab_kota,tahun,jumlah_penduduk\nKota Batam,2024,1300000\nKota Batam,2023,-5\n",
    )
    result = read(path, tmp_path)
    assert result.rows.height == 1
    assert result.rejects.row(0, named=True)["rule"].endswith("plausible range of its measure")


def test_an_unknown_table_shape_is_refused_listing_the_known_ones(read, tmp_path):
    path = _write_csv(tmp_path, "x.csv", "wilayah,tahun,jumlah_sapi\nKota Batam,2024,12\n")
    with pytest.raises(ContractError, match="no known statistics table has these columns"):
        read(path, tmp_path)


def test_mixed_decimal_conventions_refuse_the_file(read, tmp_path):
    path = _write_csv(
        tmp_path,
        "m.csv",
        'kab_kota,tahun,jumlah_penduduk\nKota Batam,2024,"1300000,5"\nKota Batam,2023,1200000.25\n',
    )
    with pytest.raises(ContractError, match="both decimal conventions"):
        read(path, tmp_path)


def test_a_workbook_without_month_headings_is_refused(read, tmp_path):
    path = write_workbook(tmp_path / "bps/t.xlsx", {"Sheet1": [["Judul"], ["PROV ACEH", 1, 2]]})
    with pytest.raises(ContractError, match="no row of month headings"):
        read(path, tmp_path)
