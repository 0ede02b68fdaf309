"""The permission matrix's database: two teams, and one case of each kind in team WM.

Team WM (Windsor and Maidenhead) holds every target case, worked by the practitioner
jo.evans. The demo's `practitioner` (Priya) works in team WB: the outsider. The demo's
manager, administrator and panel member are in team WB too, so every `yes` cell of theirs is
also a cross-team read or write.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from tests.integration.delivery_helpers import WM_TEAM, new_referral, team_id, user_id
from tests.integration.helpers import demo_user
from yot_desktop.demo import fill_demo
from yot_desktop.domain.crafft import CrafftAnswers
from yot_desktop.domain.enums import Attendance, LetterType, Role, Venue
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.services.letters.service import LetterRequest
from yot_desktop.storage.models import Referral, YoungPerson
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_intake import DuplicateCandidate

ROLES = ("administrator", "manager", "practitioner", "panel")
SIGN_IN = {"administrator": "admin", "manager": "manager", "panel": "panel"}
INSIDER = "jo.evans"  # practitioner, team WM: the target team
OUTSIDER = "practitioner"  # practitioner, team WB
PANEL_DATE = date(2026, 11, 17)
PAST_START = date(2026, 9, 7)  # a Monday well before the fixed clock (20/11/2026)
FUTURE_DAY = date(2026, 11, 25)  # a Wednesday after it, before every deadline


@dataclass(frozen=True)
class Targets:
    """Ids in team WM that the matrix's calls act on."""

    team_id: int
    worker_id: int
    person_id: int
    carer_id: int
    received_id: int  # status received: start a programme, consent, panel, outcome
    received_ref: str
    ineligible_id: int  # status ineligible: override, return to police
    offered_id: int  # status offered: consent
    programme_referral_id: int  # in programme, sessions ahead, one missed session behind
    programme_ref: str
    programme_id: int
    planned_session_id: int
    missed_session_id: int
    follow_up_id: int
    threshold_programme_id: int  # two unexplained absences: a manager's decision is due
    complete_programme_id: int  # every session attended: completion is due
    letter_id: int
    candidate_id: int  # an open pair of possible duplicates
    candidate_person_id: int  # one of that pair
    merge_id: int  # a merge not yet confirmed
    closure_id: int
    expired_person_id: int  # last action years ago: due for deletion
    expired_person_ref: str
    venue_name: str
    venue_id: int


def build(services: Services) -> Targets:
    """Fill an upgraded, empty database; every write here goes through the services."""
    fill_demo(services, people=0, seed=1)  # teams, schemes and the demo staff
    manager = demo_user(services, "manager")
    jo = demo_user(services, INSIDER)
    team = team_id(services, WM_TEAM)
    worker = user_id(services, INSIDER)

    def referral(ref: str, status: str = "received", first: str = "Zoë") -> int:
        return new_referral(
            services,
            ref,
            status=status,
            scheme="WM",
            team=WM_TEAM,
            worker=INSIDER,
            first_name=first,
        )

    received = referral("43/26/0000101")
    services.decisions.record_panel(
        jo, received, services.referrals.get(jo, received).version, PANEL_DATE, "Offer diversion"
    )
    ineligible = referral("43/26/0000102", status="ineligible")
    _mark_ineligible(services, ineligible)
    offered = referral("43/26/0000106", status="offered")

    in_programme = referral("43/26/0000103", first="Siobhán")
    started = services.programmes.start(jo, in_programme, start=PAST_START, at=time(16, 0))
    sessions = sorted(started.booked, key=lambda r: r.starts_at)
    missed = services.attendance.mark(
        jo, sessions[0].id, sessions[0].version, Attendance.DID_NOT_ATTEND, reason="Ill"
    )
    planned = sessions[1]  # in the past, not yet marked: still planned
    [follow_up] = services.attendance.follow_ups(jo)
    # One intervention more, not booked yet: for book_remaining, and to move or remove.
    pid = started.programme.id
    services.plans.add_item(jo, pid, version_of(services, Programme, pid), "harm_reduction")

    threshold = referral("43/26/0000104", first="Łukasz")
    t_started = services.programmes.start(jo, threshold, start=PAST_START, at=time(10, 0))
    for s in sorted(t_started.booked, key=lambda r: r.starts_at)[1:3]:
        services.attendance.mark(jo, s.id, s.version, Attendance.DID_NOT_ATTEND, reason="None")

    complete = referral("43/26/0000105", first="Thị Mai")
    c_started = services.programmes.start(jo, complete, start=PAST_START, at=time(13, 0))
    for s in c_started.booked:
        services.attendance.mark(jo, s.id, s.version, Attendance.ATTENDED)

    person_id = services.referrals.get(jo, received).person_id
    carers = services.carers.add(jo, person_id, CarerInput("Anna Example", "Mother"))
    services.screening.record(
        jo,
        person_id,
        CrafftAnswers(0, 3, 0, True, False, False, False, False, False),
        screened_on=date(2026, 11, 16),
    )
    letter = services.letters.make(jo, LetterRequest(in_programme, LetterType.OFFER))

    pair = [
        services.referrals.get(jo, referral(f"43/26/00002{i}", first="Aoife")).person_id
        for i in range(4)
    ]
    candidate = _candidate(services, pair[0], pair[1])
    merge = services.duplicates.merge(manager, _candidate(services, pair[2], pair[3]), pair[2])

    expired = referral("43/19/0000107", status="completed", first="Seán")
    expired_person = _make_expired(services, expired)

    closure = services.calendar_settings.add_closure(
        manager, team, date(2026, 12, 24), "Christmas Eve"
    )
    venue = services.calendar_settings.save_venue(
        manager, "Maidenhead Library", Venue.SCHOOL, 8, team
    )
    return Targets(
        team_id=team,
        worker_id=worker,
        person_id=person_id,
        carer_id=carers[0].id,
        received_id=received,
        received_ref="43/26/0000101",
        ineligible_id=ineligible,
        offered_id=offered,
        programme_referral_id=in_programme,
        programme_ref="43/26/0000103",
        programme_id=started.programme.id,
        planned_session_id=planned.id,
        missed_session_id=missed.session.id,
        follow_up_id=follow_up.id,
        threshold_programme_id=t_started.programme.id,
        complete_programme_id=c_started.programme.id,
        letter_id=letter.record.id,
        candidate_id=candidate,
        candidate_person_id=pair[0],
        merge_id=merge,
        closure_id=closure.id,
        expired_person_id=expired_person[0],
        expired_person_ref=expired_person[1],
        venue_name=venue.name,
        venue_id=venue.id,
    )


