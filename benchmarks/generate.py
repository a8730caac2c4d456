"""Synthetic national-scale inputs, written in the feed formats Sinergi's readers accept.

Deterministic (one seed): the same scale gives byte-identical files. What it writes under
``<out>/landing/``:

- ``bapanas/<kabupaten_or_kota_name>.csv``: one Panel Harga daily long file per kab/kota (its
  first five columns, ``Timestamp,ID,Komoditas,Satuan,Harga``; ``0`` = no observation), every
  Bapanas commodity, every day of the scale. Prices have a regional level (dearer east of Java),
  yearly inflation, Ramadan/Lebaran peaks, seasonal swings for chili and shallot, short spikes and
  gaps: the shapes the anomaly marts look for.
- ``pihps/<province>/<city>/<year>.xlsx``: three PIHPS daily workbooks (group and item rows,
  ``'13,800'`` strings, ``-`` missing) so the xlsx path is exercised too.
- ``bps/``: production by crop and kab/kota (``;``, BOM), per-capita consumption (``;``, BOM,
  decimal comma) and population (``,``) for every region and year, so balances exist everywhere.

and under ``<out>/truth/`` the lookups the floor and the peer use in place of Sinergi's resolvers
(file name -> region code and centroid, Bapanas name -> commodity): what an analyst scripting it
by hand would keep in a spreadsheet. The incremental case (``extra_day``) writes one more day for
every region as new files.
"""

import argparse
import csv
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import polars as pl

from benchmarks.scales import SCALES, Scale

REPO = Path(__file__).resolve().parent.parent
REGIONS_FILE = REPO / "sources" / "regions" / "data" / "kemendagri_regencies.csv"
PROVINCES_FILE = REPO / "sources" / "regions" / "data" / "kemendagri_provinces.csv"
CENTROIDS_FILE = REPO / "sources" / "regions" / "data" / "centroids_regencies.csv"
SEED = 20261123

# Bapanas Panel Harga names (as the seed crosswalk spells them), Bapanas id, unit, a typical
# 2025 retail price and how strongly the commodity swings with the seasons.
COMMODITIES = [
    ("Beras Premium", 27, "Kg", 15_500, 0.02),
    ("Beras Medium", 28, "Kg", 13_500, 0.02),
    ("Beras SPHP", 109, "Kg", 12_500, 0.01),
    ("Jagung Tk Peternak", 102, "Kg", 6_200, 0.06),
    ("Kedelai Biji Kering (Impor)", 29, "Kg", 11_000, 0.02),
    ("Bawang Merah", 30, "Kg", 38_000, 0.20),
    ("Bawang Putih Bonggol", 31, "Kg", 38_000, 0.06),
    ("Cabai Merah Keriting", 32, "Kg", 45_000, 0.30),
    ("Cabai Merah Besar", 126, "Kg", 47_000, 0.30),
    ("Cabai Rawit Merah", 33, "Kg", 55_000, 0.35),
    ("Daging Sapi Murni", 34, "Kg", 135_000, 0.02),
    ("Daging Ayam Ras", 35, "Kg", 37_000, 0.05),
    ("Telur Ayam Ras", 36, "Kg", 29_000, 0.05),
    ("Gula Konsumsi", 37, "Kg", 17_500, 0.02),
    ("Minyak Goreng Kemasan", 38, "Liter", 19_500, 0.02),
    ("Minyak Goreng Curah", 101, "Liter", 17_000, 0.02),
    ("Minyakita", 127, "Liter", 15_700, 0.01),
    ("Tepung Terigu (Curah)", 40, "Kg", 10_000, 0.01),
    ("Tepung Terigu Kemasan", 108, "Kg", 13_000, 0.01),
    ("Ikan Kembung", 104, "Kg", 40_000, 0.08),
    ("Ikan Tongkol", 105, "Kg", 35_000, 0.08),
    ("Ikan Bandeng", 106, "Kg", 35_000, 0.06),
    ("Garam Konsumsi", 107, "Kg", 10_000, 0.01),
    ("Daging Kerbau Beku (Impor Luar Negeri)", 149, "Kg", 100_000, 0.02),
    ("Daging Kerbau Segar (Lokal)", 152, "Kg", 140_000, 0.02),
]
# Idul Fitri (1 Syawal) as Indonesia observed it: prices climb through Ramadan to a peak on the
# eve of Lebaran.
LEBARAN = {
    2016: date(2016, 7, 6),
    2017: date(2017, 6, 25),
    2018: date(2018, 6, 15),
    2019: date(2019, 6, 5),
    2020: date(2020, 5, 24),
    2021: date(2021, 5, 13),
    2022: date(2022, 5, 2),
    2023: date(2023, 4, 22),
    2024: date(2024, 4, 10),
    2025: date(2025, 3, 31),
    2026: date(2026, 3, 20),
}
# Crops (BPS names), consumption name, kg per capita per year, and paddy's GKG -> beras factor.
CROPS = [
    ("Padi", "Beras", 80.0, 0.6274),
    ("Jagung", "Jagung", 2.0, 1.0),
    ("Kedelai", "Kedelai", 7.0, 1.0),
    ("Kacang Tanah", "Kacang Tanah", 1.0, 1.0),
    ("Kacang Hijau", "Kacang Hijau", 0.8, 1.0),
    ("Ubi Kayu", "Ubi Kayu", 9.0, 1.0),
    ("Ubi Jalar", "Ubi Jalar", 3.0, 1.0),
]


