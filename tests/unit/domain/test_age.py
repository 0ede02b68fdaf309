from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yot_desktop.domain.age import age_on


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        (date(2010, 5, 20), date(2024, 5, 19), 13),
        (date(2010, 5, 20), date(2024, 5, 20), 14),
        (date(2010, 5, 20), date(2024, 5, 21), 14),
        (date(2010, 12, 31), date(2011, 1, 1), 0),
        (date(2010, 1, 1), date(2010, 1, 1), 0),
        (date(2010, 1, 1), date(2009, 1, 1), 0),
    ],
)
def test_age_in_whole_years(dob: date, on: date, expected: int) -> None:
    assert age_on(dob, on) == expected


def test_leap_day_birthday_counts_from_1_march_in_common_years() -> None:
    dob = date(2008, 2, 29)
    assert age_on(dob, date(2025, 2, 28)) == 16
    assert age_on(dob, date(2025, 3, 1)) == 17


def test_leap_day_birthday_on_a_leap_year() -> None:
    dob = date(2008, 2, 29)
    assert age_on(dob, date(2024, 2, 28)) == 15
    assert age_on(dob, date(2024, 2, 29)) == 16


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@given(dob=dates, on=dates, step=st.integers(min_value=0, max_value=2000))
def test_age_never_goes_down_as_time_passes(dob: date, on: date, step: int) -> None:
    later = on + timedelta(days=step)
    assert age_on(dob, later) >= age_on(dob, on)


@given(dob=dates, on=dates)
def test_age_matches_anniversary_definition(dob: date, on: date) -> None:
    age = age_on(dob, on)
    assert age >= 0
    if on >= dob:
        # Roughly years elapsed; never more than one off the day count estimate.
        assert abs(age - (on - dob).days / 365.2425) < 1
