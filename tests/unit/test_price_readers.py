"""Price readers: golden figures from the real bundled files, must-fail cases on broken copies."""

import json
import shutil
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import polars as pl
import pytest

from sources.common.commodities import default_dictionary
from sources.common.contract import ContractError
from sources.prices.layouts import read_price_file
from tests.conftest import FIXTURES
from tests.price_workbooks import (
    WEEKS_APR_JUL_2025,
    WEEKS_JAN_MAR_2026,
    weekly_province_city_rows,
    write_workbook,
)

DATA = Path(__file__).parents[2] / "sources" / "prices" / "data"


@pytest.fixture(scope="module")
def read(resolver):
    def _read(path: Path, family: str, root: Path = DATA):
        return read_price_file(path, family, resolver, default_dictionary(), root)

    return _read


def one(result, **match):
    rows = result.rows.filter(*(pl.col(k) == v for k, v in match.items()))
    assert rows.height == 1, (match, rows)
    return rows.row(0, named=True)


def test_pihps_daily_golden_price_for_sampit(read):
    # kota-sampit/2020.xlsx, row 3 (Beras Kualitas Bawah I), column D (02/ 01/ 2020): '13,250'
    result = read(DATA / "pihps/kalimantan-tengah/kota-sampit/2020.xlsx", "pihps")
    row = one(result, commodity_code="beras_bawah_1", period_start=date(2020, 1, 2))
    assert row["price_idr"] == 13250.0
    assert row["region_code"] == "62.02"  # Kota Sampit is the seat of Kab. Kotawaringin Timur
    assert (row["source_row"], row["source_column"]) == (3, "D (02/ 01/ 2020)")
    assert (row["market_level"], row["period_grain"], row["unit"]) == (
        "retail_traditional",
        "day",
        "kg",
    )
    # the 1 January cells are '-' (no market): not an observation, not a reject
    assert result.rows.filter(pl.col("period_start") == date(2020, 1, 1)).height == 0
    assert result.rejects.height == 0


def test_pihps_daily_group_rows_and_item_rows_are_both_kept(read):
    result = read(DATA / "pihps/kalimantan-tengah/kota-sampit/2020.xlsx", "pihps")
    day = result.rows.filter(pl.col("period_start") == date(2020, 1, 2))
    assert {"beras", "beras_bawah_1", "beras_super_2"} <= set(day["commodity_code"])


def test_pihps_daily_reads_past_a_wrong_sheet_dimension(read):
    # every daily workbook here declares A1:C1; a streaming reader trusting it sees one row
    result = read(DATA / "pihps/kalimantan-timur/kota-balikpapan/2018.xlsx", "pihps")
    assert result.rows.height > 1000


def test_pihps_province_city_export_levels_and_papua_split(read):
    result = read(DATA / "pihps/provinsi-kota/Jawa_Timur_Jan-24_s.d_Apr-26.xlsx", "pihps")
    blitar = one(result, region_code="35.72", commodity_code="beras", period_start=date(2024, 1, 1))
    assert blitar["price_idr"] == 12700.0
    assert (blitar["period_grain"], blitar["period_end"]) == ("month", date(2024, 1, 31))
    national = one(
        result, geo_level="nasional", commodity_code="beras", period_start=date(2024, 1, 1)
    )
    assert national["price_idr"] == 14800.0 and national["region_code"] is None
    assert (
        one(result, geo_level="provinsi", commodity_code="beras", period_start=date(2024, 2, 1))[
            "price_idr"
        ]
        == 15050.0
    )
    # the group sheets repeat 'Semua Komoditas': each cell is kept once
    assert result.rows.select(
        pl.struct("geo_level", "region_code", "commodity_code", "period_start").is_unique().all()
    ).item()
    papua = read(DATA / "pihps/provinsi-kota/Papua_Jan-24_s.d_Apr-26.xlsx", "pihps")
    merauke = papua.rows.filter(pl.col("source_region_name") == "Kab. Merauke")
    assert set(merauke["region_code"]) == {"93.01"}
    province = papua.rows.filter(pl.col("geo_level") == "provinsi")
    assert set(province["region_extent"]) == {"pre_2022_province"}