def regions(scale: Scale) -> pl.DataFrame:
    """The scale's kab/kota with centroid, a price level and a file-name slug; ``small`` takes
    an even spread over the country."""
    master = pl.read_csv(
        REGIONS_FILE, schema_overrides={"code": pl.String, "province_code": pl.String}
    )
    centroids = pl.read_csv(CENTROIDS_FILE, schema_overrides={"code": pl.String}).select(
        (pl.col("code").str.slice(0, 2) + "." + pl.col("code").str.slice(2)).alias("code"),
        "latitude",
        "longitude",
    )
    provinces = pl.read_csv(PROVINCES_FILE, schema_overrides={"code": pl.String}).select(
        pl.col("code").alias("province_code"), pl.col("name").alias("province_name")
    )
    frame = (
        master.join(centroids, on="code", how="left")
        .join(provinces, on="province_code")
        .sort("code")
    )
    frame = frame.with_columns(
        pl.col("latitude").fill_null(pl.col("latitude").mean().over("province_code")),
        pl.col("longitude").fill_null(pl.col("longitude").mean().over("province_code")),
    ).with_columns(
        pl.col("latitude").fill_null(-4.0),
        pl.col("longitude").fill_null(138.0),  # Papua's new provinces, when no sibling has one
    )
    if scale.regions:
        step = frame.height / scale.regions
        frame = frame[[int(i * step) for i in range(scale.regions)]]
    rng = np.random.default_rng(SEED)
    east = np.clip(frame["longitude"].to_numpy() - 110.0, 0, None) / 30.0
    level = 1.0 + 0.35 * east + rng.normal(0, 0.04, frame.height)
    return frame.with_columns(
        pl.Series("price_level", level),
        pl.col("name").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "_").alias("slug"),
        pl.col("name").str.starts_with("Kota ").alias("is_kota"),
    )


def season(days: np.ndarray) -> np.ndarray:
    """Multiplier per day: +8% at the eve of Lebaran, rising over Ramadan, easing in 10 days."""
    out = np.ones(days.shape[0])
    ordinal = np.array([d.toordinal() for d in days.tolist()])
    for eid in LEBARAN.values():
        delta = ordinal - eid.toordinal()
        rising = (delta >= -30) & (delta < 0)
        out[rising] += 0.08 * (delta[rising] + 30) / 30
        easing = (delta >= 0) & (delta < 10)
        out[easing] += 0.08 * (10 - delta[easing]) / 10
    return out


