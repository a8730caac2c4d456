from datetime import date

import pytest

from sources.common.dates import (
    WeekLabel,
    parse_day_first,
    parse_day_month_name,
    parse_period_label,
)


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("Jan 2024", date(2024, 1, 1), date(2024, 1, 31)),
        ("Feb 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("Januari 2018", date(2018, 1, 1), date(2018, 1, 31)),
        ("Agustus 2020", date(2020, 8, 1), date(2020, 8, 31)),
    ],
)
def test_pihps_month_labels(label, start, end):
    period = parse_period_label(label)
    assert (period.grain, period.start, period.end) == ("month", start, end)


@pytest.mark.parametrize(
    ("label", "week"),
    [
        ("Apr 2025 (I)", WeekLabel(2025, 4, 1)),
        ("Mei 2025 (IV)", WeekLabel(2025, 5, 4)),
        # a week (V) the month cannot hold as days 29-31: it names a week, not days
        ("Feb 2026 (V)", WeekLabel(2026, 2, 5)),
        ("Des 2025 ( II )", WeekLabel(2025, 12, 2)),
    ],
)
def test_pihps_week_labels_name_a_week_not_its_days(label, week):
    assert parse_period_label(label) == week


@pytest.mark.parametrize(
    "label", ["Apr 2025 (VI)", "Apr 2025 (X)", "Foo 2024", "Jan 0000", "2024-01", "", "Rata-rata"]
)
def test_labels_that_name_no_period(label):
    assert parse_period_label(label) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/ 01/ 2018", date(2018, 1, 1)),
        ("12-9-2025", date(2025, 9, 12)),
        ("31/12/2024", date(2024, 12, 31)),
        ("30/02/2024", None),
        ("2024-01-01", None),
    ],
)
def test_day_first_dates(text, expected):
    assert parse_day_first(text) == expected


def test_day_month_name_dates_as_the_pihps_api_writes_them():
    assert parse_day_month_name("20 Jul 20") == date(2020, 7, 20)
    assert parse_day_month_name("29 Agustus 2025") == date(2025, 8, 29)
    assert parse_day_month_name("29 Agustos 2025") is None
