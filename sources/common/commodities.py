"""The commodity dictionary: every source's spelling of a commodity mapped to one code.

Sources name the same thing differently (PIHPS ``Telur Ayam Ras Segar``, Bapanas ``Telur Ayam
Ras``, WFP ``Eggs (broiler)``) and carelessly (``Cabai Merah Keriting `` with a trailing space,
``Kacang Tamnah``). The crosswalk seed lists the spellings per source; lookups ignore case and
spacing but nothing else, so a new spelling is reported rather than guessed.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from sources.common.paths import SEEDS_DIR

COMMODITIES_SEED = SEEDS_DIR / "commodities.csv"
CROSSWALK_SEED = SEEDS_DIR / "commodity_crosswalk.csv"


def commodity_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass(frozen=True)
class CommodityDictionary:
    codes: frozenset[str]
    spellings: dict[tuple[str, str], str]
    units: dict[str, str]
    levels: dict[str, str]
    parents: dict[str, str]

    @classmethod
    def from_seeds(
        cls, commodities: Path = COMMODITIES_SEED, crosswalk: Path = CROSSWALK_SEED
    ) -> "CommodityDictionary":
        seed = pl.read_csv(commodities, infer_schema=False)
        codes = frozenset(seed["commodity_code"])
        units = {c: u for c, u in seed.select("commodity_code", "unit").rows() if u}
        levels = dict(seed.select("commodity_code", "commodity_level").rows())
        parents = {c: p for c, p in seed.select("commodity_code", "parent_code").rows() if p}
        spellings: dict[tuple[str, str], str] = {}
        rows = pl.read_csv(crosswalk, infer_schema=False).iter_rows(named=True)
        for row in rows:
            key = (row["source"], commodity_key(row["source_name"]))
            code = row["commodity_code"]
            if code not in codes:
                raise ValueError(f"crosswalk maps {key} to unknown commodity '{code}'")
            if spellings.setdefault(key, code) != code:
                raise ValueError(f"crosswalk maps {key} to both {spellings[key]} and {code}")
        return cls(codes=codes, spellings=spellings, units=units, levels=levels, parents=parents)

    def unit_of(self, commodity_code: str) -> str | None:
        """The unit a commodity is quoted in when the source does not say (kg, liter, ...)."""
        return self.units.get(commodity_code)

    def narrowest(self, code: str, listed: list[str]) -> str:
        """``code``, or the one listed commodity below it: a clause's ``telur`` in an agreement
        for ``telur ayam ras`` is that agreement's eggs."""
        below = {c for c in listed if code in self.ancestors(c)}
        return below.pop() if len(below) == 1 else code

    def ancestors(self, code: str) -> set[str]:
        found: set[str] = set()
        while code in self.parents and self.parents[code] not in found:
            code = self.parents[code]
            found.add(code)
        return found

    def lookup(self, source: str, name: str) -> str | None:
        """The commodity code for a source's spelling, or None when the spelling is unknown."""
        return self.spellings.get((source, commodity_key(name)))

    def spelled_in(self, source: str, text: str) -> str | None:
        """The longest of a source's spellings that ``text`` holds as whole words: a table
        titled ``Luas Panen, Produksi, dan Produktivitas Jagung Menurut Provinsi`` is about
        ``Jagung``, a file named ``bawang_merah.csv`` about ``bawang merah``."""
        words = commodity_key(re.sub(r"[_,;:()]+", " ", text))
        known = [
            name
            for (spelling_source, name) in self.spellings
            if spelling_source == source and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", words)
        ]
        return max(known, key=len) if known else None


@cache
def default_dictionary() -> CommodityDictionary:
    return CommodityDictionary.from_seeds()
