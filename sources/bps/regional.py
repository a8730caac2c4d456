"""Regional statistics tables (BPS, provincial portals, republished extracts), one mapping per
table shape, in CSV files or workbook sheets.

Offices publish the same kinds of tables with their own headers: production by crop and regency,
per-capita food consumption, population, GRDP per capita. Each shape is described once below
(which columns name the region, its level and code system, the year, the commodity, and which
measures in which unit); a file is read by the first shape whose columns it has, whatever its
dialect (``;`` or ``,``, BOM, CRLF, whole-line quoting, decimal comma: detected, see
``text_tables`` and ``numbers``). Columns a shape does not name (author's derived columns, a
trailing empty column, items whose unit is not a weight) are ignored; blank trailing rows
(``Metro;;;;``) are not observations; a ``Total`` row is checked against the rows above it, not
loaded.

Units are the source's (``kuintal``, ``kg/capita/week``, ``ribu rupiah``) as each shape states
them; ``tidy`` converts them to the measure's unit through ``seeds/unit_conversions.csv`` and
keeps both. What a file says only in its name (the year, the commodity of ``bawang_merah.csv``,
the province of ``konsumsi_komoditas_utama_dki_jakarta_2024.csv``) is read from the name, never
assumed.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources.bps.tidy import StatFeed, to_stat_contract
from sources.bps.vocabulary import unit_label
from sources.common.commodities import CommodityDictionary, commodity_key
from sources.common.contract import REJECT_SCHEMA, ContractError, ReadResult, reject_where
from sources.common.numbers import NumberFormat, detect_number_format, is_missing
from sources.common.region_names import alias_key, parse_region_name
from sources.common.region_resolver import RegionResolver

ALL_LEVELS = ("provinsi", "kabupaten", "kota")
REGENCIES = ("kabupaten", "kota")
UNIT_FROM_COLUMN = "{unit}"
TOTAL_NAMES = {"total", "jumlah"}
TOTAL_TOLERANCE = 0.001  # a Total row may differ from its column's sum by rounding only
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class Measure:
    """One measure column. ``unit`` is the source's; ``{unit}`` in it is filled from the
    layout's unit column (``{unit}/capita/month`` with ``Ons`` -> ``ons/capita/month``).
    ``commodity`` is the column's commodity as the source names it, for a table with one
    column per commodity."""

    name: str
    unit: str
    commodity: str | None = None


@dataclass(frozen=True)
class CsvLayout:
    """A table shape. ``year_columns`` reads wide years: a header with ``{year}``
    (``Produksi_{year}``) and the measure of every column it matches. ``region_name=None``:
    the table is about the one province its file name names."""

    dataset: str
    region_name: str | None
    measures: dict[str, Measure] = field(default_factory=dict)
    year_columns: tuple[str, Measure] | None = None
    year: str | None = None  # column; None: the sheet's year, else the file name's
    levels: tuple[str, ...] = ALL_LEVELS
    level_column: str | None = None  # kabupaten / kota on each row (``Kategori``, ``tipe``)
    region_code: str | None = None
    code_system: str | None = None
    province_hint: str | None = None  # column
    commodity: str | None = None  # column
    fixed_commodity: str | None = None  # the table's one commodity, as the source names it
    commodity_from_file_name: bool = False
    file_name_spellings: dict[str, str] = field(default_factory=dict)  # words -> spelling
    unit_column: str | None = None
    bare_names_are_kabupaten: bool = False
    repeated_name_is_kota: bool = False  # kota rows repeat a kabupaten's bare name further down
    zeros_were_dashes: bool = False

    @property
    def required(self) -> set[str]:
        named = [
            self.region_name,
            self.year,
            self.region_code,
            self.province_hint,
            self.level_column,
            self.commodity,
            self.unit_column,
            *self.measures,
        ]
        return {c for c in named if c}

    def measure_columns(self, columns: list[str]) -> dict[str, tuple[Measure, int | None]]:
        """The file's measure columns, each with the year its header names (None: the row's)."""
        found = {c: (m, None) for c, m in self.measures.items() if c in columns}
        if self.year_columns is not None:
            header, measure = self.year_columns
            pattern = re.escape(header).replace(r"\{year\}", r"((?:19|20)\d{2})")
            for column in columns:
                if match := re.fullmatch(pattern, column):
                    found[column] = (measure, int(match.group(1)))
        return found

    def fits(self, columns: list[str]) -> bool:
        return self.required <= set(columns) and bool(self.measure_columns(columns))


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
        measures={"jumlah_produksi": Measure("production", UNIT_FROM_COLUMN)},
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
            "perkapita_adhk_ribu": Measure("grdp_per_capita_constant", "ribu rupiah"),
            "perkapita_adhb_ribu": Measure("grdp_per_capita_current", "ribu rupiah"),
        },
    ),
    CsvLayout(
        "bps_vegetables_province",
        region_name="provinsi",
        levels=("provinsi",),
        year="tahun",
        commodity="komoditas",
        measures={"produksi_ton": Measure("production", "ton")},
    ),
    CsvLayout(
        "jabar_food_production_regency",
        region_name="nama_kabupaten_kota",
        levels=REGENCIES,
        year="tahun_data",
        measures={
            "produksi_bawang_merah_ton": Measure("production", "ton", "Bawang Merah"),
            # far below BPS's national "Cabai Besar" for the province (144 kt vs 325 kt in
            # 2023) while cabai rawit matches: cabai merah besar only, without keriting
            "produksi_cabai_besar_ton": Measure("production", "ton", "Cabai Merah Besar"),
            "produksi_cabai_rawit_ton": Measure("production", "ton", "Cabai Rawit"),
            "produksi_daging_ayam_ton": Measure("production", "ton", "Daging Ayam Ras"),
            "produksi_telur_ayam_ton": Measure("production", "ton", "Telur Ayam Ras"),
            "produksi_daging_sapi_ton": Measure("production", "ton", "Daging Sapi"),
        },
    ),
    CsvLayout(
        # BPS Jawa Timur Statistik Hortikultura, one commodity per file (bawang_merah.csv), in
        # kuintal: the kabupaten in code order, then the kota under their bare names
        "jatim_horticulture_regency",
        region_name="Kabupaten",
        levels=REGENCIES,
        year_columns=("Produksi_{year}", Measure("production", "kuintal")),
        commodity_from_file_name=True,
        # it reports cabai besar and cabai keriting apart: its cabai besar is cabai merah
        # besar, not the national "Cabai Besar" that holds both
        file_name_spellings={"cabai besar": "Cabai Merah Besar"},
        bare_names_are_kabupaten=True,
        repeated_name_is_kota=True,
    ),
    CsvLayout(
        "regional_weekly_consumption",
        region_name="kabupaten/kota",
        levels=REGENCIES,
        year="tahun",
        commodity_from_file_name=True,
        measures={"avg_konsumsi_perkapita_kg": Measure("consumption_per_capita", "kg/capita/week")},
    ),
    CsvLayout(
        "regional_population_long",
        region_name="kabupaten/kota",
        levels=REGENCIES,
        year="tahun",
        measures={"populasi": Measure("population", "persons")},
    ),
    CsvLayout(
        "jatim_food_security_regency",
        region_name="Nama Kabupaten",
        level_column="Kategori",
        year="Tahun",
        measures={
            "IKP": Measure("food_security_index", "index"),
            "IPM (Indeks Pembangunan Manusia)": Measure("human_development_index", "index"),
            "Kepadatan Penduduk per km persegi (Km2)": Measure("population_density", "persons/km2"),
            "Tingkat Pengangguran Terbuka (TPT) (Persen)": Measure("unemployment_rate", "percent"),
            "Persentase Penduduk Miskin (Persen)": Measure("poverty_rate", "percent"),
            "Luas Panen Tanaman Padi (ha) (Ha)": Measure("harvested_area", "ha", "Padi"),
            "Produktivitas Tanaman Padi (ku/ha) (Ku/ha)": Measure("yield", "ku/ha", "Padi"),
            "Rekap Produksi Padi (ton) (Ton)": Measure("production", "ton", "Padi"),
            # not read: the infant counts ("(Rb)" but persons; 2024 an order of magnitude
            # above the other years) and the prevalence computed from them
        },
    ),
    CsvLayout(
        # Susenas (Maret) consumption per capita per week by kab/kota, republished with BPS "-"
        # as 0. Items whose unit is no weight (cans, sticks, portions) or is uncertain
        # (kangkung, bayam, pisang lainnya) are not read.
        "susenas_consumption_regency",
        region_name="kabkota",
        province_hint="provinsi",
        level_column="tipe",
        measures={
            "beras": Measure("consumption_per_capita", "kg/capita/week", "Beras"),
            "terigu": Measure("consumption_per_capita", "kg/capita/week", "Tepung Terigu"),
            "telur_ayam_ras": Measure(
                "consumption_per_capita", "butir/capita/week", "Telur Ayam Ras"
            ),
            "daging_ayam_ras": Measure(
                "consumption_per_capita", "kg/capita/week", "Daging Ayam Ras"
            ),
            "ikan_tongkol": Measure("consumption_per_capita", "kg/capita/week", "Tongkol"),
        },
        zeros_were_dashes=True,
    ),
    CsvLayout(
        # egg price (Bapanas panel, the year's mean of daily prices), Susenas egg consumption
        # and spending per capita per week; one sheet per year, kabupaten named bare
        "susenas_bapanas_egg_regency",
        region_name="Kabupaten/Kota",
        levels=REGENCIES,
        measures={
            "Harga Telur Ayam Ras (Rp)": Measure("retail_price", "idr/kg", "Telur Ayam Ras"),
            "Konsumsi Telur Ayam Ras per Kapita": Measure(
                "consumption_per_capita", "butir/capita/week", "Telur Ayam Ras"
            ),
            "Pengeluaran Telur Ayam Ras (Rp)": Measure(
                "food_expenditure_per_capita", "idr/capita/week", "Telur Ayam Ras"
            ),
        },
        bare_names_are_kabupaten=True,
    ),
    CsvLayout(
        # BPS "Pola Konsumsi Penduduk Provinsi ..." (Susenas Maret): per capita per month, each
        # item in its own unit (Kg, Ons, Butir, Liter); the province is named in the file name
        "bps_consumption_pattern_province",
        region_name=None,
        levels=("provinsi",),
        commodity="komoditas",
        unit_column="satuan",
        measures={
            "rata_rata_konsumsi": Measure("consumption_per_capita", "{unit}/capita/month"),
            "rata_rata_pengeluaran_rp": Measure("food_expenditure_per_capita", "idr/capita/month"),
        },
    ),
)


def find_layout(columns: list[str]) -> CsvLayout | None:
    return next((layout for layout in LAYOUTS if layout.fits(columns)), None)


def layout_for(columns: list[str], source_file: str) -> CsvLayout:
    layout = find_layout(columns)
    if layout is None:
        raise ContractError(
            f"{source_file}: no known statistics table has these columns {columns}; known "
            "tables: " + "; ".join(f"{t.dataset} {sorted(t.required)}" for t in LAYOUTS)
        )
    return layout


def _name_year(path: Path) -> int | None:
    match = _YEAR.search(path.stem)
    return int(match.group(0)) if match else None


def _province_named_in(path: Path, resolver: RegionResolver) -> str:
    """The one province a file name names (``..._dki_jakarta_2024``): the longest province
    name in it that is not part of a longer one found (Papua inside Papua Barat)."""
    stem = alias_key(path.stem)
    found = sorted(
        (
            (parse_region_name(region.name).key, region.name)
            for region in resolver.regions.values()
            if region.level == "provinsi" and parse_region_name(region.name).key in stem
        ),
        key=lambda pair: -len(pair[0]),
    )
    kept = [(k, n) for i, (k, n) in enumerate(found) if not any(k in o for o, _ in found[:i])]
    if len(kept) != 1:
        raise ContractError(
            f"{path.name}: the table names no region; its file name must name one province "
            f"(e.g. konsumsi_komoditas_utama_dki_jakarta_2024.csv), found {[n for _, n in kept]}"
        )
    return kept[0][1]


def _commodity_named_in(path: Path, layout: CsvLayout, commodities: CommodityDictionary) -> str:
    words = commodity_key(path.stem.replace("_", " "))
    for spelled, spelling in layout.file_name_spellings.items():
        if re.search(rf"(?<!\w){re.escape(spelled)}(?!\w)", words):
            return spelling
    commodity = commodities.spelled_in("bps", path.stem)
    if commodity is None:
        raise ContractError(f"{path.name}: the table's commodity must be named in its file name")
    return commodity


def _kota_repeats(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """A bare name seen before in the file is the kota of that name (``Kediri`` row 6 is the
    kabupaten, ``Kediri`` row 31 the kota): BPS lists kabupaten before kota."""
    bare = pl.col(name).map_elements(
        lambda n: parse_region_name(n).level is None, return_dtype=pl.Boolean
    )
    seen_before = pl.int_range(pl.len()).over(name) > 0
    return frame.with_columns(
        pl.when(bare & seen_before)
        .then(pl.lit("Kota ") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
    )


def _check_totals(
    frame: pl.DataFrame, name: str, columns: list[str], number_format: NumberFormat
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split off ``Total`` rows; a total that its column's rows do not add up to (within
    rounding) is rejected: a row is missing, doubled or misread."""
    is_total = pl.col(name).str.to_lowercase().is_in(list(TOTAL_NAMES))
    totals, rows = frame.filter(is_total), frame.filter(~is_total)
    rejects = []
    for total in totals.iter_rows(named=True):
        for column in columns:
            stated = number_format.expr(pl.lit(total[column], pl.String))
            stated = pl.select(stated).item()
            if stated is None:
                continue
            values = rows.select(number_format.expr(pl.col(column))).to_series().drop_nulls()
            tolerance = max(TOTAL_TOLERANCE * abs(stated), 0.5 * values.len())
            if abs(values.sum() - stated) > tolerance:
                rejects.append(
                    (
                        total["source_file"],
                        total["source_row"],
                        column,
                        total[column],
                        f"the rows above sum to {values.sum():g}, not this total: a row is "
                        "missing, doubled or misread",
                    )
                )
    return rows, pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row")


