"""Road distances between kab/kota: a routing engine's table, read as reference data.

The bundled table (Jawa Timur, 38 x 38 = 1,444 ordered pairs incl. each region to itself) was
computed with OSRM over the OpenStreetMap road network between one point per region: it is not
an official distance, and says so in ``basis``. It is not symmetric (one-way streets, snapping:
A -> B and B -> A differ, by up to ~28% on short pairs), so both directions are kept. Durations
come in hours and are stored in minutes; codes are BPS codes, mapped to the Kemendagri
``region_code`` through the code history like every other BPS code (for Jawa Timur the two
systems coincide, elsewhere ~199 regencies differ).
"""

from pathlib import Path

import polars as pl

from sources.common.contract import ReadResult, apply_contract, reject_where, require_columns
from sources.common.numbers import parse_numbers
from sources.common.text_tables import read_csv_text
from sources.regions import schema

COLUMNS = ["from_id", "from_nama", "to_id", "to_nama", "road_km", "duration_hr"]
BASIS = "OSRM driving route over OpenStreetMap (not an official distance)"
CODE_SYSTEM = "bps"
MINUTES_PER_HOUR = 60


def read_road_distances(path: Path, root: Path | None = None) -> ReadResult:
    """``from_id,from_nama,to_id,to_nama,road_km,duration_hr``; region codes are added by
    ``with_region_codes`` once the code history exists."""
    frame = read_csv_text(path, root)
    require_columns(frame.columns, COLUMNS, str(path))
    frame = frame.select(
        pl.col("from_id").str.strip_chars().alias("from_code"),
        pl.col("from_nama").str.strip_chars().alias("from_name"),
        pl.col("to_id").str.strip_chars().alias("to_code"),
        pl.col("to_nama").str.strip_chars().alias("to_name"),
        pl.col("road_km").alias("distance_km"),
        pl.col("duration_hr").alias("duration_hours"),
        "source_file",
        "source_row",
    )
    rows, rejects = parse_numbers(frame, ["distance_km", "duration_hours"])
    rows = rows.select(
        "from_code",
        "from_name",
        "to_code",
        "to_name",
        pl.lit(CODE_SYSTEM).alias("code_system"),
        "distance_km",
        (pl.col("duration_hours") * MINUTES_PER_HOUR).alias("duration_minutes"),
        pl.lit(BASIS).alias("basis"),
        "source_file",
        "source_row",
    )
    return ReadResult.of(rows, rejects)


def with_region_codes(distances: ReadResult, code_history: pl.DataFrame) -> ReadResult:
    """Map both ends to the current region_code; a pair with an unknown code is rejected."""
    lookup = code_history.select("code", "code_system", "region_code")
    rows = distances.rows
    for end in ("from", "to"):
        rows = rows.join(
            lookup.rename({"code": f"{end}_code", "region_code": f"{end}_region_code"}),
            on=[f"{end}_code", "code_system"],
            how="left",
        )
    rows, unknown = reject_where(
        rows,
        pl.col("from_region_code").is_null() | pl.col("to_region_code").is_null(),
        pl.when(pl.col("from_region_code").is_null())
        .then(pl.lit("from_id"))
        .otherwise(pl.lit("to_id")),
        pl.when(pl.col("from_region_code").is_null())
        .then(pl.col("from_code"))
        .otherwise(pl.col("to_code")),
        "code is not a known region in the code history",
    )
    ordered = rows.select(
        "from_code", "from_name", "to_code", "to_name", "from_region_code", "to_region_code",
        "code_system", "distance_km", "duration_minutes", "basis", "source_file", "source_row",
    )  # fmt: skip
    return apply_contract(ReadResult.of(ordered, distances.rejects, unknown), schema.RoadDistance)