def _weeks_of(result, region_code):
    rows = result.rows.filter(pl.col("region_code") == region_code).sort("period_start")
    return [
        (r["source_column"], r["period_start"], r["period_end"]) for r in rows.iter_rows(named=True)
    ]


def test_pihps_weekly_export_as_published_lands_whole(read, tmp_path):
    """The issue's layout: ... Jan 2026 (IV), Feb 2026 (V), Feb 2026 (I) ... Feb 2026 (III),
    Mar 2026 (V), Mar 2026 (I). Its columns fit weeks starting Thursday, Friday or Saturday alike,
    so Saturday-Friday weeks are taken (weeks ending Friday, the last survey day)."""
    path = write_workbook(
        tmp_path / "pihps/Jawa_Timur_weekly.xlsx", {"Semua Komoditas": weekly_province_city_rows()}
    )
    result = read(path, "pihps", tmp_path)
    assert result.rejects.height == 0
    # 4 rows x 10 weeks, less the two '-' cells (Blitar G4, Surabaya N5)
    assert result.rows.height == 38
    # row 4 (Kota Blitar), column I (Feb 2026 (V)): '25,600' -> Saturday 31 Jan - Friday 6 Feb
    feb5 = one(result, region_code="35.72", source_column="'Semua Komoditas'!I (Feb 2026 (V))")
    assert (feb5["price_idr"], feb5["period_grain"], feb5["period_start"], feb5["period_end"]) == (
        25600.0,
        "week",
        date(2026, 1, 31),
        date(2026, 2, 6),
    )
    # row 4, column J (Feb 2026 (I)): '25,550' -> the first week inside February, 7-13 Feb
    feb1 = one(result, region_code="35.72", period_start=date(2026, 2, 7))
    assert (feb1["price_idr"], feb1["period_end"]) == (25550.0, date(2026, 2, 13))
    # row 5 (Kota Surabaya), column M (Mar 2026 (V)): '28,000' -> 28 Feb - 6 Mar
    mar5 = one(result, region_code="35.78", period_start=date(2026, 2, 28))
    assert (mar5["price_idr"], mar5["period_end"]) == (28000.0, date(2026, 3, 6))
    # row 3 (Jawa Timur), column H (Jan 2026 (IV)): '27,150' -> 24-30 Jan
    jan4 = one(result, geo_level="provinsi", period_start=date(2026, 1, 24))
    assert (jan4["price_idr"], jan4["period_end"]) == (27150.0, date(2026, 1, 30))
    # every column a week of its own, one after the other without gap or overlap
    weeks = _weeks_of(result, "35.78")
    assert len(weeks) == 9 and all(b[1] - a[2] == timedelta(days=1) for a, b in pairwise(weeks))
    assert all(end - start == timedelta(days=6) for _, start, end in weeks)


