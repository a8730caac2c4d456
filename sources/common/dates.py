"""Dates as Indonesian sources write them.

PIHPS heads its daily columns ``01/ 01/ 2018`` (day first, spaces after the slashes), its monthly
columns ``Jan 2024`` and its weekly columns ``Apr 2025 (I)`` ... ``(V)``; BPS tables use Indonesian
month names (``Januari``, ``Agustus``); the PIHPS API writes ``20 Jul 20``; Bapanas writes
``12-9-2025`` unpadded. Each parser here returns real calendar dates or None, never a guess: a
weekly label names a week, not its days, so it is parsed into a ``WeekLabel`` and its days are
found on the export's week calendar (``sources/prices/pihps_weeks.py``).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

_MONTHS = {
    # Indonesian full names and the abbreviations PIHPS and BPS use
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11,
    "desember": 12,
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
    "ags": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "nop": 11, "des": 12,
    # English, for WFP and exports from English-language portals
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12, "aug": 8, "oct": 10, "dec": 12,
}  # fmt: skip

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
# a four-digit year of this millennium or the last: "Jan 0000" is no period
_PERIOD_LABEL = re.compile(r"^\s*([A-Za-z]+)\.?\s+([12]\d{3})\s*(?:\(\s*([IVX]+)\s*\))?\s*$")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{2,4})\s*$")


def month_number(name: str) -> int | None:
    """``Januari``/``Jan``/``January``/``AGUSTUS`` -> 1..12, else None."""
    return _MONTHS.get(name.strip().lower().rstrip("."))


@dataclass(frozen=True)
class Period:
    grain: str  # day, week or month
    start: date
    end: date


def month_period(year: int, month: int) -> Period:
    return Period(
        "month", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class WeekLabel:
    """A weekly column as PIHPS heads it: ``Feb 2026 (II)`` is (2026, 2, 2). Which days it covers
    depends on the week calendar of the export it comes from, not on the label alone."""

    year: int
    month: int
    week: int  # 1..5, the Roman numeral in brackets


def parse_period_label(label: str) -> Period | WeekLabel | None:
    """``Jan 2024`` / ``Januari 2018`` -> that month; ``Apr 2025 (II)`` -> WeekLabel(2025, 4, 2);
    None for anything else (``Foo 2024``, ``Feb 2026 (VI)``, ``2024-01``)."""
    match = _PERIOD_LABEL.match(str(label))
    if not match:
        return None
    month = month_number(match.group(1))
    year = int(match.group(2))
    if month is None:
        return None
    if match.group(3) is None:
        return month_period(year, month)
    week = _ROMAN.get(match.group(3))
    return WeekLabel(year, month, week) if week else None


def parse_day_first(text: str) -> date | None:
    """``01/ 01/ 2018``, ``12-9-2025`` or ``20/7/20`` (day, month, year) -> date, else None."""
    match = _DAY_FIRST.match(str(text))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_day_month_name(text: str) -> date | None:
    """``20 Jul 20`` / ``29 Agustus 2025`` (day, month name, year) -> date, else None."""
    parts = str(text).split()
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        return None
    month = month_number(parts[1])
    year = int(parts[2]) + (2000 if len(parts[2]) == 2 else 0)
    if month is None:
        return None
    try:
        return date(year, month, int(parts[0]))
    except ValueError:
        return None


def iso_date(text: pl.Expr) -> pl.Expr:
    """``2025-09-13`` or ``2025-09-13 07:00:00`` -> date, null when not a date; vectorised, for
    columns of millions of rows (``parse_iso_date`` is the one-value form)."""
    return (
        text.cast(pl.String)
        .str.strip_chars()
        .str.slice(0, 10)
        .str.to_date("%Y-%m-%d", strict=False)
    )


def parse_iso_date(text: str) -> date | None:
    try:
        return datetime.strptime(str(text).strip()[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def quarter_period(year: int, quarter: int) -> Period:
    """A period of grain quarter: Triwulan I is January-March ... Triwulan IV October-December."""
    first = 3 * (quarter - 1) + 1
    return Period("quarter", date(year, first, 1), month_period(year, first + 2).end)


_QUARTER = re.compile(r"^\s*(?:triwulan|kuartal|quarter|tw|q)\s*([IV]+|[1-4])\s*$", re.I)


def quarter_number(label: str) -> int | None:
    """``Triwulan I`` / ``Kuartal 2`` / ``Q3`` -> 1..4, else None."""
    match = _QUARTER.match(str(label))
    if not match:
        return None
    part = match.group(1).upper()
    number = _ROMAN.get(part) if not part.isdigit() else int(part)
    return number if number and 1 <= number <= 4 else None
