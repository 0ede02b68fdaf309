"""Young people: the caseload list and the person record."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import ConflictError, FieldProblem, NotFound, ValidationError
from yot_desktop.domain.names import fold
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.validation import check_date_of_birth, normalise_postcode
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser, Page, PersonDetail, PersonRow
from yot_desktop.storage.models import Referral, Scheme, Team, YoungPerson


@dataclass(frozen=True)
class PersonChanges:
    """Fields a user edits on the person record; None means unchanged."""

    first_name: str | None = None
    last_name: str | None = None
    preferred_name: str | None = None
    date_of_birth: date | None = None
    school: str | None = None
    address_line_1: str | None = None
    address_line_2: str | None = None
    town: str | None = None
    postcode: str | None = None
    first_language: str | None = None
    interpreter_needed: bool | None = None
    communication_needs: str | None = None
    send_needs: str | None = None
    looked_after: bool | None = None


S = TypeVar("S", bound=Select[Any])


def team_scope(user: CurrentUser, stmt: S) -> S:
    """Practitioners see their own team's young people only: scoped in the query itself."""
    if allowed(user.role, Permission.VIEW_ALL_TEAMS):
        return stmt
    return stmt.where(YoungPerson.team_id == user.team_id)


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class PeopleService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def search(
        self, user: CurrentUser, query: str = "", offset: int = 0, limit: int = 200
    ) -> Page[PersonRow]:
        self.ctx.require(user, Permission.VIEW_CASES, "search_people")
        stmt = team_scope(user, select(YoungPerson))
        q = query.strip()
        if q:
            folded = _like_prefix(fold(q))
            stmt = stmt.where(
                or_(
                    YoungPerson.search_name.like(folded, escape="\\"),
                    YoungPerson.search_last.like(folded, escape="\\"),
                    YoungPerson.person_ref == q.upper(),
                )
            )
        with self.ctx.uow() as uow:
            s = uow.session
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            people = s.scalars(
                stmt.order_by(YoungPerson.search_last, YoungPerson.search_name, YoungPerson.id)
                .offset(offset)
                .limit(limit)
            ).all()
            latest = _latest_referrals(s, [p.id for p in people])
            rows = tuple(
                PersonRow(
                    id=p.id,
                    person_ref=p.person_ref,
                    first_name=p.first_name,
                    last_name=p.last_name,
                    date_of_birth=p.date_of_birth,
                    postcode=p.postcode,
                    latest_crime_reference=latest.get(p.id, ("", "", ""))[0],
                    latest_status=latest.get(p.id, ("", "", ""))[1],
                    scheme_code=latest.get(p.id, ("", "", ""))[2],
                )
                for p in people
            )
            return Page(rows=rows, offset=offset, total=total)

    def get(self, user: CurrentUser, person_id: int) -> PersonDetail:
        self.ctx.require(user, Permission.VIEW_CASES, "view_person")
        with self.ctx.uow() as uow:
            person = self._load(uow.session, user, person_id)
            self.ctx.audit(uow.session, user, "view", "young_person", person_id)
            detail = _detail(uow.session, person)
            uow.commit()
            return detail

    def update(
        self, user: CurrentUser, person_id: int, expected_version: int, changes: PersonChanges
    ) -> PersonDetail:
        """Apply changes made to the version the user saw; a newer version is a conflict."""
        self.ctx.require(user, Permission.EDIT_CASES, "edit_person")
        problems: list[FieldProblem] = []
        for name in ("first_name", "last_name"):
            value = getattr(changes, name)
            if value is not None and not value.strip():
                problems.append(FieldProblem(name.replace("_", " "), "Enter a name"))
        if changes.date_of_birth is not None:
            try:
                check_date_of_birth(changes.date_of_birth, self.ctx.clock().date())
            except ValidationError as err:
                problems.extend(err.problems)
        if changes.postcode is not None and changes.postcode.strip():
            try:
                changes = replace(changes, postcode=normalise_postcode(changes.postcode))
            except ValidationError as err:
                problems.extend(err.problems)
        if problems:
            raise ValidationError(problems)
        with self.ctx.uow() as uow:
            s = uow.session
            person = self._load(s, user, person_id)
            if person.version != expected_version:
                raise ConflictError(
                    "young person's record",
                    person_id,
                    changed_by=person.updated_by or None,
                    current={"version": person.version},
                )
            changed = []
            for f in fields(changes):
                value = getattr(changes, f.name)
                if value is None:
                    continue
                if isinstance(value, str):
                    value = value.strip()
                if getattr(person, f.name) != value:
                    setattr(person, f.name, value)
                    changed.append(f.name)
            if changed:
                person.search_name = fold(f"{person.first_name} {person.last_name}")
                person.search_last = fold(person.last_name)
                person.updated_at = self.ctx.clock()
                person.updated_by = user.username
                # Field names only: the values are personal data and stay out of the audit log.
                self.ctx.audit(s, user, "edit", "young_person", person_id, detail=",".join(changed))
            uow.commit()
            return _detail(s, person)

    def _load(self, s: Session, user: CurrentUser, person_id: int) -> YoungPerson:
        person = s.scalar(team_scope(user, select(YoungPerson).where(YoungPerson.id == person_id)))
        if person is None:
            raise NotFound("This young person's record does not exist or is not in your team.")
        return person


def _latest_referrals(s: Session, person_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    if not person_ids:
        return {}
    latest = (
        select(Referral.young_person_id, func.max(Referral.referral_date).label("d"))
        .where(Referral.young_person_id.in_(person_ids))
        .group_by(Referral.young_person_id)
        .subquery()
    )
    rows = s.execute(
        select(Referral.young_person_id, Referral.crime_reference, Referral.status, Scheme.code)
        .join(
            latest,
            and_(
                Referral.young_person_id == latest.c.young_person_id,
                Referral.referral_date == latest.c.d,
            ),
        )
        .join(Scheme, Scheme.id == Referral.scheme_id)
    ).all()
    return {pid: (ref, status, code) for pid, ref, status, code in rows}


def _detail(s: Session, p: YoungPerson) -> PersonDetail:
    team = s.get(Team, p.team_id) if p.team_id else None
    return PersonDetail(
        id=p.id,
        version=p.version,
        person_ref=p.person_ref,
        first_name=p.first_name,
        last_name=p.last_name,
        preferred_name=p.preferred_name,
        date_of_birth=p.date_of_birth,
        gender=p.gender,
        ethnicity=p.ethnicity,
        address_line_1=p.address_line_1,
        address_line_2=p.address_line_2,
        town=p.town,
        postcode=p.postcode,
        school=p.school,
        first_language=p.first_language,
        interpreter_needed=p.interpreter_needed,
        communication_needs=p.communication_needs,
        send_needs=p.send_needs,
        looked_after=p.looked_after,
        possible_duplicate=p.possible_duplicate,
        team_name=team.name if team else "",
        updated_at=p.updated_at,
        updated_by=p.updated_by,
    )