def price_matrix(rng: np.random.Generator, days: np.ndarray, level: float) -> np.ndarray:
    """days x commodities prices in rupiah (multiples of 50), 0 where the day is missing."""
    n_days = days.shape[0]
    day_of_year = np.array([d.timetuple().tm_yday for d in days.tolist()])
    years = np.array([d.year - 2025 + (d.timetuple().tm_yday / 366) for d in days.tolist()])
    base = np.array([c[3] for c in COMMODITIES], dtype=float)
    swing = np.array([c[4] for c in COMMODITIES])
    phase = rng.uniform(0, 2 * np.pi, len(COMMODITIES))
    seasonal = 1 + swing[None, :] * np.sin(2 * np.pi * day_of_year[:, None] / 365.25 + phase)
    trend = (1.03**years)[:, None]
    noise = np.exp(np.cumsum(rng.normal(0, 0.004, (n_days, len(COMMODITIES))), axis=0) * 0.3)
    noise *= 1 + rng.normal(0, 0.01, (n_days, len(COMMODITIES)))
    spikes = np.ones((n_days, len(COMMODITIES)))
    for start, column in zip(
        *np.nonzero(rng.random((n_days, len(COMMODITIES))) < 0.002), strict=True
    ):
        spikes[start : start + 5, column] *= 1 + 3 * swing[column] + 0.1
    prices = base * level * seasonal * trend * noise * spikes * season(days)[:, None]
    prices = np.round(prices / 50) * 50
    prices[rng.random(prices.shape) < 0.02] = 0  # a market day without a report
    return prices.astype(np.int64)


def bapanas_file(path: Path, days: np.ndarray, prices: np.ndarray) -> None:
    n_days, n_commodities = prices.shape
    frame = pl.DataFrame(
        {
            "Timestamp": np.repeat(np.array([d.isoformat() for d in days.tolist()]), n_commodities),
            "ID": np.tile([c[1] for c in COMMODITIES], n_days),
            "Komoditas": np.tile([c[0] for c in COMMODITIES], n_days),
            "Satuan": np.tile([f"Rp./{c[2]}" for c in COMMODITIES], n_days),
            "Harga": prices.reshape(-1),
        }
    )
    frame.write_csv(path)


def write_prices(
    scale: Scale, table: pl.DataFrame, landing: Path, first: date, last: date, prefix: str = ""
) -> int:
    folder = landing / "bapanas"
    folder.mkdir(parents=True, exist_ok=True)
    days = np.array([first + timedelta(days=i) for i in range((last - first).days + 1)])
    rows = 0
    for index, region in enumerate(table.iter_rows(named=True)):
        rng = np.random.default_rng([SEED, index, first.toordinal()])
        prices = price_matrix(rng, days, region["price_level"])
        bapanas_file(folder / f"{prefix}{region['slug']}.csv", days, prices)
        rows += prices.size
    return rows


def write_pihps_workbooks(scale: Scale, table: pl.DataFrame, landing: Path) -> None:
    """Three PIHPS daily workbooks (last year of the scale) for realism: the xlsx reader runs."""
    year = scale.last_day.year
    days = [d for d in (date(year, 1, 1) + timedelta(i) for i in range(366)) if d.year == year]
    groups = [
        (
            "I",
            "Beras",
            [("1", "Beras Kualitas Medium I", 13_500), ("2", "Beras Kualitas Super I", 15_500)],
        ),
        ("II", "Telur Ayam", [("1", "Telur Ayam Ras Segar", 29_000)]),
    ]
    for region in table.head(3).iter_rows(named=True):
        rng = np.random.default_rng([SEED, int(region["code"].replace(".", ""))])
        province = region["province_name"].lower().replace(" ", "-")
        folder = landing / "pihps" / province / region["slug"].replace("_", "-")
        folder.mkdir(parents=True, exist_ok=True)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["No", "Komoditas (Rp)", *[d.strftime("%d/ %m/ %Y") for d in days]])
        for number, group, items in groups:
            item_rows = []
            for item_no, item, base in items:
                values = base * region["price_level"] * (1 + rng.normal(0, 0.01, len(days)))
                cells = [f"{round(v / 50) * 50:,.0f}" for v in values]
                cells = ["-" if rng.random() < 0.03 else c for c in cells]
                item_rows.append([item_no, item, *cells])
            sheet.append([number, group, *item_rows[0][2:]])
            for row in item_rows:
                sheet.append(row)
        book.save(folder / f"{year}.xlsx")
        _fix_timestamps(folder / f"{year}.xlsx")


