"""Region readers on the bundled real files (golden figures) and on broken copies (must fail)."""

import polars as pl
import pytest

from sources.common.contract import ContractError
from sources.regions import readers
from sources.regions.master import read_region_master


def _row(result, **match):
    rows = result.rows.filter(*(pl.col(k) == v for k, v in match.items()))
    assert rows.height == 1, match
    return rows.row(0, named=True)


def test_region_master_lands_every_row_of_the_snapshot(region_master):
    counts = {name: r.rows.height for name, r in region_master.tables.items()}
    assert counts == {
        "kemendagri_regions": 552,
        "population": 553,  # 552 regions + the national total
        "area": 552,
        "centroids": 551,  # laravel-nusa has no province 96
        "bps_bridge": 548,  # 34 provinces + 514 kab/kota, 2020 vintage
        "papua_split": 42,
        "region_code_history": 1666,
        "boundary_centroids": 38,
        "road_distances": 1444,  # Jawa Timur 38 x 38 ordered pairs, each region to itself too
    }
    assert all(r.rejects.height == 0 for r in region_master.tables.values())


def test_golden_region_facts(region_master):
    t = region_master.tables
    blitar = _row(t["kemendagri_regions"], region_code="35.72")
    assert (blitar["region_name"], blitar["region_level"]) == ("Kota Blitar", "kota")
    assert _row(t["kemendagri_regions"], region_code="35.05")["region_level"] == "kabupaten"
    assert _row(t["population"], region_code="0")["population_total"] == 284_973_643
    assert _row(t["population"], region_code="35.72")["population_total"] == 161_204
    assert _row(t["area"], region_code="11.10")["region_code_raw"] == "11.1"
    sorong = _row(t["centroids"], source_code="9201")
    assert sorong["source_province_code"] == "92"
    assert _row(t["bps_bridge"], bps_code="1801")["kemendagri_code"] == "1804"
    assert _row(t["papua_split"], region_code="93.01")["pre_split_code"] == "91.01"


def test_region_levels_come_from_the_name_prefix(region_master):
    levels = region_master.tables["kemendagri_regions"].rows["region_level"].value_counts()
    assert dict(levels.iter_rows()) == {"provinsi": 38, "kabupaten": 416, "kota": 98}


def test_province_boundary_centroids_match_provinces_by_name(region_master):
    boundary = region_master.tables["boundary_centroids"]
    pbd = _row(boundary, region_code="96")
    assert pbd["source_name"] == "Papua Barat Daya"
    assert pbd["source_province_code"] == "92"  # the file's own (old) code
    assert -2.0 < pbd["latitude"] < 0.0 and 130.0 < pbd["longitude"] < 133.0


def test_text_in_population_is_quarantined_and_the_other_rows_land(region_data_copy):
    path = region_data_copy / "population_kemendagri_2025.csv"
    text = path.read_text()
    path.write_text(text.replace("35.72,Kota Blitar,80376,", "35.72,Kota Blitar,delapan puluh,"))
    result = readers.read_population(path)
    assert result.rows.height == 552
    assert "35.72" not in result.rows["region_code"].to_list()
    reject = result.rejects.row(0, named=True)
    assert reject["source_file"].endswith("population_kemendagri_2025.csv")
    assert reject["column_name"] == "population_male"
    assert reject["value"] == "delapan puluh"
    assert reject["source_row"] == 275  # the line Kota Blitar is on in the file


def test_population_total_must_equal_male_plus_female(region_data_copy):
    path = region_data_copy / "population_kemendagri_2025.csv"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("35.72,"))
    code, name, male, female, _ = lines[index].split(",")
    lines[index] = ",".join([code, name, male, female, str(int(male) + int(female) + 1)])
    path.write_text("\n".join(lines) + "\n")
    result = readers.read_population(path)
    assert result.rows.height == 552
    assert result.rejects.row(0, named=True)["rule"].endswith(
        "population_total must equal male + female"
    )


def test_centroid_outside_indonesia_is_quarantined(region_data_copy):
    path = region_data_copy / "centroids_regencies.csv"
    text = path.read_text()
    path.write_text(text.replace('"Kota Blitar",-8.', '"Kota Blitar",8.', 1))
    result = readers.read_regency_centroids(path)
    assert result.rows.height == 513
    reject = result.rejects.row(0, named=True)
    assert reject["column_name"] == "latitude"
    assert reject["value"].startswith("8.")


def test_duplicate_region_code_quarantines_both_rows(region_data_copy):
    path = region_data_copy / "kemendagri_regencies.csv"
    path.write_text(path.read_text() + "35.72,35,Kota Blitar Lama\n")
    result = readers.read_kemendagri_regencies(path)
    assert result.rows.height == 513
    assert result.rejects.filter(pl.col("value") == "35.72").height == 2


def test_a_regency_name_without_a_level_prefix_is_quarantined(region_data_copy):
    path = region_data_copy / "kemendagri_regencies.csv"
    path.write_text(path.read_text().replace("35.72,35,Kota Blitar", "35.72,35,Blitar", 1))
    result = readers.read_kemendagri_regencies(path)
    assert result.rows.height == 513
    assert set(result.rejects["column_name"]) == {"region_level"}


def test_a_code_outside_its_province_is_quarantined(region_data_copy):
    path = region_data_copy / "kemendagri_regencies.csv"
    path.write_text(path.read_text().replace("35.72,35,Kota Blitar", "35.72,33,Kota Blitar", 1))
    result = readers.read_kemendagri_regencies(path)
    assert result.rows.height == 513
    assert "must start with its province_code" in result.rejects["rule"][0]


def test_renamed_header_refuses_the_file_naming_expected_and_found(region_data_copy):
    path = region_data_copy / "area_big_2024.csv"
    path.write_text(path.read_text().replace("luas_km2", "luas", 1))
    with pytest.raises(ContractError) as error:
        readers.read_area(path)
    message = str(error.value)
    assert "area_big_2024.csv" in message
    assert "missing column(s) ['luas_km2']" in message
    assert "'luas'" in message


def test_broken_master_still_builds_with_the_bad_row_quarantined(region_data_copy):
    path = region_data_copy / "area_big_2024.csv"
    path.write_text(
        path.read_text().replace("35.72,35.72,Kota Blitar,33.203", "35.72,35.72,Kota Blitar,-5")
    )
    master = read_region_master(region_data_copy)
    assert master.tables["area"].rows.height == 551
    assert master.tables["area"].rejects["value"].to_list() == ["-5.0"]
    assert master.tables["kemendagri_regions"].rows.height == 552
