"""Shared by the retention tests: a demo person whose case closed years ago."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select, update

from yot_desktop.services.container import Services
from yot_desktop.storage.models import ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_delivery import AttendanceMarkRow, Programme
from yot_desktop.storage.models_intake import Consent, CrafftScreening, ReferralStatusChange
from yot_desktop.storage.models_letters import LetterRecord

OLD = datetime(2019, 3, 1, 9, 0)
OPEN = ["received", "offered", "in_programme"]


def age_closed_person(services: Services) -> tuple[int, str, str]:
    """Move the first demo person with no open referral back to 2019, born in 2003: due for
    deletion since 01/03/2022. Returns (id, reference, last name)."""
    with services.ctx.uow() as uow:
        s = uow.session
        open_people = select(Referral.young_person_id).where(Referral.status.in_(OPEN))
        person = s.scalars(
            select(YoungPerson).where(YoungPerson.id.not_in(open_people)).order_by(YoungPerson.id)
        ).first()
        assert person is not None
        person.date_of_birth = date(2003, 5, 4)
        person.created_at = person.updated_at = OLD
        # Every date retention reasons from (services/admin/retention_facts.py) goes back to 2019.
        s.execute(
            update(CrafftScreening)
            .where(CrafftScreening.young_person_id == person.id)
            .values(screened_on=OLD.date())
        )
        for r in s.scalars(select(Referral).where(Referral.young_person_id == person.id)):
            r.referral_date = r.offence_date = OLD.date()
            r.created_at = r.updated_at = OLD
            if r.police_informed_on is not None:
                r.police_informed_on = OLD.date()
            s.execute(
                update(ProgrammeSession)
                .where(ProgrammeSession.referral_id == r.id)
                .values(starts_at=datetime.combine(OLD.date(), time(16, 0)))
            )
            sessions = select(ProgrammeSession.id).where(ProgrammeSession.referral_id == r.id)
            s.execute(
                update(AttendanceMarkRow)
                .where(AttendanceMarkRow.session_id.in_(sessions))
                .values(marked_at=OLD)
            )
            s.execute(
                update(ReferralStatusChange)
                .where(ReferralStatusChange.referral_id == r.id)
                .values(at=OLD)
            )
            s.execute(
                update(LetterRecord)
                .where(LetterRecord.referral_id == r.id, LetterRecord.sent_at.is_not(None))
                .values(sent_at=OLD)
            )
            s.execute(
                update(LetterRecord).where(LetterRecord.referral_id == r.id).values(created_at=OLD)
            )
            s.execute(
                update(Programme)
                .where(Programme.referral_id == r.id, Programme.closed_at.is_not(None))
                .values(closed_at=OLD)
            )
            s.execute(
                update(Consent).where(Consent.referral_id == r.id).values(taken_on=OLD.date())
            )
        found = person.id, person.person_ref, person.last_name
        uow.commit()
    return found


def closed_person(services: Services) -> int:
    """A demo person with closed referrals, sessions and a parent or carer."""
    with services.ctx.uow() as uow:
        s = uow.session
        open_people = select(Referral.young_person_id).where(Referral.status.in_(OPEN))
        return int(
            s.scalars(
                select(Referral.young_person_id)
                .where(
                    Referral.status == "completed",
                    Referral.young_person_id.not_in(open_people),
                )
                .order_by(Referral.id)
            ).first()
            or 0
        )
