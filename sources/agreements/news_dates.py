"""Dates as Indonesian news writes them, and which of them is a signing.

An article carries several dates: its publication (the dateline ``KEDIRI, 14 Oktober 2025 -`` or a
line ``Kamis, 12 Desember 2024 19:22 WIB``), the event it reports (``Selasa (17/6/2025)``,
``Senin (13/12)``, ``Kamis, 18 Juli 2024``, ``Jum’at (11/6/2021)``), and earlier events
(``tindak lanjut dari ... pada 11 November 2024 lalu``, ``SK ... tanggal 28 Oktober 2023``). A
day and month without a year take the year of the publication; without one, a year the text
names (``Sekartaji 2025``, ``.../PKS/2023``), one year either side, and where the weekday is
written, only a year on which that day falls on that weekday: ``Selasa (18/11)`` in a 2025 text
that cites ``data BPS 2024`` is 18 November 2025. When no year fits, no date is guessed.
"""

import re
from dataclasses import dataclass
from datetime import date

from sources.common.dates import month_number

_MONTHS = (
    r"Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
    r"November|Nopember|Desember|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Ags|Sep|Sept|Okt|Nov|Nop|Des"
)
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5, "minggu": 6,
            "ahad": 6}  # fmt: skip
_WEEKDAY = r"(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum[’'`]?at|Sabtu|Minggu|Ahad)"
_DAYPART = r"(?:\s+(?:malam|pagi|siang|sore))?"
# "(17/6/2025)", "( 18/11)", "(12/06/2021)", "(30/06/24)", "Jumat(26/9/2025)", "pada (12/06/2021)"
NUMERIC = re.compile(
    rf"(?:{_WEEKDAY}{_DAYPART}\s*,?\s*)?\(\s*(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})"
    r"(?:/(?P<year>\d{2}|\d{4}))?\s*\)",
    re.I,
)
# "Kamis, 18 Juli 2024", "Senin 9 Juli 2018", "18 November 2025", "pada 31 Mei"
NAMED = re.compile(
    rf"(?:{_WEEKDAY}{_DAYPART}\s*,?\s*)?(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_MONTHS})\.?"
    r"(?:\s+(?P<year>\d{4}))?(?!\w)",
    re.I,
)
MONTH_YEAR = re.compile(rf"(?<![\d\w])(?P<month>{_MONTHS})\s+(?P<year>\d{{4}})\b", re.I)
YEAR = re.compile(r"(?<![\d/.-])(20[0-3]\d)(?![\d])|(?<=/)(20[0-3]\d)\b")
# the dateline written before the first sentence: "KEDIRI, 14 Oktober 2025 - ", "JAKARTA, Rabu
# (20/9/2023) - ", "Surabaya, 25 Oktober 2025 – "
DATELINE = re.compile(r"^[A-Za-z][\w .,()/’']*?\s[-–—]\s")
# a date that belongs to an earlier event or a document, not to the signing
OTHER_EVENT = re.compile(
    r"(tindak lanjut|menindaklanjuti|sebelumnya|surat keputusan|\bSK\b|nomor|tahun \d{4} tentang)"
    r"[^,;]*$",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    day: int | None
    month: int
    year: int | None
    weekday: int | None

    def resolve(self, years: list[int], published: date | None) -> tuple[date | None, str]:
        """(date, precision); the year from the mention, else from the article (see module)."""
        if self.day is None:
            return _safe(self.year, self.month, 1), "month"
        if self.year is not None:
            return _safe(self.year, self.month, self.day), "day"
        options = sorted({published.year, published.year - 1} if published else set(years))
        options = sorted({y + d for y in options for d in (-1, 0, 1)}) if not published else options
        found = [d for d in (_safe(y, self.month, self.day) for y in options) if d]
        if published:
            found = [d for d in found if d <= published] or found
        if self.weekday is not None:
            fitting = [d for d in found if d.weekday() == self.weekday]
            if fitting:
                found = fitting
            elif not published:
                return None, "unknown"
        if not found:
            return None, "unknown"
        if published:
            return max(found), "day"
        named = [d for d in found if d.year in years]
        return (named or found)[-1], "day"


def _safe(year: int | None, month: int | None, day: int) -> date | None:
    try:
        return date(year, month, day) if year and month else None
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def find_dates(text: str) -> list[DateMention]:
    """Every day (or month) the text writes, in order."""
    found = []
    for pattern in (NUMERIC, NAMED):
        for m in pattern.finditer(text):
            month = int(m["month"]) if m["month"].isdigit() else month_number(m["month"])
            if not month or not 1 <= month <= 12:
                continue
            weekday = m["weekday"]
            found.append(
                DateMention(
                    m.start(), m.end(), m.group(0).strip(), int(m["day"]), month,
                    _year(m["year"]),
                    WEEKDAYS.get(re.sub(r"[’'`]", "", weekday.lower())) if weekday else None,
                )
            )  # fmt: skip
    taken = [range(d.start, d.end) for d in found]
    for m in MONTH_YEAR.finditer(text):
        if not any(m.start() in span for span in taken):
            found.append(DateMention(m.start(), m.end(), m.group(0), None,
                                     month_number(m["month"]), int(m["year"]), None))  # fmt: skip
    return sorted(found, key=lambda d: d.start)


def text_years(text: str) -> list[int]:
    """Years 2000-2039 the text names anywhere (dates, events, document numbers)."""
    return sorted({int(a or b) for a, b in YEAR.findall(text)})


def publication_date(lines: list[str]) -> date | None:
    """The date the article carries before its first sentence: a dateline (``CITY, date -``) or
    a line that is only a date (``Kamis, 12 Desember 2024 19:22 WIB``)."""
    for line in lines[:4]:
        head = DATELINE.match(line)
        scope = head.group(0) if head else line
        if not head and len(re.sub(r"[\d:|,\-–]|WIB|WITA|WIT", "", line).split()) > 5:
            continue
        for mention in find_dates(scope):
            if mention.year and mention.day:
                return _safe(mention.year, mention.month, mention.day)
    return None


def signing_date(
    sentence: str, years: list[int], published: date | None, verb: int = 0
) -> tuple[date | None, str, str | None]:
    """(date, precision, text) of the event a signing sentence reports: the resolvable date
    nearest the signing verb, leaving out those of an earlier event or a document."""
    options = []
    for mention in find_dates(sentence):
        if OTHER_EVENT.search(sentence[: mention.start]):
            continue
        day, precision = mention.resolve(years, published)
        if day:
            options.append((abs(mention.start - verb), day, precision, mention.text))
    if not options:
        return None, "unknown", None
    _, day, precision, text = min(options)
    return day, precision, text
