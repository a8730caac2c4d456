"""The factor that turns a source's unit into its measure's unit, from one seed.

Sources count in their own units: BPS Jawa Timur horticulture in kuintal, Susenas eggs in butir
per capita per week, DKI consumption per capita per month, Kepri GRDP per capita in ribu rupiah.
The factors live in ``seeds/unit_conversions.csv`` with the basis of each (the weight of an egg
is an assumption, and says which); a unit with no conversion there is rejected, never guessed.

Units are written ``<quantity>`` (``ton``, ``ku/ha``, ``idr/kg``) or, for figures per person,
``<quantity>/capita/<period>`` (``butir/capita/week``): the quantity and the period convert
separately, so ``butir/capita/week`` -> ``kg/capita/year`` is the egg weight times 365/7. A
quantity conversion may hold for one commodity only (``butir`` -> ``kg`` for eggs); it then
applies to that commodity and everything below it in the hierarchy.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from sources.common.commodities import CommodityDictionary
from sources.common.paths import SEEDS_DIR

CONVERSIONS_SEED = SEEDS_DIR / "unit_conversions.csv"
PER_CAPITA = "/capita/"


@dataclass(frozen=True)
class UnitConversions:
    factors: dict[tuple[str, str, str | None], float]

    @classmethod
    def from_seed(cls, path: Path = CONVERSIONS_SEED) -> "UnitConversions":
        seed = pl.read_csv(path, infer_schema=False)
        factors = {}
        for row in seed.iter_rows(named=True):
            key = (row["from_unit"], row["to_unit"], row["commodity_code"] or None)
            if key in factors:
                raise ValueError(f"unit_conversions lists {key} twice")
            factors[key] = float(row["factor"])
        return cls(factors)

    def factor(
        self,
        source_unit: str,
        unit: str,
        commodity_code: str | None,
        commodities: CommodityDictionary,
    ) -> float | None:
        """``value = source value x factor``; None when no conversion is known."""
        source_quantity, source_period = _split(source_unit)
        quantity, period = _split(unit)
        if (source_period is None) != (period is None):
            return None
        factor = self._one(source_quantity, quantity, _nearest_first(commodity_code, commodities))
        if source_period is not None and factor is not None:
            by_period = self._one(source_period, period, [None])
            factor = None if by_period is None else factor * by_period
        return factor

    def _one(self, source: str, target: str, scopes: list[str | None]) -> float | None:
        if source == target:
            return 1.0
        return next((f for s in scopes if (f := self.factors.get((source, target, s)))), None)


def _nearest_first(code: str | None, commodities: CommodityDictionary) -> list[str | None]:
    """The commodity, its parent, ... up the hierarchy, then None (any commodity)."""
    scopes: list[str | None] = []
    while code and code not in scopes:
        scopes.append(code)
        code = commodities.parents.get(code)
    return [*scopes, None]


def _split(unit: str) -> tuple[str, str | None]:
    if PER_CAPITA in unit:
        quantity, period = unit.split(PER_CAPITA, 1)
        return quantity, period
    return unit, None


@cache
def default_conversions() -> UnitConversions:
    return UnitConversions.from_seed()
