"""Parsing and checking what people type, with messages that say what to do.

Each function returns the tidy value or raises ValidationError with one FieldProblem.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from yot_desktop.domain.errors import FieldProblem, ValidationError

DATE_EXAMPLE = "14/03/2012"

# Royal Mail format rules: which letters may appear in each position of the outward
# code, and the inward code never uses C, I, K, M, O or V.
_POSTCODE = re.compile(
    r"^(?:GIR0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

# Deliberately loose: one @, no spaces, a dot in the domain. Real checking is sending mail.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")

_PHONE_JUNK = re.compile(r"[\s\-().]")

# Two- and three-digit-after-zero area codes written as 0xxx xxx xxxx.
_SHORT_AREA = re.compile(r"^(?:011\d|01\d1)")


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError(FieldProblem(field, message))


def _has_control(text: str) -> bool:
    """Any character the single-line rule refuses (tabs and line breaks inside included)."""
    return any(_is_refused(ch, multi_line=False) for ch in text.strip(EDGE_SPACE))


def is_plain(text: str, multi_line: bool = False) -> bool:
    """No control characters (multi-line text may hold line breaks and tabs)."""
    text = text.strip(EDGE_SPACE)
    if multi_line:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return not any(_is_refused(ch, multi_line) for ch in text)


def normalise_postcode(text: str, field: str = "postcode") -> str:
    """'rg145ab' or ' rg14  5ab ' -> 'RG14 5AB'."""
    compact = re.sub(r"\s+", "", text).upper()
    if not _POSTCODE.match(compact) or _has_control(text):
        raise _fail(field, "Enter a real UK postcode, like RG14 5AB")
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_uk_phone(text: str, field: str = "phone") -> str:
    """A UK landline or mobile number in its usual spaced form, like '07700 900123'.

    Accepts spaces, dashes, brackets and dots, and +44 or 0044 in front (with or
    without a bracketed 0, as in '+44 (0)118 496 0000').
    """
    digits = _PHONE_JUNK.sub("", text.strip())
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].removeprefix("0")
    message = "Enter a UK phone number, like 07700 900123 or 0118 496 0000"
    if (
        _has_control(text)
        or not digits.isascii()
        or not digits.isdigit()
        or not digits.startswith(("01", "02", "03", "07", "080"))
    ):
        raise _fail(field, message)
    # Most UK numbers have 11 digits; a few 01 areas (e.g. 016977) have 10.
    if not (len(digits) == 11 or (len(digits) == 10 and digits.startswith("01"))):
        raise _fail(field, message)
    if digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits.startswith(("03", "080")) or (len(digits) == 11 and _SHORT_AREA.match(digits)):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"


def validate_email(text: str, field: str = "email") -> str:
    """The address, trimmed, if it looks like one."""
    value = text.strip()
    if not _EMAIL.match(value) or _has_control(text):
        raise _fail(field, "Enter an email address in the right format, like name@example.com")
    if len(value) > EMAIL_MAX:
        raise _fail(field, f"Enter an email address of {EMAIL_MAX} characters or fewer")
    return value


def parse_date(text: str, field: str) -> date:
    """Read 'YYYY-MM-DD' or 'DD/MM/YYYY' (day and month may have one digit)."""
    value = text.strip()
    iso = _ISO_DATE.match(value)
    uk = _UK_DATE.match(value)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif uk:
        day, month, year = (int(g) for g in uk.groups())
    else:
        raise _fail(field, f"Enter a date like {DATE_EXAMPLE}")
    try:
        return date(year, month, day)
    except ValueError:
        raise _fail(field, f"Enter a real date, like {DATE_EXAMPLE}") from None


def check_not_future(value: date, today: date, field: str, what: str = "date") -> date:
    """Refuse a date after `today`. `what` names the date in the message, e.g. 'date of birth'."""
    if value > today:
        article = "an" if what[:1].lower() in "aeiou" else "a"
        raise _fail(field, f"Enter {article} {what} that is today or earlier, like {DATE_EXAMPLE}")
    return value


def check_date_of_birth(value: date, today: date, field: str = "date of birth") -> date:
    """A date of birth must be in the past."""
    if value >= today:
        raise _fail(field, f"Enter a date of birth in the past, like {DATE_EXAMPLE}")
    return value


_YES = frozenset({"yes", "y", "true"})
_NO = frozenset({"no", "n", "false"})


def parse_yes_no(text: str, field: str) -> bool:
    key = text.strip().casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise _fail(field, "Enter yes or no")


def parse_quantity(text: str, field: str = "quantity") -> Decimal:
    """A finite decimal number, 0 or more, like '2.5'."""
    message = "Enter the quantity as a number, 0 or more, like 2.5"
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise _fail(field, message) from None
    if not value.is_finite() or value < 0:
        raise _fail(field, message)
    return check_quantity(value, field)


# The quantity columns are NUMERIC(12, 3): nine digits before the point, three after.
QUANTITY_MAX = Decimal("999999999.999")


def check_quantity(value: Decimal, field: str = "quantity") -> Decimal:
    """Refuse a quantity the database cannot hold exactly: too large, or finer than 0.001."""
    if not value.is_finite() or value < 0:
        raise _fail(field, "Enter the quantity as a number, 0 or more, like 2.5")
    if value > QUANTITY_MAX:
        raise _fail(field, "Enter a quantity below 1,000,000,000")
    if value != value.quantize(Decimal("0.001")):
        raise _fail(field, "Enter the quantity with no more than 3 decimal places, like 2.125")
    # Decimal('-0') compares equal to 0 but prints as '-0'.
    return value + Decimal(0) if value.is_zero() else value


# --- free text: one policy for every field, search box and import cell -----------------------
#
# Single-line fields (names, references, addresses, labels) refuse every control character:
# C0 (NUL to U+001F, so tab and line breaks too), DEL and C1 (U+0080 to U+009F), the Unicode
# line and paragraph separators, and lone surrogates. PostgreSQL cannot store NUL at all and
# the others are invisible on screen and in letters, so they are refused, never dropped
# silently. Multi-line free text (notes, reasons, decisions) allows line breaks and tabs only;
# Windows line endings become plain line breaks. Both are trimmed at each end and refused when
# longer than their column, in characters, before the database sees them: SQLite would store
# anything, PostgreSQL would fail. Everything else (quotes, semicolons, "DROP TABLE", %, _, \,
# any script, emoji) is ordinary text: stored verbatim and, in searches, matched literally.

# Column lengths, as declared in storage/models*.py (a unit test keeps them in step).
NAME_MAX = 100  # young_people.first_name, last_name, preferred_name
ADDRESS_LINE_MAX = 200  # young_people.address_line_1, address_line_2
TOWN_MAX = 100
SCHOOL_MAX = 200
LANGUAGE_MAX = 60  # young_people.first_language, carers.preferred_language
NRM_DECISION_MAX = 120
CARER_NAME_MAX = 200
RELATIONSHIP_MAX = 60
EMAIL_MAX = 200  # every email column
CRIME_REFERENCE_MAX = 40
SCHEME_CODE_MAX = 12
OFFICER_MAX = 120
PLACE_MAX = 200  # referrals.offence_location, sessions.venue_name
SUBSTANCE_MAX = 80  # referrals.substance, scheme_thresholds.substance
PANEL_DECISION_MAX = 200
GIVEN_BY_MAX = 200  # consents.given_by
LAWFUL_BASIS_MAX = 200
CLOSURE_REASON_MAX = 200
VENUE_NAME_MAX = 120
LABEL_MAX = 120  # interventions.label, programme_items.label
PROVIDER_MAX = 120  # schemes.provider, interventions.default_provider, programme_items.provider
SCHEME_NAME_MAX = 200
AREA_MAX = 120
OUTCOME_CODE_MAX = 8
TEAM_NAME_MAX = 120
DISPLAY_NAME_MAX = 120
# Text columns have no length of their own; this keeps a pasted document out of a note.
FREE_TEXT_MAX = 10_000

# Spaces, tabs and line breaks at either end are trimmed before the checks, never refused.
EDGE_SPACE = " \t\r\n"
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")
_MULTI_LINE_ALLOWED = frozenset("\n\t")


def _is_refused(ch: str, multi_line: bool) -> bool:
    if multi_line and ch in _MULTI_LINE_ALLOWED:
        return False
    code = ord(ch)
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or ch in "\u2028\u2029"
        or 0xD800 <= code <= 0xDFFF  # a lone surrogate cannot be written as UTF-8
    )


def text_problem(
    value: str | None, field: str, limit: int, *, multi_line: bool = False
) -> FieldProblem | None:
    """What is wrong with a piece of typed text, or None. None (unchanged) is never wrong."""
    if value is None:
        return None
    value = value.strip(EDGE_SPACE)
    if multi_line:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = next((ch for ch in value if _is_refused(ch, multi_line)), None)
    if bad is not None:
        if not multi_line and bad in _LINE_BREAKS:
            return FieldProblem(field, "Keep this to one line: remove the line break")
        if not multi_line and bad == "\t":
            return FieldProblem(field, "Remove the tab character: use a space instead")
        allowed = " Only line breaks and tabs are allowed." if multi_line else ""
        return FieldProblem(
            field,
            f"Retype this: it holds a hidden character (U+{ord(bad):04X}), often left by "
            f"copying and pasting.{allowed}",
        )
    length = len(value.strip())
    if length > limit:
        return FieldProblem(
            field, f"Shorten this to {limit:,} characters or fewer (it has {length:,})"
        )
    return None


def check_text(value: str, field: str, limit: int, *, multi_line: bool = False) -> str:
    """The text trimmed (multi-line: with plain line breaks), or ValidationError."""
    problem = text_problem(value, field, limit, multi_line=multi_line)
    if problem is not None:
        raise ValidationError(problem)
    return tidy_lines(value) if multi_line else value.strip()


def tidy_lines(value: str) -> str:
    """Multi-line text as stored: trimmed, Windows and old Mac line endings made plain."""
    return value.strip(EDGE_SPACE).replace("\r\n", "\n").replace("\r", "\n").strip()


def text_problems(
    *checks: tuple[str, str | None, int], multi_line: bool = False
) -> list[FieldProblem]:
    """Every problem among (field, value, limit) checks; None values are skipped."""
    found = (
        text_problem(value, field, limit, multi_line=multi_line) for field, value, limit in checks
    )
    return [p for p in found if p is not None]


def search_text(query: str, limit: int = 200) -> str:
    """What a search box asks for: control characters dropped (no stored text holds them,
    and PostgreSQL refuses NUL in a query), trimmed and cut to `limit` characters.

    Quotes, % and _ stay: searches treat them as ordinary characters.
    """
    kept = "".join(ch for ch in query if not _is_refused(ch, multi_line=False))
    return kept.strip()[:limit]
