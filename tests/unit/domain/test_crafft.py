from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yot_desktop.domain.crafft import (
    CrafftAnswers,
    CrafftItem,
    Kpi5Stage,
    items_to_ask,
    kpi5_flags,
    score_crafft,
    short_label,
    tidy_wording,
    validate_crafft,
)
from yot_desktop.domain.errors import ValidationError

NO_USE = CrafftAnswers(0, 0, 0, car=False)
SOME_USE = CrafftAnswers(
    alcohol_days=3,
    cannabis_days=10,
    other_days=0,
    car=False,
    relax=False,
    alone=False,
    forget=False,
    family_friends=False,
    trouble=False,
)


def test_labels_are_short() -> None:
    assert [i.label for i in CrafftItem] == [
        "Car",
        "Relax",
        "Alone",
        "Forget",
        "Family/friends",
        "Trouble",
    ]


def test_no_use_asks_only_car() -> None:
    assert items_to_ask(False) == (CrafftItem.CAR,)
    result = score_crafft(NO_USE)
    assert result.items_asked == (CrafftItem.CAR,)
    assert result.score == 0
    assert not result.positive
    assert not result.any_use


def test_no_use_with_car_yes_scores_one_and_is_negative() -> None:
    result = score_crafft(replace(NO_USE, car=True))
    assert result.score == 1
    assert not result.positive


def test_no_use_rejects_answers_to_other_items() -> None:
    with pytest.raises(ValidationError) as info:
        validate_crafft(replace(NO_USE, relax=True, trouble=False))
    assert [p.field for p in info.value.problems] == ["Relax", "Trouble"]
    assert "leave this blank" in info.value.problems[0].message


def test_car_always_required() -> None:
    with pytest.raises(ValidationError) as info:
        validate_crafft(replace(NO_USE, car=None))
    assert info.value.problems[0].field == "Car"
    assert info.value.problems[0].message == "choose yes or no"


def test_some_use_requires_all_six() -> None:
    with pytest.raises(ValidationError) as info:
        validate_crafft(replace(SOME_USE, alone=None, family_friends=None))
    assert [p.field for p in info.value.problems] == ["Alone", "Family/friends"]


@pytest.mark.parametrize(("yes_count", "positive"), [(0, False), (1, False), (2, True), (6, True)])
def test_score_two_or_more_is_positive(yes_count: int, positive: bool) -> None:
    yeses = {item.value: i < yes_count for i, item in enumerate(CrafftItem)}
    result = score_crafft(replace(SOME_USE, **yeses))
    assert result.score == yes_count
    assert result.positive is positive
    assert result.items_asked == tuple(CrafftItem)


@pytest.mark.parametrize("days", [-1, 366, True])
@pytest.mark.parametrize("field", ["alcohol_days", "cannabis_days", "other_days"])
def test_days_must_be_whole_number_0_to_365(field: str, days: int) -> None:
    with pytest.raises(ValidationError) as info:
        validate_crafft(replace(SOME_USE, **{field: days}))
    assert info.value.problems[0].field == short_label(field)  # the label on screen
    assert "from 0 to 365" in info.value.problems[0].message


@pytest.mark.parametrize("days", [0, 365])
def test_days_boundaries_accepted(days: int) -> None:
    validate_crafft(replace(SOME_USE, other_days=days))


@given(
    days=st.tuples(*(st.integers(0, 365) for _ in range(3))),
    answers=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_score_is_yes_count_of_asked_items(days: tuple[int, int, int], answers: list[bool]) -> None:
    any_use = any(days)
    part_b = {
        item.value: (answer if (any_use or item is CrafftItem.CAR) else None)
        for item, answer in zip(CrafftItem, answers, strict=True)
    }
    result = score_crafft(CrafftAnswers(*days, **part_b))
    expected = sum(answers) if any_use else int(answers[0])
    assert result.score == expected
    assert result.positive == (expected >= 2)


def test_kpi5_not_screened() -> None:
    flags = kpi5_flags(None, intervention_offered=True, intervention_attended=True)
    assert flags.stage is None
    assert not any([flags.screened, flags.need_identified, flags.intervention_offered])


def test_kpi5_full_funnel_from_positive_screen() -> None:
    positive = score_crafft(replace(SOME_USE, car=True, relax=True))
    assert kpi5_flags(positive).stage is Kpi5Stage.NEED_IDENTIFIED
    assert kpi5_flags(positive, intervention_offered=True).stage is Kpi5Stage.INTERVENTION_OFFERED
    attended = kpi5_flags(positive, intervention_offered=True, intervention_attended=True)
    assert attended.stage is Kpi5Stage.INTERVENTION_ATTENDED
    assert attended.intervention_attended


def test_kpi5_negative_screen_stops_at_screened_unless_worker_sees_need() -> None:
    negative = score_crafft(NO_USE)
    flags = kpi5_flags(negative, intervention_offered=True, intervention_attended=True)
    assert flags.stage is Kpi5Stage.SCREENED
    assert not flags.intervention_attended
    judged = kpi5_flags(negative, need_identified_by_worker=True, intervention_attended=True)
    # Attending implies having been offered.
    assert judged.intervention_offered
    assert judged.stage is Kpi5Stage.INTERVENTION_ATTENDED
    assert Kpi5Stage.NEED_IDENTIFIED.label == "Need identified"


def test_licensed_wording_is_tidied_ordered_and_checked() -> None:
    tidy = tidy_wording({"trouble": " Have you\n ever…  ", "car": "Ride?", "relax": "   "})
    assert tidy == {"car": "Ride?", "trouble": "Have you ever…"}
    assert list(tidy) == ["car", "trouble"]  # the order the questions are asked
    with pytest.raises(ValidationError) as bad:
        tidy_wording({"alcohol_days": "x" * 501, "crafty": "y", "car": "fine"})
    assert [(p.field, p.message.split(" (")[0]) for p in bad.value.problems] == [
        ("Days drinking alcohol", "Shorten the wording to 500 characters or fewer"),
        ("Question", "'crafty' is not a CRAFFT 2.1 question"),
    ]
    assert tidy_wording({"car": "x" * 500}) == {"car": "x" * 500}


def test_short_labels_stand_in_for_missing_wording() -> None:
    assert short_label("family_friends") == "Family/friends"
    assert short_label("other_days") == "Days using anything else to get high"
