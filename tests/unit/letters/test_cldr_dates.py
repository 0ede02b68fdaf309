"""A translated letter's dates, times and durations (letters/cldr.py, from the CLDR extract in
resources/cldr/dates.json) are exactly what Babel writes, in every language CLDR has. Babel is
a developer tool here: the installed app does without its 34 MB (issue 16's size target)."""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import date, time, timedelta

import pytest
from babel import Locale, UnknownLocaleError, localedata
from babel.dates import format_date as babel_date
from babel.dates import format_skeleton
from babel.dates import format_time as babel_time
from babel.units import format_unit

from yot_desktop.letters import fields
from yot_desktop.letters.cldr import language
from yot_desktop.resources import resource_path

CODES = sorted(
    c for c in localedata.locale_identifiers() if re.fullmatch(r"[a-z]{2,3}", c) and c != "en"
)
# Every month and weekday, both ends of a month, and years either side of 2000.
DATES = [date(2026, 1, 1) + timedelta(days=d) for d in range(0, 365, 4)] + [
    date(1999, 12, 31),
    date(2000, 2, 29),
    date(2031, 10, 9),
]
TIMES = [time(h, m) for h in range(24) for m in (0, 5, 30, 59)]
MINUTES = [*range(0, 721), 1439, 60 * 99 + 1, 60 * 100, 60 * 101 + 2, 60 * 1000, 60 * 12345 + 7]


def babel_minutes(minutes: int, locale: Locale) -> str:
    """fields.format_minutes as it was with Babel."""
    hours, rest = divmod(minutes, 60)
    units = [(hours, "duration-hour")] if hours else []
    if rest or not hours:
        units.append((rest, "duration-minute"))
    return " ".join(format_unit(n, unit, "long", locale=locale) for n, unit in units)


def test_every_language_cldr_has_is_in_the_extract() -> None:
    assert len(CODES) > 300
    for code in CODES:
        assert language(code) is not None, code
    assert language("en") is None  # English letters use the house format
    for unknown in ("xx", "zzz", "qq"):
        with pytest.raises(UnknownLocaleError):
            Locale.parse(unknown)
        assert language(unknown) is None
        assert fields.format_date(date(2026, 3, 14), unknown) == "14 March 2026"


@pytest.mark.parametrize("code", CODES)
def test_dates_times_and_durations_are_babels(code: str) -> None:
    locale = Locale.parse(code)
    assert fields.right_to_left(code) == (locale.character_order == "right-to-left")
    for day in DATES:
        assert fields.format_date(day, code) == babel_date(day, "long", locale=locale), day
        assert fields.format_day(day, code) == babel_date(day, "full", locale=locale), day
        assert fields.format_short_date(day, code) == format_skeleton(
            "yMMMEd", day, locale=locale
        ), day
    for clock in TIMES:
        assert fields.format_time(clock, code) == babel_time(clock, "short", locale=locale)
    for minutes in MINUTES:
        assert fields.format_minutes(minutes, code) == babel_minutes(minutes, locale), minutes


def test_the_extract_is_what_the_script_writes_from_this_babel() -> None:
    """After a Babel upgrade brings a new CLDR: uv run python scripts/make_cldr_dates.py."""
    script = resource_path().parent / "scripts" / "make_cldr_dates.py"
    if not script.is_file():
        pytest.skip("a checkout's scripts folder is not here (installed package)")
    spec = importlib.util.spec_from_file_location("make_cldr_dates", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = json.loads(resource_path("cldr", "dates.json").read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(module.build())), (
        "resources/cldr/dates.json is out of date: uv run python scripts/make_cldr_dates.py"
    )