def test_pihps_weekly_export_sets_its_own_week_calendar(read, tmp_path):
    """April 2025 (IV) and a May that opens without a (V) exist only with weeks starting Thursday:
    the export's columns, not a default, date its weeks (... May 2025 (IV), Jun 2025 (V),
    Jun 2025 (I) ... as in the issue)."""
    path = write_workbook(
        tmp_path / "pihps/Jawa_Timur_weekly_2025.xlsx",
        {"Semua Komoditas": weekly_province_city_rows(WEEKS_APR_JUL_2025)},
    )
    result = read(path, "pihps", tmp_path)
    assert result.rejects.height == 0
    # row 5 (Kota Surabaya), column N (Jun 2025 (V)): '27,950' -> Thursday 29 May - Wednesday 4 Jun
    jun5 = one(result, region_code="35.78", source_column="'Semua Komoditas'!N (Jun 2025 (V))")
    assert (jun5["price_idr"], jun5["period_start"], jun5["period_end"]) == (
        27950.0,
        date(2025, 5, 29),
        date(2025, 6, 4),
    )
    by_column = {column: (start, end) for column, start, end in _weeks_of(result, "35.78")}
    assert by_column["'Semua Komoditas'!I (Apr 2025 (IV))"] == (
        date(2025, 4, 24),
        date(2025, 4, 30),
    )
    assert by_column["'Semua Komoditas'!M (May 2025 (IV))"] == (
        date(2025, 5, 22),
        date(2025, 5, 28),
    )
    assert by_column["'Semua Komoditas'!O (Jun 2025 (I))"] == (date(2025, 6, 5), date(2025, 6, 11))
    assert by_column["'Semua Komoditas'!E (Apr 2025 (V))"] == (date(2025, 3, 27), date(2025, 4, 2))


@pytest.mark.parametrize(
    ("label", "rule"),
    [
        # February 2026 holds three Saturday-Friday weeks: there is no week (IV) to give
        ("Feb 2026 (IV)", "no such week on the export's week calendar (Saturday-Friday"),
        # a typo in the year: a week far outside the columns around it
        ("Feb 2062 (III)", "week out of time order with the columns around it"),
        # the same week twice: the second cannot follow the first
        ("Feb 2026 (II)", "week out of time order with the columns around it"),
        ("Rata-rata", "not a period label"),
        ("Feb 2026 (VI)", "not a period label"),
    ],
)
def test_a_column_without_a_period_is_quarantined_and_the_rest_lands(read, tmp_path, label, rule):
    # column L (the 8th week, Feb 2026 (III)) relabelled; its prices stay
    weeks = [label if i == 7 else w for i, w in enumerate(WEEKS_JAN_MAR_2026)]
    path = write_workbook(
        tmp_path / "pihps/x.xlsx", {"Semua Komoditas": weekly_province_city_rows(weeks)}
    )
    result = read(path, "pihps", tmp_path)
    reject = result.rejects.row(0, named=True)
    assert result.rejects.height == 1
    assert (reject["source_file"], reject["source_row"], reject["column_name"]) == (
        "pihps/x.xlsx",
        1,
        f"'Semua Komoditas'!L ({label})",
    )
    assert reject["value"] == label and reject["rule"].startswith(rule)
    # the other nine columns keep their weeks: 38 prices less the 4 of column L
    assert result.rows.height == 34
    assert one(result, region_code="35.72", period_start=date(2026, 2, 28))["price_idr"] == 25400.0


def test_a_workbook_without_any_period_is_refused(read, tmp_path):
    path = write_workbook(
        tmp_path / "pihps/x.xlsx", {"Semua Komoditas": weekly_province_city_rows(["Minggu 1"] * 10)}
    )
    with pytest.raises(ContractError, match="no sheet has a readable period column.*'Minggu 1'"):
        read(path, "pihps", tmp_path)


def test_pihps_api_snapshot(read):
    result = read(DATA / "pihps/api/histogram_2020-07-20_telur-ayam.json", "pihps")
    aceh = one(result, region_code="11")
    assert (aceh["price_idr"], aceh["period_start"], aceh["commodity_code"]) == (
        25900.0,
        date(2020, 7, 20),
        "telur_ayam",
    )
    assert result.rows.height == 34


def test_bapanas_daily_region_from_file_name_and_units(read):
    result = read(DATA / "bapanas/harga_komoditas_konsumen_kota_bandung.csv", "bapanas")
    premium = one(result, commodity_code="beras_premium", period_start=date(2025, 9, 13))
    assert (premium["price_idr"], premium["region_code"], premium["market_level"]) == (
        16000.0,
        "32.73",
        "retail",
    )
    assert set(result.rows.filter(pl.col("commodity_code") == "minyakita")["unit"]) == {"liter"}
    # Harga 0 means no observation (Jagung Tk Peternak is never observed in this file)
    assert "jagung_peternak" not in set(result.rows["commodity_code"])


