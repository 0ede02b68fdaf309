"""Working days: England and Wales bank holidays, team closures and weekly series."""

from __future__ import annotations

from datetime import date

import pytest

from yot_desktop.domain.calendar import (
    WorkingCalendar,
    bank_holiday_name,
    bank_holidays,
    long_date,
)

CAL = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 1, 1), "New Year's Day"),
        (date(2025, 4, 18), "Good Friday"),
        (date(2025, 4, 21), "Easter Monday"),
        (date(2025, 5, 5), "May Day"),
        (date(2025, 5, 26), "Spring Bank Holiday"),
        (date(2025, 8, 25), "Late Summer Bank Holiday"),
        (date(2025, 12, 25), "Christmas Day"),
        (date(2025, 12, 26), "Boxing Day"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 4), "May Day"),
        (date(2026, 5, 25), "Spring Bank Holiday"),
        (date(2026, 8, 31), "Late Summer Bank Holiday"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
        (date(2027, 3, 26), "Good Friday"),
        (date(2027, 3, 29), "Easter Monday"),
        (date(2027, 12, 27), "Christmas Day (observed)"),
        (date(2027, 12, 28), "Boxing Day (observed)"),
    ],
)
def test_bank_holidays_are_named_and_not_working_days(day: date, name: str) -> None:
    assert bank_holiday_name(day) == name
    assert CAL.bank_holiday_name(day) == name
    assert not CAL.is_working_day(day)
    assert CAL.non_working_reason(day) == f"{name}, a bank holiday"


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_england_and_wales_have_eight_bank_holiday_weekdays_a_year(year: int) -> None:
    weekdays = [d for d in bank_holidays(year) if d.weekday() < 5]
    assert len(weekdays) == 8


def test_boxing_day_2026_on_a_saturday_moves_to_monday_28th() -> None:
    assert date(2026, 12, 26).weekday() == 5
    assert date(2026, 12, 28).weekday() == 0
    assert not CAL.is_working_day(date(2026, 12, 28))
    assert CAL.is_working_day(date(2026, 12, 29))


def test_scottish_only_holidays_are_working_days() -> None:
    # 2 January and St Andrew's Day are Scottish bank holidays, not English or Welsh.
    assert CAL.is_working_day(date(2026, 1, 2))
    assert CAL.is_working_day(date(2026, 11, 30))
    assert bank_holiday_name(date(2026, 1, 2)) is None


def test_ordinary_weekday_is_a_working_day_and_weekend_is_not() -> None:
    assert CAL.is_working_day(date(2026, 3, 17))
    assert CAL.non_working_reason(date(2026, 3, 17)) is None
    assert CAL.non_working_reason(date(2026, 3, 14)) == "a Saturday"
    assert CAL.non_working_reason(date(2026, 3, 15)) == "a Sunday"


def test_team_closure_days_are_not_working_days() -> None:
    cal = WorkingCalendar(closures=frozenset({date(2026, 3, 17)}))
    assert not cal.is_working_day(date(2026, 3, 17))
    assert cal.non_working_reason(date(2026, 3, 17)) == "a team closure day"
    assert cal.next_working_day(date(2026, 3, 16)) == date(2026, 3, 18)


def test_next_working_day_is_strictly_after() -> None:
    assert CAL.next_working_day(date(2026, 3, 17)) == date(2026, 3, 18)
    # Friday before Easter -> Good Friday and Easter Monday are skipped.
    assert CAL.next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)
    # Christmas Eve 2026 (Thursday) -> Tuesday 29 December.
    assert CAL.next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)


def test_previous_and_on_or_before_and_after() -> None:
    assert CAL.previous_working_day(date(2026, 4, 7)) == date(2026, 4, 2)
    assert CAL.on_or_before(date(2026, 4, 6)) == date(2026, 4, 2)
    assert CAL.on_or_before(date(2026, 4, 2)) == date(2026, 4, 2)
    assert CAL.on_or_after(date(2026, 4, 3)) == date(2026, 4, 7)
    assert CAL.on_or_after(date(2026, 4, 7)) == date(2026, 4, 7)


