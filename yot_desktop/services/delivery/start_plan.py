"""What starting a programme would book: each session at its standard weekly time or the
nearest free time, and the clashes put in words for the worker to choose again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from yot_desktop.domain.calendar import WorkingCalendar, long_date, weekday_name
from yot_desktop.domain.enums import Venue
from yot_desktop.domain.errors import FieldProblem
from yot_desktop.domain.scheduling import Conflict, Severity, SlotSuggestion
from yot_desktop.services.delivery.dto import SessionProposal
from yot_desktop.services.delivery.scheduling import BookingRefused


@dataclass(frozen=True)
class ProposedSession:
    """One session of a programme about to start: its standard weekly time, the nearest free
    time (the same when free; None when nothing is free before the deadline) and why the
    standard time will not do."""

    number: int
    label: str
    minutes: int
    wanted: datetime
    suggested: datetime | None
    clashes: tuple[str, ...]

    @property
    def moved(self) -> bool:
        return self.suggested != self.wanted


@dataclass(frozen=True)
class StartPlan:
    referral_id: int
    first: date
    deadline: date
    worker_id: int | None
    sessions: tuple[ProposedSession, ...]

    @property
    def moved(self) -> tuple[ProposedSession, ...]:
        return tuple(p for p in self.sessions if p.moved)


class ProgrammeClashes(BookingRefused):
    """The standard weekly times clash with the diary: each clash, and its nearest free time."""

    def __init__(self, conflicts: Sequence[Conflict], proposed: tuple[ProposedSession, ...]):
        super().__init__(conflicts)
        self.proposed = proposed
        self.problems = [
            FieldProblem(f"Session {p.number}", clash_words(p)) for p in proposed if p.moved
        ] or self.problems
        self.args = ("; ".join(str(p) for p in self.problems),)


def at_words(when: datetime) -> str:
    return f"{when:%H:%M} on {weekday_name(when.date())} {long_date(when.date())}"


def clash_words(p: ProposedSession) -> str:
    why = " ".join(p.clashes) or "it would start before the session before it ends."
    then = (
        f"The nearest free time is {at_words(p.suggested)}."
        if p.suggested is not None
        else "Nothing is free before the deadline: choose a time in the app."
    )
    return f"{p.label} at {at_words(p.wanted)} clashes: {why} {then}"


def proposed_session(
    number: int, label: str, proposal: SessionProposal, found: SlotSuggestion
) -> ProposedSession:
    return ProposedSession(
        number,
        label,
        proposal.minutes,
        proposal.starts_at,
        found.slot.start if found.slot is not None else None,
        tuple(c.message for c in found.conflicts if c.severity is Severity.ERROR),
    )


def weekly_proposals(
    cal: WorkingCalendar,
    referral_id: int,
    first: date,
    at: time,
    venue: Venue,
    venue_name: str,
    lines: Sequence[tuple[str, int, int, int | None, int | None]],
) -> list[SessionProposal]:
    """One session a week from `first` on working days, in plan order: each line is
    (intervention code, sessions, minutes, worker, programme item)."""
    count = sum(n for _code, n, _m, _w, _i in lines)
    dates = iter(cal.weekly_series(first, count))
    return [
        SessionProposal(
            referral_id=referral_id,
            starts_at=datetime.combine(next(dates), at),
            minutes=minutes,
            venue=venue,
            venue_name=venue_name,
            worker_id=worker,
            intervention=code,
            programme_item_id=item_id,
        )
        for code, n, minutes, worker, item_id in lines
        for _ in range(n)
    ]
