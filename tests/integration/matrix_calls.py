"""One call per service operation, with minimal valid arguments, for the permission matrix.

Each call acts on a target case of team WM (see matrix_setup). `sees` says whether a list
operation's result shows the target (for the team-scoping checks); `pseudonymised` says
whether a panel summary came out pseudonymised. Every call gets a fresh copy of the database,
so writes need no undoing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.integration.delivery_helpers import WM_TEAM
from tests.integration.helpers import GOOD_PASSWORD
from tests.integration.intake_data import csv_text, row
from tests.integration.matrix_setup import (
    FUTURE_DAY,
    PANEL_DATE,
    PAST_START,
    Targets,
    scheme_table,
    version_of,
)
from yot_desktop.domain.consent import LAWFUL_BASES, Party
from yot_desktop.domain.crafft import CrafftAnswers
from yot_desktop.domain.engagement import DecisionOutcome
from yot_desktop.domain.enums import Attendance, LetterType, ReferralStatus, Role, Venue
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.venues import VenueInput
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import SessionProposal
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import CarerInput, NewReferral
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.services.letters.service import LetterRequest
from yot_desktop.storage.models import Carer, ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_delivery import FollowUp, Programme
from yot_desktop.storage.models_delivery import Venue as VenueRecord


@dataclass(frozen=True)
class Env:
    services: Services
    t: Targets
    tmp: Path


Call = Callable[[Env, CurrentUser], Any]


@dataclass(frozen=True)
class Op:
    call: Call
    sees: Callable[[Any, Targets], bool] | None = None  # list operations only
    pseudonymised: Callable[[Any], bool] | None = None  # panel summaries only
    # Besides NotFound and PermissionDenied: how this operation refuses another team's case.
    outsider_error: type[Exception] | None = None
    # Shows the caller's own team or own work by design, whatever their role may see.
    personal: bool = False


def _v(env: Env, model: Any, row_id: int) -> int:
    return version_of(env.services, model, row_id)


def _proposal(env: Env, day: date = FUTURE_DAY) -> SessionProposal:
    starts = datetime.combine(day, time(11, 0))
    return SessionProposal(env.t.programme_referral_id, starts, 60, worker_id=env.t.worker_id)


_VENUE = VenueInput("Windsor Youth Centre", Venue.PROVIDER, "Alma Road", "", "Windsor", "SL4 3HD")


def _letter(env: Env) -> LetterRequest:
    return LetterRequest(env.t.programme_referral_id, LetterType.OFFER)


def _period() -> tuple[date, date]:
    return date(2026, 1, 1), date(2026, 11, 20)


def _new_referral(env: Env) -> NewReferral:
    return NewReferral(
        crime_reference="43/26/0000900",
        referral_date=date(2026, 11, 19),
        scheme_code="WM",
        referring_officer="PC Jane Hollis",
        offence_date=date(2026, 11, 18),
        substance="cannabis",
        quantity=Decimal("2"),
        unit="g",
        supply_suspected=False,
        person_id=env.t.person_id,
    )


def _attendance_csv(env: Env) -> str:
    day = f"{PAST_START.replace(day=PAST_START.day + 7):%Y-%m-%d}"  # the planned session
    return f"crime_reference,session_date,attendance\n{env.t.programme_ref},{day},attended\n"


def _export_scheme(env: Env, user: CurrentUser) -> str:
    out = io.BytesIO()
    env.services.reports.export_scheme(user, *_period(), "csv", out)
    return out.getvalue().decode("utf-8")


def _export_scheme_file(env: Env, user: CurrentUser) -> str:
    path = env.tmp / "scheme.csv"
    env.services.reports.export_scheme_file(user, *_period(), path)
    return path.read_text("utf-8")


def _counts_referrals(text: str, t: Targets) -> bool:
    """Whether an exported evaluation counts any referral (shown, or hidden as small)."""
    del t
    rows = list(csv.DictReader(io.StringIO(text)))
    [referred] = [
        r["value"]
        for r in rows
        if (r["section"], r["group"], r["measure"]) == ("Referrals", "All", "Referred")
    ]
    return referred != "0"


def _rows(attr: str, wanted: Callable[[Targets], int]) -> Callable[[Any, Targets], bool]:
    """`sees` for a list of rows: does a row's `attr` equal the target's id?"""
    return lambda result, t: any(getattr(r, attr) == wanted(t) for r in result)


_PROGRAMME_REFERRAL = _rows("referral_id", lambda t: t.programme_referral_id)

OPS: dict[str, Op] = {
    # --- accounts and setup ------------------------------------------------------------
    "auth.change_password": Op(
        lambda e, u: e.services.auth.change_password(u, "demo", GOOD_PASSWORD)
    ),
    "users.add_user": Op(
        lambda e, u: e.services.users.add_user(
            u, "new.worker", Role.PRACTITIONER, GOOD_PASSWORD, team=WM_TEAM
        )
    ),
    "users.list_users": Op(lambda e, u: e.services.users.list_users(u)),
    "schemes.export_text": Op(lambda e, u: e.services.schemes.export_text(u)),
    "schemes.load_text": Op(lambda e, u: e.services.schemes.load_text(u, _scheme_toml())),
    "scheme_editor.save": Op(
        lambda e, u: e.services.scheme_editor.save(u, scheme_table("ZZ"), None)
    ),
    "scheme_editor.versions": Op(lambda e, u: e.services.scheme_editor.versions(u)),
    "database.backup": Op(lambda e, u: e.services.database.backup(u, e.tmp / "backup.db")),
    # --- people, carers, screening, duplicates ----------------------------------------
    "people.search": Op(
        lambda e, u: e.services.people.search(u).rows, _rows("id", lambda t: t.person_id)
    ),
    "people.get": Op(lambda e, u: e.services.people.get(u, e.t.person_id)),
    "people.update": Op(
        lambda e, u: e.services.people.update(
            u,
            e.t.person_id,
            _v(e, YoungPerson, e.t.person_id),
            PersonChanges(school="Furze Platt Senior School"),
        )
    ),
    "carers.list_carers": Op(lambda e, u: e.services.carers.list_carers(u, e.t.person_id)),
    "carers.add": Op(
        lambda e, u: e.services.carers.add(u, e.t.person_id, CarerInput("Ben Example", "Father"))
    ),
    "carers.update": Op(
        lambda e, u: e.services.carers.update(
            u,
            e.t.carer_id,
            _v(e, Carer, e.t.carer_id),
            CarerInput("Anna Example", "Mother", phone="07700 900456"),
        )
    ),
    "carers.remove": Op(
        lambda e, u: e.services.carers.remove(u, e.t.carer_id, _v(e, Carer, e.t.carer_id))
    ),
    "screening.list_screenings": Op(
        lambda e, u: e.services.screening.list_screenings(u, e.t.person_id)
    ),
    "screening.record": Op(
        lambda e, u: e.services.screening.record(
            u, e.t.person_id, CrafftAnswers(0, 0, 0, car=False), screened_on=date(2026, 11, 19)
        )
    ),
    "duplicates.list_candidates": Op(
        lambda e, u: e.services.duplicates.list_candidates(u), _rows("id", lambda t: t.candidate_id)
    ),
    "duplicates.compare": Op(lambda e, u: e.services.duplicates.compare(u, e.t.candidate_id)),
    "duplicates.merge": Op(
        lambda e, u: e.services.duplicates.merge(u, e.t.candidate_id, e.t.candidate_person_id)
    ),
    "duplicates.not_duplicate": Op(
        lambda e, u: e.services.duplicates.not_duplicate(u, e.t.candidate_id)
    ),
    "duplicates.undo_merge": Op(lambda e, u: e.services.duplicates.undo_merge(u, e.t.merge_id)),
    "duplicates.confirm_merge": Op(
        lambda e, u: e.services.duplicates.confirm_merge(u, e.t.merge_id)
    ),
    # --- referrals and intake ----------------------------------------------------------
    "referrals.list_referrals": Op(
        lambda e, u: e.services.referrals.list_referrals(u).rows,
        _rows("id", lambda t: t.received_id),
    ),
    "referrals.get": Op(lambda e, u: e.services.referrals.get(u, e.t.received_id)),
    "referrals.find_by_crime_reference": Op(
        lambda e, u: e.services.referrals.find_by_crime_reference(u, e.t.received_ref)
    ),
    "referrals.create": Op(
        # For another team's young person the form says "Choose a young person".
        lambda e, u: e.services.referrals.create(u, _new_referral(e)),
        outsider_error=ValidationError,
    ),
    "decisions.change_status": Op(
        lambda e, u: e.services.decisions.change_status(
            u, e.t.received_id, _v(e, Referral, e.t.received_id), ReferralStatus.OFFERED
        )
    ),
    "decisions.override": Op(
        lambda e, u: e.services.decisions.override(
            u,
            e.t.ineligible_id,
            _v(e, Referral, e.t.ineligible_id),
            "Weighed again at the station: 4 g, within the threshold",
        )
    ),
    "decisions.record_consent": Op(
        lambda e, u: e.services.decisions.record_consent(
            u, e.t.offered_id, Party.YOUNG_PERSON, "Zoë", date(2026, 11, 19), LAWFUL_BASES[0]
        )
    ),
    "decisions.record_panel": Op(
        lambda e, u: e.services.decisions.record_panel(
            u, e.t.received_id, _v(e, Referral, e.t.received_id), date(2026, 11, 18), "Offer"
        )
    ),
    "decisions.set_outcome": Op(
        lambda e, u: e.services.decisions.set_outcome(
            u, e.t.received_id, _v(e, Referral, e.t.received_id), "22"
        )
    ),
    "decisions.return_to_police": Op(
        lambda e, u: e.services.decisions.return_to_police(
            u, e.t.ineligible_id, _v(e, Referral, e.t.ineligible_id), date(2026, 11, 19)
        )
    ),
    "intake.import_text": Op(
        lambda e, u: e.services.intake.import_text(u, csv_text(row("43/26/0000901", scheme="WM")))
    ),
    "intake.preview": Op(
        lambda e, u: e.services.intake.preview(u, csv_text(row("43/26/0000901", scheme="WM")))
    ),
    "referral_export.export_csv": Op(
        lambda e, u: e.services.referral_export.export_csv(u),
        lambda text, t: t.received_ref in text,
    ),
    "referral_export.rows": Op(
        lambda e, u: list(e.services.referral_export.rows(u)),
        lambda rows, t: any(r[0] == t.received_ref for r in rows),
    ),
    # --- programmes --------------------------------------------------------------------
    "programmes.catalogue": Op(lambda e, u: e.services.programmes.catalogue(u)),
    "programmes.save_intervention": Op(
        lambda e, u: e.services.programmes.save_intervention(u, "matrix_check", "Matrix check", 60)
    ),
    "programmes.referrals": Op(
        lambda e, u: e.services.programmes.referrals(u), _PROGRAMME_REFERRAL
    ),
    "programmes.get": Op(lambda e, u: e.services.programmes.get(u, e.t.programme_referral_id)),
    "programmes.start": Op(
        lambda e, u: e.services.programmes.start(u, e.t.received_id, start=FUTURE_DAY)
    ),
    "programmes.plan_start": Op(
        lambda e, u: e.services.programmes.plan_start(u, e.t.received_id, start=FUTURE_DAY)
    ),
    "programmes.start_by_reference": Op(
        lambda e, u: e.services.programmes.start_by_reference(u, e.t.received_ref, start=FUTURE_DAY)
    ),
    "plans.add_item": Op(
        lambda e, u: e.services.plans.add_item(
            u, e.t.programme_id, _v(e, Programme, e.t.programme_id), "family_session"
        )
    ),
    "plans.update_item": Op(
        lambda e, u: e.services.plans.update_item(
            u, e.t.programme_id, _v(e, Programme, e.t.programme_id), 2, minutes=45
        )
    ),
    "plans.move_item": Op(
        lambda e, u: e.services.plans.move_item(
            u, e.t.programme_id, _v(e, Programme, e.t.programme_id), 2, 1
        )
    ),
    "plans.remove_item": Op(
        lambda e, u: e.services.plans.remove_item(
            u, e.t.programme_id, _v(e, Programme, e.t.programme_id), 2
        )
    ),
    "programmes.book_remaining": Op(
        lambda e, u: e.services.programmes.book_remaining(
            u, e.t.programme_id, FUTURE_DAY, time(12, 0), accept_warnings=True
        )
    ),
    # --- scheduling --------------------------------------------------------------------
    "scheduling.diary": Op(
        lambda e, u: e.services.scheduling.diary(u, PAST_START, date(2026, 12, 31)),
        _PROGRAMME_REFERRAL,
    ),
    "programmes.booking_choices": Op(
        lambda e, u: e.services.programmes.booking_choices(u).workers,
        _rows("id", lambda t: t.worker_id),
    ),
    "scheduling.workers": Op(
        lambda e, u: e.services.scheduling.workers(u), _rows("id", lambda t: t.worker_id)
    ),
    "calendar_settings.venues": Op(
        lambda e, u: e.services.calendar_settings.venues(u),
        lambda rows, t: any(r.name == t.venue_name for r in rows),
    ),
    "calendar_settings.closures": Op(
        lambda e, u: e.services.calendar_settings.closures(u, e.t.team_id)
    ),
    "calendar_settings.add_closure": Op(
        lambda e, u: e.services.calendar_settings.add_closure(
            u, e.t.team_id, date(2026, 12, 31), "New Year's Eve"
        )
    ),
    "calendar_settings.remove_closure": Op(
        lambda e, u: e.services.calendar_settings.remove_closure(u, e.t.closure_id)
    ),
    "calendar_settings.save_venue": Op(
        lambda e, u: e.services.calendar_settings.save_venue(
            u, "Windsor Youth Centre", Venue.PROVIDER, 10, e.t.team_id
        )
    ),
    "venues.venue_list": Op(
        lambda e, u: e.services.venues.venue_list(u, e.t.team_id),
        lambda rows, t: any(r.id == t.venue_id for r in rows),
    ),
    "venues.add_venue": Op(lambda e, u: e.services.venues.add_venue(u, e.t.team_id, _VENUE)),
    "venues.change_venue": Op(
        lambda e, u: e.services.venues.change_venue(
            u, e.t.venue_id, _v(e, VenueRecord, e.t.venue_id), _VENUE
        )
    ),
    "venues.set_venue_active": Op(
        lambda e, u: e.services.venues.set_venue_active(
            u, e.t.venue_id, _v(e, VenueRecord, e.t.venue_id), False
        )
    ),
    "scheduling.check": Op(lambda e, u: e.services.scheduling.check(u, _proposal(e))),
    "scheduling.check_series": Op(
        lambda e, u: e.services.scheduling.check_series(u, _proposal(e), 2)
    ),
    "scheduling.nearest_free": Op(lambda e, u: e.services.scheduling.nearest_free(u, _proposal(e))),
    "scheduling.series_dates": Op(
        lambda e, u: e.services.scheduling.series_dates(u, e.t.programme_referral_id, FUTURE_DAY, 2)
    ),
    "scheduling.book": Op(
        lambda e, u: e.services.scheduling.book(u, _proposal(e), accept_warnings=True)
    ),
    "scheduling.book_series": Op(
        lambda e, u: e.services.scheduling.book_series(
            u, _proposal(e, date(2026, 11, 17)), 2, accept_warnings=True
        )
    ),
    "scheduling.reschedule": Op(
        lambda e, u: e.services.scheduling.reschedule(
            u,
            e.t.planned_session_id,
            _v(e, ProgrammeSession, e.t.planned_session_id),
            datetime.combine(FUTURE_DAY, time(11, 0)),
            accept_warnings=True,
        )
    ),
    "scheduling.history": Op(lambda e, u: e.services.scheduling.history(u, e.t.planned_session_id)),
    # --- attendance and engagement -----------------------------------------------------
    "attendance.register": Op(
        lambda e, u: e.services.attendance.register(u, PAST_START),
        _PROGRAMME_REFERRAL,
        personal=True,
    ),
    "attendance.mark": Op(
        lambda e, u: e.services.attendance.mark(
            u,
            e.t.planned_session_id,
            _v(e, ProgrammeSession, e.t.planned_session_id),
            Attendance.ATTENDED,
        )
    ),
    "attendance.correct": Op(
        lambda e, u: e.services.attendance.correct(
            u,
            e.t.missed_session_id,
            _v(e, ProgrammeSession, e.t.missed_session_id),
            Attendance.ATTENDED,
            note="Marked on the wrong line",
        )
    ),
    "attendance.history": Op(lambda e, u: e.services.attendance.history(u, e.t.missed_session_id)),
    "attendance_import.import_csv": Op(
        lambda e, u: e.services.attendance_import.import_csv(u, _attendance_csv(e), dry_run=True),
        lambda preview, t: bool(preview.lines) and not preview.problems,
    ),
    "attendance.follow_ups": Op(
        lambda e, u: e.services.attendance.follow_ups(u), _rows("id", lambda t: t.follow_up_id)
    ),
    "attendance.complete_follow_up": Op(
        lambda e, u: e.services.attendance.complete_follow_up(
            u, e.t.follow_up_id, _v(e, FollowUp, e.t.follow_up_id), "Called mum"
        )
    ),
    "engagement.programmes": Op(
        lambda e, u: e.services.engagement.programmes(u),
        _rows("programme_id", lambda t: t.programme_id),
    ),
    "engagement.for_referral": Op(
        lambda e, u: e.services.engagement.for_referral(u, e.t.programme_referral_id)
    ),
    "engagement.decisions_due": Op(
        lambda e, u: e.services.engagement.decisions_due(u),
        _rows("programme_id", lambda t: t.threshold_programme_id),
    ),
    "engagement.completions_due": Op(
        lambda e, u: e.services.engagement.completions_due(u),
        _rows("programme_id", lambda t: t.complete_programme_id),
    ),
    "engagement.letters_due": Op(
        lambda e, u: e.services.engagement.letters_due(u), _PROGRAMME_REFERRAL
    ),
    "engagement.my_work": Op(
        lambda e, u: e.services.engagement.my_work(u, today=PAST_START).sessions,
        _PROGRAMME_REFERRAL,
        personal=True,
    ),
    "engagement.decide": Op(
        lambda e, u: e.services.engagement.decide(
            u,
            e.t.threshold_programme_id,
            _v(e, Programme, e.t.threshold_programme_id),
            DecisionOutcome.CONTINUE,
            "Family bereavement; agreed to carry on",
        )
    ),
    "engagement.confirm_completion": Op(
        lambda e, u: e.services.engagement.confirm_completion(
            u, e.t.complete_programme_id, _v(e, Programme, e.t.complete_programme_id)
        )
    ),
    # --- letters -----------------------------------------------------------------------
    "letters.due": Op(lambda e, u: e.services.letters.due(u), _PROGRAMME_REFERRAL),
    "letters.context": Op(lambda e, u: e.services.letters.context(u, _letter(e))),
    "letters.preview": Op(lambda e, u: e.services.letters.preview(u, _letter(e))),
    "letters.make": Op(lambda e, u: e.services.letters.make(u, _letter(e))),
    "letters.make_by_reference": Op(
        lambda e, u: e.services.letters.make_by_reference(u, e.t.programme_ref, LetterType.OFFER)
    ),
    "letters.batch": Op(
        lambda e, u: e.services.letters.batch(u, None, PAST_START, date(2026, 12, 31)),
        lambda result, t: result.count > 0,
    ),
    "letters.history": Op(
        lambda e, u: e.services.letters.history(u), _rows("id", lambda t: t.letter_id)
    ),
    "letters.reopen": Op(lambda e, u: e.services.letters.reopen(u, e.t.letter_id)),
    "letters.accessible": Op(lambda e, u: e.services.letters.accessible(u, e.t.letter_id)),
    "letters.warnings": Op(lambda e, u: e.services.letters.warnings(u, _letter(e))),
    "letters.mark_sent": Op(lambda e, u: e.services.letters.mark_sent(u, e.t.letter_id, "post")),
    # --- reports -----------------------------------------------------------------------
    "reports.schemes": Op(lambda e, u: e.services.reports.schemes(u)),
    # Team WM's referrals are the only ones in the period: a count above 0 shows them.
    "reports.evaluation": Op(
        lambda e, u: e.services.reports.evaluation(u, *_period()),
        lambda ev, t: ev.funnel.referred > 0,
    ),
    "reports.export_scheme": Op(_export_scheme, _counts_referrals),
    "reports.export_scheme_file": Op(_export_scheme_file, _counts_referrals),
    "reports.panel_dates": Op(
        lambda e, u: e.services.reports.panel_dates(u), lambda dates, t: PANEL_DATE in dates
    ),
    "reports.panel_case": Op(
        lambda e, u: e.services.reports.panel_case(u, e.t.received_ref),
        pseudonymised=lambda result: bool(result[1].pseudonymised),
    ),
    "reports.recommendation": Op(
        lambda e, u: e.services.reports.recommendation(u, e.t.received_ref)
    ),
    "reports.save_recommendation": Op(
        lambda e, u: e.services.reports.save_recommendation(
            u, e.t.received_ref, "Offer the diversion programme.", None
        )
    ),
    "reports.preview_recommendation": Op(
        lambda e, u: e.services.reports.preview_recommendation(
            u, e.t.received_ref, "Offer the diversion programme."
        )
    ),
    "reports.panel_summary": Op(
        # Asks for an identifiable summary: the panel role must get a pseudonymised one.
        lambda e, u: e.services.reports.panel_summary(
            u, e.t.received_ref, io.BytesIO(), pseudonymised=False
        ),
        pseudonymised=bool,
    ),
    "reports.panel_pack": Op(
        lambda e, u: e.services.reports.panel_pack(
            u, PANEL_DATE, io.BytesIO(), pseudonymised=False
        ),
        lambda result, t: result[0] > 0,
        pseudonymised=lambda result: bool(result[1]),
    ),
    "reports.panel_agenda": Op(
        lambda e, u: e.services.reports.panel_agenda(u, PANEL_DATE, pseudonymised=False),
        lambda rows, t: len(rows) > 0,
        pseudonymised=lambda rows: bool(rows) and all(r.pseudonymised for r in rows),
    ),
}


def _scheme_toml() -> str:
    root = Path(__file__).resolve().parents[2]
    return (root / "resources" / "schemes" / "windsor_maidenhead.toml").read_text("utf-8")
