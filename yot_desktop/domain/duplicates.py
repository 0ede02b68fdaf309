"""Is a new person already on file? Exact matches are linked; near matches are flagged.

Every match needs the same date of birth (or day and month swapped, a common typing
slip), so services only need to fetch people whose date of birth is one of
`blocking_dates(dob)` before calling `find_duplicates`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from yot_desktop.domain.edit_distance import levenshtein
from yot_desktop.domain.names import fold, fold_compact, name_parts, person_match_key

MAX_EDITS = 2


class MatchKind(StrEnum):
    EXACT = "exact"
    NEAR = "near"


@dataclass(frozen=True)
class ExistingPerson:
    id: int
    first_name: str
    last_name: str
    date_of_birth: date


@dataclass(frozen=True)
class DuplicateMatch:
    person_id: int
    kind: MatchKind
    reason: str


def swapped_date(dob: date) -> date | None:
    """The date with day and month swapped, when that is a different real date."""
    if dob.day > 12 or dob.day == dob.month:
        return None
    return date(dob.year, dob.day, dob.month)


def blocking_dates(dob: date) -> tuple[date, ...]:
    """The dates of birth a possible duplicate can have: the same, or day/month swapped."""
    swapped = swapped_date(dob)
    return (dob,) if swapped is None else (dob, swapped)


_COUNT_WORDS = {1: "one letter", 2: "two letters"}


def _letters(n: int) -> str:
    return _COUNT_WORDS.get(n, f"{n} letters")


def _distance(a: str, b: str) -> int:
    # Stops early: anything over the cutoff reads as cutoff+1.
    return levenshtein(a, b, MAX_EDITS)


def _surname_within(short: str, long: str) -> bool:
    """'Smith' is one part of 'Smith-Jones' or 'Garcia Lopez' (but not the whole name)."""
    parts = name_parts(long)
    return len(parts) > 1 and fold_compact(short) in parts


def _name_reason(first: str, last: str, other: ExistingPerson) -> str | None:
    """Why the names look like the same person, or None when they do not."""
    f1, f2 = fold_compact(first), fold_compact(other.first_name)
    l1, l2 = fold_compact(last), fold_compact(other.last_name)
    first_edits, last_edits = _distance(f1, f2), _distance(l1, l2)
    if first_edits == 0 and last_edits == 0:
        return "same name"
    if first_edits == 0 and last_edits <= MAX_EDITS:
        return f"surname {_letters(last_edits)} different"
    if last_edits == 0 and first_edits <= MAX_EDITS:
        return f"first name {_letters(first_edits)} different"
    full_edits = _distance(
        f"{fold(first)} {fold(last)}", f"{fold(other.first_name)} {fold(other.last_name)}"
    )
    if full_edits <= MAX_EDITS:
        return f"name {_letters(full_edits)} different"
    # A double surname given in full once and in part another time. The first names
    # must still be close, so that siblings with the same birthday are not flagged.
    if first_edits <= MAX_EDITS:
        if _surname_within(last, other.last_name):
            return f"surname {last.strip()} is part of {other.last_name.strip()}"
        if _surname_within(other.last_name, last):
            return f"surname {other.last_name.strip()} is part of {last.strip()}"
    if f1 == l2 and l1 == f2:
        return "first name and surname the other way round"
    return None


def classify(
    first_name: str, last_name: str, date_of_birth: date, other: ExistingPerson
) -> DuplicateMatch | None:
    """Compare one candidate with one existing person."""
    if person_match_key(first_name, last_name, date_of_birth) == person_match_key(
        other.first_name, other.last_name, other.date_of_birth
    ):
        return DuplicateMatch(other.id, MatchKind.EXACT, "Same name and date of birth")
    if other.date_of_birth == date_of_birth:
        dob_text = "Same date of birth"
    elif other.date_of_birth == swapped_date(date_of_birth):
        dob_text = "Date of birth with day and month swapped"
    else:
        return None
    name_text = _name_reason(first_name, last_name, other)
    if name_text is None:
        return None
    return DuplicateMatch(other.id, MatchKind.NEAR, f"{dob_text}; {name_text}")


def find_duplicates(
    first_name: str,
    last_name: str,
    date_of_birth: date,
    existing: Iterable[ExistingPerson],
) -> tuple[DuplicateMatch, ...]:
    """Exact matches first, then near matches, each in id order."""
    found = [
        m
        for other in existing
        if (m := classify(first_name, last_name, date_of_birth, other)) is not None
    ]
    return tuple(sorted(found, key=lambda m: (m.kind is not MatchKind.EXACT, m.person_id)))
