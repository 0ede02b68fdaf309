"""Demo data for the joint decision-making panel: a panel a fortnight ago and one next week,
each with cases listed, and recommendations written for the past panel's cases and some of the
next one's (so a panel pack prints on demo data, as a new user would try it)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from yot_desktop.storage.models import Referral, YoungPerson
from yot_desktop.storage.models_reports import PanelRecommendation

CASES_PER_PANEL = 6
_PAST = ("in_programme", "completed", "not_engaged")
_NEXT = ("received", "offered")
_WORDS = {
    "in_programme": "{name} has attended the assessment and the first sessions. Continue the "
    "programme; review at the next panel.",
    "completed": "{name} completed every session and has been open about cannabis use. "
    "Close as a completed diversion and tell the referring officer.",
    "not_engaged": "{name} missed two sessions without a reason. Return the case to the "
    "police for a decision.",
    "received": "{name} is eligible and has no earlier diversion. Offer the programme.",
    "offered": "{name} and the family are considering the offer. Agree the diversion if "
    "accepted by the deadline.",
}


def panel_days(today: date) -> tuple[date, date]:
    """The Wednesday panel two weeks back and the next Wednesday's."""
    last_wednesday = today - timedelta(days=(today.weekday() - 2) % 7 or 7)
    return last_wednesday - timedelta(days=7), last_wednesday + timedelta(days=7)


def list_for_panels(
    s: Session, rng: random.Random, first_referral_id: int, today: date, now: datetime
) -> None:
    """List some of the referrals made from ``first_referral_id`` on for the two panels."""
    past, upcoming = panel_days(today)
    for when, statuses, written in ((past, _PAST, 1.0), (upcoming, _NEXT, 0.5)):
        rows = s.execute(
            select(Referral.id, Referral.status, YoungPerson.first_name)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .where(
                Referral.id >= first_referral_id,
                Referral.status.in_(statuses),
                Referral.panel_date.is_(None),
                Referral.referral_date < when,
            )
            .order_by(Referral.id)
            .limit(CASES_PER_PANEL * 20)
        ).all()
        chosen = _mixed(rng, rows)
        if not chosen:
            continue
        s.execute(
            update(Referral)
            .where(Referral.id.in_([rid for rid, _, _ in chosen]))
            .values(panel_date=when)
        )
        notes = [
            {
                "referral_id": rid,
                "version": 1,
                "text": _WORDS[status].format(name=first),
                "written_by": "practitioner",
                "written_at": now,
            }
            for rid, status, first in chosen
            if rng.random() < written
        ]
        if notes:
            s.execute(insert(PanelRecommendation), notes)


def _mixed(rng: random.Random, rows: Sequence[Any]) -> list[Any]:
    """Up to CASES_PER_PANEL rows, taking each status in turn, so an agenda shows a mix."""
    by_status: dict[str, list[Any]] = {}
    for row in rng.sample(list(rows), len(rows)):
        by_status.setdefault(row[1], []).append(row)
    chosen: list[Any] = []
    while len(chosen) < CASES_PER_PANEL and any(by_status.values()):
        for status in sorted(by_status):
            if by_status[status] and len(chosen) < CASES_PER_PANEL:
                chosen.append(by_status[status].pop())
    return chosen
