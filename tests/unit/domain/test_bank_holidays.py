"""England and Wales bank holidays, worked out in domain/calendar.py, are the `holidays`
package's (a developer tool here) day for day and name for name, every year from 1975 to
2100 (the package's last): substitute days, moved days and one-off days included."""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from yot_desktop.domain.calendar import bank_holiday_name, bank_holidays, easter_sunday


@pytest.mark.parametrize("year", range(1975, 2101))
def test_every_year_matches_the_holidays_package(year: int) -> None:
    expected = {
        d: str(name)
        for d, name in holidays.country_holidays("GB", subdiv="ENG", years=year).items()
        if d.year == year
    }
    assert dict(bank_holidays(year)) == expected


def test_known_days() -> None:
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2038) == date(2038, 4, 25)  # the latest possible
    assert easter_sunday(2285) == date(2285, 3, 22)  # the earliest possible
    assert bank_holiday_name(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert bank_holiday_name(date(2022, 9, 19)) == "State Funeral of Queen Elizabeth II"
    assert bank_holiday_name(date(2020, 5, 8)) == "May Day"  # moved for VE Day
    assert bank_holiday_name(date(2020, 5, 4)) is None
    assert bank_holiday_name(date(2026, 3, 14)) is None
