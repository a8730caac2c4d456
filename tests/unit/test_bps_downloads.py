"""BPS tables read by their titles (sources/bps/downloads.py): golden figures from the real
bps.go.id download CSVs and the republished egg workbooks, a later year and another table of the
same shape, and the cases that must fail."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from sources.common.contract import ContractError
from tests.price_workbooks import write_workbook
from tests.statistics_rows import DATA, one, reader

DOWNLOADS = DATA / "bps" / "jagung_padi"
EGGS = DATA / "bps" / "telur"
CORN = "Luas Panen, Produksi, dan Produktivitas Jagung Menurut Provinsi, {}.csv"
PADDY = "Luas Panen, Produksi, dan Produktivitas Padi Menurut Provinsi, {}.csv"
EGG_WEIGHT_KG, WEEKS_PER_YEAR = 0.06, 365 / 7


@pytest.fixture(scope="module")
def read(resolver):
    return reader(resolver)


def test_corn_production_of_jawa_timur_2020(read):
    result = read(DOWNLOADS / CORN.format(2020))
    # row 19 (JAWA TIMUR), column D (Produksi (ton), year row 2020)
    row = one(result, region_code="35", measure="production")
    assert (row["value"], row["unit"], row["commodity_code"]) == (
        4134908.41,
        "ton",
        "jagung_pipilan",
    )
    assert (row["source_row"], row["source_column"]) == (19, "D (Produksi (ton) 2020)")
    assert row["period_start"] == date(2020, 1, 1) and row["period_grain"] == "year"
    assert result.rejects.height == 0


@pytest.mark.parametrize(
    ("year", "table", "match", "value"),
    [
        # row 27 KALIMANTAN TIMUR, column D Produksi (ton)
        (2023, CORN, {"region_code": "64", "measure": "production"}, 11228.48),
        # row 19 JAWA TIMUR, column B Luas Panen (ha)
        (2022, CORN, {"region_code": "35", "measure": "harvested_area"}, 817449.46),
        # row 43 INDONESIA, column D: equals bps/produksi/rice_production_indonesia_2023.csv
        (2023, PADDY, {"geo_level": "nasional", "measure": "production"}, 53980993.19),
        # row 27 KALIMANTAN TIMUR, column D
        (2020, PADDY, {"region_code": "64", "measure": "production"}, 262434.52),
    ],
)
def test_golden_figures_of_the_download_csvs(read, year, table, match, value):
    assert one(read(DOWNLOADS / table.format(year)), **match)["value"] == value


def test_paddy_is_dry_milled_grain_and_yield_stays_in_quintals(read):
    result = read(DOWNLOADS / PADDY.format(2020))
    row = one(result, region_code="35", measure="yield")  # row 19, column C Produktivitas (ku/ha)
    assert (row["value"], row["unit"], row["commodity_code"]) == (
        56.68,
        "ku/ha",
        "gabah_kering_giling",
    )


def test_before_the_new_papua_provinces_report_papua_in_its_old_extent(read):
    # 2020: PAPUA BARAT DAYA ... PAPUA PEGUNUNGAN are '-' (rows 37, 39-41), PAPUA is row 39
    old = read(DOWNLOADS / PADDY.format(2020))
    assert one(old, region_code="91", measure="production")["region_extent"] == "pre_2022_province"
    assert not old.rows.filter(pl.col("region_code").is_in(["93", "94", "95", "96"])).height
    assert old.rows.height == 35 * 3  # 34 provinces + INDONESIA, three variables
    new = read(DOWNLOADS / PADDY.format(2023))
    assert set(new.rows["region_extent"]) == {"current"}
    assert new.rows.height == 39 * 3


def test_a_zero_is_landed_and_a_dash_is_not(read):
    # DKI JAKARTA corn: '-,-,-' in 2020 (row 15), '0,0,0' in 2022
    assert not read(DOWNLOADS / CORN.format(2020)).rows.filter(pl.col("region_code") == "31").height
    zero = one(read(DOWNLOADS / CORN.format(2022)), region_code="31", measure="production")
    assert zero["value"] == 0 and zero["quality_flag"] is None


def _rewrite(source: Path, target: Path, replacements: dict[str, str]) -> Path:
    text = source.read_text(encoding="utf-8-sig")
    for old, new in replacements.items():
        text = text.replace(old, new)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\ufeff" + text, encoding="utf-8")
    return target


def test_a_later_year_of_the_download_loads_unchanged(read, tmp_path):
    later = _rewrite(
        DOWNLOADS / CORN.format(2023),
        tmp_path / "bps" / CORN.format(2024),
        {",2023,2023,2023": ",2024,2024,2024", "JAWA TIMUR,759060.89,63.18,4795780.82": (
            "JAWA TIMUR,760000.5,63.2,4803203.16"
        )},
    )  # fmt: skip
    result = read(later, tmp_path)
    assert result.rejects.height == 0
    assert set(result.rows["period_start"]) == {date(2024, 1, 1)}
    assert one(result, region_code="35", measure="production")["value"] == 4803203.16
    assert one(result, region_code="35", measure="harvested_area")["value"] == 760000.5
    assert result.rows.height == 39 * 3


def test_another_table_of_the_same_shape_loads_unchanged(read, tmp_path):
    soy = _rewrite(
        DOWNLOADS / CORN.format(2023),
        tmp_path
        / "bps"
        / "Luas Panen, Produksi, dan Produktivitas Kedelai Menurut Provinsi, 2023.csv",
        {"Jagung": "Kedelai"},
    )
    result = read(soy, tmp_path)
    assert set(result.rows["commodity_code"]) == {"kedelai"}
    assert one(result, region_code="64", measure="production")["value"] == 11228.48


def test_a_kabupaten_kota_download_reads_bare_names_as_kabupaten(read, tmp_path):
    path = tmp_path / "bps" / "Produksi Padi Menurut Kabupaten Kota, 2023.csv"
    path.parent.mkdir()
    path.write_text(
        "\ufeffKabupaten/Kota,,\n,Produksi Padi Menurut Kabupaten/Kota,\n"
        ",Produksi (ton),Luas Panen (ha)\n,2023,2023\n"
        "Blitar,171154.02,-\nKota Blitar,3120.5,574.04",
        encoding="utf-8",
    )
    result = read(path, tmp_path)
    assert one(result, region_code="35.05", measure="production")["value"] == 171154.02
    assert one(result, region_code="35.72", measure="harvested_area")["value"] == 574.04


def test_egg_production_by_province_2022_from_a_titled_workbook(read):
    result = read(EGGS / "Data Produksi Telur Ayam Petelur menurut Provinsi 2022.xlsx")
    # Sheet1 row 16 (JAWA TIMUR), column B (2022), the text cell '1314114.93'; the unit is not
    # in the file and is the measure's (BPS publishes egg production in tons)
    jatim = one(result, region_code="35")
    assert (jatim["value"], jatim["unit"], jatim["commodity_code"]) == (
        1314114.93,
        "ton",
        "telur_ayam_ras",
    )
    assert one(result, region_code="64")["value"] == 29051.65  # row 24 KALIMANTAN TIMUR
    assert result.rows["value"].sum() == pytest.approx(5566339.44)  # BPS national 2022 5.57 Mt
    assert result.rows.height == 34  # the 34 provinces before the Papua split, no total
    assert one(result, region_code="91")["region_extent"] == "pre_2022_province"


@pytest.mark.parametrize(
    "name",
    [
        "Dataset konsumsi telur perkapita seminggu 2022.xlsx",
        "Dataset konsumsi telur perkapita seminggu.xlsx",
    ],
)
def test_susenas_egg_consumption_in_both_layouts(read, name):
    result = read(EGGS / name)
    # Kota Probolinggo: row 263, column C (Telur ayam ras), 1.886 butir per capita per week
    row = one(result, region_code="35.74")
    assert (row["source_value"], row["source_unit"], row["source_row"]) == (
        1.886,
        "butir/capita/week",
        263,
    )
    assert row["unit"] == "kg/capita/year"
    assert row["value"] == pytest.approx(1.886 * EGG_WEIGHT_KG * WEEKS_PER_YEAR)
    assert one(result, region_code="35.72")["source_value"] == 2.238  # Kota Blitar, row 261
    assert one(result, region_code="31.74")["source_value"] == 3.480  # Kota Jakarta Selatan
    assert result.rows.height == 514  # every kab/kota resolved, each once
    assert set(result.rows["commodity_code"]) == {"telur_ayam_ras"}
    assert set(result.rows["period_start"]) == {date(2022, 1, 1)}


def test_the_group_total_column_is_not_read_and_unknown_items_are_one_reject_each(read):
    raw = read(EGGS / "Dataset konsumsi telur perkapita seminggu.xlsx")
    # column B 'TELUR DAN SUSU' is 0.000 on all 514 rows: a group total in mixed units
    assert not raw.rows.filter(pl.col("source_column").str.contains("TELUR DAN SUSU")).height
    rejects = raw.rejects
    assert rejects.height == 8  # telur ayam kampung, itik, lainnya; five milk items
    assert set(rejects["source_row"]) == {3}  # the variable row
    kampung = rejects.filter(pl.col("value") == "Telur ayam kampung").row(0, named=True)
    assert kampung["rule"].startswith("unknown bps commodity name 'Telur ayam kampung'")
    milk = rejects.filter(pl.col("value") == "Susu cair pabrik").row(0, named=True)
    assert milk["rule"] == "no Susenas unit known for item 'Susu cair pabrik'"


def test_monthly_egg_prices_skip_the_average_of_the_months_shown(read):
    result = read(EGGS / "Data harga telur ayam per provinsi tahun 2022.xlsx")
    # row 18 Jawa Timur, column H 'Dec  2022' (two spaces); the Rata-rata 26036 is not read
    dec = one(result, region_code="35", period_start=date(2022, 12, 1))
    assert (dec["value"], dec["unit"], dec["measure"], dec["period_grain"]) == (
        29050,
        "idr/kg",
        "retail_price",
        "month",
    )
    assert not result.rows.filter(pl.col("value") == 26036).height
    assert result.rows.height == 35 * 7  # Indonesia + 34 provinces, 7 months
    assert set(result.rows["commodity_code"]) == {"telur_ayam"}


# --- must-fail cases ----------------------------------------------------------------------


def test_a_download_whose_title_names_no_measure_is_refused(read, tmp_path):
    path = tmp_path / "bps" / "Tabel.csv"
    path.parent.mkdir()
    path.write_text("38 Provinsi,\n,Tabel Jagung\n,Sesuatu\n,2023\nACEH,12\n", encoding="utf-8")
    with pytest.raises(ContractError, match="cannot tell which measure"):
        read(path, tmp_path)


def test_a_download_with_a_name_that_is_no_province_rejects_that_row(read, tmp_path):
    path = _rewrite(
        DOWNLOADS / CORN.format(2023),
        tmp_path / "bps" / CORN.format(2023),
        {"KALIMANTAN TIMUR,": "KALIMANTAN TIMURR,"},
    )
    result = read(path, tmp_path)
    assert result.rows.height == 38 * 3
    assert set(result.rejects["source_row"]) == {27}
    assert set(result.rejects["rule"]) == {"region must resolve to exactly one current region"}


def test_a_text_in_a_number_cell_rejects_that_cell_only(read, tmp_path):
    path = _rewrite(
        DOWNLOADS / CORN.format(2023), tmp_path / "bps" / CORN.format(2023), {"11228.48": "n/a"}
    )
    result = read(path, tmp_path)
    assert result.rows.height == 39 * 3 - 1
    reject = result.rejects.row(0, named=True)
    assert (reject["source_row"], reject["column_name"], reject["value"]) == (
        27,
        "D (Produksi (ton) 2023)",
        "n/a",
    )


def test_a_workbook_of_no_known_layout_is_refused_naming_what_was_tried(read, tmp_path):
    path = write_workbook(tmp_path / "bps/t.xlsx", {"Sheet1": [["Judul"], ["ACEH", 1, 2]]})
    with pytest.raises(ContractError, match="nor a header row starting with a region label"):
        read(path, tmp_path)
