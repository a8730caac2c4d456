"""Regional statistics CSVs (BPS and provincial open-data portals), one mapping per table shape.

Offices publish the same kinds of tables with their own headers: production by crop and regency,
per-capita food consumption, population, GRDP per capita. Each shape is described once below
(which columns name the region, its code system, the year, the commodity and which measures);
a file is read by the first shape whose columns it has, whatever its dialect (``;`` or ``,``,
BOM, CRLF, whole-line quoting, decimal comma: detected, see ``text_tables`` and ``numbers``).
Columns a shape does not name (author's derived columns, a trailing empty column) are ignored;
blank trailing rows (``Metro;;;;``) are not observations.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources.bps.tidy import StatFeed, to_stat_contract
from sources.common.commodities import CommodityDictionary
from sources.common.contract import ContractError, ReadResult, reject_where
from sources.common.numbers import detect_number_format, is_missing
from sources.common.region_resolver import RegionResolver

ALL_LEVELS = ("provinsi", "kabupaten", "kota")
REGENCIES = ("kabupaten", "kota")


@dataclass(frozen=True)
class Measure:
    name: str
    unit: str | None  # None: read from the layout's unit column
    scale: float = 1.0  # e.g. 1000 for figures in ribu rupiah


@dataclass(frozen=True)
class CsvLayout:
    dataset: str
    region_name: str
    measures: dict[str, Measure]
    year: str | None = None  # column; None: the 4-digit year in the file name
    levels: tuple[str, ...] = ALL_LEVELS
    region_code: str | None = None
    code_system: str | None = None
    province_hint: str | None = None  # column
    commodity: str | None = None  # column
    fixed_commodity: str | None = None  # the table's one commodity, as the source names it
    unit_column: str | None = None
    extra_required: tuple[str, ...] = field(default=())

    @property
    def required(self) -> set[str]:
        named = [
            self.region_name,
            self.year,
            self.region_code,
            self.province_hint,
            self.commodity,
            self.unit_column,
            *self.measures,
            *self.extra_required,
        ]
        return {c for c in named if c}


LAYOUTS = (
    CsvLayout(
        "bps_padi_province",
        region_name="province",
        levels=("provinsi",),
        fixed_commodity="Padi",
        measures={
            "rice_production_tons": Measure("production", "ton"),
            "harvested_area_ha": Measure("harvested_area", "ha"),
            "yield_ku_per_ha": Measure("yield", "ku/ha"),
        },
    ),
    CsvLayout(
        "satu_data_production_regency",
        region_name="bps_nama_kabupaten_kota",
        region_code="bps_kode_kabupaten_kota",
        code_system="bps",
        levels=REGENCIES,
        province_hint="bps_nama_provinsi",
        year="tahun",
        commodity="jenis_produksi",
        unit_column="satuan",
        measures={"jumlah_produksi": Measure("production", None)},
    ),
    CsvLayout(
        "regional_crop_production",
        region_name="kabupaten_kota",
        levels=REGENCIES,
        year="tahun",
        commodity="komoditas",
        measures={
            "produksi": Measure("production", "ton"),
            "luas_panen": Measure("harvested_area", "ha"),
            "produktivitas": Measure("yield", "ku/ha"),
        },
    ),
    CsvLayout(
        "regional_food_consumption",
        region_name="Kabupaten_Kota",
        region_code="Kode Wilayah",
        code_system="kemendagri",
        levels=REGENCIES,
        year="Tahun",
        commodity="Komoditas",
        measures={"Konsumsi Pangan": Measure("consumption_per_capita", "kg/capita/year")},
    ),
    CsvLayout(
        "regional_social_economy",
        region_name="Kabupaten/Kota",
        levels=REGENCIES,
        year="Tahun",
        measures={
            "Jumlah_Penduduk": Measure("population", "persons"),
            "Persentase_miskin": Measure("poverty_rate", "percent"),
        },
    ),
    CsvLayout(
        "regional_population",
        region_name="kab_kota",
        year="tahun",
        measures={"jumlah_penduduk": Measure("population", "persons")},
    ),
    CsvLayout(
        "regional_grdp_per_capita",
        region_name="kab_kota",
        year="tahun",
        measures={
            "perkapita_adhk_ribu": Measure("grdp_per_capita_constant", "idr", 1000.0),
            "perkapita_adhb_ribu": Measure("grdp_per_capita_current", "idr", 1000.0),
        },
    ),
)


def layout_for(columns: list[str], source_file: str) -> CsvLayout:
    for layout in LAYOUTS:
        if layout.required <= set(columns):
            return layout
    raise ContractError(
        f"{source_file}: no known statistics table has these columns {columns}; known tables: "
        + "; ".join(f"{layout.dataset} {sorted(layout.required)}" for layout in LAYOUTS)
    )


def _file_year(path: Path) -> int:
    match = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", path.stem)
    if not match:
        raise ContractError(f"{path.name}: the table has no year column and no year in its name")
    return int(match.group(0))


def read_regional_csv(
    path: Path,
    frame: pl.DataFrame,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
) -> ReadResult:
    source_file = frame["source_file"][0] if frame.height else str(path)
    layout = layout_for(frame.columns, source_file)
    measure_columns = list(layout.measures)
    blank = pl.all_horizontal(is_missing(pl.col(c)) for c in measure_columns)
    if layout.year:
        blank = blank & is_missing(pl.col(layout.year))
    frame = frame.filter(~blank)
    if layout.year:
        year = pl.col(layout.year).str.strip_chars().cast(pl.Int32, strict=False)
        frame, bad_years = reject_where(
            frame.with_columns(year.alias("year")),
            pl.col("year").is_null(),
            layout.year,
            pl.col(layout.year),
            "year is not a 4-digit number",
        )
    else:
        frame, bad_years = frame.with_columns(pl.lit(_file_year(path)).alias("year")), None
    try:
        number_format = detect_number_format(
            pl.concat([frame[c].cast(pl.String) for c in measure_columns])
        )
    except ContractError as error:
        raise ContractError(f"{source_file}: {error}") from None
    long = frame.unpivot(
        index=[c for c in frame.columns if c not in measure_columns],
        on=measure_columns,
        variable_name="source_column",
        value_name="value_text",
    )
    measure = {c: m.name for c, m in layout.measures.items()}
    unit = {c: m.unit for c, m in layout.measures.items()}
    scale = {c: m.scale for c, m in layout.measures.items()}
    start = pl.date(pl.col("year"), 1, 1)
    cells = long.select(
        "source_file",
        "source_row",
        "source_column",
        pl.col(layout.region_name).str.strip_chars().alias("source_region_name"),
        (
            pl.col(layout.region_code).str.strip_chars()
            if layout.region_code
            else pl.lit(None, pl.String)
        ).alias("source_region_code"),
        pl.lit(layout.code_system, pl.String).alias("code_system"),
        (
            pl.col(layout.province_hint).str.strip_chars()
            if layout.province_hint
            else pl.lit(None, pl.String)
        ).alias("province_hint"),
        pl.col("source_column").replace_strict(measure).alias("measure"),
        (
            pl.col(layout.commodity).str.strip_chars()
            if layout.commodity
            else pl.lit(layout.fixed_commodity, pl.String)
        ).alias("source_commodity_name"),
        "value_text",
        pl.lit("year").alias("period_grain"),
        start.alias("period_start"),
        pl.date(pl.col("year"), 12, 31).alias("period_end"),
        (
            pl.col(layout.unit_column).str.strip_chars().str.to_lowercase()
            if layout.unit_column
            else pl.col("source_column").replace_strict(unit)
        ).alias("unit"),
        pl.col("source_column").replace_strict(scale, return_dtype=pl.Float64).alias("scale"),
    )
    feed = StatFeed("bps", layout.dataset, layout.levels)
    return to_stat_contract(cells, feed, number_format, resolver, commodities, bad_years)
