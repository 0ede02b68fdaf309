"""Moving a young person's case to another team (issue 11, point 4; INTERFACES.md `transfer`).

A family moves (West Berkshire to Windsor): a manager moves the child's record, with every
referral and so every programme, planned session and letter in the letter history, to the
team that will work with them. Team scoping follows the record (core.person_scope and
referral_scope read `team_id`), so the old team's practitioners lose the case at once and
the receiving team's gain it. The one-chance rule counts the child's diversions whatever
team holds them (intake_core.prior_diversions is per person, never per team).

Sessions still planned with workers outside the receiving team are listed for cancelling or
re-booking: the old team's workers can no longer open them. Referrals allocated to such a
worker become unallocated, for the receiving team's manager to allocate.

Who: managers (any team's: they see every team's cases), as the permission matrix says.
The reason is kept in `case_transfers` and, as the audit record's before/after values, in
`audit_field_change`: both are erased with the child, never the append-only audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import Attendance, ReferralStatus
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.status import FINAL_STATUSES
from yot_desktop.domain.validation import check_text, search_text
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, Team, User, YoungPerson
from yot_desktop.storage.models_audit import AuditFieldChange
from yot_desktop.storage.models_delivery import Intervention, Programme
from yot_desktop.storage.models_letters import LetterRecord
from yot_desktop.storage.models_transfer import CaseTransfer

REASON_MAX = 2000  # a sentence or two; the audit screen shows it whole


@dataclass(frozen=True)
class CaseCounts:
    """What moves with the record."""

    referrals: int
    programmes: int
    planned_sessions: int
    letters: int

    def text(self) -> str:
        """'2 referrals, 1 programme, 4 planned sessions and 3 letters'."""
        parts = [
            _count(self.referrals, "referral"),
            _count(self.programmes, "programme"),
            _count(self.planned_sessions, "planned session"),
            _count(self.letters, "letter"),
        ]
        return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class TransferChoices:
    """What the transfer dialog shows before anything moves."""

    person_id: int
    person_ref: str
    name: str
    from_team: str
    teams: tuple[str, ...]  # the other teams, by name
    counts: CaseCounts


@dataclass(frozen=True)
class SessionToReview:
    """A planned session booked with a worker outside the receiving team."""

    session_id: int
    crime_reference: str
    starts_at: datetime
    minutes: int
    what: str
    worker: str

    def line(self) -> str:
        return (
            f"{self.starts_at:%d/%m/%Y %H:%M} {self.what} with {self.worker} "
            f"({self.crime_reference})"
        )


@dataclass(frozen=True)
class TransferDone:
    person_id: int
    person_ref: str
    from_team: str
    to_team: str
    counts: CaseCounts
    unallocated: int  # open referrals whose worker was not in the receiving team
    to_review: tuple[SessionToReview, ...]

    def summary(self) -> str:
        return (
            f"Moved {self.person_ref} from {self.from_team or 'no team'} to {self.to_team}: "
            f"{self.counts.text()}."
        )


@dataclass(frozen=True)
class TransferredIn:
    """How a case came to the team holding it now: for the caseload and the record."""

    from_team: str
    on: date

    def text(self) -> str:
        return f"Transferred in from {self.from_team or 'no team'} on {self.on:%d/%m/%Y}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


class TransferService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def choices(self, user: CurrentUser, person_id: int) -> TransferChoices:
        """The record's team, the teams it may move to, and what would move."""
        self.ctx.require(user, Permission.TRANSFER_CASES, "view_transfer")
        lookup = self.ctx.audit_not_found(user, "view_transfer", "young_person", person_id)
        with lookup, self.ctx.uow() as uow:
            s = uow.session
            person = _person(s, person_id)
            teams = s.execute(select(Team.id, Team.name).order_by(Team.name)).all()
            return TransferChoices(
                person_id=person.id,
                person_ref=person.person_ref,
                name=f"{person.preferred_name or person.first_name} {person.last_name}",
                from_team=_team_name(s, person.team_id),
                teams=tuple(name for tid, name in teams if tid != person.team_id),
                counts=_counts(s, _people(s, person.id)),
            )

    def transfer(
        self, user: CurrentUser, person_ref: str, to_team: str, reason: str = ""
    ) -> TransferDone:
        """Move the case of the young person `person_ref` to the team called `to_team`."""
        self.ctx.require(user, Permission.TRANSFER_CASES, "transfer_case")
        why = _checked_reason(reason)
        try:
            return self._transfer(user, person_ref, to_team, why)
        except NotFound:
            self.ctx.audit_now(user, "transfer_case", entity="young_person", outcome="not_found")
            raise

    def _transfer(self, user: CurrentUser, person_ref: str, to_team: str, why: str) -> TransferDone:
        ref = search_text(person_ref).strip().upper()
        with self.ctx.uow() as uow:
            s = uow.session
            found = s.scalar(select(YoungPerson).where(YoungPerson.person_ref == ref))
            if found is None:
                raise NotFound(
                    f"young person: no young person has the reference {person_ref.strip()!r}; "
                    "use a reference like YP000123"
                )
            if found.merged_into_id is not None:
                raise ValidationError(
                    FieldProblem(
                        "young person",
                        f"{found.person_ref} was merged into another record: transfer that one",
                    )
                )
            person = found
            target = _team_called(s, to_team)
            if target.id == person.team_id:
                raise ValidationError(
                    FieldProblem(
                        "team to move to",
                        f"{person.person_ref} is already held by {target.name}: choose the "
                        "team the case should move to",
                    )
                )
            people = _people(s, person.id)
            counts = _counts(s, people)
            from_id = person.team_id
            from_name = _team_name(s, from_id)
            now = self.ctx.clock()
            moved: list[Referral] = list(
                s.scalars(select(Referral).where(Referral.young_person_id.in_(people)))
            )
            insiders = set(s.scalars(select(User.id).where(User.team_id == target.id)))
            unallocated = 0
            for referral in moved:
                referral.team_id = target.id
                # An open referral needs a worker who can open it; a closed one keeps the
                # name of whoever worked it.
                if (
                    referral.worker_id is not None
                    and referral.worker_id not in insiders
                    and ReferralStatus(referral.status) not in FINAL_STATUSES
                ):
                    referral.worker_id = None
                    unallocated += 1
                referral.updated_at = now
            for other in s.scalars(select(YoungPerson).where(YoungPerson.id.in_(people))):
                if other.id != person.id:
                    other.team_id = target.id  # records merged into this one follow it
            person.team_id = target.id
            person.updated_at = now
            person.updated_by = user.username
            record = CaseTransfer(
                young_person_id=person.id,
                from_team_id=from_id,
                to_team_id=target.id,
                by_username=user.username,
                at=now,
                reason=why,
            )
            s.add(record)
            entry = self.ctx.audit(
                s,
                user,
                "transfer_case",
                "young_person",
                person.id,
                # Team names and counts: no personal data (the reason is below, erasable).
                detail=f"from {from_name or 'no team'} to {target.name}; {counts.text()}"
                + (f"; {unallocated} unallocated" if unallocated else ""),
            )
            for field, before, after in (
                ("team", from_name or None, target.name),
                ("reason", None, why or None),
            ):
                if before != after:
                    s.add(
                        AuditFieldChange(
                            audit=entry,
                            young_person_id=person.id,
                            entity="young_person",
                            entity_id=person.id,
                            field=field,
                            before=before,
                            after=after,
                        )
                    )
            s.flush()
            review = _to_review(s, people, insiders)
            done = TransferDone(
                person_id=person.id,
                person_ref=person.person_ref,
                from_team=from_name,
                to_team=target.name,
                counts=counts,
                unallocated=unallocated,
                to_review=review,
            )
            uow.commit()
            return done


