"""Which reader reads an agreement file: registers (``agreements/``, CSV or XLSX) and news
articles (``news/``, plain text, one article a file)."""

from pathlib import Path

from sources.agreements.news import read_article
from sources.agreements.register import read_register_file
from sources.agreements.vocabulary import ORGANISATIONS_SEED
from sources.common.commodities import COMMODITIES_SEED, CROSSWALK_SEED, CommodityDictionary
from sources.common.contract import ReadResult, read_with
from sources.common.region_resolver import RegionResolver
from sources.regions.master import ALIASES_SEED

FAMILIES = {"agreements": (".csv", ".xlsx"), "news": (".txt",)}
# The seeds agreement readers resolve with: a change to one re-reads every register and article.
REFERENCE_SEEDS = (COMMODITIES_SEED, CROSSWALK_SEED, ALIASES_SEED, ORGANISATIONS_SEED)


def is_agreement_file(path: Path, family: str) -> bool:
    return path.suffix.lower() in FAMILIES[family]


def read_agreement_file(
    path: Path,
    family: str,
    resolver: RegionResolver,
    dictionary: CommodityDictionary,
    root: Path | None = None,
) -> dict[str, ReadResult]:
    if family == "news":
        return read_with(read_article, path, resolver, dictionary, root)
    return read_with(read_register_file, path, resolver, dictionary, root)
