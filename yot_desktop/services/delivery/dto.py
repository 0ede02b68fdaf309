"""Frozen data the delivery services hand out (programmes, sessions, attendance, engagement)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from yot_desktop.domain.enums import Attendance, Engagement, Venue
from yot_desktop.domain.scheduling import Conflict


@dataclass(frozen=True)
class InterventionRow:
    id: int
    code: str
    label: str
    default_minutes: int
    default_provider: str
    active: bool
    position: int
    version: int


@dataclass(frozen=True)
class WorkerRow:
    id: int
    name: str
    team_id: int | None


@dataclass(frozen=True)
class VenueRow:
    id: int
    name: str
    kind: Venue
    capacity: int | None
    team_id: int | None
    version: int
    # Where it is on one line (address and postcode, or how to join online); "": not given.
    address: str = ""


@dataclass(frozen=True)
class ClosureRow:
    id: int
    team_id: int
    day: date
    reason: str


@dataclass(frozen=True)
class ProgrammeItemRow:
    id: int
    position: int
    code: str
    label: str
    planned_count: int
    minutes: int
    provider: str
    worker_id: int | None
    worker_name: str
    booked: int


@dataclass(frozen=True)
class SessionRow:
    """A session in the diary, with the names people need to read it."""

    id: int
    version: int
    referral_id: int
    crime_reference: str
    young_person_id: int
    person_name: str
    intervention: str
    intervention_label: str
    starts_at: datetime
    minutes: int
    venue: Venue
    venue_name: str
    worker_id: int | None
    worker_name: str
    status: Attendance
    reason: str
    evidence_received: bool
    rescheduled_to_id: int | None
    team_id: int | None
    programme_item_id: int | None = None
    venue_id: int | None = None  # the venue chosen from the list; None: a place typed in

    @property
    def ends_at(self) -> datetime:
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def where(self) -> str:
        return self.venue_name or self.venue.label


@dataclass(frozen=True)
class ProgrammeDetail:
    id: int
    version: int
    referral_id: int
    crime_reference: str
    young_person_id: int
    person_name: str
    scheme_code: str
    referral_status: str
    status: str
    start_date: date
    deadline: date
    items: tuple[ProgrammeItemRow, ...]
    sessions: tuple[SessionRow, ...]
    sessions_required: int
    sessions_attended: int
    assessment_required: bool
    assessment_attended: bool
    unexplained: int
    absence_limit: int
    engagement: Engagement | None
    completion_due: bool
    decision_due: bool


@dataclass(frozen=True)
class SessionProposal:
    """A session to book, or (with `session_id`) where an existing one should move to."""

    referral_id: int
    starts_at: datetime
    minutes: int
    venue: Venue = Venue.YOT_OFFICE
    venue_name: str = ""
    worker_id: int | None = None
    intervention: str = "drug_education"
    programme_item_id: int | None = None
    session_id: int | None = None
    # A venue from the team's list: its name and kind replace venue_name and venue.
    venue_id: int | None = None


@dataclass(frozen=True)
class BookingResult:
    sessions: tuple[SessionRow, ...]
    warnings: tuple[Conflict, ...]


@dataclass(frozen=True)
class ProgrammeStarted:
    programme: ProgrammeDetail
    booked: tuple[SessionRow, ...]
    warnings: tuple[Conflict, ...]
    statuses: tuple[str, ...]  # the status changes recorded, e.g. ("offered", "in_programme")


@dataclass(frozen=True)
class MarkRow:
    id: int
    session_id: int
    value: Attendance
    reason: str
    evidence_received: bool
    marked_by: str
    marked_at: datetime
    corrects_id: int | None
    correction_note: str
    source: str


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    version: int
    session_id: int
    referral_id: int
    crime_reference: str
    person_name: str
    session_at: datetime
    due_date: date
    done: bool
    note: str


@dataclass(frozen=True)
class LetterDueRow:
    id: int
    referral_id: int
    crime_reference: str
    session_id: int | None
    letter_type: str
    created_at: datetime
    status: str


@dataclass(frozen=True)
class MarkResult:
    session: SessionRow
    follow_up_due: date | None
    letters: tuple[str, ...]
    engagement: Engagement | None
    completion_due: bool


@dataclass(frozen=True)
class EngagementRow:
    programme_id: int
    programme_version: int
    referral_id: int
    crime_reference: str
    person_name: str
    scheme_code: str
    scheme_model: str
    deadline: date
    attended: int
    required: int
    unexplained: int
    absence_limit: int
    engagement: Engagement | None
    decision_due: bool
    completion_due: bool


@dataclass(frozen=True)
class DecisionResult:
    referral_status: str
    police_informed: bool
    summary: str
    letters: tuple[str, ...]


@dataclass(frozen=True)
class ReferralChoice:
    referral_id: int
    crime_reference: str
    person_name: str
    status: str
    scheme_code: str
    programme_id: int | None
    team_id: int | None = None


@dataclass(frozen=True)
class BookingChoices:
    """What the booking dialog's lists offer."""

    referrals: tuple[ReferralChoice, ...]
    interventions: tuple[InterventionRow, ...]
    workers: tuple[WorkerRow, ...]
    venues: tuple[VenueRow, ...]


@dataclass(frozen=True)
class ImportLine:
    row: int
    crime_reference: str
    session_date: date
    attendance: Attendance
    reason: str
    evidence_received: bool
    session_id: int
    starts_at: datetime
    person_name: str
    change: str  # "new mark", "correction", "no change"


@dataclass(frozen=True)
class ImportPreview:
    lines: tuple[ImportLine, ...]
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    applied: bool
    letters: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class MyWork:
    sessions: tuple[SessionRow, ...]
    overdue_follow_ups: tuple[FollowUpRow, ...]
    near_deadline: tuple[EngagementRow, ...]
    week_start: date