def _fix_timestamps(path: Path) -> None:
    """openpyxl stamps the save time into docProps/core.xml and the zip entries, which changes
    the compressed size from one second to the next; fixed stamps make generation repeatable."""
    with zipfile.ZipFile(path) as saved:
        members = [(m.filename, saved.read(m)) for m in saved.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as fixed:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            fixed.writestr(info, data)


def write_statistics(scale: Scale, table: pl.DataFrame, landing: Path) -> None:
    folder = landing / "bps"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([SEED, 7])
    n = table.height
    population = np.exp(rng.normal(np.log(450_000), 0.7, n)) * np.where(table["is_kota"], 0.6, 1.0)
    factors = (
        np.exp(rng.normal(0, 0.9, (n, len(CROPS)))) * np.where(table["is_kota"], 0.15, 1.0)[:, None]
    )
    per_capita = np.array([c[2] for c in CROPS]) * np.exp(rng.normal(0, 0.1, (n, len(CROPS))))
    names = table["name"].to_list()
    codes = [code.replace(".", "") for code in table["code"].to_list()]
    with open(folder / "penduduk_kabkota.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["kab_kota", "tahun", "jumlah_penduduk"])
        for year in scale.years:
            grown = population * 1.011 ** (year - 2025)
            out.writerows([name, year, int(p)] for name, p in zip(names, grown, strict=True))
    with open(
        folder / "konsumsi_pangan_kabkota.csv", "w", newline="", encoding="utf-8-sig"
    ) as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(
            [
                "Tahun",
                "Kode Wilayah",
                "Kabupaten_Kota",
                "Kelompok Bahan",
                "Komoditas",
                "Konsumsi Pangan",
            ]
        )
        for year in scale.years:
            for i, (name, code) in enumerate(zip(names, codes, strict=True)):
                for k, (_, food, _, _) in enumerate(CROPS):
                    out.writerow(
                        [
                            year,
                            code,
                            name,
                            "Pangan",
                            food,
                            f"{per_capita[i, k]:.2f}".replace(".", ","),
                        ]
                    )
    with open(
        folder / "produksi_pangan_kabkota.csv", "w", newline="", encoding="utf-8-sig"
    ) as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(
            ["kabupaten_kota", "tahun", "komoditas", "produksi", "luas_panen", "produktivitas"]
        )
        for year in scale.years:
            weather = np.exp(rng.normal(0, 0.08, (n, len(CROPS))))
            need = population[:, None] * 1.011 ** (year - 2025) * per_capita / 1000
            produced = need * factors * weather / np.array([c[3] for c in CROPS])
            for i, name in enumerate(names):
                for k, (crop, _, _, _) in enumerate(CROPS):
                    tons = produced[i, k]
                    out.writerow([name, year, crop, f"{tons:.2f}", f"{tons / 5:.1f}", "50.0"])


def write_truth(table: pl.DataFrame, out: Path) -> None:
    folder = out / "truth"
    folder.mkdir(parents=True, exist_ok=True)
    table.select(
        "slug",
        pl.col("code").alias("region_code"),
        "name",
        "province_code",
        "latitude",
        "longitude",
    ).write_csv(folder / "regions.csv")


def generate(scale: Scale, out: Path) -> dict:
    """Write the scale's landing folder under ``out``; returns what was written."""
    table = regions(scale)
    landing = out / "landing"
    rows = write_prices(scale, table, landing, scale.first_day, scale.last_day)
    write_pihps_workbooks(scale, table, landing)
    write_statistics(scale, table, landing)
    write_truth(table, out)
    size = sum(p.stat().st_size for p in landing.rglob("*") if p.is_file())
    return {"regions": table.height, "price_rows": rows, "landing_bytes": size}


def extra_day(scale: Scale, out: Path) -> int:
    """One more day of prices for every region, as new files (the incremental case)."""
    day = scale.last_day + timedelta(days=1)
    return write_prices(
        scale, regions(scale), out / "landing", day, day, prefix=f"{day.isoformat()}_"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(generate(SCALES[args.scale], args.out))


if __name__ == "__main__":
    main()
