"""Readers for the region master files: each turns one real file into its raw contract.

Every reader is a pure function from a file to a ``ReadResult``; values that do not parse become
rejects naming the file, row, column and value, and the contract in ``schema.py`` decides the rest.
"""

from pathlib import Path

import polars as pl

from sources.common.contract import ReadResult, apply_contract, require_columns
from sources.common.numbers import parse_integers, parse_numbers
from sources.common.region_names import parse_region_name
from sources.common.text_tables import read_csv_text
from sources.regions import schema


def _read(path: Path, root: Path | None, columns: dict[str, str]) -> pl.DataFrame:
    """Read a CSV, require the source columns and rename them to the contract's names."""
    frame = read_csv_text(path, root)
    require_columns(frame.columns, list(columns), str(path))
    return frame.select(
        *(pl.col(src).str.strip_chars().alias(dst) for src, dst in columns.items()),
        "source_file",
        "source_row",
    )


def read_kemendagri_provinces(path: Path, root: Path | None = None) -> ReadResult:
    """idn-area-data ``provinces.csv``: ``code,name`` (``35,Jawa Timur``)."""
    frame = _read(path, root, {"code": "region_code", "name": "region_name"})
    rows = frame.select(
        "region_code",
        pl.col("region_code").alias("province_code"),
        "region_name",
        pl.lit("provinsi").alias("region_level"),
        "source_file",
        "source_row",
    )
    return apply_contract(ReadResult.of(rows), schema.KemendagriRegion)


def read_kemendagri_regencies(path: Path, root: Path | None = None) -> ReadResult:
    """idn-area-data ``regencies.csv``: ``code,province_code,name``; the level is only in the
    name's prefix (``Kabupaten Blitar`` / ``Kota Blitar`` / ``Kota Administrasi ...``)."""
    frame = _read(
        path,
        root,
        {"code": "region_code", "province_code": "province_code", "name": "region_name"},
    )
    rows = frame.with_columns(
        pl.col("region_name")
        .map_elements(lambda n: parse_region_name(n).level, return_dtype=pl.String)
        .alias("region_level")
    ).select(
        "region_code", "province_code", "region_name", "region_level", "source_file", "source_row"
    )
    return apply_contract(ReadResult.of(rows), schema.KemendagriRegion)


def read_population(path: Path, root: Path | None = None) -> ReadResult:
    """cahyadsn ``wilayah_penduduk``: ``kode,nama,pria,wanita,total`` (persons)."""
    frame = _read(
        path,
        root,
        {
            "kode": "region_code",
            "nama": "region_name",
            "pria": "population_male",
            "wanita": "population_female",
            "total": "population_total",
        },
    )
    rows, rejects = parse_integers(
        frame, ["population_male", "population_female", "population_total"]
    )
    return apply_contract(ReadResult.of(rows, rejects), schema.RegionPopulation)


def read_area(path: Path, root: Path | None = None) -> ReadResult:
    """cahyadsn ``wilayah_luas``: ``kode_raw,kode_fixed,nama,luas_km2``; ``kode_raw`` is kept
    because the source lost trailing zeros (``11.1`` for ``11.10``)."""
    frame = _read(
        path,
        root,
        {
            "kode_fixed": "region_code",
            "kode_raw": "region_code_raw",
            "nama": "region_name",
            "luas_km2": "area_km2",
        },
    )
    rows, rejects = parse_numbers(frame, ["area_km2"])
    return apply_contract(ReadResult.of(rows, rejects), schema.RegionArea)


def _centroids(frame: pl.DataFrame, level: str) -> ReadResult:
    rows, rejects = parse_numbers(frame, ["latitude", "longitude"])
    rows = rows.select(
        "source_code",
        "source_province_code",
        "source_name",
        pl.lit(level).alias("centroid_level"),
        "latitude",
        "longitude",
        "source_file",
        "source_row",
    )
    return apply_contract(ReadResult.of(rows, rejects), schema.RegionCentroid)


def read_province_centroids(path: Path, root: Path | None = None) -> ReadResult:
    """laravel-nusa ``provinces.csv``: ``code,name,latitude,longitude`` (37 rows: no 96)."""
    frame = _read(
        path,
        root,
        {
            "code": "source_code",
            "name": "source_name",
            "latitude": "latitude",
            "longitude": "longitude",
        },
    )
    return _centroids(frame.with_columns(source_province_code=pl.col("source_code")), "provinsi")


def read_regency_centroids(path: Path, root: Path | None = None) -> ReadResult:
    """laravel-nusa regencies: ``code,province_code,name,latitude,longitude``; codes are
    undotted Kemendagri codes, pre-split for Papua Barat Daya (9201 = today's 96.01)."""
    frame = _read(
        path,
        root,
        {
            "code": "source_code",
            "province_code": "source_province_code",
            "name": "source_name",
            "latitude": "latitude",
            "longitude": "longitude",
        },
    )
    return _centroids(frame, "kabupaten_kota")


def read_bps_bridge(path: Path, root: Path | None = None) -> ReadResult:
    """BPS bridging service export: ``kode_bps,nama_bps,kode_dagri,nama_dagri`` (2020 codes).

    The same layout serves the province and the kab/kota file; the level follows from the
    code's length.
    """
    frame = _read(
        path,
        root,
        {
            "kode_bps": "bps_code",
            "nama_bps": "bps_name",
            "kode_dagri": "kemendagri_code",
            "nama_dagri": "kemendagri_name",
        },
    )
    rows = frame.with_columns(
        pl.when(pl.col("bps_code").str.len_chars() == 2)
        .then(pl.lit("provinsi"))
        .otherwise(pl.lit("kabupaten_kota"))
        .alias("bridge_level")
    )
    return apply_contract(ReadResult.of(rows), schema.BpsBridge)


def read_papua_split(path: Path, root: Path | None = None) -> ReadResult:
    """The 2022 Papua split, regency by regency: current, interim 2022 and pre-split codes."""
    frame = _read(
        path,
        root,
        {
            "new_regency_code": "region_code",
            "new_regency_name": "region_name",
            "new_province_code": "province_code",
            "code_kepmendagri_100_1_1_6117_2022": "interim_code_2022",
            "old_regency_code": "pre_split_code",
            "old_regency_name": "pre_split_name",
            "old_province_code": "pre_split_province_code",
        },
    )
    return apply_contract(ReadResult.of(frame), schema.PapuaSplit)
