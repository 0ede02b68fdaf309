"""The evaluation's counting rules, shared by the database path and the row-by-row path."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yot_desktop.domain.enums import Gender, ReferralStatus
from yot_desktop.domain.evaluation_counts import Profile, waiting_from_histogram


def profile(status: str, **kw: object) -> Profile:
    values: dict[str, object] = {
        "age_at_offence": 14,
        "gender": "female",
        "ethnicity": "W1",
        "status": status,
        "eligible": True,
        "offer_recorded": False,
        "has_programme": False,
        "has_session": False,
        "attended_session": False,
        "screening": None,
    }
    values.update(kw)
    return Profile.from_record(**values)  # type: ignore[arg-type]


def test_acceptance_and_offer_from_what_was_recorded() -> None:
    assert profile("completed").accepted and profile("completed").offered
    # Withdrawn before starting: neither accepted nor (without a record of it) offered.
    before = profile("withdrawn")
    assert not before.accepted and not before.offered
    assert profile("withdrawn", has_session=True).accepted
    assert profile("withdrawn", has_programme=True).accepted
    assert profile("withdrawn", offer_recorded=True).offered
    # An offer recorded, then the status put back to received: offered, not accepted.
    back = profile("received", offer_recorded=True)
    assert back.offered and not back.accepted
    assert profile("declined").offered and not profile("declined").accepted


def test_kpi5_steps_each_part_of_the_one_before() -> None:
    assert not profile("completed").screened
    screened = profile("completed", screening=False)
    assert screened.screened and not screened.need_identified
    need = profile("offered", screening=True, attended_session=True)
    assert need.need_identified and not need.intervention_offered
    assert not need.attended_intervention  # attended nothing it was not offered
    done = profile("in_programme", screening=True, attended_session=True)
    assert done.intervention_offered and done.attended_intervention


def test_unknown_text_and_ages() -> None:
    p = profile("received", gender="unrecorded", ethnicity="NS", age_at_offence=-1)
    assert (p.gender, p.ethnicity, p.age_at_offence) == (Gender.NOT_KNOWN, "", 0)
    assert profile("received").status is ReferralStatus.RECEIVED
    with pytest.raises(ValueError, match="lost"):
        profile("lost")


@given(st.lists(st.integers(0, 400), max_size=60))
def test_waiting_from_a_histogram_equals_from_the_list(days: list[int]) -> None:
    histogram: dict[int, int] = {}
    for d in days:
        histogram[d] = histogram.get(d, 0) + 1
    w = waiting_from_histogram(histogram)
    assert w.count == len(days)
    if days:
        assert w.median == float(statistics.median(days))
        assert w.mean == statistics.fmean(days)
        assert w.longest == max(days)
    else:
        assert (w.median, w.mean, w.longest) == (None, None, None)
