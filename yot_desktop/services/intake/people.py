"""Young people: the caseload list and the person record."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import Gender
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.ethnicity import find_ethnicity
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import (
    ADDRESS_LINE_MAX,
    DATE_EXAMPLE,
    FREE_TEXT_MAX,
    LANGUAGE_MAX,
    NAME_MAX,
    NRM_DECISION_MAX,
    SCHOOL_MAX,
    TOWN_MAX,
    check_date_of_birth,
    check_text,
    normalise_postcode,
    text_problems,
)
from yot_desktop.services.admin.staff_names import staff_name
from yot_desktop.services.admin.transfer import transfers_in
from yot_desktop.services.core import ServiceContext, person_scope, scoped
from yot_desktop.services.dto import CurrentUser, Page, PersonDetail, PersonRow
from yot_desktop.services.intake.core import set_search_columns
from yot_desktop.services.intake.search import (
    PAGE_SIZE,
    CaseloadFilter,
    base_select,
    filter_conditions,
    run_search,
    search_condition,
)
from yot_desktop.storage.models import Team, YoungPerson


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
    gender: str | None = None
    ethnicity: str | None = None
    exploitation_concern: bool | None = None
    nrm_referral_date: date | None = None
    clear_nrm_referral_date: bool = False
    nrm_decision: str | None = None
    missing_episodes: int | None = None
    other_agencies: str | None = None


S = TypeVar("S", bound=Select[Any])


class PeopleService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def search(
        self,
        user: CurrentUser,
        query: str = "",
        offset: int = 0,
        limit: int = PAGE_SIZE,
        filters: CaseloadFilter | None = None,
    ) -> Page[PersonRow]:
        """Indexed prefix search over folded names, references, postcode and date of birth."""
        self.ctx.require(user, Permission.VIEW_CASES, "search_people")
        dialect = self.ctx.engine.dialect.name
        stmt = base_select()
        # "+ 0" keeps SQLite from choosing the team index (a third of everyone) over the
        # selective search indexes.
        stmt = scoped(user, stmt, YoungPerson.__table__.c.team_id + 0)
        condition = search_condition(query, dialect)
        if condition is not None:
            stmt = stmt.where(condition)
        for term in filter_conditions(filters or CaseloadFilter()):
            stmt = stmt.where(term)
        with self.ctx.uow() as uow:
            total, rows = run_search(uow.session, stmt, offset, limit)
            return Page(rows=rows, offset=offset, total=total)

    def get(self, user: CurrentUser, person_id: int) -> PersonDetail:
        self.ctx.require(user, Permission.VIEW_CASES, "view_person")
        lookup = self.ctx.audit_not_found(user, "view_person", "young_person", person_id)
        with lookup, self.ctx.uow() as uow:
            person = self._load(uow.session, user, person_id)
            self.ctx.audit(uow.session, user, "view_person", "young_person", person_id)
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
        problems.extend(_safeguarding_problems(changes, self.ctx.clock().date()))
        problems.extend(_text_problems(changes))
        if changes.ethnicity is not None and (found := find_ethnicity(changes.ethnicity)):
            changes = replace(changes, ethnicity=found.code)
        if problems:
            raise ValidationError(problems)
        changes = replace(
            changes,
            communication_needs=_free_text(changes.communication_needs),
            send_needs=_free_text(changes.send_needs),
            other_agencies=_free_text(changes.other_agencies),
        )
        with self.ctx.uow() as uow:
            s = uow.session
            person = uow.saw(
                self._load(s, user, person_id),
                expected_version,
                "young person's record",
                changed_by=lambda p: staff_name(s, p.updated_by) or None,
            )
            changed = []
            if changes.clear_nrm_referral_date and person.nrm_referral_date is not None:
                person.nrm_referral_date = None
                changed.append("nrm_referral_date")
            for f in fields(changes):
                value = getattr(changes, f.name)
                if value is None or f.name == "clear_nrm_referral_date":
                    continue
                if isinstance(value, str):
                    value = value.strip()
                if getattr(person, f.name) != value:
                    setattr(person, f.name, value)
                    changed.append(f.name)
            if changed:
                set_search_columns(person)
                person.updated_at = self.ctx.clock()
                person.updated_by = user.username
                # Field names in the log; the values (personal data) in audit_field_change.
                self.ctx.audit_changes(s, user, "edit_person", person, person.id)
            uow.commit()
            return _detail(s, person)

    def _load(self, s: Session, user: CurrentUser, person_id: int) -> YoungPerson:
        person = s.scalar(
            person_scope(user, select(YoungPerson).where(YoungPerson.id == person_id))
        )
        if person is None:
            raise NotFound("This young person's record does not exist or is not in your team.")
        return person


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
        updated_by=staff_name(s, p.updated_by),
        exploitation_concern=p.exploitation_concern,
        nrm_referral_date=p.nrm_referral_date,
        nrm_decision=p.nrm_decision,
        missing_episodes=p.missing_episodes,
        other_agencies=p.other_agencies,
        transferred_in=arrived.text()
        if (arrived := transfers_in(s, [(p.id, p.team_id)]).get(p.id))
        else "",
    )


def _free_text(value: str | None) -> str | None:
    """Checked multi-line text, trimmed, with plain line breaks (None: unchanged)."""
    return None if value is None else check_text(value, "text", FREE_TEXT_MAX, multi_line=True)


def _text_problems(c: PersonChanges) -> list[FieldProblem]:
    """Control characters and over-long text, checked before the database (shared policy)."""
    return text_problems(
        ("first name", c.first_name, NAME_MAX),
        ("last name", c.last_name, NAME_MAX),
        ("preferred name", c.preferred_name, NAME_MAX),
        ("school", c.school, SCHOOL_MAX),
        ("address line 1", c.address_line_1, ADDRESS_LINE_MAX),
        ("address line 2", c.address_line_2, ADDRESS_LINE_MAX),
        ("town", c.town, TOWN_MAX),
        ("first language", c.first_language, LANGUAGE_MAX),
        ("NRM decision", c.nrm_decision, NRM_DECISION_MAX),
    ) + text_problems(
        ("communication needs", c.communication_needs, FREE_TEXT_MAX),
        ("SEND needs", c.send_needs, FREE_TEXT_MAX),
        ("other agencies", c.other_agencies, FREE_TEXT_MAX),
        multi_line=True,
    )


def _safeguarding_problems(changes: PersonChanges, today: date) -> list[FieldProblem]:
    problems = []
    if changes.missing_episodes is not None and not 0 <= changes.missing_episodes <= 999:
        problems.append(FieldProblem("missing episodes", "Enter a whole number, 0 or more"))
    if changes.nrm_referral_date is not None and changes.nrm_referral_date > today:
        problems.append(
            FieldProblem(
                "NRM referral date",
                f"Enter the date of the National Referral Mechanism referral, today or "
                f"earlier, like {DATE_EXAMPLE}",
            )
        )
    if changes.gender is not None and changes.gender not in {g.value for g in Gender}:
        problems.append(FieldProblem("gender", "Choose female, male, other or not known"))
    if changes.ethnicity is not None and find_ethnicity(changes.ethnicity) is None:
        problems.append(FieldProblem("ethnicity", "Choose an ethnic group from the list"))
    return problems
