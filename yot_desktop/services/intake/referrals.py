"""Referrals: the inbox and the manual referral form; every decision taken on a referral is
`ReferralDecisionService`, in services/intake/decisions.py.

Status changes go through domain/status.py only; each is kept in the referral's history.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from yot_desktop.domain.enums import Gender, Unit
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import (
    ADDRESS_LINE_MAX,
    CRIME_REFERENCE_MAX,
    DATE_EXAMPLE,
    FREE_TEXT_MAX,
    NAME_MAX,
    OFFICER_MAX,
    PLACE_MAX,
    SCHEME_CODE_MAX,
    SUBSTANCE_MAX,
    TOWN_MAX,
    check_date_of_birth,
    check_quantity,
    normalise_postcode,
    search_text,
    text_problems,
    validate_email,
)
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.core import ServiceContext, person_scope, referral_scope, sees_all_teams
from yot_desktop.services.delivery.common import load_referral
from yot_desktop.services.dto import CurrentUser, Page
from yot_desktop.services.intake.core import (
    HeldByAnotherTeam,
    PersonFields,
    ReferralFacts,
    add_referral,
    checked_carer,
    link_or_create_person,
    new_carer,
    taken_references,
)
from yot_desktop.services.intake.decisions import MIN_OVERRIDE_REASON
from yot_desktop.services.intake.dto import NewReferral, ReferralDetail, ReferralRow
from yot_desktop.services.intake.search import name_ids, reference_ids
from yot_desktop.services.intake.views import (
    inbox_condition,
    referral_detail,
    row_select,
    to_row,
)
from yot_desktop.storage.models import Referral, Scheme, YoungPerson

__all__ = ["MIN_OVERRIDE_REASON", "ReferralService"]


class ReferralService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reading -------------------------------------------------------------------------
    def list_referrals(
        self,
        user: CurrentUser,
        *,
        inbox: bool = False,
        status: str | None = None,
        scheme_code: str | None = None,
        person_id: int | None = None,
        query: str = "",
        offset: int = 0,
        limit: int = 200,
    ) -> Page[ReferralRow]:
        """The Referrals inbox (`inbox=True`), or every referral matching the filters."""
        self.ctx.require(user, Permission.VIEW_CASES, "list_referrals")
        stmt = referral_scope(user, row_select()).where(YoungPerson.merged_into_id.is_(None))
        if inbox:
            stmt = stmt.where(inbox_condition())
        if status:
            stmt = stmt.where(Referral.status == search_text(status))
        if scheme_code:
            stmt = stmt.where(Scheme.code == search_text(scheme_code))
        if person_id is not None:
            stmt = stmt.where(Referral.young_person_id == person_id)
        q = search_text(query)
        if q:
            # A crime reference by any part (its last digits, often), or a name by its start;
            # each found through its own index before the join.
            dialect = self.ctx.engine.dialect.name
            found = [Referral.id.in_(reference_ids(q, dialect))]
            people = name_ids(q, dialect)
            if people is not None:
                found.append(Referral.young_person_id.in_(people))
            stmt = stmt.where(or_(*found))
        with self.ctx.uow() as uow:
            s = uow.session
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = s.execute(
                stmt.order_by(Referral.referral_date.desc(), Referral.id.desc())
                .offset(offset)
                .limit(limit)
            ).all()
            return Page(tuple(to_row(r) for r in rows), offset, total)

    def get(self, user: CurrentUser, referral_id: int) -> ReferralDetail:
        self.ctx.require(user, Permission.VIEW_CASES, "view_referral")
        lookup = self.ctx.audit_not_found(user, "view_referral", "referral", referral_id)
        with lookup, self.ctx.uow() as uow:
            r = load_referral(uow.session, user, referral_id)
            self.ctx.audit(uow.session, user, "view_referral", "referral", referral_id)
            detail = referral_detail(uow.session, r)
            uow.commit()
            return detail

    def find_by_crime_reference(self, user: CurrentUser, crime_reference: str) -> ReferralDetail:
        self.ctx.require(user, Permission.VIEW_CASES, "view_referral")
        with self.ctx.uow() as uow:
            rid = uow.session.scalar(
                referral_scope(user, select(Referral.id)).where(
                    Referral.crime_reference == search_text(crime_reference)
                )
            )
        if rid is None:
            raise NotFound(f"There is no referral with crime reference {crime_reference}")
        return self.get(user, rid)

    # --- the manual referral form ---------------------------------------------------------
    def create(self, user: CurrentUser, form: NewReferral) -> ReferralDetail:
        """Add one referral typed in by staff, deciding its eligibility as an import would."""
        self.ctx.require(user, Permission.EDIT_CASES, "create_referral")
        today = self.ctx.clock().date()
        problems, postcode, officer_email = _check_form(form, today)
        carer = None
        if form.carer is not None and form.carer.name.strip():
            try:
                carer = checked_carer(form.carer)
            except ValidationError as err:
                problems.extend(err.problems)
        with self.ctx.uow() as uow:
            s = uow.session
            scheme = s.scalar(
                select(Scheme)
                .options(selectinload(Scheme.thresholds))
                .where(Scheme.code == search_text(form.scheme_code))
            )
            if scheme is None:
                problems.append(FieldProblem("scheme", "Choose a scheme"))
            # search_text: a refused reference (already a problem) must not reach the query.
            reference = search_text(form.crime_reference)
            if reference and taken_references(s, [reference]):
                problems.append(
                    FieldProblem(
                        "crime reference",
                        f"{form.crime_reference.strip()} is already on file. "
                        "Each referral needs its own crime reference",
                    )
                )
            person = None
            if form.person_id is not None:
                person = s.scalar(
                    person_scope(user, select(YoungPerson)).where(YoungPerson.id == form.person_id)
                )
                if person is None:
                    problems.append(FieldProblem("young person", "Choose a young person"))
            if problems:
                raise ValidationError(problems)
            now = self.ctx.clock()
            if person is None:
                assert form.date_of_birth is not None
                try:
                    person, _how = link_or_create_person(
                        s,
                        PersonFields(
                            first_name=form.first_name,
                            last_name=form.last_name,
                            date_of_birth=form.date_of_birth,
                            gender=form.gender,
                            address_line_1=form.address_line_1,
                            address_line_2=form.address_line_2,
                            town=form.town,
                            postcode=postcode,
                        ),
                        user.team_id,
                        now,
                        user.username,
                        all_teams=sees_all_teams(user),
                    )
                except HeldByAnotherTeam as err:
                    self.ctx.audit_now(
                        user,
                        "create_referral",
                        entity="young_person",
                        entity_id=err.person_id,
                        outcome="refused",
                        detail="held by another team",
                    )
                    raise ValidationError(FieldProblem("young person", str(err))) from err
            if carer is not None:
                s.add(new_carer(person.id, carer))
            assert scheme is not None
            referral, _decision, _prior = add_referral(
                s,
                person,
                scheme.id,
                rules_of(scheme),
                ReferralFacts(
                    crime_reference=form.crime_reference,
                    referral_date=form.referral_date,
                    referring_officer=form.referring_officer,
                    officer_email=officer_email,
                    offence_date=form.offence_date,
                    offence_location=form.offence_location,
                    substance=form.substance,
                    quantity=form.quantity,
                    unit=Unit(form.unit),
                    supply_suspected=form.supply_suspected,
                    notes=form.notes,
                ),
                user.team_id if person.team_id is None else person.team_id,
                user.id,
                now,
                user.username,
            )
            self.ctx.audit(s, user, "create", "referral", referral.id, detail="form")
            uow.commit()
            return referral_detail(s, referral)


def _check_form(form: NewReferral, today: date) -> tuple[list[FieldProblem], str, str]:
    """Problems with the typed form, the tidy postcode and the tidy officer email."""
    problems: list[FieldProblem] = []
    postcode, email = form.postcode, form.officer_email.strip()
    if not form.crime_reference.strip():
        problems.append(FieldProblem("crime reference", "Enter the police crime reference"))
    if not form.referring_officer.strip():
        problems.append(FieldProblem("referring officer", "Enter the referring officer's name"))
    if email:
        try:
            email = validate_email(email, "officer email")
        except ValidationError as err:
            problems.extend(err.problems)
    if form.referral_date > today:
        problems.append(
            FieldProblem(
                "referral date", f"Enter a referral date today or earlier, like {DATE_EXAMPLE}"
            )
        )
    if form.offence_date > form.referral_date:
        problems.append(
            FieldProblem("offence date", "Enter an offence date on or before the referral date")
        )
    if not form.substance.strip():
        problems.append(FieldProblem("substance", "Enter the substance, like cannabis"))
    problems.extend(
        text_problems(
            ("crime reference", form.crime_reference, CRIME_REFERENCE_MAX),
            ("scheme", form.scheme_code, SCHEME_CODE_MAX),
            ("referring officer", form.referring_officer, OFFICER_MAX),
            ("offence location", form.offence_location, PLACE_MAX),
            ("substance", form.substance, SUBSTANCE_MAX),
        )
    )
    problems.extend(text_problems(("notes", form.notes, FREE_TEXT_MAX), multi_line=True))
    try:
        check_quantity(form.quantity, "quantity")
    except ValidationError as err:
        problems.extend(err.problems)
    if form.unit not in {u.value for u in Unit}:
        problems.append(FieldProblem("unit", "Choose a unit"))
    if form.person_id is None:
        if not form.first_name.strip():
            problems.append(FieldProblem("first name", "Enter the young person's first name"))
        if not form.last_name.strip():
            problems.append(FieldProblem("last name", "Enter the young person's last name"))
        if form.date_of_birth is None:
            problems.append(
                FieldProblem("date of birth", f"Enter the date of birth, like {DATE_EXAMPLE}")
            )
        else:
            try:
                check_date_of_birth(form.date_of_birth, today, "date of birth")
            except ValidationError as err:
                problems.extend(err.problems)
            if form.offence_date < form.date_of_birth:
                problems.append(
                    FieldProblem("offence date", "Enter an offence date after the date of birth")
                )
        if not form.address_line_1.strip():
            problems.append(FieldProblem("address line 1", "Enter the first line of the address"))
        if form.gender not in {g.value for g in Gender}:
            problems.append(FieldProblem("gender", "Choose female, male, other or not known"))
        problems.extend(
            text_problems(
                ("first name", form.first_name, NAME_MAX),
                ("last name", form.last_name, NAME_MAX),
                ("address line 1", form.address_line_1, ADDRESS_LINE_MAX),
                ("address line 2", form.address_line_2, ADDRESS_LINE_MAX),
                ("town", form.town, TOWN_MAX),
            )
        )
        try:
            postcode = normalise_postcode(form.postcode)
        except ValidationError as err:
            problems.extend(err.problems)
    return problems, postcode, email
