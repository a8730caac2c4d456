"""Province centroids computed from the 38-province boundary GeoJSON.

The centroid source (laravel-nusa) predates Papua Barat Daya: it has no row for province 96 and
its Papua Barat centroid still covers the Sorong regencies. The boundary file does have the 38
post-2022 provinces, but codes the new Papua provinces with their parents' old codes (91/92), so
features are matched to provinces by name through the resolver.
"""

import json
from pathlib import Path

import polars as pl

from sources.common.contract import ReadResult, apply_contract, reject_where
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver
from sources.regions import schema


def area_centroid(polygons: list[list[list[list[float]]]]) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat) of a multipolygon; inner rings (holes) subtract.

    Planar in degrees: at Indonesia's latitudes the distortion is far below the precision a
    regional centroid needs.
    """
    weight_sum = x_acc = y_acc = 0.0
    for rings in polygons:
        for index, ring in enumerate(rings):
            area = x_sum = y_sum = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
                cross = x0 * y1 - x1 * y0
                area += cross / 2.0
                x_sum += (x0 + x1) * cross
                y_sum += (y0 + y1) * cross
            if area == 0.0:
                continue
            weight = abs(area) if index == 0 else -abs(area)
            x_acc += weight * x_sum / (6.0 * area)
            y_acc += weight * y_sum / (6.0 * area)
            weight_sum += weight
    if weight_sum <= 0.0:
        raise ValueError("polygon has no area")
    return x_acc / weight_sum, y_acc / weight_sum


def _features(path: Path, resolver: RegionResolver):
    """(feature number, properties, multipolygon, name, resolution) per GeoJSON feature; features
    are matched to provinces by name (``PROVINSI``)."""
    for number, feature in enumerate(
        json.loads(Path(path).read_text(encoding="utf-8"))["features"], start=1
    ):
        props = feature.get("properties") or {}
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        name = str(props.get("PROVINSI", "")).strip()
        yield number, props, polygons, name, resolver.resolve(name, levels=["provinsi"])


def province_polygons(path: Path, resolver: RegionResolver) -> dict[str, list]:
    """region_code -> multipolygon (lists of rings of (lon, lat)), for drawing maps."""
    return {
        resolution.region_code: polygons
        for _, _, polygons, _, resolution in _features(path, resolver)
        if resolution.region_code
    }


def read_province_boundaries(
    path: Path, resolver: RegionResolver, root: Path | None = None
) -> ReadResult:
    """GeoJSON FeatureCollection with ``KODE_PROV`` and ``PROVINSI`` properties -> one centroid
    per province, resolved by name; a feature whose name does not resolve is rejected."""
    records = []
    for number, props, polygons, name, resolution in _features(path, resolver):
        lon, lat = area_centroid(polygons)
        records.append(
            {
                "region_code": resolution.region_code,
                "resolution": resolution.message,
                "source_province_code": str(props.get("KODE_PROV", "")),
                "source_name": name,
                "latitude": lat,
                "longitude": lon,
                "source_file": display_path(path, root),
                "source_row": number,
            }
        )
    frame = pl.DataFrame(records, schema_overrides={"region_code": pl.String})
    rows, rejects = reject_where(
        frame,
        pl.col("region_code").is_null(),
        "PROVINSI",
        pl.col("resolution"),
        "feature name must resolve to exactly one province",
    )
    return apply_contract(ReadResult.of(rows.drop("resolution"), rejects), schema.BoundaryCentroid)
