"""The BPS WebAPI (webapi.bps.go.id): a client for ``list/model/data`` and the reader of its answer.

An answer describes one variable (``var``: label and unit) by region (``vervar``: BPS codes),
sub-variable (``turvar``), year (``tahun``) and sub-period (``turtahun``: 0 the year, 1-12 the
months), and holds the figures in ``datacontent``, keyed by the five codes written one after the
other (vervar, var, turvar, tahun, turtahun). The client needs ``BPS_API_KEY`` and saves each
answer into the landing folder (``bps/webapi/``), where it is read like any other file; without
the key it does nothing. The key is a secret: it travels in the URL (the API's design), so every
error the client raises names the URL with the key masked, and the client's repr hides it.
"""

import http.client
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from sources.bps.tidy import StatFeed, to_stat_contract
from sources.common.commodities import CommodityDictionary, commodity_key
from sources.common.contract import ContractError, ReadResult
from sources.common.dates import month_period
from sources.common.numbers import DOT_DECIMAL
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver

FEED = StatFeed("bps", "bps_webapi")
REQUIRED_KEYS = ("var", "vervar", "tahun", "datacontent")
# Variable labels -> measures, most specific first.
LABEL_MEASURES = (
    (re.compile(r"luas panen|harvested area", re.I), "harvested_area"),
    (re.compile(r"produktivitas|productivity|yield", re.I), "yield"),
    (re.compile(r"produksi|production", re.I), "production"),
    (re.compile(r"jumlah penduduk|penduduk|population", re.I), "population"),
    (re.compile(r"persentase penduduk miskin|poverty", re.I), "poverty_rate"),
)
# BPS unit labels -> (unit, scale to that unit)
UNITS = {
    "ton": ("ton", 1.0), "ribu ton": ("ton", 1000.0), "hektar": ("ha", 1.0), "ha": ("ha", 1.0),
    "ku/ha": ("ku/ha", 1.0), "kuintal/ha": ("ku/ha", 1.0), "jiwa": ("persons", 1.0),
    "orang": ("persons", 1.0), "ribu jiwa": ("persons", 1000.0), "persen": ("percent", 1.0),
    "%": ("percent", 1.0),
}  # fmt: skip
NATIONAL_CODES = {"9999", "0", "00"}


MASK = "<BPS_API_KEY>"


@dataclass(frozen=True)
class BpsWebApiClient:
    api_key: str = field(repr=False)
    base_url: str = "https://webapi.bps.go.id/v1/api"
    timeout: float = 60.0

    def data_url(self, domain: str, variable: int, year_code: int | None = None) -> str:
        url = f"{self.base_url.rstrip('/')}/list/model/data/lang/ind/domain/{domain}/var/{variable}"
        if year_code is not None:
            url += f"/th/{year_code}"
        return f"{url}/key/{self.api_key}/"

    def _masked(self, text: str) -> str:
        return text.replace(self.api_key, MASK) if self.api_key else text

    def fetch(self, domain: str, variable: int, year_code: int | None = None) -> dict:
        url = self.data_url(domain, variable, year_code)
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": "sinergi/0.1"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
            # ``from None``: the original exception may quote the URL, key and all
            raise ConnectionError(
                f"BPS WebAPI request {self._masked(url)} failed: {self._masked(str(error))}"
            ) from None
        if payload.get("status") != "OK" or payload.get("data-availability") != "available":
            raise ContractError(
                f"BPS WebAPI answered {payload.get('status')}: "
                f"{payload.get('message') or payload.get('data-availability')}"
            )
        return payload

    def save(self, domain: str, variable: int, folder: Path, year_code: int | None = None) -> Path:
        """Fetch and write ``<folder>/<domain>_<var>[_<th>].json`` (whole, then renamed)."""
        payload = self.fetch(domain, variable, year_code)
        folder.mkdir(parents=True, exist_ok=True)
        suffix = f"_{year_code}" if year_code is not None else ""
        target = folder / f"{domain}_{variable}{suffix}.json"
        partial = target.with_suffix(".json.partial")
        partial.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        partial.replace(target)
        return target


def _measure(label: str, source_file: str) -> str:
    for pattern, measure in LABEL_MEASURES:
        if pattern.search(label):
            return measure
    raise ContractError(f"{source_file}: cannot tell which measure variable '{label}' holds")


def _commodity(label: str, turvar: str | None, commodities: CommodityDictionary) -> str | None:
    """The sub-variable when it names a commodity, else the longest BPS commodity spelling
    found in the variable label (``Produksi Padi Menurut Kabupaten/Kota`` -> ``Padi``)."""
    if turvar and commodities.lookup("bps", turvar):
        return turvar
    words = commodity_key(label)
    known = [
        name
        for (source, name) in commodities.spellings
        if source == "bps" and re.search(rf"\b{re.escape(name)}\b", words)
    ]
    return max(known, key=len) if known else None


def _period(year_label: str, sub_code: int) -> tuple[str, date, date]:
    year = int(year_label)
    if 1 <= sub_code <= 12:
        period = month_period(year, sub_code)
        return "month", period.start, period.end
    return "year", date(year, 1, 1), date(year, 12, 31)


def read_bps_webapi_json(
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
    missing = [k for k in REQUIRED_KEYS if k not in payload] if isinstance(payload, dict) else []
    if not isinstance(payload, dict) or missing:
        raise ContractError(
            f"{source_file}: not a BPS WebAPI data answer; missing key(s) "
            f"{missing or list(REQUIRED_KEYS)}"
        )
    turvars = payload.get("turvar") or [{"val": 0, "label": ""}]
    turtahuns = payload.get("turtahun") or [{"val": 0, "label": "Tahun"}]
    content = payload["datacontent"]
    records = []
    for variable in payload["var"]:
        label = str(variable.get("label", ""))
        measure = _measure(label, source_file)
        unit, scale = UNITS.get(str(variable.get("unit", "")).strip().lower(), ("", 1.0))
        for region in payload["vervar"]:
            for sub in turvars:
                sub_label = str(sub.get("label", "")) if sub.get("val") not in (0, "0") else None
                commodity = _commodity(label, sub_label, commodities)
                for year in payload["tahun"]:
                    for sub_period in turtahuns:
                        key = (
                            f"{region['val']}{variable['val']}{sub['val']}"
                            f"{year['val']}{sub_period['val']}"
                        )
                        if key not in content:
                            continue
                        grain, start, end = _period(str(year["label"]), int(sub_period["val"]))
                        code = str(region["val"])
                        records.append(
                            {
                                "source_row": len(records) + 1,
                                "source_column": f"datacontent[{key}]",
                                "source_region_name": str(region.get("label", "")),
                                "source_region_code": None if code in NATIONAL_CODES else code,
                                "measure": measure,
                                "source_commodity_name": commodity,
                                "value_text": str(content[key]),
                                "period_grain": grain,
                                "period_start": start,
                                "period_end": end,
                                "unit": unit,
                                "scale": scale,
                            }
                        )
    if not records:
        raise ContractError(f"{source_file}: datacontent holds no figure for the listed codes")
    cells = pl.DataFrame(records).with_columns(
        pl.lit(source_file).alias("source_file"),
        pl.when(pl.col("source_region_code").is_not_null())
        .then(pl.lit("bps"))
        .otherwise(pl.lit(None, pl.String))
        .alias("code_system"),
        pl.when(pl.col("source_region_code").is_null())
        .then(pl.lit("INDONESIA"))
        .otherwise(pl.col("source_region_name"))
        .alias("source_region_name"),
    )
    return to_stat_contract(cells, FEED, DOT_DECIMAL, resolver, commodities)
