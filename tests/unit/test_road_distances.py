"""Road distances (OSRM, Jawa Timur 38 x 38): golden pairs from the real file, codes mapped
through the code history, and the rules of the RoadDistance contract failing on broken copies."""

import polars as pl
import pytest

from sources.regions.master import read_region_master

FILE = "road_distance_jatim_osrm.csv"


@pytest.fixture(scope="module")
def distances(region_master):
    return region_master.tables["road_distances"]


@pytest.mark.parametrize(
    ("origin", "destination", "km", "hours"),
    [
        ("35.78", "35.74", 98.883, 1.3161),  # Kota Surabaya -> Kota Probolinggo
        ("35.74", "35.72", 167.162, 2.1422),  # Kota Probolinggo -> Kota Blitar
        ("35.72", "35.74", 168.634, 2.1557),  # and back: not symmetric
        ("35.71", "35.29", 285.622, 3.5272),  # Kota Kediri -> Sumenep, over Suramadu
        ("35.79", "35.73", 19.095, 0.3579),  # Kota Batu -> Kota Malang
    ],
)
def test_golden_pairs(distances, origin, destination, km, hours):
    row = distances.rows.filter(
        pl.col("from_region_code") == origin, pl.col("to_region_code") == destination
    ).row(0, named=True)
    assert row["distance_km"] == km
    assert row["duration_minutes"] == pytest.approx(hours * 60)
    assert row["basis"].startswith("OSRM") and "not an official" in row["basis"]


def test_every_ordered_pair_once_and_each_region_zero_from_itself(distances):
    rows = distances.rows
    assert rows.height == 38 * 38 and distances.rejects.height == 0
    assert rows.select("from_region_code").n_unique() == 38
    itself = rows.filter(pl.col("from_region_code") == pl.col("to_region_code"))
    assert itself.height == 38 and set(itself["distance_km"]) == {0.0}
    blitar = rows.filter(pl.col("from_code") == "3505", pl.col("to_code") == "3572")
    assert blitar["distance_km"].to_list() == [0.742]  # the kabupaten point beside its kota


def _broken(region_data_copy, old: str, new: str):
    path = region_data_copy / FILE
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return read_region_master(region_data_copy).tables["road_distances"]


def test_an_unknown_code_is_rejected(region_data_copy):
    result = _broken(region_data_copy, "3578,Kota Surabaya,3573", "3578,Kota Surabaya,3599")
    reject = result.rejects.row(0, named=True)
    assert (reject["column_name"], reject["value"]) == ("to_id", "3599")
    assert reject["rule"] == "code is not a known region in the code history"
    assert result.rows.height == 38 * 38 - 1


def test_a_region_not_at_zero_from_itself_is_rejected(region_data_copy):
    result = _broken(region_data_copy, "3578,Kota Surabaya,0.000", "3578,Kota Surabaya,4.000")
    assert "a region is 0 km from itself" in result.rejects["rule"][0]


def test_a_pair_given_twice_is_rejected(region_data_copy):
    result = _broken(region_data_copy, "3578,Kota Surabaya,3573", "3578,Kota Surabaya,3571")
    assert result.rejects.height == 2  # both rows of the doubled pair
    assert set(result.rejects["source_row"]) == {3, 4}


def test_a_distance_that_is_not_a_number_is_rejected(region_data_copy):
    result = _broken(region_data_copy, "88.054", "88.054 km")
    reject = result.rejects.row(0, named=True)
    assert (reject["column_name"], reject["value"]) == ("distance_km", "88.054 km")
