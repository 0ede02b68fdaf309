"""A venue as letters print it: where a family must go, or how to join online (issue 15,
point 1). Checking what an administrator or manager types, every problem at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yot_desktop.domain.enums import Venue
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import (
    ADDRESS_LINE_MAX,
    TOWN_MAX,
    VENUE_NAME_MAX,
    normalise_postcode,
    text_problem,
    tidy_lines,
)

# Letters print directions and access notes in full: kept short so the appointment still
# fits on the first page.
VENUE_NOTE_MAX = 300
JOIN_LINK_MAX = 500  # venues.join_link
JOIN_INSTRUCTIONS_MAX = 300

# The field names problems carry: the labels of the venue form.
NAME = "Venue name"
KIND = "Kind of venue"
LINE_1 = "Address line 1"
LINE_2 = "Address line 2"
TOWN = "Town"
POSTCODE = "Postcode"
DIRECTIONS = "Directions"
ACCESSIBILITY = "Accessibility"
JOIN_LINK = "Joining link"
JOIN_INSTRUCTIONS = "Joining instructions"

# Kinds a family travels to: letters must say where.
NEEDS_ADDRESS = frozenset({Venue.YOT_OFFICE, Venue.SCHOOL, Venue.PROVIDER})

_LINK = re.compile(r"^https://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)


@dataclass(frozen=True)
class VenueInput:
    """What was typed for one venue (untrusted)."""

    name: str
    kind: Venue
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    directions: str = ""
    accessibility: str = ""
    join_link: str = ""
    join_instructions: str = ""


def checked_venue(typed: VenueInput) -> VenueInput:
    """The venue tidied (postcode like RG14 5LD, text trimmed), or ValidationError naming
    every field that is wrong and why."""
    problems: list[FieldProblem] = []

    def line(field: str, value: str, limit: int, *, multi_line: bool = False) -> str:
        found = text_problem(value, field, limit, multi_line=multi_line)
        if found is not None:
            problems.append(found)
            return ""
        return tidy_lines(value) if multi_line else value.strip()

    name = line("Venue name", typed.name, VENUE_NAME_MAX)
    if not typed.name.strip():
        problems.append(
            FieldProblem("Venue name", "Enter the venue's name, like Newbury YOT office")
        )
    try:
        kind = Venue(typed.kind)
    except ValueError:
        problems.append(FieldProblem("Kind of venue", "Choose the kind of venue from the list"))
        kind = Venue.YOT_OFFICE
    line_1 = line("Address line 1", typed.address_line_1, ADDRESS_LINE_MAX)
    line_2 = line("Address line 2", typed.address_line_2, ADDRESS_LINE_MAX)
    town = line("Town", typed.town, TOWN_MAX)
    postcode = ""
    if typed.postcode.strip():
        try:
            postcode = normalise_postcode(typed.postcode, "Postcode")
        except ValidationError as err:
            problems.extend(err.problems)
    directions = line("Directions", typed.directions, VENUE_NOTE_MAX, multi_line=True)
    access = line("Accessibility", typed.accessibility, VENUE_NOTE_MAX, multi_line=True)
    link = line("Joining link", typed.join_link, JOIN_LINK_MAX)
    if link and not _LINK.match(link):
        problems.append(
            FieldProblem(
                "Joining link",
                "Enter the whole link, starting https://, like https://meet.example.org/abc",
            )
        )
    instructions = line(
        "Joining instructions", typed.join_instructions, JOIN_INSTRUCTIONS_MAX, multi_line=True
    )

    if kind in NEEDS_ADDRESS:
        # Families are told to come here: without these, a letter cannot say where.
        if not typed.address_line_1.strip():
            problems.append(
                FieldProblem("Address line 1", "Enter the street address families go to")
            )
        if not typed.town.strip():
            problems.append(FieldProblem("Town", "Enter the town"))
        if not typed.postcode.strip():
            problems.append(FieldProblem("Postcode", "Enter the postcode, like RG14 5LD"))
    if kind is Venue.ONLINE and not typed.join_link.strip() and not typed.join_instructions.strip():
        problems.append(
            FieldProblem(
                "Joining link",
                "Enter the joining link, or the joining instructions, so families can join",
            )
        )
    if problems:
        raise ValidationError(problems)
    return VenueInput(
        name, kind, line_1, line_2, town, postcode, directions, access, link, instructions
    )
