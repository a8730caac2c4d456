"""The PIHPS week calendar, checked against the 2025/2026 calendar by hand (dates in comments)."""

import calendar
from datetime import date

from sources.common.dates import Period, WeekLabel, parse_period_label
from sources.prices.pihps_weeks import in_time_order, place_weeks, weeks_of_month
from tests.price_workbooks import WEEKS_APR_JUL_2025, WEEKS_JAN_MAR_2026

# The issue's two excerpts, column for column.
MAY_JUN_2025 = ["May 2025 (IV)", "Jun 2025 (V)", "Jun 2025 (I)"]
JAN_MAR_2026 = WEEKS_JAN_MAR_2026[3:]  # Jan 2026 (IV), Feb 2026 (V) ... Mar 2026 (I)


def labels(headers: list[str]) -> dict[int, WeekLabel]:
    return {i: parse_period_label(h) for i, h in enumerate(headers)}


def weekdays_placing_all(headers: list[str]) -> set[int]:
    """The weekdays whose weeks give every column of ``headers`` a week, in time order."""
    found = set()
    for weekday in range(7):
        weeks = {}
        for label in labels(headers).values():
            weeks |= weeks_of_month(label.year, label.month, weekday)
        placed = in_time_order({i: weeks[w] for i, w in labels(headers).items() if w in weeks})
        if len(placed) == len(headers):
            found.add(weekday)
    return found


def test_february_2026_in_saturday_weeks():
    # Sunday 1 Feb - Saturday 28 Feb: a (V) from Saturday 31 Jan, then three weeks inside;
    # Saturday 28 Feb starts the week that is March's (V)
    assert weeks_of_month(2026, 2, calendar.SATURDAY) == {
        WeekLabel(2026, 2, 5): Period("week", date(2026, 1, 31), date(2026, 2, 6)),
        WeekLabel(2026, 2, 1): Period("week", date(2026, 2, 7), date(2026, 2, 13)),
        WeekLabel(2026, 2, 2): Period("week", date(2026, 2, 14), date(2026, 2, 20)),
        WeekLabel(2026, 2, 3): Period("week", date(2026, 2, 21), date(2026, 2, 27)),
    }


def test_a_month_that_starts_a_week_has_no_week_five():
    # Saturday 1 Nov 2025 starts a Saturday week: (I) is 1-7 November, nothing spans into it
    weeks = weeks_of_month(2025, 11, calendar.SATURDAY)
    assert WeekLabel(2025, 11, 5) not in weeks
    assert weeks[WeekLabel(2025, 11, 1)] == Period("week", date(2025, 11, 1), date(2025, 11, 7))
    assert max(w.week for w in weeks) == 4  # 1-7, 8-14, 15-21, 22-28; 29 Nov spans into December


def test_only_weeks_starting_thursday_friday_or_saturday_fit_the_issue():
    # Monday weeks: 5-11, 12-18, 19-25 January 2026 inside, then 26 Jan - 1 Feb spans: the column
    # before Feb 2026 (V) would be Jan 2026 (III); Sunday weeks: February 2026 is exactly four
    # weeks, 1-28, with no (V) at all
    assert WeekLabel(2026, 1, 4) not in weeks_of_month(2026, 1, calendar.MONDAY)
    assert WeekLabel(2026, 2, 5) not in weeks_of_month(2026, 2, calendar.SUNDAY)
    thursday_to_saturday = {calendar.THURSDAY, calendar.FRIDAY, calendar.SATURDAY}
    assert weekdays_placing_all(MAY_JUN_2025) == thursday_to_saturday
    assert weekdays_placing_all(JAN_MAR_2026) == thursday_to_saturday


def test_the_export_decides_the_weekday_when_its_columns_can():
    # April 2025 (Tuesday 1 - Wednesday 30) holds a fourth week, 24-30 April, only in Thursday weeks
    assert weekdays_placing_all(WEEKS_APR_JUL_2025) == {calendar.THURSDAY}
    placed = place_weeks(labels(WEEKS_APR_JUL_2025))
    assert placed.first_weekday == calendar.THURSDAY and not placed.unplaced
    # May 2025 (IV) is 22-28 May, Jun 2025 (V) Thursday 29 May - Wednesday 4 June
    assert placed.periods[8] == Period("week", date(2025, 5, 22), date(2025, 5, 28))
    assert placed.periods[9] == Period("week", date(2025, 5, 29), date(2025, 6, 4))


def test_a_tie_goes_to_weeks_ending_friday():
    placed = place_weeks(labels(JAN_MAR_2026))
    assert placed.first_weekday == calendar.SATURDAY
    # Jan 2026 (IV) is Saturday 24 - Friday 30 January
    assert placed.periods[0] == Period("week", date(2026, 1, 24), date(2026, 1, 30))


def test_a_stray_column_costs_only_itself():
    headers = [*JAN_MAR_2026[:3], "Feb 2062 (II)", *JAN_MAR_2026[3:]]
    placed = place_weeks(labels(headers))
    assert set(placed.unplaced) == {3}
    assert placed.unplaced[3].startswith("week out of time order")
    assert len(placed.periods) == len(JAN_MAR_2026)


def test_no_weekly_columns_place_nothing():
    assert place_weeks({}).periods == {} and place_weeks({}).unplaced == {}
