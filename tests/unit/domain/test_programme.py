"""The intervention catalogue, standard plans, deadlines and plan editing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import SchemeModel
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.programme import (
    ASSESSMENT,
    CATALOGUE,
    DRUG_EDUCATION,
    PlannedIntervention,
    add_intervention,
    intervention_type,
    move_intervention,
    plan_item,
    planned_session_count,
    programme_deadline,
    remove_intervention,
    standard_plan,
    update_intervention,
    validate_intervention,
)
from yot_desktop.domain.scheme import SchemeRules

WB = SchemeRules(
    code="WB",
    name="West Berkshire youth drug diversion",
    area="West Berkshire",
    model=SchemeModel.VOLUNTARY,
    outcome_code="22",
    min_age=10,
    max_age=17,
    second_chance=False,
    sessions_required=3,
    assessment_required=True,
    session_minutes=60,
    complete_within_weeks=12,
    absence_limit=2,
    provider="Cranstoun",
)
FORCE_WIDE = replace(
    WB, code="TVP", sessions_required=6, assessment_required=False, session_minutes=45
)


def fields(problem: ValidationError) -> list[str]:
    return [p.field for p in problem.problems]


def test_catalogue_holds_the_seven_interventions() -> None:
    codes = [t.code for t in CATALOGUE]
    assert codes == [
        "assessment",
        "drug_education",
        "harm_reduction",
        "family_session",
        "specialist_treatment_referral",
        "education_training_support",
        "exploitation_awareness",
    ]
    assert len(set(codes)) == len(codes)
    for t in CATALOGUE:
        assert t.label
        assert 15 <= t.default_minutes <= 240


def test_unknown_intervention_names_the_code_field() -> None:
    with pytest.raises(ValidationError) as err:
        intervention_type("yoga")
    assert fields(err.value) == ["Intervention"]


def test_west_berkshire_plan_is_assessment_plus_three_hour_sessions() -> None:
    plan = standard_plan(WB)
    assert [p.code for p in plan] == [ASSESSMENT, DRUG_EDUCATION]
    assert plan[0].planned_count == 1
    assert plan[1].planned_count == 3
    assert plan[1].minutes == 60
    assert all(p.provider == "Cranstoun" for p in plan)
    assert planned_session_count(plan) == 4


def test_force_wide_plan_is_six_sessions_without_assessment() -> None:
    plan = standard_plan(FORCE_WIDE)
    assert [(p.code, p.planned_count, p.minutes) for p in plan] == [(DRUG_EDUCATION, 6, 45)]


def test_plan_without_provider_leaves_provider_empty() -> None:
    plan = standard_plan(replace(WB, provider=""))
    assert all(p.provider is None for p in plan)


def test_plan_item_uses_catalogue_defaults() -> None:
    item = plan_item("family_session", WB)
    assert item.provider == "Youth Offending Team"
    assert item.minutes == 60
    assert plan_item("harm_reduction", WB).provider == "Cranstoun"


def test_deadline_is_complete_within_weeks_after_start() -> None:
    assert programme_deadline(date(2026, 3, 3), WB) == date(2026, 5, 26)
    assert programme_deadline(date(2026, 3, 3), replace(WB, complete_within_weeks=16)) == date(
        2026, 6, 23
    )


def test_deadline_on_a_bank_holiday_is_the_working_day_before() -> None:
    # 12 weeks after 2 March 2026 is the Spring Bank Holiday, 25 May: deadline Friday 22 May.
    assert programme_deadline(date(2026, 3, 2), WB) == date(2026, 5, 22)
    # 12 weeks after 12 January 2026 is Easter Monday; Good Friday too: Thursday 2 April.
    assert programme_deadline(date(2026, 1, 12), WB) == date(2026, 4, 2)
    # 12 weeks after 5 October 2026 is the Boxing Day substitute: Christmas Eve.
    assert programme_deadline(date(2026, 10, 5), WB) == date(2026, 12, 24)


def test_deadline_respects_team_closures() -> None:
    cal = WorkingCalendar(closures=frozenset({date(2026, 5, 26)}))
    assert programme_deadline(date(2026, 3, 3), WB, cal) == date(2026, 5, 22)


def item(code: str = "harm_reduction", count: int = 1, minutes: int = 60) -> PlannedIntervention:
    return PlannedIntervention(code, code.replace("_", " "), count, minutes, "Cranstoun")


@pytest.mark.parametrize("minutes", [15, 60, 240])
def test_minutes_in_range_are_accepted(minutes: int) -> None:
    validate_intervention(item(minutes=minutes))


@pytest.mark.parametrize("minutes", [0, 14, 241])
def test_minutes_out_of_range_name_the_minutes_field(minutes: int) -> None:
    with pytest.raises(ValidationError) as err:
        validate_intervention(item(minutes=minutes))
    assert fields(err.value) == ["Minutes per session"]


@pytest.mark.parametrize("count", [0, -1, 53])
def test_planned_count_must_be_at_least_one(count: int) -> None:
    with pytest.raises(ValidationError) as err:
        validate_intervention(item(count=count))
    assert fields(err.value) == ["Sessions planned"]


def test_every_problem_is_listed_at_once() -> None:
    bad = PlannedIntervention("yoga", "Yoga", 0, 5, " ")
    with pytest.raises(ValidationError) as err:
        validate_intervention(bad)
    assert fields(err.value) == [
        "Intervention",
        "Sessions planned",
        "Minutes per session",
        "provider",
    ]


def test_scheme_with_impossible_session_length_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        standard_plan(replace(WB, session_minutes=5))
    assert fields(err.value) == ["Minutes per session"]


def test_add_appends_or_inserts_and_leaves_the_original() -> None:
    plan = standard_plan(WB)
    added = add_intervention(plan, item("family_session"))
    assert [p.code for p in added] == [ASSESSMENT, DRUG_EDUCATION, "family_session"]
    inserted = add_intervention(plan, item("family_session"), index=1)
    assert [p.code for p in inserted] == [ASSESSMENT, "family_session", DRUG_EDUCATION]
    assert len(plan) == 2


def test_add_refuses_invalid_item_or_position() -> None:
    plan = standard_plan(WB)
    with pytest.raises(ValidationError) as err:
        add_intervention(plan, item(minutes=300))
    assert fields(err.value) == ["Minutes per session"]
    with pytest.raises(ValidationError) as err:
        add_intervention(plan, item(), index=5)
    assert fields(err.value) == ["Position"]


def test_remove_and_keep_at_least_one() -> None:
    plan = standard_plan(WB)
    assert [p.code for p in remove_intervention(plan, 0)] == [DRUG_EDUCATION]
    with pytest.raises(ValidationError) as err:
        remove_intervention(remove_intervention(plan, 0), 0)
    assert fields(err.value) == ["Interventions"]
    with pytest.raises(ValidationError) as err:
        remove_intervention(plan, 2)
    assert fields(err.value) == ["Intervention"]


def test_move() -> None:
    plan = add_intervention(standard_plan(WB), item("family_session"))
    moved = move_intervention(plan, 2, 0)
    assert [p.code for p in moved] == ["family_session", ASSESSMENT, DRUG_EDUCATION]
    assert move_intervention(plan, 0, 2)[2].code == ASSESSMENT
    with pytest.raises(ValidationError) as err:
        move_intervention(plan, 0, 3)
    assert fields(err.value) == ["Position"]


def test_update_changes_only_given_fields_and_validates() -> None:
    plan = standard_plan(WB)
    updated = update_intervention(plan, 1, planned_count=4, worker_id=7)
    assert updated[1].planned_count == 4
    assert updated[1].worker_id == 7
    assert updated[1].minutes == 60
    assert plan[1].planned_count == 3
    with pytest.raises(ValidationError) as err:
        update_intervention(plan, 1, planned_count=0)
    assert fields(err.value) == ["Sessions planned"]
