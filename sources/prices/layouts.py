"""Which reader reads a price file: the folder names the source family, the content the layout.

``pihps/``: xlsx daily per-region export or province/city export (told apart by their header),
or API JSON. ``bapanas/``: the daily long CSV or the kab/kota monthly wide CSV. ``wfp/``: the HDX
market CSV or the province-month extract. Anything else is refused with what was expected.
"""

from pathlib import Path

from sources.common.commodities import COMMODITIES_SEED, CROSSWALK_SEED, CommodityDictionary
from sources.common.contract import ContractError, ReadResult, read_with
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver
from sources.common.text_tables import read_csv_text
from sources.prices.bapanas import read_bapanas_csv
from sources.prices.pihps import (
    is_daily_header,
    is_regional_header,
    read_pihps_daily,
    read_pihps_regional,
)
from sources.prices.pihps_api import read_pihps_api_json
from sources.prices.schema import PRICE_BANDS_SEED
from sources.prices.wfp import read_wfp_csv
from sources.prices.workbooks import sheet_rows
from sources.regions.master import ALIASES_SEED

FAMILIES = ("pihps", "bapanas", "wfp")
SUFFIXES = {"pihps": (".xlsx", ".json"), "bapanas": (".csv",), "wfp": (".csv",)}
# The seeds price readers resolve with: a change to one re-reads every price file.
REFERENCE_SEEDS = (COMMODITIES_SEED, CROSSWALK_SEED, ALIASES_SEED, PRICE_BANDS_SEED)


def is_price_file(path: Path, family: str) -> bool:
    return path.suffix.lower() in SUFFIXES[family]


def read_price_file(
    path: Path,
    family: str,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    root: Path | None = None,
) -> ReadResult:
    """Read one price file of ``family`` (its folder) with the reader its layout calls for."""
    name = display_path(path, root)
    suffix = path.suffix.lower()
    if family not in FAMILIES or suffix not in SUFFIXES[family]:
        raise ContractError(
            f"{name}: {family}/ takes {', '.join(SUFFIXES.get(family, ()))} files, not '{suffix}'"
        )
    if suffix == ".json":
        return read_with(read_pihps_api_json, path, resolver, commodities, root)
    if suffix == ".xlsx":
        first_rows = next(sheet_rows(path), ("", []))[1]
        header = first_rows[0] if first_rows else []
        if is_daily_header(header):
            return read_with(read_pihps_daily, path, resolver, commodities, root)
        if is_regional_header(header):
            return read_with(read_pihps_regional, path, resolver, commodities, root)
        raise ContractError(
            f"{name}: not a PIHPS export; expected a header starting ['No', 'Komoditas (Rp)'] "
            f"(daily) or ['Komoditas', 'no', 'name', 'level'] (province/city), found "
            f"{[str(v) for v in header[:4]]}"
        )
    frame = read_csv_text(path, root)
    if family == "bapanas":
        return read_with(read_bapanas_csv, path, resolver, commodities, frame)
    return read_with(read_wfp_csv, frame, resolver, commodities)
