"""Write resources/cldr/dates.json: what a translated letter needs of the Unicode CLDR, for
every language Babel knows (codes of two or three letters, as letters use).

    uv run python scripts/make_cldr_dates.py

Babel (a developer tool here) carries all of CLDR, 34 MB installed; a letter uses a few
patterns and names of its language: the long and full date, the short date with weekday, the
short time, the words for hours and minutes with their plural forms, and the writing
direction. yot_desktop/letters/cldr.py writes dates and durations from this file, and
tests/unit/letters/test_cldr_dates.py checks it writes exactly what Babel writes, for every
language. Run again when Babel brings a new CLDR.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path

from babel import Locale, __version__, localedata
from babel.dates import DateTimeFormat, match_skeleton, parse_pattern

OUT = Path(__file__).resolve().parents[1] / "resources" / "cldr" / "dates.json"
CODE = re.compile(r"[a-z]{2,3}")
TOKEN = re.compile(r"%\((\w+)\)s")
NUMERIC = set("dHhmMy")  # written as numbers (M and y up to two letters)
PLURALS = {"zero": "z", "one": "o", "two": "t", "few": "f", "many": "m", "other": "x"}
PLURAL_TABLE = 200  # categories of 0..199; beyond, of 100 + n % 100 (see cldr.py)
# Dates that give each name: the 1st of each month; Monday 5 January 2026 and the six days
# after; 09:00 and 15:00 (before and after noon).
MONTH_DAYS = [datetime(2026, m, 1) for m in range(1, 13)]
WEEK_DAYS = [datetime(2026, 1, 5 + k) for k in range(7)]
HALF_DAYS = [datetime(2026, 1, 5, 9), datetime(2026, 1, 5, 15)]


def names(token: str, locale: Locale) -> list[str]:
    char = token[0]
    if char in "ML":
        days = MONTH_DAYS
    elif char in "Ec":
        days = WEEK_DAYS
    elif char == "a":
        days = HALF_DAYS
    elif char == "G":
        days = MONTH_DAYS[:1]  # the Common Era: letters' dates are all AD
    else:
        raise SystemExit(f"{locale}: the pattern field {token!r} is not supported by cldr.py")
    return [DateTimeFormat(d, locale)[token] for d in days]


def pattern(text: str, locale: Locale, tokens: dict[str, list[str]]) -> str:
    """Babel's own %-format of the pattern; the names its fields need go into `tokens`."""
    fmt = parse_pattern(text).format
    for token in TOKEN.findall(fmt):
        if token[0] in NUMERIC and not (token[0] in "My" and len(token) > 2):
            continue
        tokens.setdefault(token, names(token, locale))
    return fmt


def language(code: str) -> dict[str, object]:
    locale = Locale.parse(code)
    tokens: dict[str, list[str]] = {}
    skeletons = locale.datetime_skeletons
    skeleton = "yMMMEd" if "yMMMEd" in skeletons else match_skeleton("yMMMEd", skeletons)
    if skeleton is None:
        raise SystemExit(f"{code}: no skeleton like yMMMEd")
    units = {}
    for unit in ("duration-hour", "duration-minute"):
        found = locale._data["unit_patterns"][unit].get("long", {})
        units[unit.removeprefix("duration-")] = {
            form: found[form] for form in PLURALS if form in found
        }
    decimal = locale.decimal_formats[None]  # whole numbers, Latin digits (Babel's default)
    return {
        "rtl": locale.character_order == "right-to-left",
        "long": pattern(locale.date_formats["long"].pattern, locale, tokens),
        "full": pattern(locale.date_formats["full"].pattern, locale, tokens),
        "short": pattern(str(skeletons[skeleton]), locale, tokens),
        "time": pattern(locale.time_formats["short"].pattern, locale, tokens),
        "names": tokens,
        "units": units,
        "plural": "".join(PLURALS[locale.plural_form(n)] for n in range(PLURAL_TABLE)),
        "number": [
            decimal.prefix[0],
            decimal.suffix[0],
            locale.number_symbols["latn"]["group"],
            *decimal.grouping,
        ],
    }


def build() -> dict[str, object]:
    codes = sorted(c for c in localedata.locale_identifiers() if CODE.fullmatch(c))
    return {
        "source": f"Unicode CLDR, as Babel {__version__} carries it (Unicode License v3)",
        "languages": {code: language(code) for code in codes if code != "en"},
    }


def main() -> int:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(data['languages'])} languages, {OUT.stat().st_size:,} bytes")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
