"""The pandera contracts of the region family's raw tables.

Each model is what a reader promises after parsing: codes in their stated system and form, numbers
in range, one row per key. A row that breaks a rule is quarantined with the rule's name; a file
that lacks a column is refused whole (see ``sources.common.contract``).
"""

import pandera.polars as pa
import polars as pl

KEMENDAGRI_CODE = r"^\d{2}(\.\d{2})?$"  # 35 (province) or 35.72 (kab/kota)
UNDOTTED_CODE = r"^\d{2}(\d{2})?$"  # 35 or 3572 (Kemendagri or BPS, by column)
PROVINCE_CODE = r"^\d{2}$"

# Indonesia's bounding box, with a margin for outer islands' polygon centres.
LATITUDE = {"ge": -11.0, "le": 6.0}
LONGITUDE = {"ge": 95.0, "le": 141.0}


class _Traced(pa.DataFrameModel):
    source_file: str = pa.Field(nullable=False)
    source_row: int = pa.Field(ge=1)

    class Config:
        strict = True


class KemendagriRegion(_Traced):
    """One current province or kab/kota from the Kemendagri master (idn-area-data)."""

    region_code: str = pa.Field(str_matches=KEMENDAGRI_CODE, unique=True)
    province_code: str = pa.Field(str_matches=PROVINCE_CODE)
    region_name: str = pa.Field(str_length={"min_value": 2})
    region_level: str = pa.Field(isin=["provinsi", "kabupaten", "kota"])

    @pa.check("region_code", error="region_code must start with its province_code")
    def code_within_province(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("region_code").str.slice(0, 2) == pl.col("province_code")
        )

    @pa.check(
        "region_level", error="a 2-digit code is a provinsi, a dotted code a kabupaten or kota"
    )
    def level_matches_code(cls, data: pa.PolarsData) -> pl.LazyFrame:
        is_province = pl.col("region_code").str.len_chars() == 2
        return data.lazyframe.select(is_province == (pl.col("region_level") == "provinsi"))


class RegionPopulation(_Traced):
    """Administrative population (Dukcapil) per region; code ``0`` is the national total."""

    region_code: str = pa.Field(str_matches=r"^(0|\d{2}(\.\d{2})?)$", unique=True)
    region_name: str
    population_male: int = pa.Field(ge=0)
    population_female: int = pa.Field(ge=0)
    population_total: int = pa.Field(gt=0)

    @pa.check("population_total", error="population_total must equal male + female")
    def total_is_sum(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("population_male") + pl.col("population_female") == pl.col("population_total")
        )


class RegionArea(_Traced):
    """Land area per region (BIG 2024); ``region_code_raw`` keeps the source's mangled form."""

    region_code: str = pa.Field(str_matches=KEMENDAGRI_CODE, unique=True)
    region_code_raw: str
    region_name: str
    area_km2: float = pa.Field(gt=0)


class RegionCentroid(_Traced):
    """A polygon centroid as the source codes it (undotted, possibly pre-2022 Papua codes)."""

    source_code: str = pa.Field(str_matches=UNDOTTED_CODE)
    source_province_code: str = pa.Field(str_matches=PROVINCE_CODE)
    source_name: str
    centroid_level: str = pa.Field(isin=["provinsi", "kabupaten_kota"])
    latitude: float = pa.Field(**LATITUDE)
    longitude: float = pa.Field(**LONGITUDE)


class BoundaryCentroid(_Traced):
    """A province centroid computed from the 38-province boundary file, matched by name."""

    region_code: str = pa.Field(str_matches=PROVINCE_CODE, unique=True)
    source_province_code: str
    source_name: str
    latitude: float = pa.Field(**LATITUDE)
    longitude: float = pa.Field(**LONGITUDE)


class BpsBridge(_Traced):
    """BPS <-> Kemendagri code pair of the 2020 bridge (pre-2022 Papua provinces)."""

    bps_code: str = pa.Field(str_matches=UNDOTTED_CODE, unique=True)
    bps_name: str
    kemendagri_code: str = pa.Field(str_matches=UNDOTTED_CODE, unique=True)
    kemendagri_name: str
    bridge_level: str = pa.Field(isin=["provinsi", "kabupaten_kota"])


class PapuaSplit(_Traced):
    """One regency of the 2022 Papua split: its current, interim (2022) and pre-split codes."""

    region_code: str = pa.Field(str_matches=KEMENDAGRI_CODE, unique=True)
    region_name: str
    province_code: str = pa.Field(str_matches=PROVINCE_CODE)
    interim_code_2022: str = pa.Field(str_matches=KEMENDAGRI_CODE)
    pre_split_code: str = pa.Field(str_matches=KEMENDAGRI_CODE, unique=True)
    pre_split_name: str
    pre_split_province_code: str = pa.Field(str_matches=PROVINCE_CODE)


class RegionCodeMapping(_Traced):
    """Every code form a feed may use, mapped to the current Kemendagri ``region_code``;
    ``source_file``/``source_row`` name the reference row the mapping was derived from."""

    code: str = pa.Field(str_matches=UNDOTTED_CODE + "|" + KEMENDAGRI_CODE)
    code_system: str = pa.Field(isin=["kemendagri", "bps"])
    code_vintage: str
    region_code: str = pa.Field(str_matches=KEMENDAGRI_CODE)
    mapping_kind: str = pa.Field(
        isin=["current", "undotted", "pre_2022_split", "interim_2022", "bps_2020"]
    )
    is_exact: bool

    class Config:
        unique = ["code", "code_system"]


class RoadDistance(_Traced):
    """Road distance and driving time from one kab/kota to another, as a router computed them
    between one point per region; codes as the source wrote them and mapped to region_code."""

    from_code: str = pa.Field(str_matches=UNDOTTED_CODE)
    from_name: str
    to_code: str = pa.Field(str_matches=UNDOTTED_CODE)
    to_name: str
    from_region_code: str = pa.Field(str_matches=KEMENDAGRI_CODE)
    to_region_code: str = pa.Field(str_matches=KEMENDAGRI_CODE)
    code_system: str = pa.Field(isin=["bps", "kemendagri"])
    distance_km: float = pa.Field(ge=0, le=5000)
    duration_minutes: float = pa.Field(ge=0, le=6000)
    basis: str

    class Config:
        unique = ["from_region_code", "to_region_code"]

    @pa.check("distance_km", error="a region is 0 km from itself and more than 0 from another")
    def zero_only_to_itself(cls, data: pa.PolarsData) -> pl.LazyFrame:
        same = pl.col("from_region_code") == pl.col("to_region_code")
        return data.lazyframe.select(same == (pl.col("distance_km") == 0))
