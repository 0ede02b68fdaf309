from __future__ import annotations

from datetime import date

import pytest

from yot_desktop.domain.duplicates import (
    DuplicateMatch,
    ExistingPerson,
    MatchKind,
    blocking_dates,
    classify,
    find_duplicates,
    swapped_date,
)

DOB = date(2010, 3, 4)


def person(first: str, last: str, dob: date = DOB, id: int = 1) -> ExistingPerson:
    return ExistingPerson(id, first, last, dob)


def test_exact_match_ignores_case_accents_and_apostrophes() -> None:
    match = classify("zoe", "obrien", DOB, person("Zoë", "O'Brien"))
    assert match == DuplicateMatch(1, MatchKind.EXACT, "Same name and date of birth")


@pytest.mark.parametrize(
    ("first", "last", "existing_first", "existing_last", "reason"),
    [
        ("Jayden", "Smith", "Jayden", "Smyth", "Same date of birth; surname one letter different"),
        ("Jayden", "Smith", "Jayden", "Smithe", "Same date of birth; surname one letter different"),
        ("Jayden", "Smith", "Jayden", "Smiht", "Same date of birth; surname two letters different"),
        (
            "Jaden",
            "Smith",
            "Jayden",
            "Smith",
            "Same date of birth; first name one letter different",
        ),
        ("Jaden", "Smyth", "Jayden", "Smith", "Same date of birth; name two letters different"),
        (
            "Jayden",
            "Smith",
            "Jayden",
            "Smith-Jones",
            "Same date of birth; surname Smith is part of Smith-Jones",
        ),
        (
            "Maria",
            "García López",
            "Maria",
            "Garcia",
            "Same date of birth; surname Garcia is part of García López",
        ),
        (
            "Anh",
            "Nguyen",
            "Nguyễn",
            "Anh",
            "Same date of birth; first name and surname the other way round",
        ),
        (
            "Lukasz",
            "Kowalski",
            "Łukasz",
            "Kowalsky",
            "Same date of birth; surname one letter different",
        ),
    ],
)
def test_near_matches(
    first: str, last: str, existing_first: str, existing_last: str, reason: str
) -> None:
    match = classify(first, last, DOB, person(existing_first, existing_last))
    assert match == DuplicateMatch(1, MatchKind.NEAR, reason)


def test_day_and_month_swapped_with_same_name_is_near() -> None:
    match = classify("Jayden", "Smith", DOB, person("Jayden", "Smith", date(2010, 4, 3)))
    assert match == DuplicateMatch(
        1, MatchKind.NEAR, "Date of birth with day and month swapped; same name"
    )


@pytest.mark.parametrize(
    ("first", "last", "dob"),
    [
        ("Jayden", "Smith", date(2010, 3, 5)),  # different date of birth
        ("Jayden", "Smith", date(2011, 3, 4)),
        ("Jayden", "Smithson", DOB),  # three letters different
        ("Tom", "Smith-Jones", DOB),  # twin with a different first name
        ("Amelia", "Smith", DOB),
    ],
)
def test_not_matches(first: str, last: str, dob: date) -> None:
    assert classify(first, last, dob, person("Jayden", "Smith")) is None


def test_swapped_date_only_when_both_parts_can_be_a_month() -> None:
    assert swapped_date(date(2010, 3, 4)) == date(2010, 4, 3)
    assert swapped_date(date(2010, 3, 13)) is None
    assert swapped_date(date(2010, 5, 5)) is None
    assert blocking_dates(date(2010, 3, 4)) == (date(2010, 3, 4), date(2010, 4, 3))
    assert blocking_dates(date(2010, 3, 25)) == (date(2010, 3, 25),)


def test_every_match_has_a_blocking_date() -> None:
    candidates = [
        person("Jayden", "Smith", date(2010, 4, 3), id=1),
        person("Jayden", "Smith", DOB, id=2),
        person("Jaydn", "Smith", DOB, id=3),
        person("Jayden", "Smith", date(2009, 3, 4), id=4),
    ]
    found = find_duplicates("Jayden", "Smith", DOB, candidates)
    assert [(m.person_id, m.kind) for m in found] == [
        (2, MatchKind.EXACT),
        (1, MatchKind.NEAR),
        (3, MatchKind.NEAR),
    ]
    allowed = set(blocking_dates(DOB))
    by_id = {p.id: p for p in candidates}
    assert all(by_id[m.person_id].date_of_birth in allowed for m in found)


def test_no_candidates() -> None:
    assert find_duplicates("Jayden", "Smith", DOB, []) == ()
