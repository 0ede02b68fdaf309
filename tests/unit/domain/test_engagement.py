"""Unexplained absences, engagement states, letters, completion and the manager's decision."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from yot_desktop.domain.attendance import AttendanceMark
from yot_desktop.domain.engagement import (
    DecisionOutcome,
    EngagementUpdate,
    assess_engagement,
    attended_count,
    completion_due,
    decision_consequences,
    engagement_state,
    letters_due,
    make_decision,
    manager_decision_due,
    unexplained_absences,
)
from yot_desktop.domain.enums import (
    Attendance,
    Engagement,
    LetterType,
    ReferralStatus,
    SchemeModel,
)
from yot_desktop.domain.errors import ValidationError

AT = datetime(2026, 3, 17, 17, 0)
MISSED = (LetterType.MISSED,)
FINAL = (LetterType.FINAL_WARNING,)


def mark(value: Attendance, evidence: bool = False) -> AttendanceMark:
    return AttendanceMark(value, "reason", evidence, "sam", AT)


def test_unexplained_is_did_not_attend_without_evidence() -> None:
    marks = [
        mark(Attendance.ATTENDED),
        mark(Attendance.LATE),
        mark(Attendance.DID_NOT_ATTEND),
        mark(Attendance.DID_NOT_ATTEND, evidence=True),
        mark(Attendance.CANCELLED_BY_YOUNG_PERSON),
        mark(Attendance.CANCELLED_BY_SERVICE),
        mark(Attendance.DID_NOT_ATTEND),
    ]
    assert unexplained_absences(marks) == 2
    assert attended_count(marks) == 2  # late counts as attended
    assert unexplained_absences([]) == 0


@pytest.mark.parametrize(
    ("unexplained", "limit", "started", "state"),
    [
        (0, 2, False, None),
        (3, 2, False, None),
        (0, 2, True, Engagement.ON_TRACK),
        (1, 2, True, Engagement.AT_RISK),
        (2, 2, True, Engagement.THRESHOLD_REACHED),
        (5, 2, True, Engagement.THRESHOLD_REACHED),
        (1, 3, True, Engagement.AT_RISK),
        (2, 3, True, Engagement.AT_RISK),
        (1, 1, True, Engagement.THRESHOLD_REACHED),
        # limit 0 reads as 1: nobody starts at the threshold
        (0, 0, True, Engagement.ON_TRACK),
        (1, 0, True, Engagement.THRESHOLD_REACHED),
    ],
)
def test_engagement_state(
    unexplained: int, limit: int, started: bool, state: Engagement | None
) -> None:
    assert engagement_state(unexplained, limit, started) is state


def test_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="unexplained"):
        engagement_state(-1, 2, True)
    with pytest.raises(ValueError, match="absence_limit"):
        engagement_state(0, -1, True)


@pytest.mark.parametrize(
    ("previous", "new", "limit", "letters"),
    [
        (0, 1, 2, MISSED),  # first absence: missed appointment letter
        (1, 2, 2, FINAL),  # the absence that reaches the limit: final warning instead
        (2, 3, 2, ()),  # beyond the limit: no letter, a manager decides
        (0, 2, 2, FINAL),  # two at once: only the most serious letter
        (0, 1, 3, MISSED),
        (1, 2, 3, MISSED),
        (0, 2, 3, MISSED),  # one letter, not two
        (2, 3, 3, FINAL),
        (0, 1, 1, FINAL),
        (0, 1, 0, FINAL),
        (1, 1, 2, ()),  # no change
        (2, 1, 2, ()),  # a correction lowered the count
    ],
)
def test_letters_due(previous: int, new: int, limit: int, letters: tuple[LetterType, ...]) -> None:
    assert letters_due(previous, new, limit) == letters


@pytest.mark.parametrize(
    ("unexplained", "limit", "decided_at", "due"),
    [
        (1, 2, None, False),
        (2, 2, None, False),
        (3, 2, None, True),
        (3, 2, 3, False),  # the manager decided to continue at 3
        (4, 2, 3, True),  # another absence after that decision
        (1, 0, None, False),
        (2, 0, None, True),
    ],
)
def test_manager_decision_due(
    unexplained: int, limit: int, decided_at: int | None, due: bool
) -> None:
    assert manager_decision_due(unexplained, limit, decided_at) is due


def test_assess_engagement_walks_through_every_step() -> None:
    steps = [assess_engagement(n, n + 1, 2) for n in range(3)]
    assert steps == [
        EngagementUpdate(Engagement.AT_RISK, MISSED, False),
        EngagementUpdate(Engagement.THRESHOLD_REACHED, FINAL, False),
        EngagementUpdate(Engagement.THRESHOLD_REACHED, (), True),
    ]
    assert assess_engagement(0, 0, 2) == EngagementUpdate(Engagement.ON_TRACK, (), False)


def test_before_a_programme_nothing_follows() -> None:
    assert assess_engagement(0, 3, 2, programme_started=False) == EngagementUpdate(None, (), False)


@pytest.mark.parametrize(
    ("attended", "required", "assessment_attended", "assessment_required", "due"),
    [
        (3, 3, True, True, True),
        (4, 3, True, True, True),
        (2, 3, True, True, False),
        (3, 3, False, True, False),
        (3, 3, False, False, True),
        (6, 6, False, False, True),
        (5, 6, False, False, False),
        (0, 0, True, True, True),
        (0, 0, False, True, False),
    ],
)
def test_completion_due(
    attended: int, required: int, assessment_attended: bool, assessment_required: bool, due: bool
) -> None:
    assert completion_due(attended, required, assessment_attended, assessment_required) is due


def test_continue_needs_a_reason() -> None:
    with pytest.raises(ValidationError) as err:
        make_decision(
            DecisionOutcome.CONTINUE,
            reason=" ",
            decided_by="morgan",
            decided_on=date(2026, 4, 1),
            unexplained=3,
        )
    assert [p.field for p in err.value.problems] == ["reason"]


def test_decision_needs_a_manager() -> None:
    with pytest.raises(ValidationError) as err:
        make_decision(
            DecisionOutcome.NOT_ENGAGED,
            reason="",
            decided_by="",
            decided_on=date(2026, 4, 1),
            unexplained=3,
        )
    assert [p.field for p in err.value.problems] == ["Decided by"]


def test_continue_keeps_the_programme_going_quietly() -> None:
    decision = make_decision(
        DecisionOutcome.CONTINUE,
        reason=" Family bereavement ",
        decided_by="morgan",
        decided_on=date(2026, 4, 1),
        unexplained=3,
    )
    assert decision.reason == "Family bereavement"
    assert not decision.police_informed
    result = decision_consequences(decision, SchemeModel.CONDITIONAL)
    assert result.new_status is ReferralStatus.IN_PROGRAMME
    assert result.letters == ()
    assert not result.police_informed
    assert not result.prosecution_may_proceed


@pytest.mark.parametrize(
    ("model", "prosecution"), [(SchemeModel.CONDITIONAL, True), (SchemeModel.VOLUNTARY, False)]
)
def test_not_engaged_informs_the_police(model: SchemeModel, prosecution: bool) -> None:
    decision = make_decision(
        DecisionOutcome.NOT_ENGAGED,
        reason="",
        decided_by="morgan",
        decided_on=date(2026, 4, 1),
        unexplained=3,
    )
    assert decision.police_informed
    result = decision_consequences(decision, model)
    assert result.new_status is ReferralStatus.NOT_ENGAGED
    assert result.letters == (LetterType.NOT_ENGAGED, LetterType.POLICE_OUTCOME)
    assert result.police_informed
    assert result.prosecution_may_proceed is prosecution
    assert ("prosecution" in result.summary) is prosecution
