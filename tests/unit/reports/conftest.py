"""Fixtures for the report tests: a hand-built set of referrals and a panel case."""

from __future__ import annotations

from datetime import date, time

import pytest

from yot_desktop.domain.enums import Gender
from yot_desktop.domain.enums import ReferralStatus as S
from yot_desktop.domain.evaluation import ReferralFact
from yot_desktop.reports.data import (
    AttendanceRow,
    ChecklistItem,
    LetterSent,
    PanelCase,
    ParentCarer,
)

PERIOD = (date(2024, 4, 1), date(2025, 3, 31))
F, M, OTH, NK = Gender.FEMALE, Gender.MALE, Gender.OTHER, Gender.NOT_KNOWN


def fact(
    rid: int,
    person: int,
    referred: date,
    status: S,
    steps: str,  # "EOA": eligible, offered, accepted
    age: int,
    gender: Gender,
    ethnicity: str,
    appointment: date | None = None,
    kpi: str = "",  # "SNIA": screened, need identified, intervention offered, attended
) -> ReferralFact:
    return ReferralFact(
        referral_id=rid,
        person_id=person,
        scheme_code="WB",
        referral_date=referred,
        offence_date=referred,
        status=status,
        eligible="E" in steps,
        offered="O" in steps,
        accepted="A" in steps,
        age_at_offence=age,
        gender=gender,
        ethnicity=ethnicity,
        first_appointment=appointment,
        screened="S" in kpi,
        need_identified="N" in kpi,
        intervention_offered="I" in kpi,
        attended_intervention="A" in kpi,
    )


@pytest.fixture
def hand_facts() -> list[ReferralFact]:
    """24 referrals, 20 of them dated in the period. Expected figures: see test_evaluation."""
    d = date
    return [
        # Completed (7). Waiting days in the comment.
        fact(
            1, 1, d(2024, 4, 10), S.COMPLETED, "EOA", 11, F, "Indian", d(2024, 4, 17), "SNIA"
        ),  # 7
        fact(
            2, 2, d(2024, 5, 1), S.COMPLETED, "EOA", 14, M, "African", d(2024, 5, 11), "SNIA"
        ),  # 10
        fact(3, 3, d(2024, 5, 20), S.COMPLETED, "EOA", 15, M, "W1", d(2024, 5, 25), "SNI"),  # 5
        fact(4, 4, d(2024, 6, 3), S.COMPLETED, "EOA", 16, M, "Irish", d(2024, 6, 17), "S"),  # 14
        fact(5, 5, d(2024, 6, 15), S.COMPLETED, "EOA", 17, F, "", d(2024, 6, 18), "SN"),  # 3
        fact(
            6, 6, d(2024, 7, 1), S.COMPLETED, "EOA", 13, M, "Other White", d(2024, 7, 21), "SNIA"
        ),  # 20
        fact(
            7, 7, d(2024, 7, 15), S.COMPLETED, "EOA", 15, OTH, "Caribbean", d(2024, 7, 23), "S"
        ),  # 8
        # Not engaged (2), withdrawn (1), still in programme (1).
        fact(8, 8, d(2024, 8, 1), S.NOT_ENGAGED, "EOA", 16, M, "W1", d(2024, 8, 31), "SNI"),  # 30
        fact(9, 9, d(2024, 8, 20), S.NOT_ENGAGED, "EOA", 12, F, "White and Asian"),
        fact(10, 10, d(2024, 9, 5), S.WITHDRAWN, "EOA", 14, M, "W1", d(2024, 9, 9), "S"),  # 4
        fact(
            11, 11, d(2024, 9, 30), S.IN_PROGRAMME, "EOA", 15, M, "W1", d(2024, 10, 6), "SNIA"
        ),  # 6
        # Offered, not accepted: one declined, one still deciding.
        fact(12, 12, d(2024, 10, 10), S.DECLINED, "EO", 16, M, "Pakistani"),
        fact(13, 13, d(2024, 10, 25), S.OFFERED, "EO", 17, F, "W1"),
        # Eligible, not yet offered.
        fact(14, 14, d(2024, 11, 11), S.RECEIVED, "E", 13, NK, "Arab"),
        # Not eligible.
        fact(15, 15, d(2024, 12, 1), S.INELIGIBLE, "", 18, M, "W1"),
        fact(16, 16, d(2025, 1, 5), S.INELIGIBLE, "", 9, F, "W1"),
        # Person 1 again 297 days after referral 1: a second referral within 12 months.
        fact(17, 1, d(2025, 2, 1), S.INELIGIBLE, "", 12, F, "Indian"),
        # Person 2 again after the period, 396 days later: not within 12 months.
        fact(18, 2, d(2025, 6, 1), S.RECEIVED, "E", 15, M, "African"),
        # Person 3 again after the period, 335 days later: counts.
        fact(19, 3, d(2025, 4, 20), S.RECEIVED, "E", 16, M, "W1"),
        # Person 17: referred before the period and again inside it; nothing after. Not counted.
        fact(20, 17, d(2024, 3, 15), S.COMPLETED, "EOA", 14, M, "W1", d(2024, 3, 20), "S"),
        fact(21, 17, d(2024, 4, 20), S.INELIGIBLE, "", 15, M, "W1"),
        # The period's last day is included.
        fact(22, 18, d(2025, 3, 31), S.RECEIVED, "E", 14, F, "Roma"),
        # The day after the period is not.
        fact(23, 19, d(2025, 4, 1), S.RECEIVED, "E", 14, M, "W1"),
        # Person 9's second crime reference on the same day: not a second referral.
        fact(24, 9, d(2024, 8, 20), S.INELIGIBLE, "", 12, F, "White and Asian"),
    ]


@pytest.fixture
def panel_case() -> PanelCase:
    return PanelCase(
        person_ref="P-0042",
        scheme_name="West Berkshire youth drug diversion",
        panel_date=date(2025, 3, 4),
        practitioner_name="Sam Reed",
        first_name="Łukasz",
        last_name="Nguyễn",
        preferred_name="Łukasz",
        date_of_birth=date(2010, 3, 1),
        age=14,
        address=("12 Acacia Avenue", "Thatcham", "RG19 4QF"),
        school="Kennet Valley Academy",
        parents=(
            ParentCarer(
                "Siobhán Ağaoğlu", "Mother", True, "07700 900123", "siobhan.agaoglu@example.org"
            ),
        ),
        crime_reference="43/12345/25",
        background=(
            "Łukasz lives with his mother Siobhán Ağaoğlu at 12 Acacia Avenue, RG19 4QF, and "
            "attends Kennet Valley Academy. Born 01/03/2010. Mum's phone 07700 900 123."
        ),
        offence_date=date(2025, 1, 18),
        offence_place="Bus station, Thatcham",
        substance="Cannabis",
        quantity="2.1 g",
        eligibility=(
            ChecklistItem("Age at offence in range", True, "Lukasz was 14 at the offence"),
            ChecklistItem("Quantity within threshold", True, "2.1 g of 5 g"),
        ),
        crafft_score=3,
        crafft_positive=True,
        safeguarding_notes="Nguyen family worried about older boys near Acacia Avenue.",
        plan=("Assessment with Cranstoun", "Family session with Siobhán"),
        attendance=(
            AttendanceRow(date(2025, 2, 3), time(16, 0), "Assessment", "Attended"),
            AttendanceRow(date(2025, 2, 10), time(16, 0), "Drug education 1", "Did not attend"),
        ),
        letters=(LetterSent(date(2025, 1, 22), "Invitation to first appointment"),),
        recommendation="Continue the programme: Łukasz has engaged well.",
    )
