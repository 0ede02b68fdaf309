"""Checking a proposed session against the diary before it is saved.

Every problem comes back as a `Conflict` whose message names who and when, in plain words, so
the user can see why a time will not work. Errors block saving; warnings only inform.

Times are compared as given (naive local times, or all aware): sessions are half-open
intervals [start, end), so a session ending at 17:00 does not clash with one starting at 17:00.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from yot_desktop.domain.calendar import WorkingCalendar, long_date
from yot_desktop.domain.enums import Attendance, Venue
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import PLACE_MAX, text_problem

# Longer is a typing slip, and would overflow the end time far enough ahead.
MAX_SESSION_MINUTES = 24 * 60

# Sessions in these states no longer take up anyone's time or a room.
INACTIVE_STATUSES = frozenset(
    {
        Attendance.CANCELLED_BY_YOUNG_PERSON,
        Attendance.CANCELLED_BY_SERVICE,
        Attendance.RESCHEDULED,
    }
)

SCHOOL_DAY_START = time(8, 45)
SCHOOL_DAY_END = time(15, 15)


class ConflictKind(StrEnum):
    WORKER_DOUBLE_BOOKED = "worker_double_booked"
    YOUNG_PERSON_DOUBLE_BOOKED = "young_person_double_booked"
    VENUE_OVER_CAPACITY = "venue_over_capacity"
    AFTER_DEADLINE = "after_deadline"
    NON_WORKING_DAY = "non_working_day"
    SCHOOL_HOURS = "school_hours"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    severity: Severity
    message: str
    other_session_id: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class SessionSlot:
    """A session in the diary, proposed or existing. `session_id` is None until saved."""

    session_id: int | None
    young_person_id: int
    worker_ids: frozenset[int]
    venue: Venue
    venue_name: str
    start: datetime
    minutes: int
    status: Attendance = Attendance.PLANNED

    def __post_init__(self) -> None:
        if self.minutes < 1:
            raise ValidationError(FieldProblem("Length", "a session lasts at least 1 minute"))
        if self.minutes > MAX_SESSION_MINUTES:
            raise ValidationError(FieldProblem("Length", "a session lasts at most 24 hours"))
        if (problem := text_problem(self.venue_name, "Place name", PLACE_MAX)) is not None:
            raise ValidationError(problem)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def is_active(self) -> bool:
        return self.status not in INACTIVE_STATUSES

    def overlaps(self, other: SessionSlot) -> bool:
        return self.start < other.end and other.start < self.end

    def when(self) -> str:
        """'from 16:00 to 17:00 on 14 March 2026'."""
        return f"from {self.start:%H:%M} to {self.end:%H:%M} on {long_date(self.start.date())}"


@dataclass(frozen=True)
class SchedulingContext:
    """What the checks need besides the sessions themselves.

    Names come from lookups so messages say "Sam Patel", not "worker 12".
    `venue_capacities` maps a venue name to how many sessions it can hold at once; a venue
    not listed has no limit (home visits, online). Names match ignoring case and spaces at
    either end. `young_person_in_school` False turns off the school-hours warning.
    """

    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    worker_names: Mapping[int, str] = field(default_factory=dict)
    young_person_names: Mapping[int, str] = field(default_factory=dict)
    venue_capacities: Mapping[str, int] = field(default_factory=dict)
    deadline: date | None = None
    young_person_in_school: bool = True

    def worker_name(self, worker_id: int) -> str:
        return self.worker_names.get(worker_id) or f"Worker {worker_id}"

    def young_person_name(self, person_id: int) -> str:
        return self.young_person_names.get(person_id) or "the young person"

    def capacity(self, venue_name: str) -> int | None:
        key = _venue_key(venue_name)
        for name, cap in self.venue_capacities.items():
            if _venue_key(name) == key:
                return cap
        return None


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _venue_key(name: str) -> str:
    return name.strip().casefold()


def find_conflicts(
    proposed: SessionSlot, existing: Iterable[SessionSlot], context: SchedulingContext
) -> tuple[Conflict, ...]:
    """Every reason `proposed` cannot (errors) or perhaps should not (warnings) be booked.

    `existing` may include the proposed session itself (when it is being moved): a session
    never clashes with itself. Cancelled and rescheduled sessions are ignored.
    Errors come first, then warnings.
    """
    others = tuple(
        s
        for s in existing
        if s.is_active
        and not (proposed.session_id is not None and s.session_id == proposed.session_id)
    )
    overlapping = sorted((s for s in others if s.overlaps(proposed)), key=lambda s: s.start)
    found: list[Conflict] = []
    found.extend(_non_working_day(proposed, context))
    found.extend(_after_deadline(proposed, context))
    found.extend(_worker_clashes(proposed, overlapping, context))
    found.extend(_young_person_clashes(proposed, overlapping, context))
    found.extend(_venue_capacity(proposed, overlapping, context))
    found.extend(_school_hours(proposed, context))
    return tuple(sorted(found, key=lambda c: c.severity is not Severity.ERROR))


def has_errors(conflicts: Iterable[Conflict]) -> bool:
    return any(c.severity is Severity.ERROR for c in conflicts)


def _non_working_day(proposed: SessionSlot, context: SchedulingContext) -> list[Conflict]:
    day = proposed.start.date()
    reason = context.calendar.non_working_reason(day)
    if reason is None:
        return []
    return [
        Conflict(
            ConflictKind.NON_WORKING_DAY,
            Severity.ERROR,
            f"{long_date(day)} is {reason}. Choose a working day.",
        )
    ]


def _after_deadline(proposed: SessionSlot, context: SchedulingContext) -> list[Conflict]:
    day = proposed.start.date()
    if context.deadline is None or day <= context.deadline:
        return []
    return [
        Conflict(
            ConflictKind.AFTER_DEADLINE,
            Severity.ERROR,
            f"{long_date(day)} is after the programme deadline of {long_date(context.deadline)}.",
        )
    ]


def _worker_clashes(
    proposed: SessionSlot, overlapping: list[SessionSlot], context: SchedulingContext
) -> list[Conflict]:
    found = []
    for worker_id in sorted(proposed.worker_ids, key=context.worker_name):
        for other in overlapping:
            if worker_id in other.worker_ids:
                found.append(
                    Conflict(
                        ConflictKind.WORKER_DOUBLE_BOOKED,
                        Severity.ERROR,
                        f"{_sentence_start(context.worker_name(worker_id))} already has a session "
                        f"{other.when()}.",
                        other.session_id,
                    )
                )
    return found


def _young_person_clashes(
    proposed: SessionSlot, overlapping: list[SessionSlot], context: SchedulingContext
) -> list[Conflict]:
    name = context.young_person_name(proposed.young_person_id)
    return [
        Conflict(
            ConflictKind.YOUNG_PERSON_DOUBLE_BOOKED,
            Severity.ERROR,
            f"{_sentence_start(name)} already has a session {other.when()}.",
            other.session_id,
        )
        for other in overlapping
        if other.young_person_id == proposed.young_person_id
    ]


def _most_at_once(sessions: list[SessionSlot], proposed: SessionSlot) -> int:
    """The most of `sessions` running at the same moment within the proposed time."""
    # Concurrency only rises when a session starts, so checking each start is enough.
    moments = [proposed.start] + [s.start for s in sessions if s.start > proposed.start]
    return max(sum(1 for s in sessions if s.start <= m < s.end) for m in moments)


def _venue_capacity(
    proposed: SessionSlot, overlapping: list[SessionSlot], context: SchedulingContext
) -> list[Conflict]:
    venue_name = proposed.venue_name.strip()
    capacity = context.capacity(venue_name) if venue_name else None
    if capacity is None:
        return []
    same_place = [s for s in overlapping if _venue_key(s.venue_name) == _venue_key(venue_name)]
    busiest = _most_at_once(same_place, proposed) if same_place else 0
    if busiest + 1 <= capacity:
        return []
    rooms = "1 session" if capacity == 1 else f"{capacity} sessions"
    booked = "1 session" if busiest == 1 else f"{busiest} sessions"
    if capacity == 0:
        message = f"{venue_name} is not taking bookings."
    else:
        message = (
            f"{venue_name} can hold {rooms} at a time and already has {booked} booked "
            f"{proposed.when()}."
        )
    return [Conflict(ConflictKind.VENUE_OVER_CAPACITY, Severity.ERROR, message)]


def _school_hours(proposed: SessionSlot, context: SchedulingContext) -> list[Conflict]:
    if not context.young_person_in_school or proposed.start.weekday() >= 5:
        return []
    day = proposed.start.date()
    school_start = datetime.combine(day, SCHOOL_DAY_START, tzinfo=proposed.start.tzinfo)
    school_end = datetime.combine(day, SCHOOL_DAY_END, tzinfo=proposed.start.tzinfo)
    if not (proposed.start < school_end and school_start < proposed.end):
        return []
    name = context.young_person_name(proposed.young_person_id)
    return [
        Conflict(
            ConflictKind.SCHOOL_HOURS,
            Severity.WARNING,
            f"This session is in school hours ({SCHOOL_DAY_START:%H:%M} to "
            f"{SCHOOL_DAY_END:%H:%M}) on {long_date(day)}. Check that {name} can be out "
            "of school, or choose a time after school.",
        )
    ]


# --- the nearest free slot ---------------------------------------------------------------

# Where the search for a free time looks: later the same day in steps of this many minutes,
# ending by DAY_END, then the same times on each later working day, up to this many days on.
FREE_SLOT_STEP_MINUTES = 30
DAY_END = time(19, 0)
FREE_SLOT_SEARCH_DAYS = 56


@dataclass(frozen=True)
class SlotSuggestion:
    """One session of a series: the time wanted, why it will not do, and the nearest free one.

    `slot` is None when nothing free was found in reach (before the deadline, within the
    search window): the worker must choose a time.
    """

    wanted: SessionSlot
    slot: SessionSlot | None
    conflicts: tuple[Conflict, ...]

    @property
    def moved(self) -> bool:
        return self.slot is None or self.slot.start != self.wanted.start


def _at(slot: SessionSlot, start: datetime) -> SessionSlot:
    return SessionSlot(
        slot.session_id,
        slot.young_person_id,
        slot.worker_ids,
        slot.venue,
        slot.venue_name,
        start,
        slot.minutes,
        slot.status,
    )


def _acceptable(found: tuple[Conflict, ...], allowed_warnings: frozenset[ConflictKind]) -> bool:
    """No error, and no warning the wanted time did not have already (e.g. school hours)."""
    return not any(c.severity is Severity.ERROR or c.kind not in allowed_warnings for c in found)


def _times_of_day(wanted: SessionSlot, step_minutes: int, day_end: time) -> list[time]:
    """The wanted time, then later starts in steps that still end by `day_end`."""
    times = [wanted.start.time()]
    day = datetime.combine(date.min, wanted.start.time())
    end_limit = datetime.combine(date.min, day_end)
    step = timedelta(minutes=step_minutes)
    later = day + step
    while later.date() == date.min and later + timedelta(minutes=wanted.minutes) <= end_limit:
        times.append(later.time())
        later += step
    return times


def nearest_free_slot(
    wanted: SessionSlot,
    existing: Iterable[SessionSlot],
    context: SchedulingContext,
    *,
    not_before: datetime | None = None,
    step_minutes: int = FREE_SLOT_STEP_MINUTES,
    day_end: time = DAY_END,
    search_days: int = FREE_SLOT_SEARCH_DAYS,
) -> SessionSlot | None:
    """The first free time at or after `wanted`: the wanted time itself when it is free.

    Looks later the same day (every `step_minutes`, ending by `day_end`), then at the same
    times on each later working day, so the session keeps to the hours the worker chose.
    Never on a non-working day (weekends, bank holidays, team closures), never after the
    deadline, never starting before `not_before` (the end of the session before it in the
    series). Free means no errors, and no warning the wanted time did not already have.
    None when nothing is free within `search_days`.
    """
    others = tuple(existing)
    allowed = frozenset(
        c.kind for c in find_conflicts(wanted, others, context) if c.severity is Severity.WARNING
    )
    times = _times_of_day(wanted, step_minutes, day_end)
    first = wanted.start.date()
    for offset in range(search_days + 1):
        day = first + timedelta(days=offset)
        if context.deadline is not None and day > context.deadline:
            return None
        if not context.calendar.is_working_day(day):
            continue
        for at in times:
            start = datetime.combine(day, at, tzinfo=wanted.start.tzinfo)
            if not_before is not None and start < not_before:
                continue
            candidate = _at(wanted, start)
            if _acceptable(find_conflicts(candidate, others, context), allowed):
                return candidate
    return None


def suggest_series(
    wanted: Iterable[SessionSlot],
    existing: Iterable[SessionSlot],
    context: SchedulingContext,
    *,
    step_minutes: int = FREE_SLOT_STEP_MINUTES,
    day_end: time = DAY_END,
    search_days: int = FREE_SLOT_SEARCH_DAYS,
) -> tuple[SlotSuggestion, ...]:
    """For each session of a series in order, the wanted time if free, else the nearest free
    one. Each suggestion counts as booked for the sessions after it, and a session never
    starts before the one before it has ended, so the series keeps its order."""
    booked = list(existing)
    out: list[SlotSuggestion] = []
    not_before: datetime | None = None
    for slot in wanted:
        conflicts = find_conflicts(slot, booked, context)
        found = nearest_free_slot(
            slot,
            booked,
            context,
            not_before=not_before,
            step_minutes=step_minutes,
            day_end=day_end,
            search_days=search_days,
        )
        out.append(SlotSuggestion(slot, found, conflicts))
        if found is not None:
            booked.append(found)
            not_before = found.end
    return tuple(out)
