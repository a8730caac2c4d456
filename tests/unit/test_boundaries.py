import json

import pytest

from sources.regions.boundaries import area_centroid, read_province_boundaries


def _square(x0, y0, size):
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


def test_centroid_of_a_square_is_its_centre():
    assert area_centroid([[_square(100.0, -5.0, 2.0)]]) == pytest.approx((101.0, -4.0))


def test_holes_pull_the_centroid_away():
    outer = _square(0.0, 0.0, 4.0)
    hole = _square(0.0, 0.0, 2.0)
    x, y = area_centroid([[outer, hole]])
    assert x > 2.0 and y > 2.0


def test_islands_weigh_by_area():
    big, small = _square(0.0, 0.0, 3.0), _square(10.0, 0.0, 1.0)
    x, _ = area_centroid([[big], [small]])
    assert x == pytest.approx((1.5 * 9 + 10.5 * 1) / 10)


def test_a_feature_whose_name_is_unknown_is_quarantined(tmp_path, resolver):
    features = [
        {
            "type": "Feature",
            "properties": {"KODE_PROV": "35", "PROVINSI": name},
            "geometry": {"type": "Polygon", "coordinates": [_square(111.0, -8.0, 1.0)]},
        }
        for name in ("Jawa Timur", "Provinsi Atlantis")
    ]
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    result = read_province_boundaries(path, resolver)
    assert result.rows["region_code"].to_list() == ["35"]
    reject = result.rejects.row(0, named=True)
    assert (reject["source_row"], reject["column_name"]) == (2, "PROVINSI")
    assert "Atlantis" in reject["value"]
