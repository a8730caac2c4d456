"""BPS WebAPI PDRB answers: the real province answer (bps/webapi/pdrb_konstan_prov.json) and a
kab/kota answer BUILT from the documented format with figures copied from a real one
(tests/fixtures/bps/webapi_pdrb_adhk_kabkota_aceh_2010_2023.json, see its note)."""

import json
from datetime import date

import polars as pl
import pytest

from tests.conftest import FIXTURES
from tests.statistics_rows import DATA, one, reader

PROVINCES = DATA / "bps" / "webapi" / "pdrb_konstan_prov.json"
REGENCIES = FIXTURES / "bps" / "webapi_pdrb_adhk_kabkota_aceh_2010_2023.json"


@pytest.fixture(scope="module")
def read(resolver):
    return reader(resolver)


@pytest.fixture(scope="module")
def provinces(read):
    return read(PROVINCES)


def _annual(result, region_code, year, **match):
    return one(
        result,
        region_code=region_code,
        period_grain="year",
        period_start=date(year, 1, 1),
        **match,
    )


def test_province_grdp_at_constant_prices(provinces):
    # datacontent[3500 533 1550 120 35]: JAWA TIMUR, PDRB, 2020, Tahunan
    jatim_2020 = _annual(provinces, "35", 2020)
    assert (jatim_2020["value"], jatim_2020["unit"], jatim_2020["measure"]) == (
        1611392546.77,
        "idr_million",
        "grdp_constant",
    )
    assert jatim_2020["base_year"] == 2010 and jatim_2020["source_region_code"] == "3500"
    jatim_2019 = _annual(provinces, "35", 2019)["value"]
    assert jatim_2019 == 1649895641.46
    assert round((jatim_2020["value"] / jatim_2019 - 1) * 100, 2) == -2.33  # as BPS published
    national = one(
        provinces, geo_level="nasional", period_grain="year", period_start=date(2020, 1, 1)
    )
    assert national["value"] == 10837540833.02  # vervar 9999 "34 PROVINSI"


def test_province_answer_lands_totals_only_quarterly_and_annual(provinces):
    assert provinces.rejects.height == 0
    # 34 provinces + national, 14 years, Triwulan I-IV + Tahunan; PDRB total (turvar 1550) only
    assert provinces.rows.height == 35 * 14 * 5
    assert provinces.rows["source_column"].str.slice(19, 4).unique().to_list() == ["1550"]
    assert sorted(provinces.rows.group_by("period_grain").len().rows()) == [
        ("quarter", 35 * 14 * 4),
        ("year", 35 * 14),
    ]
    q3 = one(provinces, region_code="35", period_grain="quarter", period_start=date(2020, 7, 1))
    assert q3["period_end"] == date(2020, 9, 30)
    papua = _annual(provinces, "91", 2020)  # BPS 9400 PAPUA: Kemendagri 91, before the split
    assert (papua["source_region_code"], papua["region_extent"]) == ("9400", "pre_2022_province")


def test_the_undeclared_legacy_series_are_not_read(provinces):
    content = json.loads(PROVINCES.read_text())["datacontent"]
    legacy = [k for k in content if k[7:10] in {str(c) for c in range(686, 695)}]
    assert len(legacy) == 7 * 70  # real keys the answer carries but does not declare
    assert not provinces.rows.filter(
        pl.col("source_column").is_in([f"datacontent[{k}]" for k in legacy])
    ).height


def test_regency_answer_maps_bps_codes_to_kemendagri(read):
    result = read(REGENCIES, FIXTURES)
    # BPS 1101 Simeulue is Kemendagri 11.09; BPS 1103 Aceh Selatan is 11.01
    simeulue = _annual(result, "11.09", 2023)
    assert (simeulue["value"], simeulue["source_region_code"]) == (1806618, "1101")
    assert _annual(result, "11.01", 2010)["value"] == 2830606.09
    assert _annual(result, "11.10", 2020)["value"] == 1713664.18  # Aceh Singkil, BPS 1102
    assert result.rows.height == 3 * 14  # household consumption (turvar 1544) is not landed
    assert set(result.rows["measure"]) == {"grdp_constant"}
    assert result.rows["quality_flag"].is_null().all()


def _variant(tmp_path, name, change):
    answer = json.loads(REGENCIES.read_text())
    change(answer)
    path = tmp_path / "bps" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(answer))
    return path


def test_a_current_price_answer_lands_as_grdp_current(read, tmp_path):
    def to_current(answer):
        answer["var"] = [
            {**answer["var"][0], "val": 2193, "label": "[SERI 2010] PDRB Atas Dasar Harga Berlaku "
             "Menurut Pengeluaran Kabupaten/Kota"}
        ]  # fmt: skip
        answer["datacontent"] = {
            k[:4] + "2193" + k[8:]: v for k, v in answer["datacontent"].items()
        }

    result = read(_variant(tmp_path, "pdrb_berlaku_kab.json", to_current), tmp_path)
    assert set(result.rows["measure"]) == {"grdp_current"}
    assert result.rows["base_year"].is_null().all()  # no (2010=100) in a current-price label
    assert _annual(result, "11.09", 2023)["value"] == 1806618


def test_a_later_year_of_the_regency_answer_loads_unchanged(read, tmp_path):
    def add_2024(answer):
        answer["tahun"].append({"val": 124, "label": "2024"})
        answer["datacontent"]["1101219415501240"] = 1881020.5

    result = read(_variant(tmp_path, "pdrb_konstan_kab_2024.json", add_2024), tmp_path)
    assert _annual(result, "11.09", 2024)["value"] == 1881020.5
    assert result.rows.height == 3 * 14 + 1


def test_a_block_of_years_in_another_unit_is_flagged_not_published_plain(read, tmp_path):
    def thousandfold(answer):  # 2015-2016 of every regency written in thousands of rupiah
        for key in answer["datacontent"]:
            if key[12:15] in ("115", "116"):
                answer["datacontent"][key] *= 1000

    result = read(_variant(tmp_path, "pdrb_block.json", thousandfold), tmp_path)
    flagged = result.rows.filter(pl.col("quality_flag") == "implausible_jump")
    assert sorted(set(flagged["period_start"].dt.year())) == [2015, 2016]
    assert flagged.height == 3 * 2
    assert _annual(result, "11.09", 2017)["quality_flag"] is None  # compared with 2014
    assert result.rejects.height == 0
