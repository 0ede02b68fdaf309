"""The scheme evaluation against figures worked out by hand from conftest.hand_facts."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yot_desktop.domain.enums import Gender, ReferralStatus
from yot_desktop.domain.ethnicity import ETHNICITIES
from yot_desktop.domain.evaluation import (
    BREAKDOWN_STAGES,
    EvaluationSettings,
    Funnel,
    ReferralFact,
    SuppressedEvaluation,
    age_band,
    evaluate,
)
from yot_desktop.domain.statistics import Cell, Measure, Rate

PERIOD = (date(2024, 4, 1), date(2025, 3, 31))  # as in conftest.py


def test_funnel_matches_hand_count(hand_facts: list[ReferralFact]) -> None:
    ev = evaluate(hand_facts, *PERIOD)
    # In the period: referrals 1-16, 17, 21, 22 and 24 = 20 (18, 19, 23 are after it,
    # 20 before it). Eligible: 1-14 and 22 = 15. Offered: 1-13 = 13. Accepted: 1-11 = 11.
    # Declined: 12. Completed: 1-7. Not engaged: 8, 9. Withdrawn: 10. Still going: 11.
    assert ev.funnel == Funnel(
        referred=20,
        eligible=15,
        offered=13,
        accepted=11,
        declined=1,
        completed=7,
        not_engaged=2,
        withdrawn=1,
        in_programme=1,
    )
    assert ev.funnel.finished == 9  # 7 completed + 2 not engaged
    assert ev.completion_rate == pytest.approx(7 / 9)  # 77.8%, against the 78% benchmark


def test_second_referrals_officer_time_and_waiting(hand_facts: list[ReferralFact]) -> None:
    ev = evaluate(hand_facts, *PERIOD)
    # People with a referral in the period: persons 1-16, 17 and 18 = 18.
    assert ev.people_referred == 18
    # Person 1 (again after 297 days) and person 3 (again after 335 days, after the period).
    # Not person 2 (396 days), person 9 (same day) nor person 17 (earlier one before period).
    assert ev.people_referred_again == 2
    # 11 diversions x (12 h - 20 min) = 11 x 11 2/3 = 128 1/3 hours.
    assert ev.officer_hours_saved == pytest.approx(128 + 1 / 3)
    # Waits: 7, 10, 5, 14, 3, 20, 8, 30, 4, 6 days -> sorted 3 4 5 6 7 | 8 10 14 20 30.
    assert ev.waiting.count == 10
    assert ev.waiting.median == 7.5
    assert ev.waiting.mean == pytest.approx(10.7)  # 107 / 10
    assert ev.waiting.longest == 30


def test_kpi5(hand_facts: list[ReferralFact]) -> None:
    k = evaluate(hand_facts, *PERIOD).kpi5
    # Screened: 1-8, 10, 11. Need: 1, 2, 3, 5, 6, 8, 11. Offered: 1, 2, 3, 6, 8, 11.
    # Attended: 1, 2, 6, 11.
    assert (k.screened, k.need_identified, k.intervention_offered, k.attended) == (10, 7, 6, 4)


def test_breakdowns(hand_facts: list[ReferralFact]) -> None:
    ev = evaluate(hand_facts, *PERIOD)
    by = {b.title: dict(b.groups) for b in ev.breakdowns}
    stages = ("referred", "eligible", "offered", "accepted", "completed", "not_engaged")

    def row(f: Funnel) -> tuple[int, ...]:
        return tuple(getattr(f, s) for s in stages)

    # Ages 11, 12, 12, 12 / 14, 13, 14, 13, 14 / 15, 16, 17, 15, 16, 15, 16, 17, 15 / 18, 9.
    assert row(by["Age band"]["10–12"]) == (4, 2, 2, 2, 1, 1)
    assert row(by["Age band"]["13–14"]) == (5, 5, 3, 3, 2, 0)
    assert row(by["Age band"]["15–17"]) == (9, 8, 8, 6, 4, 1)
    assert row(by["Age band"]["Other ages"]) == (2, 0, 0, 0, 0, 0)
    assert row(by["Gender"]["Female"]) == (8, 5, 4, 3, 2, 1)
    assert row(by["Gender"]["Male"]) == (10, 8, 8, 7, 4, 1)
    assert row(by["Gender"]["Other"]) == (1, 1, 1, 1, 1, 0)
    assert row(by["Gender"]["Not known"]) == (1, 1, 0, 0, 0, 0)
    ethnic = by["Ethnic group"]
    assert row(ethnic["White"]) == (11, 8, 7, 6, 3, 1)
    assert ethnic["Asian, Asian British or Asian Welsh"].referred == 3
    assert ethnic["Not stated"].referred == 1  # a blank ethnicity
    assert sum(f.referred for f in ethnic.values()) == 20


def test_age_bands() -> None:
    assert [age_band(a) for a in (9, 10, 12, 13, 14, 15, 17, 18, None)] == [
        "Other ages",
        "10–12",
        "10–12",
        "13–14",
        "13–14",
        "15–17",
        "15–17",
        "Other ages",
        "Other ages",
    ]


def test_unknown_ethnicity_is_an_error_not_a_guess(hand_facts: list[ReferralFact]) -> None:
    bad = dataclasses.replace(hand_facts[0], ethnicity="Martian")
    with pytest.raises(ValueError, match="Martian"):
        evaluate([bad], *PERIOD)


def test_suppressed_view_hides_small_counts(hand_facts: list[ReferralFact]) -> None:
    view = evaluate(hand_facts, *PERIOD).suppressed_view()
    assert view.line("referred").value == Cell(20)
    # Accepted 11 - finished 9 would give withdrawn + still in programme = 2 (the issue's
    # Windsor leak, along two lines at once): one of the two is hidden.
    assert view.line("accepted").value.suppressed or view.line("finished").value.suppressed
    for key in ("declined", "not_engaged", "withdrawn", "in_programme", "people_again"):
        assert view.line(key).value == Cell.hidden(), key
    # 2 not engaged is hidden, so 9 finished - 7 completed must not give it back: completed
    # is hidden too, and with it the completion rate.
    assert view.line("completed").value == Cell.hidden()
    assert view.line("completion_rate").value == Rate(None, True)
    # Eligible 15, offered 13: the 2 not yet offered are protected by hiding "offered".
    assert view.line("offered").value == Cell.hidden()
    hours = view.line("officer_hours_saved").value
    assert isinstance(hours, Measure)
    assert hours.suppressed == view.line("accepted").value.suppressed
    assert hours.suppressed or hours.value == pytest.approx(128 + 1 / 3)
    assert view.line("benchmark_completion").value == Rate(0.78)


def test_view_with_threshold_one_shows_everything(hand_facts: list[ReferralFact]) -> None:
    view = evaluate(
        hand_facts, *PERIOD, EvaluationSettings(suppression_threshold=1)
    ).suppressed_view()
    assert view.line("not_engaged").value == Cell(2)
    assert view.line("completion_rate").value == Rate(7 / 9)
    assert view.line("second_referral_rate").value == Rate(2 / 18)
    assert view.line("waiting_median").value == Measure(7.5, False, "days")
    age = view.breakdowns[0]
    assert [c.value for c in age.cells[0]] == [4, 2, 2, 2, 1, 1]


def test_view_cannot_be_built_by_hand() -> None:
    with pytest.raises(TypeError, match="suppressed_view"):
        SuppressedEvaluation(
            "x", date(2024, 1, 1), date(2024, 12, 31), EvaluationSettings(), (), (), (), ()
        )


def test_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="period"):
        evaluate([], date(2025, 1, 2), date(2025, 1, 1))


def test_empty_period() -> None:
    view = evaluate([], *PERIOD).suppressed_view()
    assert view.line("referred").value == Cell(0)
    assert view.line("completion_rate").value == Rate(None)
    assert view.line("waiting_median").value == Measure(None, False, "days")


# --- property: nothing small leaves the view ----------------------------------------------


@st.composite
def referral_facts(draw: st.DrawFn) -> list[ReferralFact]:
    n = draw(st.integers(0, 60))
    out = []
    for i in range(n):
        steps = draw(st.integers(0, 3))
        accepted = steps == 3
        status = draw(st.sampled_from(list(ReferralStatus)))
        out.append(
            ReferralFact(
                referral_id=i,
                person_id=draw(st.integers(0, max(1, n // 2))),
                scheme_code="WB",
                referral_date=date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 500))),
                offence_date=date(2024, 1, 1),
                status=status,
                eligible=steps >= 1,
                offered=steps >= 2,
                accepted=accepted,
                age_at_offence=draw(st.integers(8, 19)),
                gender=draw(st.sampled_from(list(Gender))),
                ethnicity=draw(st.sampled_from([e.label for e in ETHNICITIES] + [""])),
                first_appointment=(date(2024, 6, 1) if accepted and draw(st.booleans()) else None),
                screened=draw(st.booleans()),
                need_identified=draw(st.booleans()),
                intervention_offered=draw(st.booleans()),
                attended_intervention=draw(st.booleans()),
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(referral_facts(), st.integers(2, 6))
def test_no_small_count_in_any_view(facts: list[ReferralFact], threshold: int) -> None:
    ev = evaluate(
        facts,
        date(2024, 1, 1),
        date(2024, 12, 31),
        EvaluationSettings(suppression_threshold=threshold),
    )
    view = ev.suppressed_view()
    cells = [ln.value for ln in (*view.funnel, *view.outcomes, *view.kpi5)]
    for t, b in zip(view.breakdowns, ev.breakdowns, strict=True):
        cells += [c for row in t.cells for c in row] + list(t.column_totals or ())
        # Each column with its total: never exactly one hidden value (unless it is a 0,
        # which is published anyway).
        for j, (stage, _) in enumerate(BREAKDOWN_STAGES):
            column = [row[j] for row in t.cells] + [(t.column_totals or ())[j]]
            truth = [getattr(f, stage) for _, f in b.groups] + [getattr(ev.funnel, stage)]
            hidden = [v for c, v in zip(column, truth, strict=True) if c.suppressed]
            assert len(hidden) != 1 or hidden == [0]
    for value in cells:
        if isinstance(value, Cell) and not value.suppressed:
            assert value.value is not None
            assert value.value == 0 or value.value >= threshold
    # The visible headline figures are the true ones.
    referred = view.line("referred").value
    assert referred.suppressed or referred == Cell(ev.funnel.referred)
