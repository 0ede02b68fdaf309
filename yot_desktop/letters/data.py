"""The frozen facts a letter is made from. Services fill these; letters never query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

from yot_desktop.domain.enums import (
    Attendance,
    Audience,
    EligibilityReason,
    LetterType,
    SchemeModel,
    Venue,
)

if TYPE_CHECKING:
    from yot_desktop.letters.edited import EditedWording


@dataclass(frozen=True)
class Letterhead:
    """The sending team, printed top right of the first page."""

    team_name: str
    address_lines: tuple[str, ...]
    phone: str
    email: str
    logo_path: Path | None = None


@dataclass(frozen=True)
class Recipient:
    """Who the letter is posted to: printed where a DL window envelope shows it."""

    name: str
    address_lines: tuple[str, ...]
    postcode: str


@dataclass(frozen=True)
class Person:
    """The young person the letter is about."""

    first_name: str
    last_name: str
    date_of_birth: date
    age: int
    preferred_name: str | None = None

    @property
    def known_as(self) -> str:
        """The name a letter calls the young person by."""
        return (self.preferred_name or "").strip() or self.first_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Worker:
    """The member of staff who signs the letter and whom the family can contact."""

    name: str
    phone: str
    email: str
    role: str = ""  # a job title recorded for them; "": the wording's (labels worker_role)


@dataclass(frozen=True)
class VenuePlace:
    """Where a family goes for a session (issue 15, point 1): the address, how to get there
    and in, or for an online session how to join."""

    name: str
    address_lines: tuple[str, ...] = ()  # street lines and town
    postcode: str = ""
    directions: str = ""
    accessibility: str = ""
    join_link: str = ""
    join_instructions: str = ""
    online: bool = False


@dataclass(frozen=True)
class SessionLine:
    """One appointment as a family reads it."""

    date: date
    start: time
    minutes: int
    venue: Venue
    place: str
    worker: str
    title: str = ""
    attendance: Attendance | None = None
    # The listed venue it was booked at; None: a place typed in, or booked before venues
    # had addresses (the letter then names the place only).
    where: VenuePlace | None = None


@dataclass(frozen=True)
class AttendanceSummary:
    """Counts for the outcome notice to the police. `late` is counted within `attended`."""

    sessions_required: int
    attended: int
    late: int = 0
    did_not_attend: int = 0
    unexplained_absences: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class LetterContext:
    """Everything one letter needs. Optional facts are only needed by some letter types;
    rendering a letter whose wording needs a missing fact fails and names the fact."""

    letter_type: LetterType
    audience: Audience
    scheme_name: str
    scheme_model: SchemeModel
    second_chance: bool
    crime_reference: str
    person_reference: str
    person: Person
    recipient: Recipient
    letterhead: Letterhead
    worker: Worker
    letter_date: date
    easy_read: bool = False
    large_print: bool = False
    language: str = "en"
    provider: str = ""
    sessions_required: int | None = None
    session_minutes: int | None = None
    absence_limit: int | None = None
    referral_date: date | None = None
    offence_date: date | None = None
    sessions: tuple[SessionLine, ...] = ()
    next_appointment: SessionLine | None = None
    missed_date: date | None = None
    deadline: date | None = None
    reply_by: date | None = None
    # The day a letter posted second class on letter_date can be counted on to arrive.
    arrives_by: date | None = None
    # The date a family is asked to call by: counted from when the letter can arrive.
    call_by: date | None = None
    completion_date: date | None = None
    not_eligible_reasons: tuple[EligibilityReason, ...] = ()
    outcome: str = ""
    outcome_code: str = ""  # only a code the YOT reports (21, 22, 23); else ""
    # True: the programme was completed; False: it ended without (the police decide);
    # None: it has not ended.
    finished: bool | None = None
    officer_name: str = ""
    attendance: AttendanceSummary | None = None
    # A manager's edited wording for this letter type, reader, reading level and language;
    # None: the shipped wording.
    edited: EditedWording | None = None
