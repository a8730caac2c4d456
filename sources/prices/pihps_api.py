"""The PIHPS web API: a small HTTP client for the live connector and the reader of its JSON.

``GetHistogramData`` answers, for one date and commodity, one object per province: ``ProvID``
(PIHPS's own 1..34, not a BPS or Kemendagri code), ``Provinsi``, ``Tanggal`` (``20 Jul 20``),
``Komoditas``, ``Nilai`` (the price). The client saves each answer as a JSON file in the landing
folder (``pihps/api/``) so it is ingested, logged and quarantined like any other file; it is off
unless ``SINERGI_PIHPS_API_URL`` is set.
"""

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from sources.common.commodities import CommodityDictionary
from sources.common.contract import ContractError, ReadResult, concat_rejects, reject_where
from sources.common.dates import parse_day_month_name
from sources.common.numbers import DOT_DECIMAL
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver
from sources.prices.tidy import Feed, to_price_contract

API = Feed("pihps", "pihps_api", DOT_DECIMAL)
REQUIRED_KEYS = ("Provinsi", "Tanggal", "Komoditas", "Nilai")


@dataclass(frozen=True)
class PihpsClient:
    """Fetches PIHPS histogram snapshots. ``base_url`` is the site root, e.g.
    ``https://www.bi.go.id/hargapangan``; ``timeout`` in seconds."""

    base_url: str
    timeout: float = 30.0

    def histogram_url(self, day: date, commodity_id: str, price_type: int = 1) -> str:
        query = urllib.parse.urlencode(
            {
                "tanggal": day.strftime("%d %b %Y"),
                "commodity": commodity_id,
                "priceType": price_type,
                "provId": 0,
            }
        )
        return f"{self.base_url.rstrip('/')}/WebSite/Home/GetHistogramData?{query}"

    def fetch_histogram(self, day: date, commodity_id: str, price_type: int = 1) -> list[dict]:
        request = urllib.request.Request(
            self.histogram_url(day, commodity_id, price_type),
            headers={"Accept": "application/json", "User-Agent": "sinergi/0.1"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            payload = json.loads(response.read().decode("utf-8"))
        records = payload.get("data", payload) if isinstance(payload, dict) else payload
        if not isinstance(records, list):
            raise ContractError(f"PIHPS answered {type(records).__name__}, expected a list")
        return records

    def save_histogram(self, day: date, commodity_id: str, folder: Path) -> Path:
        """Fetch and write ``<folder>/<date>_<commodity>.json`` (written whole, then renamed)."""
        records = self.fetch_histogram(day, commodity_id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{day.isoformat()}_{commodity_id}.json"
        partial = target.with_suffix(".json.partial")
        partial.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        partial.replace(target)
        return target


def read_pihps_api_json(
    path: Path,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    root: Path | None = None,
) -> ReadResult:
    source_file = display_path(path, root)
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ContractError(f"{source_file}: not JSON ({error})") from error
    records = payload.get("data", payload) if isinstance(payload, dict) else payload
    if not isinstance(records, list) or not records:
        raise ContractError(f"{source_file}: expected a non-empty list of province objects")
    missing = [k for k in REQUIRED_KEYS if k not in records[0]]
    if missing:
        raise ContractError(
            f"{source_file}: missing key(s) {missing}; expected {list(REQUIRED_KEYS)}, "
            f"found {sorted(records[0])}"
        )
    frame = pl.DataFrame(
        [
            {
                "source_row": i,
                "source_region_name": str(r.get("Provinsi", "")).strip(),
                "source_commodity_name": str(r.get("Komoditas", "")).strip(),
                "tanggal": str(r.get("Tanggal", "")),
                "price_text": str(r.get("Nilai", "")),
            }
            for i, r in enumerate(records, start=1)
        ]
    ).with_columns(
        pl.col("tanggal")
        .map_elements(parse_day_month_name, return_dtype=pl.Date)
        .alias("period_start"),
        pl.lit(source_file).alias("source_file"),
    )
    frame, bad_dates = reject_where(
        frame,
        pl.col("period_start").is_null(),
        "Tanggal",
        pl.col("tanggal"),
        "Tanggal is not a date like '20 Jul 20'",
    )
    cells = frame.with_columns(
        pl.lit("Nilai").alias("source_column"),
        pl.lit("provinsi").alias("geo_level"),
        pl.lit("day").alias("period_grain"),
        pl.col("period_start").alias("period_end"),
        pl.lit("retail_traditional").alias("market_level"),
    ).drop("tanggal")
    return to_price_contract(cells, API, resolver, commodities, concat_rejects(bad_dates))