def transfers_in(s: Session, people: Iterable[tuple[int, int | None]]) -> dict[int, TransferredIn]:
    """For (person id, team id now) pairs: the transfer that brought each case to the team
    holding it now, when the latest transfer did."""
    team_now = dict(people)
    if not team_now:
        return {}
    rows = s.execute(
        select(CaseTransfer.young_person_id, CaseTransfer.to_team_id, CaseTransfer.at, Team.name)
        .outerjoin(Team, Team.id == CaseTransfer.from_team_id)
        .where(CaseTransfer.young_person_id.in_(sorted(team_now)))
        .order_by(CaseTransfer.young_person_id, CaseTransfer.at, CaseTransfer.id)
    ).all()
    latest: dict[int, tuple[int, datetime, str | None]] = {}
    for pid, to_id, at, from_name in rows:
        latest[pid] = (to_id, at, from_name)  # ordered: the last one wins
    return {
        pid: TransferredIn(from_name or "", at.date())
        for pid, (to_id, at, from_name) in latest.items()
        if to_id == team_now.get(pid)
    }


def _checked_reason(reason: str) -> str:
    if not reason.strip():
        return ""
    return check_text(reason, "reason", REASON_MAX, multi_line=True)


def _person(s: Session, person_id: int) -> YoungPerson:
    person = s.get(YoungPerson, person_id)
    if person is None or person.merged_into_id is not None:
        raise NotFound("This young person's record does not exist. Refresh the list.")
    return person


