"""A parent or carer's details, checked and tidied: shared by the service that saves them and
the dialog that collects them, so a mistake is shown before the dialog closes."""

from __future__ import annotations

from dataclasses import dataclass

from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import (
    CARER_NAME_MAX,
    FREE_TEXT_MAX,
    LANGUAGE_MAX,
    RELATIONSHIP_MAX,
    check_text,
    normalise_uk_phone,
    text_problems,
    validate_email,
)

LETTER_PREFERENCES = ("post", "email")


@dataclass(frozen=True)
class CarerFields:
    name: str
    relationship: str
    address: str
    phone: str
    email: str
    preferred_language: str
    letter_preference: str


def check_carer(fields: CarerFields) -> CarerFields:
    """The details tidied (trimmed, phone spaced, blank language English), or ValidationError
    listing every problem."""
    problems = text_problems(
        ("carer name", fields.name, CARER_NAME_MAX),
        ("relationship", fields.relationship, RELATIONSHIP_MAX),
        ("preferred language", fields.preferred_language, LANGUAGE_MAX),
    )
    problems += text_problems(("carer address", fields.address, FREE_TEXT_MAX), multi_line=True)
    if not fields.name.strip():
        problems.append(FieldProblem("carer name", "Enter the parent or carer's name"))
    phone, email = fields.phone.strip(), fields.email.strip()
    if phone:
        try:
            phone = normalise_uk_phone(phone, "carer phone")
        except ValidationError as err:
            problems.extend(err.problems)
    if email:
        try:
            email = validate_email(email, "carer email")
        except ValidationError as err:
            problems.extend(err.problems)
    if fields.letter_preference not in LETTER_PREFERENCES:
        problems.append(FieldProblem("letter preference", "Choose post or email"))
    elif fields.letter_preference == "email" and not email:
        problems.append(
            FieldProblem("carer email", "Enter an email address, as letters go by email")
        )
    if problems:
        raise ValidationError(problems)
    return CarerFields(
        name=fields.name.strip(),
        relationship=fields.relationship.strip(),
        address=check_text(fields.address, "carer address", FREE_TEXT_MAX, multi_line=True),
        phone=phone,
        email=email,
        preferred_language=fields.preferred_language.strip() or "English",
        letter_preference=fields.letter_preference,
    )
