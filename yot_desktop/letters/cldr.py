"""Dates, times and durations in a translated letter's language, from the Unicode CLDR.

resources/cldr/dates.json holds, for every language CLDR has (scripts/make_cldr_dates.py
writes it with Babel, a developer tool here): the long, full and short-with-weekday date
patterns, the short time pattern (Babel's %-format of each, fields like %(MMMM)s), the names
those fields need, the long words for hours and minutes by plural form, the plural form of
0..199, the way whole numbers are grouped, and the writing direction. What this module writes
is what Babel writes, for every language (tests/unit/letters/test_cldr_dates.py): a letter's
language no longer needs Babel's 34 MB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from typing import Any

from yot_desktop.resources import resource_path

_PLURAL = {"z": "zero", "o": "one", "t": "two", "f": "few", "m": "many", "x": "other"}


@dataclass(frozen=True)
class Language:
    code: str
    right_to_left: bool
    long: str
    full: str
    short: str
    time: str
    names: dict[str, list[str]]
    units: dict[str, dict[str, str]]
    plural: str
    number: tuple[str, str, str, int, int]  # prefix, suffix, group symbol, grouping sizes

    def plural_form(self, n: int) -> str:
        """CLDR's plural category of a whole number (one, few, many, other...). Integer
        rules look at n up to 99, n % 10 and n % 100: 100 + n % 100 stands for larger n (a
        rule on millions, like French 'many', does not matter for hours and minutes)."""
        return _PLURAL[self.plural[n if n < len(self.plural) else 100 + n % 100]]

    def number_text(self, n: int) -> str:
        """A whole number as Babel's format_decimal writes it (Latin digits, grouped)."""
        prefix, suffix, group, first, rest = self.number
        digits, grouped, size = str(n), "", first
        while len(digits) > size:
            grouped = group + digits[-size:] + grouped
            digits, size = digits[:-size], rest
        return f"{prefix}{digits}{grouped}{suffix}"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    path = resource_path("cldr", "dates.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["languages"]
    return data


@lru_cache(maxsize=64)
def language(code: str) -> Language | None:
    """The language's CLDR data; None for a code CLDR does not know."""
    found = _table().get(code)
    if found is None:
        return None
    return Language(
        code,
        found["rtl"],
        found["long"],
        found["full"],
        found["short"],
        found["time"],
        found["names"],
        found["units"],
        found["plural"],
        tuple(found["number"]),
    )


def _padded(value: int, width: int) -> str:
    """Babel's numbers in dates: at least `width` digits, zeros in front."""
    return str(value).zfill(width)


class _Fields:
    """The value of each field of a pattern (%(MMMM)s...) for one date or time, as Babel's
    DateTimeFormat gives it."""

    def __init__(self, lang: Language, day: date | None, clock: time | None) -> None:
        self.lang, self.day, self.clock = lang, day, clock

    def __getitem__(self, token: str) -> str:
        char, width = token[0], len(token)
        day, clock = self.day, self.clock
        if char == "y" and day is not None:
            year = _padded(day.year, width)
            return year[-2:] if width == 2 else year
        if char in "ML" and width <= 2 and day is not None:
            return _padded(day.month, width)
        if char == "d" and day is not None:
            return _padded(day.day, width)
        if char == "H" and clock is not None:
            return _padded(clock.hour, width)
        if char == "h" and clock is not None:
            return _padded(clock.hour % 12 or 12, width)
        if char == "m" and clock is not None:
            return _padded(clock.minute, width)
        values = self.lang.names.get(token)
        if values is not None:
            if char in "ML" and day is not None:
                return values[day.month - 1]
            if char in "Ec" and day is not None:
                return values[day.weekday()]
            if char == "a" and clock is not None:
                return values[clock.hour >= 12]
            if char == "G":
                return values[0]
        raise KeyError(f"{self.lang.code}: the field {token!r} has no value here")


def format_date(value: date, lang: Language, length: str) -> str:
    """The date in the language's "long" or "full" form, or "short" (yMMMEd: with weekday)."""
    pattern = {"long": lang.long, "full": lang.full, "short": lang.short}[length]
    return pattern % _Fields(lang, value, None)


def format_time(value: time, lang: Language) -> str:
    return lang.time % _Fields(lang, None, value)


def format_unit(n: int, unit: str, lang: Language) -> str:
    """n hours or minutes ("hour", "minute") in the language's long words."""
    patterns = lang.units[unit]
    pattern = patterns.get(lang.plural_form(n)) or patterns["other"]
    return pattern.format(lang.number_text(n))