def test_bapanas_kabkota_table_flags_imputed_values(read):
    result = read(DATA / "bapanas/data_harga_pangan_wide_imputed.csv", "bapanas")
    aceh_barat = one(
        result, region_code="11.05", commodity_code="beras_premium", period_start=date(2024, 1, 1)
    )
    assert (aceh_barat["price_idr"], aceh_barat["is_imputed"]) == (14655.0, False)
    jayawijaya = one(
        result, region_code="95.01", commodity_code="beras_premium", period_start=date(2024, 6, 1)
    )
    assert jayawijaya["is_imputed"] is True


def test_wfp_province_extract(read):
    result = read(DATA / "wfp/wfp_province_monthly.csv", "wfp")
    row = one(result, region_code="11", commodity_code="cabai_rawit", period_start=date(2016, 7, 1))
    assert row["price_idr"] == pytest.approx(27908.7267, abs=1e-3)
    assert row["period_end"] == date(2016, 7, 31)


def test_wfp_market_layout(read, tmp_path):
    shutil.copy(FIXTURES / "prices/wfp_market_hdx.csv", tmp_path / "wfp_market_hdx.csv")
    result = read(tmp_path / "wfp_market_hdx.csv", "wfp", tmp_path)
    markets = result.rows.filter(pl.col("period_start") == date(2022, 3, 1))
    by_market = {r["source_market"]: r for r in markets.iter_rows(named=True)}
    assert by_market["Pasar Kanoman"]["region_code"] == "32.74"  # nearer Kota Cirebon
    assert by_market["Pasar Sumber"]["region_code"] == "32.09"  # nearer Kabupaten Cirebon
    caringin = by_market["Pasar Caringin"]
    assert (caringin["market_level"], caringin["price_idr"]) == ("wholesale", 10500.0)  # 100 KG
    assert by_market["Pasar Wonokromo"]["unit"] == "liter"
    rules = dict(zip(result.rejects["column_name"], result.rejects["rule"], strict=True))
    assert rules["priceflag"] == "a forecast is not an observation"
    assert rules["currency"] == "price is not in IDR"
    assert rules["unit"].startswith("unit is not a quantity")
    assert rules["commodity"].startswith("unknown wfp commodity name")


# --- must-fail cases on broken copies ------------------------------------------------------


@pytest.fixture
def sampit_copy(tmp_path):
    target = tmp_path / "pihps/kalimantan-tengah/kota-sampit/2020.xlsx"
    target.parent.mkdir(parents=True)
    shutil.copy(DATA / "pihps/kalimantan-tengah/kota-sampit/2020.xlsx", target)
    return target


def _edit_daily(path: Path, edit) -> Path:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    edit(workbook.worksheets[0])
    workbook.save(path)
    return path


def test_text_in_a_price_cell_is_rejected_and_the_rest_lands(read, sampit_copy, tmp_path):
    _edit_daily(sampit_copy, lambda ws: ws.__setitem__("D3", "tiga belas ribu"))
    result = read(sampit_copy, "pihps", tmp_path)
    reject = result.rejects.row(0, named=True)
    assert (reject["source_row"], reject["column_name"], reject["value"]) == (
        3,
        "price",
        "tiga belas ribu",
    )
    assert reject["rule"].startswith("price is not a number")
    assert result.rows.height == 3629


def test_price_in_the_wrong_unit_fails_the_band(read, sampit_copy, tmp_path):
    _edit_daily(sampit_copy, lambda ws: ws.__setitem__("D3", "13,8"))  # 13.8 for 13.800
    result = read(sampit_copy, "pihps", tmp_path)
    reject = result.rejects.row(0, named=True)
    assert (reject["column_name"], reject["value"]) == ("price_idr", "138.0")
    assert "plausible band" in reject["rule"]


