from datetime import date

import pytest

from sources.common.dates import (
    parse_day_first,
    parse_day_month_name,
    parse_period_label,
    week_of_month_period,
)


@pytest.mark.parametrize(
    ("label", "grain", "start", "end"),
    [
        ("Jan 2024", "month", date(2024, 1, 1), date(2024, 1, 31)),
        ("Feb 2024", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("Januari 2018", "month", date(2018, 1, 1), date(2018, 1, 31)),
        ("Agustus 2020", "month", date(2020, 8, 1), date(2020, 8, 31)),
        ("Apr 2025 (I)", "week", date(2025, 4, 1), date(2025, 4, 7)),
        ("Apr 2025 (IV)", "week", date(2025, 4, 22), date(2025, 4, 28)),
        ("Apr 2025 (V)", "week", date(2025, 4, 29), date(2025, 4, 30)),
        ("Des 2025 (V)", "week", date(2025, 12, 29), date(2025, 12, 31)),
    ],
)
def test_pihps_period_labels(label, grain, start, end):
    period = parse_period_label(label)
    assert (period.grain, period.start, period.end) == (grain, start, end)


@pytest.mark.parametrize("label", ["Feb 2025 (V)", "Apr 2025 (VI)", "Foo 2024", "2024-01", ""])
def test_labels_that_name_no_real_period(label):
    assert parse_period_label(label) is None


def test_week_five_exists_only_past_the_28th():
    assert week_of_month_period(2024, 2, 5).start == date(2024, 2, 29)  # leap year
    assert week_of_month_period(2025, 2, 5) is None


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
