"""The BPS WebAPI (webapi.bps.go.id): a client for ``list/model/data`` and the reader of its answer.

An answer describes one variable (``var``: label and unit) by region (``vervar``: BPS codes,
``3500`` for a province, ``9999`` for the national total), sub-variable (``turvar``), year
(``tahun``: codes such as 123, the label holds 2023) and sub-period (``turtahun``: the year, the
months 1-12, or ``Triwulan I`` ... ``IV`` and ``Tahunan``), and holds the figures in
``datacontent``, keyed by the five codes written one after the other (vervar, var, turvar, tahun,
turtahun). Keys are built from the declared lists, never cut from the key by offsets, so the
undeclared legacy series some answers still carry (turvar 686-694 in PDRB answers) are not read.
A sub-variable is a commodity (``Padi Sawah``) or breaks a total down (PDRB by expenditure:
household consumption, investment ...); of the latter only the total (``PDRB``) lands, since no
fact holds the components. The client needs ``BPS_API_KEY`` and saves each
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
from sources.bps.vocabulary import base_year_in, measure_of, unit_label
from sources.common.commodities import CommodityDictionary
from sources.common.contract import ContractError, ReadResult
from sources.common.dates import month_period, quarter_number, quarter_period
from sources.common.numbers import DOT_DECIMAL
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver

FEED = StatFeed("bps", "bps_webapi")
REQUIRED_KEYS = ("var", "vervar", "tahun", "datacontent")
NATIONAL_CODES = {"9999", "0", "00"}
TOTAL_SUBVARIABLES = re.compile(r"^(pdrb|produk domestik regional bruto|total|jumlah)$", re.I)


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
    measure = measure_of(label)
    if measure is None:
        raise ContractError(f"{source_file}: cannot tell which measure variable '{label}' holds")
    return measure


def _subvariables(turvars: list[dict], commodities: CommodityDictionary) -> list[tuple]:
    """(code, commodity name or None) of the sub-variables that land: every commodity, else
    the total of a breakdown (``PDRB``), else the single one there is."""
    named = [(str(t.get("val")), str(t.get("label", "")).replace("_", " ")) for t in turvars]
    if len(named) == 1 or all(code == "0" for code, _ in named):
        return [(code, None) for code, _ in named]
    by_commodity = [(c, n) for c, n in named if commodities.lookup("bps", n)]
    if by_commodity:
        return by_commodity
    return [(c, None) for c, n in named if TOTAL_SUBVARIABLES.match(n.strip())]


def _period(year_label: str, sub_code: int, sub_label: str) -> tuple[str, date, date]:
    year = int(year_label)
    quarter = quarter_number(sub_label)
    if quarter is not None:
        period = quarter_period(year, quarter)
        return "quarter", period.start, period.end
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
    subvariables = _subvariables(turvars, commodities)
    records = []
    for variable in payload["var"]:
        label = str(variable.get("label", ""))
        measure = _measure(label, source_file)
        unit = unit_label(str(variable.get("unit", "")))
        in_label = commodities.spelled_in("bps", label)
        for region in payload["vervar"]:
            code = str(region["val"])
            for sub_code, sub_commodity in subvariables:
                for year in payload["tahun"]:
                    for sub_period in turtahuns:
                        key = (
                            f"{region['val']}{variable['val']}{sub_code}"
                            f"{year['val']}{sub_period['val']}"
                        )
                        if key not in content:
                            continue
                        grain, start, end = _period(
                            str(year["label"]),
                            int(sub_period["val"]),
                            str(sub_period.get("label", "")),
                        )
                        records.append(
                            {
                                "source_row": len(records) + 1,
                                "source_column": f"datacontent[{key}]",
                                "source_region_name": str(region.get("label", "")),
                                "source_region_code": code if code not in NATIONAL_CODES else None,
                                "measure": measure,
                                "source_commodity_name": sub_commodity or in_label,
                                "value_text": str(content[key]),
                                "period_grain": grain,
                                "period_start": start,
                                "period_end": end,
                                "unit": unit,
                                "base_year": base_year_in(label),
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
