"""The scheme evaluation's SQL aggregate against the row-by-row reference (report_oracle) on
demo data with every kind of record the evaluation reads: offers, programmes, screenings,
withdrawn referrals with and without a session, overrides, second referrals, a 29 February
birthday, unknown genders and ethnicities. SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.integration.report_oracle import load_facts
from yot_desktop.domain.evaluation import evaluate, evaluate_counts
from yot_desktop.domain.evaluation_counts import count_facts
from yot_desktop.services.container import Services
from yot_desktop.services.reports.sql import evaluation_statement, load_counts
from yot_desktop.storage.models import ProgrammeSession, Referral, Scheme, YoungPerson
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_intake import CrafftScreening, ReferralStatusChange

WINDOW = 365


@pytest.fixture
def varied(demo: Services) -> Services:
    """The demo data with the records the demo does not make, chosen at random (seeded)."""
    rng = random.Random(7)
    now = demo.ctx.clock()
    with demo.ctx.uow() as uow:
        s = uow.session
        referrals = s.execute(
            select(Referral.id, Referral.young_person_id, Referral.status, Referral.referral_date)
        ).all()
        with_programme = set(s.scalars(select(Programme.referral_id)))
        for rid, pid, status, referred in referrals:
            if (
                status in ("offered", "declined", "in_programme", "completed")
                and rng.random() < 0.7
            ):
                s.add(
                    ReferralStatusChange(
                        referral_id=rid, to_status="offered", at=now, by_username="t"
                    )
                )
            if status == "received" and rng.random() < 0.2:  # offered once, status put back
                s.add(
                    ReferralStatusChange(
                        referral_id=rid, to_status="offered", at=now, by_username="t"
                    )
                )
            if (
                status in ("in_programme", "completed", "withdrawn")
                and rid not in with_programme
                and rng.random() < 0.6
            ):
                s.add(
                    Programme(
                        referral_id=rid,
                        start_date=referred,
                        deadline=referred + timedelta(weeks=12),
                        started_by="t",
                        started_at=now,
                    )
                )
            if status == "withdrawn" and rng.random() < 0.5:
                s.add(
                    ProgrammeSession(
                        referral_id=rid,
                        intervention="assessment",
                        starts_at=datetime.combine(
                            referred + timedelta(days=3), datetime.min.time()
                        ),
                        minutes=60,
                        venue="yot_office",
                        status=rng.choice(("attended", "cancelled_by_service")),
                    )
                )
            for _ in range(rng.choice((0, 0, 1, 2))):
                positive = rng.random() < 0.5
                s.add(
                    CrafftScreening(
                        young_person_id=pid,
                        referral_id=rid,
                        screened_on=referred,
                        screened_by="t",
                        alcohol_days=1,
                        cannabis_days=3,
                        other_days=0,
                        score=3 if positive else 1,
                        positive=positive,
                        need_identified_by_worker=rng.random() < 0.2,
                    )
                )
            if status == "ineligible" and rng.random() < 0.1:
                s.execute(update(Referral).where(Referral.id == rid).values(override_by="manager"))
        people = s.scalars(select(YoungPerson).order_by(YoungPerson.id).limit(6)).all()
        people[0].date_of_birth = date(2008, 2, 29)
        people[1].gender = "other"
        people[2].gender = "unrecorded"
        people[3].ethnicity = "NS"
        people[4].ethnicity = ""
        # A later referral of person 5 moved to 200 days after their first: a second referral.
        first = s.scalar(select(Referral).where(Referral.young_person_id == people[5].id))
        assert first is not None
        s.add(
            Referral(
                crime_reference="AGAIN/1",
                young_person_id=people[5].id,
                scheme_id=first.scheme_id,
                referral_date=first.referral_date + timedelta(days=200),
                referring_officer="PC Example",
                offence_date=first.referral_date + timedelta(days=199),
                substance="cannabis",
                quantity=1,
                unit="g",
                supply_suspected=False,
                status="received",
                eligible=True,
                created_at=now,
                updated_at=now,
            )
        )
        uow.commit()
    return demo


@pytest.mark.parametrize(
    ("period", "scheme"),
    [
        ((date(2020, 1, 1), date(2030, 12, 31)), None),
        # Cuts through the demo's referrals (from 22 May 2026): interventions
        # referred before it end in it (KPI 6), referrals in it are referred again after it.
        ((date(2026, 7, 1), date(2026, 9, 30)), None),
        ((date(2025, 1, 1), date(2026, 12, 31)), "WB"),
        ((date(2031, 1, 1), date(2031, 12, 31)), None),  # nobody referred
    ],
)
def test_sql_counts_match_the_reference(
    varied: Services, period: tuple[date, date], scheme: str | None
) -> None:
    first, last = period
    with varied.ctx.uow() as uow:
        s = uow.session
        sid = s.scalar(select(Scheme.id).where(Scheme.code == scheme)) if scheme else None
        counts = load_counts(s, sid, first, last, WINDOW)
        everything = load_facts(s, sid, first, last, WINDOW)
    in_period = [f for f in everything if first <= f.referral_date <= last]
    expected = count_facts(in_period, everything, WINDOW)
    assert counts.people_referred == expected.people_referred
    assert counts.people_referred_again == expected.people_referred_again
    assert dict(counts.waiting) == dict(expected.waiting)
    assert dict(counts.profiles) == dict(expected.profiles)
    # And so every figure of the evaluation.
    assert evaluate_counts(counts, first, last) == evaluate(everything, first, last)


def test_the_variety_is_there(varied: Services) -> None:
    """The comparison above means something only if each rule is exercised."""
    first, last = date(2020, 1, 1), date(2030, 12, 31)
    with varied.ctx.uow() as uow:
        counts = load_counts(uow.session, None, first, last, WINDOW)
    ev = evaluate_counts(counts, first, last)
    f, k = ev.funnel, ev.kpi5
    assert f.referred > f.eligible > f.offered > f.accepted > 0
    assert f.declined and f.completed and f.not_engaged and f.withdrawn and f.in_programme
    assert k.screened > k.need_identified > k.intervention_offered >= k.attended > 0
    assert ev.people_referred > ev.people_referred_again > 0
    assert ev.waiting.count > 0
    # Police outcomes: each code the YOT reports, and others (charge, caution...) or none.
    oc = ev.outcome_codes
    assert oc.code_21 and oc.code_22 and oc.code_23 and oc.other
    assert ev.kpi6.ended > ev.kpi6.completed > 0
    # KPI 6 counts interventions that ended in the period whenever they were referred: a
    # period that cuts through the referrals has some referred before it.
    first, last = date(2026, 7, 1), date(2026, 9, 30)
    with varied.ctx.uow() as uow:
        everything = load_facts(uow.session, None, first, last, WINDOW)
    assert any(
        f.referral_date < first and f.ended_on and first <= f.ended_on <= last for f in everything
    )
    genders = dict(ev.breakdowns[1].groups)
    assert genders["Other"].referred and genders["Not known"].referred
    assert dict(ev.breakdowns[2].groups)["Not stated"].referred


def test_without_the_materialised_hint_the_rows_are_the_same(varied: Services) -> None:
    """Older SQLite (before 3.35) gets the statement without MATERIALIZED."""
    first, last = date(2020, 1, 1), date(2030, 12, 31)
    with varied.ctx.uow() as uow:
        s = uow.session

        def rows(materialise: bool) -> list[tuple[object, ...]]:
            stmt = evaluation_statement(None, first, last, WINDOW, materialise=materialise)
            return sorted((tuple(map(str, r)) for r in s.execute(stmt)), key=str)

        with_hint = rows(True)
        assert len(with_hint) > 50
        assert rows(False) == with_hint