def read_regional_table(
    path: Path,
    frame: pl.DataFrame,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    default_year: int | None = None,
) -> ReadResult:
    """``frame``: the table as strings with source_file and source_row; ``default_year``: the
    year of a workbook sheet named by its year (used when the table has no year column)."""
    source_file = frame["source_file"][0] if frame.height else str(path)
    layout = layout_for(frame.columns, source_file)
    columns = layout.measure_columns(frame.columns)
    measure_columns = list(columns)
    name = layout.region_name or "_region"
    if layout.region_name is None:
        frame = frame.with_columns(pl.lit(_province_named_in(path, resolver)).alias(name))
    frame = frame.with_columns(pl.col(name).str.strip_chars())
    if layout.repeated_name_is_kota:
        frame = _kota_repeats(frame, name)
    blank = pl.all_horizontal(is_missing(pl.col(c)) for c in measure_columns)
    if layout.year:
        blank = blank & is_missing(pl.col(layout.year))
    frame = frame.filter(~blank & pl.col(name).is_not_null())
    try:
        number_format = detect_number_format(
            pl.concat([frame[c].cast(pl.String) for c in measure_columns])
        )
    except ContractError as error:
        raise ContractError(f"{source_file}: {error}") from None
    frame, bad_totals = _check_totals(frame, name, measure_columns, number_format)
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
        year = default_year or _name_year(path)
        if year is None and any(y is None for _, y in columns.values()):
            raise ContractError(
                f"{path.name}: the table has no year column and no year in its name"
            )
        frame, bad_years = frame.with_columns(pl.lit(year, pl.Int32).alias("year")), None
    long = frame.unpivot(
        index=[c for c in frame.columns if c not in measure_columns],
        on=measure_columns,
        variable_name="source_column",
        value_name="value_text",
    )
    by_column = {c: m for c, (m, _) in columns.items()}
    column_year = {c: y for c, (_, y) in columns.items()}
    year = pl.coalesce(
        pl.col("source_column").replace_strict(column_year, return_dtype=pl.Int32),
        pl.col("year"),
    )
    unit = pl.col("source_column").replace_strict({c: m.unit for c, m in by_column.items()})
    if layout.unit_column:
        stated = pl.col(layout.unit_column).map_elements(unit_label, return_dtype=pl.String)
        unit = unit.str.replace(UNIT_FROM_COLUMN, stated, literal=True)
    file_commodity = (
        _commodity_named_in(path, layout, commodities) if layout.commodity_from_file_name else None
    )
    commodity = pl.coalesce(
        pl.col("source_column").replace_strict(
            {c: m.commodity for c, m in by_column.items()}, return_dtype=pl.String
        ),
        pl.col(layout.commodity).str.strip_chars() if layout.commodity else pl.lit(None),
        pl.lit(layout.fixed_commodity or file_commodity, pl.String),
    )

    def text(column: str | None) -> pl.Expr:
        return pl.col(column).str.strip_chars() if column else pl.lit(None, pl.String)

    cells = long.select(
        "source_file",
        "source_row",
        "source_column",
        pl.col(name).alias("source_region_name"),
        text(layout.region_code).alias("source_region_code"),
        pl.lit(layout.code_system, pl.String).alias("code_system"),
        text(layout.province_hint).alias("province_hint"),
        text(layout.level_column).str.to_lowercase().alias("region_level"),
        pl.col("source_column").replace_strict({c: m.name for c, m in by_column.items()})
        .alias("measure"),
        commodity.alias("source_commodity_name"),
        "value_text",
        pl.lit("year").alias("period_grain"),
        pl.date(year, 1, 1).alias("period_start"),
        pl.date(year, 12, 31).alias("period_end"),
        unit.alias("unit"),
    )  # fmt: skip
    feed = StatFeed(
        "bps",
        layout.dataset,
        layout.levels,
        bare_names_are_kabupaten=layout.bare_names_are_kabupaten,
        zeros_were_dashes=layout.zeros_were_dashes,
    )
    earlier = pl.concat([bad_totals, *(r for r in (bad_years,) if r is not None)])
    return to_stat_contract(cells, feed, number_format, resolver, commodities, earlier)