def sign_in_all(services: Services) -> dict[str, CurrentUser]:
    """One signed-in user per role (the practitioner is the insider), and the outsider."""
    users = {role: demo_user(services, name) for role, name in SIGN_IN.items()}
    users["practitioner"] = demo_user(services, INSIDER)
    users["outsider"] = demo_user(services, OUTSIDER)
    assert {u.role for u in users.values()} == set(Role)
    assert users["practitioner"].team_id != users["outsider"].team_id
    return users


def scheme_table(code: str) -> dict[str, object]:
    """A copy of the shipped WM scheme under a new code (for the scheme editor)."""
    root = Path(__file__).resolve().parents[2]
    text = (root / "resources" / "schemes" / "windsor_maidenhead.toml").read_text("utf-8")
    table: dict[str, object] = tomllib.loads(text)["scheme"]
    return {**table, "code": code, "name": f"Matrix test scheme {code}"}


def _mark_ineligible(services: Services, referral_id: int) -> None:
    with services.ctx.uow() as uow:
        uow.session.execute(
            update(Referral)
            .where(Referral.id == referral_id)
            .values(eligible=False, eligibility_reasons="OVER_THRESHOLD", quantity=9)
        )
        uow.commit()


def _make_expired(services: Services, referral_id: int) -> tuple[int, str]:
    """Move a closed case back to 2019, with a young person now over 18."""
    old = date(2019, 3, 1)
    with services.ctx.uow() as uow:
        s = uow.session
        r = s.get_one(Referral, referral_id)
        r.referral_date = r.offence_date = old
        r.created_at = r.updated_at = datetime.combine(old, time(9, 0))
        p = s.get_one(YoungPerson, r.young_person_id)
        p.date_of_birth = date(2003, 5, 4)
        p.created_at = p.updated_at = datetime.combine(old, time(9, 0))
        found = p.id, p.person_ref
        uow.commit()
    return found


def _candidate(services: Services, person_id: int, other_id: int) -> int:
    with services.ctx.uow() as uow:
        row = DuplicateCandidate(
            person_id=person_id,
            other_person_id=other_id,
            reason="same name and date of birth",
            found_at=services.ctx.clock(),
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def version_of(services: Services, model: Any, row_id: int) -> int:
    """A row's current version, read straight from the table (no permission involved)."""
    with services.ctx.uow() as uow:
        version = uow.session.scalar(select(model.version).where(model.id == row_id))
    assert isinstance(version, int), (model, row_id)
    return version
