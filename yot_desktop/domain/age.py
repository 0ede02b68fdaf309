"""Age in whole years, the way the law counts it for age at offence."""

from __future__ import annotations

from datetime import date


def age_on(date_of_birth: date, on_date: date) -> int:
    """Whole years from `date_of_birth` to `on_date` (0 if `on_date` is earlier).

    A 29 February birthday falls on 1 March in a year without 29 February, as in
    English law: the child is not a year older until the day after 28 February.
    """
    years = on_date.year - date_of_birth.year
    # Compare (month, day) pairs; a 29 Feb birthday in a common year behaves as 1 March.
    birthday = (date_of_birth.month, date_of_birth.day)
    if birthday == (2, 29) and not _is_leap(on_date.year):
        birthday = (3, 1)
    if (on_date.month, on_date.day) < birthday:
        years -= 1
    return max(years, 0)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