def test_a_date_outside_the_files_year_is_rejected(read, sampit_copy, tmp_path):
    _edit_daily(sampit_copy, lambda ws: ws.__setitem__("D1", "02/ 01/ 2019"))
    result = read(sampit_copy, "pihps", tmp_path)
    assert set(result.rejects["rule"]) == {
        "PriceObservation: date outside the period the file covers"
    }
    assert set(result.rejects["value"]) == {"2019-01-02"}


def test_unknown_commodity_is_rejected_with_where_to_add_it(read, sampit_copy, tmp_path):
    _edit_daily(sampit_copy, lambda ws: ws.__setitem__("B3", "Beras Hitam"))
    result = read(sampit_copy, "pihps", tmp_path)
    assert set(result.rejects["value"]) == {"Beras Hitam"}
    assert "commodity_crosswalk.csv" in result.rejects["rule"][0]


def test_an_ambiguous_region_folder_refuses_the_file_not_guessed(read, tmp_path):
    target = tmp_path / "pihps/jawa-timur/blitar/2020.xlsx"
    target.parent.mkdir(parents=True)
    shutil.copy(DATA / "pihps/kalimantan-tengah/kota-sampit/2020.xlsx", target)
    with pytest.raises(ContractError, match="names no single kab/kota .*35.05 Kabupaten Blitar"):
        read(target, "pihps", tmp_path)


def test_a_renamed_header_refuses_the_file(read, sampit_copy, tmp_path):
    _edit_daily(sampit_copy, lambda ws: ws.__setitem__("B1", "Nama Barang"))
    with pytest.raises(ContractError, match="found \\['No', 'Nama Barang'"):
        read(sampit_copy, "pihps", tmp_path)


def test_sheets_that_disagree_are_a_conflict(read, tmp_path):
    rows = weekly_province_city_rows()
    changed = [r[:] for r in rows]
    changed[3][5] = "26,000"
    path = write_workbook(
        tmp_path / "pihps/x.xlsx", {"Semua Komoditas": rows, "Telur Ayam": changed}
    )
    result = read(path, "pihps", tmp_path)
    assert set(result.rejects["rule"]) == {"sheets of the workbook disagree on this cell"}
    # row 4 (Kota Blitar), column F (Jan 2026 (II), 10-16 Jan): '25,750' here, '26,000' there
    assert (
        result.rows.filter(
            (pl.col("region_code") == "35.72") & (pl.col("period_start") == date(2026, 1, 10))
        ).height
        == 0
    )


def test_an_empty_csv_is_refused(read, tmp_path):
    (tmp_path / "bapanas").mkdir()
    (tmp_path / "bapanas/empty_kota_bandung.csv").write_text("")
    with pytest.raises(ContractError, match="empty"):
        read(tmp_path / "bapanas/empty_kota_bandung.csv", "bapanas", tmp_path)


def test_a_bapanas_daily_file_without_a_region_is_refused(read, tmp_path):
    (tmp_path / "bapanas").mkdir()
    shutil.copy(
        DATA / "bapanas/harga_komoditas_konsumen_kota_bandung.csv",
        tmp_path / "bapanas/harga_konsumen.csv",
    )
    with pytest.raises(ContractError, match="cannot tell which kab/kota"):
        read(tmp_path / "bapanas/harga_konsumen.csv", "bapanas", tmp_path)


def test_a_json_without_prices_is_refused(read, tmp_path):
    (tmp_path / "pihps").mkdir()
    (tmp_path / "pihps/snapshot.json").write_text(json.dumps([{"Provinsi": "Aceh"}]))
    with pytest.raises(
        ContractError, match="missing key\\(s\\) \\['Tanggal', 'Komoditas', 'Nilai'\\]"
    ):
        read(tmp_path / "pihps/snapshot.json", "pihps", tmp_path)
