"""Working days for a team in England or Wales: weekends, bank holidays and team closures.

England and Wales share the same bank holidays (Scotland and Northern Ireland differ). They
are worked out here by the rules of the Banking and Financial Dealings Act 1971 and the royal
proclamations that move or add a day, with the substitute days that follow a holiday falling
at a weekend (e.g. Monday 28 December 2026 for Boxing Day). tests/unit/domain/
test_bank_holidays.py checks every year from 1978 to 2100 against the `holidays` package
(a developer tool here: 9 MB installed for one country's rules). A one-off day announced
after this version (a coronation, a jubilee) needs a line in _ONE_OFF, or a team closure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ONE_DAY = timedelta(days=1)
# Far more than any real run of closures; stops a calendar with silly closures looping forever.
_MAX_SEARCH_DAYS = 3660


def long_date(d: date) -> str:
    """'14 March 2026': the way letters and messages write a date (independent of locale)."""
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def weekday_name(d: date) -> str:
    return _WEEKDAY_NAMES[d.weekday()]


# Days added by proclamation, and the usual days they moved (England and Wales).
_ONE_OFF: dict[date, str] = {
    date(1977, 6, 7): "Silver Jubilee of Elizabeth II",
    date(1981, 7, 29): "Wedding of Charles and Diana",
    date(1999, 12, 31): "Millennium Celebrations",
    date(2002, 6, 3): "Golden Jubilee of Elizabeth II",
    date(2011, 4, 29): "Wedding of William and Catherine",
    date(2012, 6, 5): "Diamond Jubilee of Elizabeth II",
    date(2022, 6, 3): "Platinum Jubilee of Elizabeth II",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of Charles III",
}
_MAY_DAY_MOVED = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}  # VE Day anniversaries
_SPRING_MOVED = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (the Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY
    return last - timedelta(days=last.weekday())


@lru_cache(maxsize=128)
def _bank_holidays(year: int) -> Mapping[date, str]:
    """England and Wales bank holidays of one year, since the 1971 Act (New Year's Day from
    1974, May Day from 1978)."""
    easter = easter_sunday(year)
    days: dict[date, str] = {
        easter - 2 * _ONE_DAY: "Good Friday",
        easter + _ONE_DAY: "Easter Monday",
        _SPRING_MOVED.get(year, _last_monday(year, 5)): "Spring Bank Holiday",
        _last_monday(year, 8): "Late Summer Bank Holiday",
    }
    if year >= 1978:
        days[_MAY_DAY_MOVED.get(year, _first_monday(year, 5))] = "May Day"
    new_year = date(year, 1, 1)
    if year >= 1974:
        days[new_year] = "New Year's Day"
        if new_year.weekday() >= 5:  # Saturday or Sunday: the Monday after
            days[new_year + timedelta(days=7 - new_year.weekday())] = "New Year's Day (observed)"
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    days[christmas] = "Christmas Day"
    days[boxing] = "Boxing Day"
    # At a weekend, each takes the next weekday that is not already a holiday.
    for day, name in ((christmas, "Christmas Day"), (boxing, "Boxing Day")):
        if day.weekday() >= 5:
            instead = day + _ONE_DAY
            while instead.weekday() >= 5 or instead in days:
                instead += _ONE_DAY
            days[instead] = f"{name} (observed)"
    days.update({d: name for d, name in _ONE_OFF.items() if d.year == year})
    return MappingProxyType(dict(sorted(days.items())))


def bank_holiday_name(d: date) -> str | None:
    """The name of the England and Wales bank holiday on `d` ('Easter Monday'), else None."""
    return _bank_holidays(d.year).get(d)


def bank_holidays(year: int) -> Mapping[date, str]:
    """Every England and Wales bank holiday in `year`, read-only."""
    return _bank_holidays(year)


@dataclass(frozen=True)
class WorkingCalendar:
    """Monday to Friday, less England and Wales bank holidays and the team's closure days."""

    closures: frozenset[date] = field(default_factory=frozenset)

    # --- single days -------------------------------------------------------------------

    def bank_holiday_name(self, d: date) -> str | None:
        return bank_holiday_name(d)

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self.closures and bank_holiday_name(d) is None

    def non_working_reason(self, d: date) -> str | None:
        """Why `d` is not a working day, in words for a message; None on a working day."""
        if d.weekday() >= 5:
            return f"a {weekday_name(d)}"
        name = bank_holiday_name(d)
        if name is not None:
            return f"{name}, a bank holiday"
        if d in self.closures:
            return "a team closure day"
        return None

    # --- moving between days -----------------------------------------------------------

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d` (a follow-up is due then)."""
        return self._step(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before `d`."""
        return self._step(d, -1)

    def on_or_after(self, d: date) -> date:
        return d if self.is_working_day(d) else self.next_working_day(d)

    def on_or_before(self, d: date) -> date:
        return d if self.is_working_day(d) else self.previous_working_day(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after `d` (before it when n < 0); `d` itself when n == 0."""
        step = 1 if n >= 0 else -1
        current = d
        for _ in range(abs(n)):
            current = self._step(current, step)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`.

        When `end` is before `start` the answer is negative: minus the working days from `end`
        up to but not including `start`. So it inverts `add_working_days`:
        working_days_between(d, add_working_days(d, n)) == n for every n.
        """
        if end < start:
            first, last, sign = end, start - _ONE_DAY, -1
        else:
            first, last, sign = start + _ONE_DAY, end, 1
        count = 0
        current = first
        while current <= last:
            if self.is_working_day(current):
                count += 1
            current += _ONE_DAY
        return sign * count

    def weekly_series(self, start: date, count: int, *, interval_weeks: int = 1) -> list[date]:
        """`count` dates, one every `interval_weeks` weeks from `start`, all working days.

        A date that falls on a non-working day moves to the next working day, as long as that
        is before the next date in the series; if not (a run of closures), it moves back to the
        last working day after the previous session instead, so the order and the spacing stay
        as close to the plan as possible. The first date never moves before `start`. A whole
        series week with no working day in reach is skipped and the series runs one week
        longer, so the young person still gets `count` sessions.
        """
        if count < 0:
            raise ValueError("count must be 0 or more")
        if interval_weeks < 1:
            raise ValueError("interval_weeks must be 1 or more")
        step = timedelta(weeks=interval_weeks)
        chosen: list[date] = []
        previous = start - _ONE_DAY  # nothing may be placed on or before this day
        nominal = start
        skipped = 0
        while len(chosen) < count:
            placed = self._place_in_week(nominal, nominal + step, previous)
            if placed is None:
                skipped += 1
                if skipped > count + _MAX_SEARCH_DAYS // 7:
                    raise ValueError("no working days found for the series")
            else:
                chosen.append(placed)
                previous = placed
            nominal += step
        return chosen

    # --- internals ---------------------------------------------------------------------

    def _place_in_week(self, nominal: date, next_nominal: date, previous: date) -> date | None:
        forward = nominal
        while forward < next_nominal:
            if self.is_working_day(forward):
                return forward
            forward += _ONE_DAY
        backward = nominal - _ONE_DAY
        while backward > previous:
            if self.is_working_day(backward):
                return backward
            backward -= _ONE_DAY
        return None

    def _step(self, d: date, direction: int) -> date:
        current = d
        for _ in range(_MAX_SEARCH_DAYS):
            current += timedelta(days=direction)
            if self.is_working_day(current):
                return current
        raise ValueError(f"no working day within {_MAX_SEARCH_DAYS} days of {d.isoformat()}")
