"""Which reader reads a statistics file (folder ``bps/``): BPS table downloads (xlsx), BPS WebAPI
answers (json) and regional CSV tables (csv, told apart by their columns)."""

from pathlib import Path

from sources.bps.regional import read_regional_csv
from sources.bps.schema import MEASURES_SEED
from sources.bps.tables import read_bps_table
from sources.bps.webapi import read_bps_webapi_json
from sources.common.commodities import COMMODITIES_SEED, CROSSWALK_SEED, CommodityDictionary
from sources.common.contract import ContractError, ReadResult, read_with
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver
from sources.common.text_tables import read_csv_text
from sources.regions.master import ALIASES_SEED

FAMILY = "bps"
SUFFIXES = (".xlsx", ".json", ".csv")
# The seeds statistics readers resolve with: a change to one re-reads every statistics file.
REFERENCE_SEEDS = (COMMODITIES_SEED, CROSSWALK_SEED, ALIASES_SEED, MEASURES_SEED)


def is_statistics_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read_statistics_file(
    path: Path,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    root: Path | None = None,
) -> ReadResult:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_with(read_bps_table, path, resolver, commodities, root)
    if suffix == ".json":
        return read_with(read_bps_webapi_json, path, resolver, commodities, root)
    if suffix == ".csv":
        frame = read_csv_text(path, root)
        return read_with(read_regional_csv, path, frame, resolver, commodities)
    raise ContractError(f"{display_path(path, root)}: bps/ takes {', '.join(SUFFIXES)} files")