def test_add_working_days() -> None:
    assert CAL.add_working_days(date(2026, 4, 2), 0) == date(2026, 4, 2)
    assert CAL.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert CAL.add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 9)
    assert CAL.add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)


def test_working_days_between() -> None:
    assert CAL.working_days_between(date(2026, 4, 2), date(2026, 4, 9)) == 3
    assert CAL.working_days_between(date(2026, 4, 9), date(2026, 4, 2)) == -3
    assert CAL.working_days_between(date(2026, 4, 2), date(2026, 4, 2)) == 0
    # A whole ordinary week holds five working days.
    assert CAL.working_days_between(date(2026, 3, 13), date(2026, 3, 20)) == 5


def test_weekly_series_without_holidays_is_every_seven_days() -> None:
    series = CAL.weekly_series(date(2026, 3, 3), 4)
    assert series == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 24)]


def test_weekly_series_every_two_weeks() -> None:
    series = CAL.weekly_series(date(2026, 3, 3), 3, interval_weeks=2)
    assert series == [date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 31)]


def test_weekly_series_over_easter_monday_moves_to_tuesday() -> None:
    series = CAL.weekly_series(date(2026, 3, 30), 3)
    assert series == [date(2026, 3, 30), date(2026, 4, 7), date(2026, 4, 13)]


def test_weekly_series_over_good_friday_skips_easter_monday_too() -> None:
    series = CAL.weekly_series(date(2026, 3, 27), 3)
    assert series == [date(2026, 3, 27), date(2026, 4, 7), date(2026, 4, 10)]


def test_weekly_series_over_christmas_2026() -> None:
    series = CAL.weekly_series(date(2026, 12, 18), 4)
    # 25 Dec -> 29 Dec (26-27 weekend, 28 Boxing Day substitute); 1 Jan -> Monday 4 Jan.
    assert series == [date(2026, 12, 18), date(2026, 12, 29), date(2027, 1, 4), date(2027, 1, 8)]


def test_weekly_series_moves_back_when_moving_on_would_reach_next_week() -> None:
    closures = frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)})
    cal = WorkingCalendar(closures=closures)
    series = cal.weekly_series(date(2026, 12, 18), 3)
    assert series == [date(2026, 12, 18), date(2026, 12, 24), date(2027, 1, 4)]


def test_weekly_series_skips_a_week_with_no_working_day_and_runs_longer() -> None:
    closed = frozenset(date(2026, 12, d) for d in range(15, 25))
    cal = WorkingCalendar(closures=closed)
    series = cal.weekly_series(date(2026, 12, 7), 3)
    assert series == [date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 29)]


def test_weekly_series_never_starts_before_start() -> None:
    # Starting on Good Friday: the first session is the next working day, not the day before.
    series = CAL.weekly_series(date(2026, 4, 3), 2)
    assert series == [date(2026, 4, 7), date(2026, 4, 10)]


def test_weekly_series_of_nothing_and_bad_arguments() -> None:
    assert CAL.weekly_series(date(2026, 3, 3), 0) == []
    with pytest.raises(ValueError, match="count"):
        CAL.weekly_series(date(2026, 3, 3), -1)
    with pytest.raises(ValueError, match="interval_weeks"):
        CAL.weekly_series(date(2026, 3, 3), 2, interval_weeks=0)


def test_long_date_is_british_and_locale_free() -> None:
    assert long_date(date(2026, 3, 4)) == "4 March 2026"
    assert long_date(date(2026, 12, 28)) == "28 December 2026"


def test_calendar_is_frozen_and_hashable() -> None:
    cal = WorkingCalendar(frozenset({date(2026, 1, 5)}))
    assert cal == WorkingCalendar(frozenset({date(2026, 1, 5)}))
    assert hash(cal) == hash(WorkingCalendar(frozenset({date(2026, 1, 5)})))
