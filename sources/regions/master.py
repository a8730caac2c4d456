"""The bundled region master: which file feeds which raw table, and the resolver built from it.

The region master is reference data shipped with the repository (``sources/regions/data``), not a
landing-folder feed: every run reads the same snapshot, and the resolver every other reader uses is
built from exactly the rows the warehouse holds.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from sources.common.contract import ReadResult
from sources.common.paths import SEEDS_DIR
from sources.common.region_resolver import Alias, CodeMapping, Region, RegionResolver
from sources.common.text_tables import read_csv_text
from sources.regions import readers
from sources.regions.boundaries import read_province_boundaries
from sources.regions.code_history import build_code_history, province_successors
from sources.regions.distances import read_road_distances, with_region_codes

DATA_DIR = Path(__file__).parent / "data"
ALIASES_SEED = SEEDS_DIR / "region_aliases.csv"


Reader = Callable[[Path], ReadResult]


@dataclass(frozen=True)
class RawTable:
    """One raw table of the family: its name and the (file, reader) pairs that fill it."""

    name: str
    description: str
    inputs: tuple[tuple[str, Reader], ...]

    def read(self, data_dir: Path = DATA_DIR) -> ReadResult:
        results = [reader(data_dir / file) for file, reader in self.inputs]
        combined = results[0]
        for result in results[1:]:
            combined = combined.concat(result)
        return combined


FILE_TABLES = (
    RawTable(
        "kemendagri_regions",
        "Current provinces and kab/kota (Kepmendagri 2025).",
        (
            ("kemendagri_provinces.csv", readers.read_kemendagri_provinces),
            ("kemendagri_regencies.csv", readers.read_kemendagri_regencies),
        ),
    ),
    RawTable(
        "population",
        "Administrative population by region (Dukcapil 2025).",
        (("population_kemendagri_2025.csv", readers.read_population),),
    ),
    RawTable(
        "area",
        "Land area by region in km2 (BIG 2024).",
        (("area_big_2024.csv", readers.read_area),),
    ),
    RawTable(
        "centroids",
        "Polygon centroids as the source codes them (laravel-nusa 2025-03).",
        (
            ("centroids_provinces.csv", readers.read_province_centroids),
            ("centroids_regencies.csv", readers.read_regency_centroids),
        ),
    ),
    RawTable(
        "bps_bridge",
        "BPS <-> Kemendagri code bridge, 2020 vintage.",
        (
            ("bps_bridge_2020_provinces.csv", readers.read_bps_bridge),
            ("bps_bridge_2020_regencies.csv", readers.read_bps_bridge),
        ),
    ),
    RawTable(
        "papua_split",
        "Regency codes before, during and after the 2022 Papua split.",
        (("papua_split_2022.csv", readers.read_papua_split),),
    ),
    RawTable(
        "road_distances",
        "Road distance (km) and driving time (minutes) between kab/kota, both directions: "
        "OSRM over OpenStreetMap for Jawa Timur's 38 kab/kota, not official; BPS codes mapped "
        "to region_code.",
        (("road_distance_jatim_osrm.csv", read_road_distances),),
    ),
)
BOUNDARY_FILE = "provinces_38.geojson"


def read_aliases(path: Path = ALIASES_SEED) -> list[Alias]:
    frame = read_csv_text(path)
    return [Alias(a, c) for a, c in frame.select("alias", "region_code").iter_rows()]


def current_centroids(
    centroids: pl.DataFrame, code_history: pl.DataFrame
) -> dict[str, tuple[float, float]]:
    """Source centroids keyed by current region_code (through the code history)."""
    mapped = centroids.join(
        code_history.filter(pl.col("code_system") == "kemendagri").select(
            pl.col("code").alias("source_code"), "region_code"
        ),
        on="source_code",
    )
    return {
        c: (lat, lon)
        for c, lat, lon in mapped.select("region_code", "latitude", "longitude").rows()
    }


def build_resolver(
    regions: pl.DataFrame,
    code_history: pl.DataFrame,
    papua_split: pl.DataFrame,
    aliases: list[Alias],
    centroids: dict[str, tuple[float, float]] | None = None,
) -> RegionResolver:
    return RegionResolver(
        regions=[
            Region(r["region_code"], r["region_name"], r["region_level"], r["province_code"])
            for r in regions.iter_rows(named=True)
        ],
        aliases=aliases,
        code_mappings=[
            CodeMapping(r["code"], r["code_system"], r["region_code"])
            for r in code_history.iter_rows(named=True)
        ],
        province_successors=province_successors(papua_split),
        centroids=centroids,
    )


@dataclass(frozen=True)
class RegionMaster:
    """Everything the region family lands: one ReadResult per raw table, and the resolver."""

    tables: dict[str, ReadResult]
    resolver: RegionResolver


def read_region_master(
    data_dir: Path = DATA_DIR, aliases_seed: Path = ALIASES_SEED
) -> RegionMaster:
    tables = {t.name: t.read(data_dir) for t in FILE_TABLES}
    history = build_code_history(
        tables["kemendagri_regions"].rows, tables["bps_bridge"].rows, tables["papua_split"].rows
    )
    tables["region_code_history"] = history
    tables["road_distances"] = with_region_codes(tables["road_distances"], history.rows)
    resolver = build_resolver(
        tables["kemendagri_regions"].rows,
        history.rows,
        tables["papua_split"].rows,
        read_aliases(aliases_seed),
        current_centroids(tables["centroids"].rows, history.rows),
    )
    tables["boundary_centroids"] = read_province_boundaries(data_dir / BOUNDARY_FILE, resolver)
    return RegionMaster(tables=tables, resolver=resolver)


@cache
def default_resolver() -> RegionResolver:
    """The resolver over the bundled snapshot, built once per process for every reader."""
    return read_region_master().resolver
