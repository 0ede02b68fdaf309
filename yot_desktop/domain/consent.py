"""Consent to the programme: the young person and a parent or carer must both agree.

A referral moves from offered to in programme only with both consents recorded, each with
who gave it, when, who took it and the lawful basis for holding the information.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import (
    DATE_EXAMPLE,
    GIVEN_BY_MAX,
    LAWFUL_BASIS_MAX,
    text_problems,
)


class Party(StrEnum):
    YOUNG_PERSON = "young_person"
    PARENT_CARER = "parent_carer"

    @property
    def label(self) -> str:
        return "Young person" if self is Party.YOUNG_PERSON else "Parent or carer"


# Offered as choices; staff may type another basis their data protection officer agreed.
LAWFUL_BASES = (
    "Public task (UK GDPR 6(1)(e)); law enforcement processing (DPA 2018 Part 3)",
    "Consent (UK GDPR 6(1)(a))",
    "Legal obligation (UK GDPR 6(1)(c))",
)


@dataclass(frozen=True)
class ConsentFacts:
    party: Party
    given_by: str
    consented: bool
    taken_on: date
    lawful_basis: str


def check_consent(facts: ConsentFacts, today: date, offered_on: date | None = None) -> None:
    """Raise ValidationError listing every problem with one consent record."""
    problems: list[FieldProblem] = []
    if not facts.given_by.strip():
        who = "young person" if facts.party is Party.YOUNG_PERSON else "parent or carer"
        problems.append(FieldProblem("given by", f"Enter the name of the {who} who answered"))
    if facts.taken_on > today:
        problems.append(
            FieldProblem(
                "date", f"Enter the date consent was given, today or earlier, like {DATE_EXAMPLE}"
            )
        )
    elif offered_on is not None and facts.taken_on < offered_on:
        problems.append(
            FieldProblem("date", "Enter a date on or after the day the programme was offered")
        )
    if not facts.lawful_basis.strip():
        problems.append(FieldProblem("lawful basis", "Choose or enter the lawful basis"))
    problems += text_problems(
        ("given by", facts.given_by, GIVEN_BY_MAX),
        ("lawful basis", facts.lawful_basis, LAWFUL_BASIS_MAX),
    )
    if problems:
        raise ValidationError(problems)


def missing_consents(given: Iterable[tuple[Party, bool]]) -> list[str]:
    """What is still needed before the programme can start (empty: nothing).

    The latest answer of each party counts: a refusal after an agreement is a refusal.
    """
    latest: dict[Party, bool] = {}
    for party, consented in given:
        latest[party] = consented
    missing = []
    for party in Party:
        answer = latest.get(party)
        if answer is None:
            missing.append(f"Record the {party.label.lower()}'s consent to the programme")
        elif not answer:
            missing.append(
                f"The {party.label.lower()} did not consent: the programme cannot start. "
                "Record the referral as declined, or record their consent if they change "
                "their mind"
            )
    return missing
