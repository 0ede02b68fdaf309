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


def normalise_postcode(text: str, field: str = "postcode") -> str:
    """'rg145ab' or ' rg14  5ab ' -> 'RG14 5AB'."""
    compact = re.sub(r"\s+", "", text).upper()
    if not _POSTCODE.match(compact):
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
    if not digits.isdigit() or not digits.startswith(("01", "02", "03", "07", "080")):
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
    if len(value) > 254 or not _EMAIL.match(value):
        raise _fail(field, "Enter an email address in the right format, like name@example.com")
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


def check_date_of_birth(value: date, today: date, field: str = "date_of_birth") -> date:
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
    # Decimal('-0') compares equal to 0 but prints as '-0'.
    return value + Decimal(0) if value.is_zero() else value
