"""Referrals: the inbox, the manual referral form, and every decision taken on a referral.

Status changes go through domain/status.py only; each is kept in the referral's history.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from yot_desktop.domain.consent import ConsentFacts, Party, check_consent, missing_consents
from yot_desktop.domain.enums import ReferralStatus, Unit
from yot_desktop.domain.errors import (
    ConflictError,
    FieldProblem,
    InvalidTransition,
    NotFound,
    ValidationError,
)
from yot_desktop.domain.names import fold
from yot_desktop.domain.outcomes import find_outcome
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.status import check_transition, returned_to_police
from yot_desktop.domain.validation import (
    DATE_EXAMPLE,
    check_date_of_birth,
    check_not_future,
    normalise_postcode,
    validate_email,
)
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser, Page
from yot_desktop.services.dto_intake import NewReferral, ReferralDetail, ReferralRow
from yot_desktop.services.intake_core import (
    PersonFields,
    ReferralFacts,
    add_referral,
    checked_carer,
    link_or_create_person,
    new_carer,
    taken_references,
)
from yot_desktop.services.people import team_scope
from yot_desktop.services.referral_views import (
    inbox_condition,
    referral_detail,
    referral_scope,
    row_select,
    to_row,
)
from yot_desktop.services.schemes import rules_of
from yot_desktop.storage.models import Referral, Scheme, YoungPerson
from yot_desktop.storage.models_intake import Consent, ReferralStatusChange

MIN_OVERRIDE_REASON = 20


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
            stmt = stmt.where(Referral.status == status)
        if scheme_code:
            stmt = stmt.where(Scheme.code == scheme_code)
        if person_id is not None:
            stmt = stmt.where(Referral.young_person_id == person_id)
        q = query.strip()
        if q:
            prefix = fold(q)
            stmt = stmt.where(
                (Referral.crime_reference.startswith(q, autoescape=True))
                | YoungPerson.search_name.startswith(prefix, autoescape=True)
                | YoungPerson.search_reverse.startswith(prefix, autoescape=True)
            )
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
        with self.ctx.uow() as uow:
            r = self._load(uow.session, user, referral_id)
            self.ctx.audit(uow.session, user, "view", "referral", referral_id)
            detail = referral_detail(uow.session, r)
            uow.commit()
            return detail

    def find_by_crime_reference(self, user: CurrentUser, crime_reference: str) -> ReferralDetail:
        self.ctx.require(user, Permission.VIEW_CASES, "view_referral")
        with self.ctx.uow() as uow:
            rid = uow.session.scalar(
                referral_scope(user, select(Referral.id)).where(
                    Referral.crime_reference == crime_reference.strip()
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
                .where(Scheme.code == form.scheme_code)
            )
            if scheme is None:
                problems.append(FieldProblem("scheme", "Choose a scheme"))
            if form.crime_reference.strip() and taken_references(s, [form.crime_reference]):
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
                    team_scope(user, select(YoungPerson)).where(YoungPerson.id == form.person_id)
                )
                if person is None:
                    problems.append(FieldProblem("young person", "Choose a young person"))
            if problems:
                raise ValidationError(problems)
            now = self.ctx.clock()
            if person is None:
                assert form.date_of_birth is not None
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
                )
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

    # --- decisions ------------------------------------------------------------------------
    def change_status(
        self, user: CurrentUser, referral_id: int, version: int, to: ReferralStatus, note: str = ""
    ) -> ReferralDetail:
        """Offer, decline, withdraw, start the programme, and so on, as the rules allow."""
        self.ctx.require(user, Permission.EDIT_CASES, "change_status")
        if to is ReferralStatus.NOT_ENGAGED:
            self.ctx.require(user, Permission.DECIDE_ENGAGEMENT, "change_status")
        with self.ctx.uow() as uow:
            s = uow.session
            r = self._load_version(s, user, referral_id, version)
            old = ReferralStatus(r.status)
            check_transition(old, to)
            if to is ReferralStatus.IN_PROGRAMME:
                given = s.execute(
                    select(Consent.party, Consent.consented)
                    .where(Consent.referral_id == r.id)
                    .order_by(Consent.id)
                ).all()
                missing = missing_consents((Party(p), c) for p, c in given)
                if missing:
                    raise InvalidTransition(". ".join(missing) + ".")
            self._set_status(s, user, r, to, note.strip())
            uow.commit()
            return referral_detail(s, r)

    def override(
        self, user: CurrentUser, referral_id: int, version: int, reason: str
    ) -> ReferralDetail:
        """A manager's override: an ineligible referral is received after all, with a reason."""
        self.ctx.require(user, Permission.OVERRIDE_ELIGIBILITY, "override_eligibility")
        reason = reason.strip()
        if len(reason) < MIN_OVERRIDE_REASON:
            raise ValidationError(
                FieldProblem(
                    "reason",
                    f"Write why the scheme should take this referral (at least "
                    f"{MIN_OVERRIDE_REASON} characters). It is kept on the referral",
                )
            )
        with self.ctx.uow() as uow:
            s = uow.session
            r = self._load_version(s, user, referral_id, version)
            check_transition(ReferralStatus(r.status), ReferralStatus.RECEIVED, override=True)
            r.override_reason = reason
            r.override_by = user.display_name or user.username
            r.override_at = self.ctx.clock()
            self._set_status(s, user, r, ReferralStatus.RECEIVED, "Manager's override")
            uow.commit()
            return referral_detail(s, r)

    def record_consent(
        self,
        user: CurrentUser,
        referral_id: int,
        party: Party,
        given_by: str,
        taken_on: date,
        lawful_basis: str,
        *,
        consented: bool = True,
        carer_id: int | None = None,
    ) -> ReferralDetail:
        self.ctx.require(user, Permission.EDIT_CASES, "record_consent")
        facts = ConsentFacts(party, given_by, consented, taken_on, lawful_basis)
        with self.ctx.uow() as uow:
            s = uow.session
            r = self._load(s, user, referral_id)
            if r.status != ReferralStatus.OFFERED.value:
                raise InvalidTransition(
                    "Consent is recorded once the programme has been offered. "
                    f"This referral is {ReferralStatus(r.status).label.lower()}."
                )
            offered_on = s.scalar(
                select(func.max(ReferralStatusChange.at)).where(
                    ReferralStatusChange.referral_id == r.id,
                    ReferralStatusChange.to_status == ReferralStatus.OFFERED.value,
                )
            )
            check_consent(facts, self.ctx.clock().date(), offered_on.date() if offered_on else None)
            s.add(
                Consent(
                    referral_id=r.id,
                    party=party.value,
                    carer_id=carer_id,
                    given_by=given_by.strip(),
                    consented=consented,
                    taken_on=taken_on,
                    taken_by=user.username,
                    lawful_basis=lawful_basis.strip(),
                    recorded_at=self.ctx.clock(),
                )
            )
            self.ctx.audit(s, user, "record_consent", "referral", r.id, detail=party.value)
            uow.commit()
            return referral_detail(s, r)

    def record_panel(
        self, user: CurrentUser, referral_id: int, version: int, panel_date: date, decision: str
    ) -> ReferralDetail:
        """The joint decision-making panel's date and decision."""
        self.ctx.require(user, Permission.EDIT_CASES, "record_panel")
        problems = []
        if panel_date > self.ctx.clock().date():
            problems.append(
                FieldProblem("panel date", f"Enter the date the panel met, like {DATE_EXAMPLE}")
            )
        if not decision.strip():
            problems.append(FieldProblem("panel decision", "Enter the panel's decision"))
        if problems:
            raise ValidationError(problems)
        return self._edit(
            user,
            referral_id,
            version,
            "record_panel",
            panel_date=panel_date,
            panel_decision=decision.strip()[:200],
        )

    def set_outcome(
        self, user: CurrentUser, referral_id: int, version: int, code: str
    ) -> ReferralDetail:
        """The Home Office outcome code the police recorded."""
        self.ctx.require(user, Permission.EDIT_CASES, "set_outcome")
        outcome = find_outcome(code)
        if outcome is None:
            raise ValidationError(
                FieldProblem("outcome code", "Choose an outcome code: 1, 2, 8, 21, 22 or 23")
            )
        return self._edit(user, referral_id, version, "set_outcome", outcome_code=outcome.code)

    def return_to_police(
        self, user: CurrentUser, referral_id: int, version: int, informed_on: date
    ) -> ReferralDetail:
        """Record that the police were told: for declined, ineligible or not engaged only."""
        self.ctx.require(user, Permission.EDIT_CASES, "return_to_police")
        with self.ctx.uow() as uow:
            r = self._load(uow.session, user, referral_id)
            status = ReferralStatus(r.status)
        if not returned_to_police(status):
            raise InvalidTransition(
                f"This referral is {status.label.lower()}. Only declined, not eligible or "
                "not engaged referrals go back to the police."
            )
        check_not_future(informed_on, self.ctx.clock().date(), "date", "date")
        return self._edit(
            user, referral_id, version, "return_to_police", police_informed_on=informed_on
        )

    # --- helpers ---------------------------------------------------------------------------
    def _edit(
        self, user: CurrentUser, referral_id: int, version: int, action: str, **values: object
    ) -> ReferralDetail:
        with self.ctx.uow() as uow:
            s = uow.session
            r = self._load_version(s, user, referral_id, version)
            for name, value in values.items():
                setattr(r, name, value)
            r.updated_at = self.ctx.clock()
            self.ctx.audit(s, user, action, "referral", r.id, detail=",".join(values))
            uow.commit()
            return referral_detail(s, r)

    def _set_status(
        self, s: Session, user: CurrentUser, r: Referral, to: ReferralStatus, note: str
    ) -> None:
        old = r.status
        r.status = to.value
        r.updated_at = self.ctx.clock()
        s.add(
            ReferralStatusChange(
                referral_id=r.id,
                from_status=old,
                to_status=to.value,
                at=self.ctx.clock(),
                by_username=user.username,
                note=note,
            )
        )
        self.ctx.audit(s, user, "change_status", "referral", r.id, detail=f"{old}>{to.value}")

    def _load(self, s: Session, user: CurrentUser, referral_id: int) -> Referral:
        r = s.scalar(referral_scope(user, select(Referral)).where(Referral.id == referral_id))
        if r is None:
            raise NotFound("This referral does not exist or is not in your team.")
        return r

    def _load_version(
        self, s: Session, user: CurrentUser, referral_id: int, version: int
    ) -> Referral:
        r = self._load(s, user, referral_id)
        if r.version != version:
            raise ConflictError("referral", referral_id, current={"version": r.version})
        return r


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
    if form.quantity < 0:
        problems.append(FieldProblem("quantity", "Enter the quantity as a number, 0 or more"))
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
        try:
            postcode = normalise_postcode(form.postcode)
        except ValidationError as err:
            problems.extend(err.problems)
    return problems, postcode, email
