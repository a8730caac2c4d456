"""The peer: the floor's marts computed the way an analyst would in a notebook, with pandas.

Reads every generated CSV with ``pandas.read_csv``, concatenates, maps names with lookups,
groups and merges; the partner step merges surplus and deficit regions per commodity and year.
Writes its results as parquet so it, too, leaves something a BI tool can read. Prints one JSON
line with seconds per stage.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

SEEDS = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"
CROPS = pd.DataFrame(
    [
        ("Padi", "Beras", "beras", 0.6274),
        ("Jagung", "Jagung", "jagung", 1.0),
        ("Kedelai", "Kedelai", "kedelai", 1.0),
        ("Kacang Tanah", "Kacang Tanah", "kacang_tanah", 1.0),
        ("Kacang Hijau", "Kacang Hijau", "kacang_hijau", 1.0),
        ("Ubi Kayu", "Ubi Kayu", "ubi_kayu", 1.0),
        ("Ubi Jalar", "Ubi Jalar", "ubi_jalar", 1.0),
    ],
    columns=["crop", "food", "commodity_code", "factor"],
)


def load(work: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    regions = pd.read_csv(
        work / "truth" / "regions.csv", dtype={"region_code": str, "province_code": str}
    )
    crosswalk = pd.read_csv(SEEDS / "commodity_crosswalk.csv")
    commodities = pd.read_csv(SEEDS / "commodities.csv")[["commodity_code", "parent_code"]]
    mapping = crosswalk[crosswalk.source == "bapanas"].merge(commodities, on="commodity_code")
    frames = []
    for path in sorted((work / "landing" / "bapanas").glob("*.csv")):
        frame = pd.read_csv(path, usecols=["Timestamp", "Komoditas", "Harga"])
        frame["slug"] = path.stem.split("_", 1)[1] if path.stem[:4].isdigit() else path.stem
        frames.append(frame)
    prices = pd.concat(frames, ignore_index=True)
    prices = prices[prices.Harga > 0]
    prices = prices.merge(regions[["slug", "region_code"]], on="slug")
    prices = prices.merge(
        mapping[["source_name", "commodity_code", "parent_code"]],
        left_on="Komoditas",
        right_on="source_name",
    )
    prices["day"] = pd.to_datetime(prices.Timestamp)
    return (
        prices[["region_code", "commodity_code", "parent_code", "day", "Harga"]].rename(
            columns={"Harga": "price"}
        ),
        regions,
        mapping,
    )


def disparity(prices: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    daily = prices.groupby(["commodity_code", "day"]).price.agg(
        ["count", "mean", "std", "min", "max"]
    )
    daily["cv_pct"] = daily["std"] / daily["mean"] * 100
    prices["month"] = prices.day.dt.to_period("M")
    monthly = (
        prices.groupby(["region_code", "commodity_code", "parent_code", "month"], dropna=False)
        .price.mean()
        .reset_index()
    )
    by_month = monthly.groupby(["commodity_code", "month"]).price.agg(["count", "mean", "std"])
    by_month["cv_pct"] = by_month["std"] / by_month["mean"] * 100
    return daily.reset_index(), monthly, by_month.reset_index()


def balance(work: Path, regions: pd.DataFrame) -> pd.DataFrame:
    names = regions[["name", "region_code"]]
    production = pd.read_csv(
        work / "landing" / "bps" / "produksi_pangan_kabkota.csv", sep=";", encoding="utf-8-sig"
    )
    production = production.merge(names, left_on="kabupaten_kota", right_on="name").merge(
        CROPS, left_on="komoditas", right_on="crop"
    )
    production["production_ton"] = production.produksi * production.factor
    population = pd.read_csv(work / "landing" / "bps" / "penduduk_kabkota.csv").merge(
        names, left_on="kab_kota", right_on="name"
    )
    consumption = pd.read_csv(
        work / "landing" / "bps" / "konsumsi_pangan_kabkota.csv",
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
    )
    consumption = consumption.merge(names, left_on="Kabupaten_Kota", right_on="name").merge(
        CROPS, left_on="Komoditas", right_on="food"
    )
    out = production.rename(columns={"tahun": "year"})[
        ["region_code", "commodity_code", "year", "production_ton"]
    ]
    out = out.merge(
        population.rename(columns={"tahun": "year"})[["region_code", "year", "jumlah_penduduk"]],
        on=["region_code", "year"],
    )
    out = out.merge(
        consumption.rename(columns={"Tahun": "year", "Konsumsi Pangan": "kg"})[
            ["region_code", "commodity_code", "year", "kg"]
        ],
        on=["region_code", "commodity_code", "year"],
    )
    out["need_ton"] = out.jumlah_penduduk * out.kg / 1000
    out["surplus_ton"] = out.production_ton - out.need_ton
    return out


def partners(monthly: pd.DataFrame, balances: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    monthly = monthly.copy()
    monthly["commodity_code"] = monthly.parent_code.fillna(monthly.commodity_code)
    monthly["year"] = monthly.month.dt.year
    yearly = monthly.groupby(["region_code", "commodity_code", "year"]).price.mean().reset_index()
    priced = balances.merge(yearly, on=["region_code", "commodity_code", "year"])
    priced = priced.merge(regions[["region_code", "latitude", "longitude"]], on="region_code")
    origins = priced[priced.surplus_ton > 0]
    destinations = priced[priced.surplus_ton < 0]
    pairs = destinations.merge(origins, on=["commodity_code", "year"], suffixes=("_d", "_o"))
    lat_d, lat_o = np.radians(pairs.latitude_d), np.radians(pairs.latitude_o)
    haversine = (
        np.sin((lat_d - lat_o) / 2) ** 2
        + np.cos(lat_o)
        * np.cos(lat_d)
        * np.sin(np.radians(pairs.longitude_d - pairs.longitude_o) / 2) ** 2
    )
    pairs["distance_km"] = 2 * 6371.0088 * np.arcsin(np.sqrt(haversine))
    pairs["margin"] = pairs.price_d - pairs.price_o - pairs.distance_km * 1.3 * 1.5
    pairs = pairs[pairs.margin > 0].copy()
    pairs["deficit"] = -pairs.surplus_ton_d
    pairs["volume"] = np.minimum(pairs.surplus_ton_o, pairs.deficit)
    pairs["score"] = 0.5 * pairs.volume / pairs.deficit + 0.5 * pairs.margin / pairs.price_d
    pairs = pairs.sort_values(
        ["commodity_code", "year", "region_code_d", "score", "distance_km"],
        ascending=[True, True, True, False, True],
    )
    return pairs.groupby(["commodity_code", "year", "region_code_d"]).head(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    out = args.work / "peer"
    out.mkdir(exist_ok=True)
    seconds = {}
    start = time.perf_counter()
    prices, regions, _ = load(args.work)
    prices.to_parquet(out / "price_fact.parquet")
    seconds["load"] = time.perf_counter() - start
    start = time.perf_counter()
    daily, monthly, by_month = disparity(prices)
    daily.to_parquet(out / "disparity_daily.parquet")
    by_month.astype({"month": str}).to_parquet(out / "disparity_monthly.parquet")
    seconds["disparity"] = time.perf_counter() - start
    start = time.perf_counter()
    balances = balance(args.work, regions)
    balances.to_parquet(out / "balance.parquet")
    seconds["balance"] = time.perf_counter() - start
    start = time.perf_counter()
    top = partners(monthly, balances, regions)
    top.drop(columns=[c for c in top.columns if "month" in c]).to_parquet(
        out / "partner_top10.parquet"
    )
    seconds["partner"] = time.perf_counter() - start
    rows = {
        "price_fact": len(prices),
        "disparity_daily": len(daily),
        "balance": len(balances),
        "partner_top10": len(top),
    }
    print(json.dumps({"stages": seconds, "rows": rows}))


if __name__ == "__main__":
    main()
