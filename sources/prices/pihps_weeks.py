"""The days each weekly column of a PIHPS province/city export covers.

What the exports show (issue 16): the weekly columns run forward in time, and a ``(V)`` column is
headed with the month it leads into and stands before that month's ``(I)``::

    ... May 2025 (IV), Jun 2025 (V), Jun 2025 (I) ...
    ... Jan 2026 (IV), Feb 2026 (V), Feb 2026 (I), Feb 2026 (II), Feb 2026 (III),
        Mar 2026 (V), Mar 2026 (I) ...

So the weeks are not day blocks of the month (I = days 1-7 ... V = the 29th to the end): February
2026 has no 29th, and a V after IV would stand after it, not before I. The rule read here:

- the export's weeks are seven-day weeks that all start on the same weekday;
- a week that lies inside one month is that month's (I), (II), ... in time order (a month holds
  three or four of them);
- a week that spans two months is the later month's (V).

Checked against the calendar for every example: Monday-Sunday weeks do not fit (Jan 2026 would
hold only three weeks, 5-11, 12-18 and 19-25 January, before the week 26 January - 1 February, and
May 2025 likewise, so the column before the (V) would be (III), not (IV)); nor do weeks starting
on Sunday (February 2026 would hold four weeks and no (V)), Tuesday or Wednesday. Weeks starting
on Thursday, Friday or Saturday reproduce both examples.

Which of them: no public source found says (see the reader, ``sources/prices/pihps.py``). The
export's own columns do, because the weekdays give different sequences over a few months: with
weeks starting Thursday, April 2025 holds a week (IV) (24-30 April) and May 2025 no (V); with
Friday or Saturday weeks, April holds three and May opens with a (V). So the weekday whose calendar
places the most columns in time order is the export's. When several place the same number (an
export of two or three months, like the examples), weeks ending on Friday (starting Saturday) are
taken: PIHPS surveys on working days, Monday to Friday, and Bank Indonesia's weekly price survey
reports weeks that close on a Friday. That choice is a convention, not a finding; the others are
one or two days off.

A column that names no week of that calendar (``Feb 2026 (IV)``: February 2026 holds three), or
that breaks the time order (a duplicate, a typo in the year), is left unplaced with the reason;
the other columns keep their weeks.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sources.common.dates import Period, WeekLabel

BOUNDARY_WEEK = 5  # (V): the week spanning two months, headed with the later one
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The weekday weeks start on, in the order ties are settled: Saturday (weeks ending Friday) first.
FIRST_WEEKDAYS = (
    calendar.SATURDAY, calendar.FRIDAY, calendar.THURSDAY, calendar.WEDNESDAY, calendar.TUESDAY,
    calendar.MONDAY, calendar.SUNDAY,
)  # fmt: skip
DAY = timedelta(days=1)
WEEK = timedelta(days=7)
LAST_DAY = timedelta(days=6)  # from a week's first day to its last


def weeks_of_month(year: int, month: int, first_weekday: int) -> dict[WeekLabel, Period]:
    """The weeks an export whose weeks start on ``first_weekday`` (0 = Monday) heads with this
    month: (I), (II), ... inside it, and the (V) spanning into it from the month before (none when
    the 1st starts a week)."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    start = first + timedelta(days=(first_weekday - first.weekday()) % 7)  # first week inside
    weeks = {}
    if start > first:
        weeks[WeekLabel(year, month, BOUNDARY_WEEK)] = Period("week", start - WEEK, start - DAY)
    number = 1
    while start + LAST_DAY <= last:
        weeks[WeekLabel(year, month, number)] = Period("week", start, start + LAST_DAY)
        start += WEEK
        number += 1
    return weeks


def week_span(first_weekday: int) -> str:
    """``Saturday-Friday``: how a calendar's weeks run, for messages."""
    return f"{WEEKDAYS[first_weekday]}-{WEEKDAYS[(first_weekday + 6) % 7]}"


@dataclass(frozen=True)
class PlacedWeeks:
    """Weekly columns (keyed by their position in the header) with their days, or the reason
    they have none."""

    first_weekday: int
    periods: dict[int, Period]
    unplaced: dict[int, str]


def place_weeks(labels: dict[int, WeekLabel]) -> PlacedWeeks:
    """Give each weekly column its days on the week calendar that fits the export best.

    ``labels`` maps each weekly column's position to its label, in header order. The calendar is
    the one (among the seven weekdays a week can start on) that places the most columns in time
    order; ties go by ``FIRST_WEEKDAYS``."""
    months = {(label.year, label.month) for label in labels.values()}
    calendars = []
    for weekday in FIRST_WEEKDAYS:
        weeks = {k: v for y, m in months for k, v in weeks_of_month(y, m, weekday).items()}
        placed = in_time_order({i: weeks[w] for i, w in labels.items() if w in weeks})
        calendars.append((weekday, weeks, placed))
    # max keeps the first of equals: the order of FIRST_WEEKDAYS settles ties
    weekday, weeks, placed = max(calendars, key=lambda found: len(found[2]))
    unplaced = {
        index: (
            f"no such week on the export's week calendar ({week_span(weekday)} weeks, read from "
            "its columns): a month's (I), (II), ... are the weeks inside it, its (V) the week "
            "spanning into it"
            if label not in weeks
            else "week out of time order with the columns around it (an export's weeks run "
            "forward, each after the one before)"
        )
        for index, label in labels.items()
        if index not in placed
    }
    return PlacedWeeks(weekday, placed, unplaced)


def in_time_order(periods: dict[int, Period]) -> dict[int, Period]:
    """The largest set of columns whose periods run forward in header order, each after the one
    before (a longest increasing run): a stray column costs only itself, not every column after
    it. Of equally long runs, the one ending first wins (of two copies of a week, the first)."""
    keys = list(periods)
    if not keys:
        return {}
    length = [1] * len(keys)
    before: list[int | None] = [None] * len(keys)
    for i, key in enumerate(keys):
        for j in range(i):
            if periods[keys[j]].end < periods[key].start and length[j] + 1 > length[i]:
                length[i], before[i] = length[j] + 1, j
    kept = set()
    position: int | None = max(range(len(keys)), key=length.__getitem__)
    while position is not None:
        kept.add(keys[position])
        position = before[position]
    return {key: periods[key] for key in keys if key in kept}