def _people(s: Session, person_id: int) -> list[int]:
    """The person and every record merged into them (merges can chain)."""
    found, frontier = {person_id}, {person_id}
    while frontier:
        more = set(
            s.scalars(select(YoungPerson.id).where(YoungPerson.merged_into_id.in_(frontier)))
        )
        frontier = more - found
        found |= frontier
    return sorted(found)


def _team_name(s: Session, team_id: int | None) -> str:
    return (s.scalar(select(Team.name).where(Team.id == team_id)) or "") if team_id else ""


def _team_called(s: Session, name: str) -> Team:
    wanted = search_text(name).strip()
    teams = list(s.scalars(select(Team).order_by(Team.name)))
    for team in teams:
        if team.name.casefold() == wanted.casefold():
            return team
    known = ", ".join(t.name for t in teams) or "none yet"
    problem = f"there is no team called {wanted!r}; the teams are: {known}"
    raise ValidationError(
        FieldProblem("team to move to", problem if wanted else f"choose one of: {known}")
    )


def _counts(s: Session, people: list[int]) -> CaseCounts:
    referral_ids = select(Referral.id).where(Referral.young_person_id.in_(people))

    def count(stmt: object) -> int:
        return int(s.scalar(stmt) or 0)  # type: ignore[call-overload]

    return CaseCounts(
        referrals=count(select(func.count()).where(Referral.young_person_id.in_(people))),
        programmes=count(
            select(func.count())
            .select_from(Programme)
            .where(Programme.referral_id.in_(referral_ids))
        ),
        planned_sessions=count(
            select(func.count())
            .select_from(ProgrammeSession)
            .where(
                ProgrammeSession.referral_id.in_(referral_ids),
                ProgrammeSession.status == Attendance.PLANNED.value,
            )
        ),
        letters=count(
            select(func.count())
            .select_from(LetterRecord)
            .where(LetterRecord.referral_id.in_(referral_ids))
        ),
    )


def _to_review(s: Session, people: list[int], insiders: set[int]) -> tuple[SessionToReview, ...]:
    """Planned sessions booked with a worker outside the receiving team."""
    rows = s.execute(
        select(
            ProgrammeSession.id,
            Referral.crime_reference,
            ProgrammeSession.starts_at,
            ProgrammeSession.minutes,
            func.coalesce(Intervention.label, ProgrammeSession.intervention),
            User.display_name,
            User.username,
        )
        .join(Referral, Referral.id == ProgrammeSession.referral_id)
        .outerjoin(Intervention, Intervention.code == ProgrammeSession.intervention)
        .outerjoin(User, User.id == ProgrammeSession.worker_id)
        .where(
            Referral.young_person_id.in_(people),
            ProgrammeSession.status == Attendance.PLANNED.value,
            ProgrammeSession.worker_id.is_not(None),
            ProgrammeSession.worker_id.not_in(sorted(insiders)),
        )
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    ).all()
    return tuple(
        SessionToReview(
            session_id=sid,
            crime_reference=ref,
            starts_at=starts,
            minutes=minutes,
            what=what,
            worker=display or username,
        )
        for sid, ref, starts, minutes, what, display, username in rows
    )
