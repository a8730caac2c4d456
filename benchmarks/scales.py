"""The benchmark's scale factors: how many regions, which days, which years of statistics."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Scale:
    name: str
    regions: int | None  # None: all 514 kab/kota
    first_day: date
    last_day: date

    @property
    def years(self) -> range:
        return range(self.first_day.year, self.last_day.year + 1)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


SCALES = {
    "small": Scale("small", 24, date(2025, 11, 1), date(2025, 12, 31)),
    "national-1y": Scale("national-1y", None, date(2025, 1, 1), date(2025, 12, 31)),
    "national-10y": Scale("national-10y", None, date(2016, 1, 1), date(2025, 12, 31)),
}
