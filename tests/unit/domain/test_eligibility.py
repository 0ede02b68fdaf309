from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yot_desktop.domain.eligibility import (
    EligibilityInput,
    codes_text,
    convert_quantity,
    count_prior_diversions,
    decide_eligibility,
    reasons_from_text,
    sort_reasons,
)
from yot_desktop.domain.enums import EligibilityReason as R
from yot_desktop.domain.enums import ReferralStatus, SchemeModel, Unit
from yot_desktop.domain.scheme import SchemeRules, Threshold

SCHEME = SchemeRules(
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
    thresholds=(
        Threshold("cannabis", Decimal(5), Unit.G),
        Threshold("cocaine", Decimal(1), Unit.G),
        Threshold("ecstasy", Decimal(2), Unit.TABLETS),
        Threshold("ketamine", Decimal(500), Unit.MG),
    ),
)
OFFENCE = date(2024, 6, 1)
BASE = EligibilityInput(
    scheme=SCHEME,
    date_of_birth=date(2010, 3, 14),
    offence_date=OFFENCE,
    substance="cannabis",
    quantity=Decimal("2.5"),
    unit=Unit.G,
    supply_suspected=False,
    prior_diversions=0,
)


def dob_for_age(age: int) -> date:
    """A date of birth giving exactly `age` on OFFENCE (birthday that very day)."""
    return OFFENCE.replace(year=OFFENCE.year - age)


def test_eligible_case_has_no_reasons_and_all_checks_pass() -> None:
    decision = decide_eligibility(BASE)
    assert decision.eligible
    assert decision.reasons == ()
    assert decision.age_at_offence == 14
    assert [i.key for i in decision.checklist] == [
        "age",
        "substance",
        "quantity",
        "supply",
        "prior",
    ]
    assert all(i.passed for i in decision.checklist)
    assert decision.checklist[0].explanation == "Age at offence 14: within 10 to 17"


@pytest.mark.parametrize(("age", "ok"), [(9, False), (10, True), (17, True), (18, False)])
def test_age_boundaries(age: int, ok: bool) -> None:
    decision = decide_eligibility(replace(BASE, date_of_birth=dob_for_age(age)))
    assert decision.age_at_offence == age
    assert decision.eligible is ok
    assert (R.AGE_OUT_OF_RANGE in decision.reasons) is not ok


def test_age_day_before_18th_birthday_is_17() -> None:
    dob = date(2006, 6, 2)  # 18 the day after the offence
    decision = decide_eligibility(replace(BASE, date_of_birth=dob))
    assert decision.age_at_offence == 17
    assert decision.eligible


def test_age_out_of_range_explanation() -> None:
    decision = decide_eligibility(replace(BASE, date_of_birth=dob_for_age(18)))
    assert decision.reasons == (R.AGE_OUT_OF_RANGE,)
    assert decision.checklist[0].explanation == "Age at offence 18: outside 10 to 17"


def test_age_uses_offence_date_not_referral_date() -> None:
    # Turned 18 after the offence: still in range at the offence.
    decision = decide_eligibility(replace(BASE, date_of_birth=date(2006, 6, 2)))
    assert decision.eligible


@pytest.mark.parametrize(
    ("quantity", "unit", "reasons"),
    [
        (Decimal(5), Unit.G, ()),
        (Decimal("5.0001"), Unit.G, (R.OVER_THRESHOLD,)),
        (Decimal(0), Unit.G, ()),
        (Decimal(5000), Unit.MG, ()),
        (Decimal(5001), Unit.MG, (R.OVER_THRESHOLD,)),
        (Decimal(2), Unit.TABLETS, (R.SUBSTANCE_NOT_COVERED,)),
        (Decimal(200), Unit.WRAPS, (R.SUBSTANCE_NOT_COVERED,)),
    ],
)
def test_quantity_against_cannabis_threshold(
    quantity: Decimal, unit: Unit, reasons: tuple[R, ...]
) -> None:
    decision = decide_eligibility(replace(BASE, quantity=quantity, unit=unit))
    assert decision.reasons == reasons


@pytest.mark.parametrize(
    ("quantity", "unit", "over"),
    [
        (Decimal("0.5"), Unit.G, False),
        (Decimal("0.501"), Unit.G, True),
        (Decimal(500), Unit.MG, False),
    ],
)
def test_grams_convert_to_milligram_threshold(quantity: Decimal, unit: Unit, over: bool) -> None:
    decision = decide_eligibility(replace(BASE, substance="ketamine", quantity=quantity, unit=unit))
    assert (decision.reasons == (R.OVER_THRESHOLD,)) is over
    assert decision.eligible is not over


def test_over_threshold_explanation() -> None:
    decision = decide_eligibility(replace(BASE, quantity=Decimal(7)))
    item = {i.key: i for i in decision.checklist}["quantity"]
    assert not item.passed
    assert item.explanation == "7 g: over the limit of 5 g"


def test_substance_without_threshold_is_not_covered() -> None:
    decision = decide_eligibility(replace(BASE, substance="heroin", quantity=Decimal(100)))
    assert decision.reasons == (R.SUBSTANCE_NOT_COVERED,)
    item = {i.key: i for i in decision.checklist}["substance"]
    assert item.explanation == "heroin: not covered, the scheme sets no limit for it"


def test_substance_match_ignores_case_and_spaces() -> None:
    assert decide_eligibility(replace(BASE, substance="  Cannabis ")).eligible


def test_tablets_against_tablet_threshold() -> None:
    ecstasy = replace(BASE, substance="ecstasy", unit=Unit.TABLETS)
    assert decide_eligibility(replace(ecstasy, quantity=Decimal(2))).eligible
    over = decide_eligibility(replace(ecstasy, quantity=Decimal(3)))
    assert over.reasons == (R.OVER_THRESHOLD,)


def test_unit_mismatch_does_not_also_report_over_threshold() -> None:
    decision = decide_eligibility(replace(BASE, quantity=Decimal(1000), unit=Unit.ML))
    assert decision.reasons == (R.SUBSTANCE_NOT_COVERED,)
    substance = {i.key: i for i in decision.checklist}["substance"]
    assert "cannot be compared" in substance.explanation


def test_supply_suspected() -> None:
    decision = decide_eligibility(replace(BASE, supply_suspected=True))
    assert decision.reasons == (R.SUPPLY_SUSPECTED,)
    assert {i.key: i.passed for i in decision.checklist}["supply"] is False


def test_prior_diversion_with_one_chance_scheme() -> None:
    decision = decide_eligibility(replace(BASE, prior_diversions=1))
    assert decision.reasons == (R.PRIOR_DIVERSION,)
    prior = {i.key: i for i in decision.checklist}["prior"]
    assert prior.explanation == "1 earlier diversion found: this scheme gives one chance only"


def test_prior_diversion_allowed_with_second_chance() -> None:
    scheme = replace(SCHEME, second_chance=True)
    decision = decide_eligibility(replace(BASE, scheme=scheme, prior_diversions=2))
    assert decision.eligible
    prior = {i.key: i for i in decision.checklist}["prior"]
    assert prior.passed
    assert "second chance" in prior.explanation


def test_all_reasons_in_canonical_order() -> None:
    decision = decide_eligibility(
        replace(
            BASE,
            date_of_birth=dob_for_age(9),
            quantity=Decimal(50),
            supply_suspected=True,
            prior_diversions=3,
        )
    )
    assert decision.reasons == (
        R.SUPPLY_SUSPECTED,
        R.OVER_THRESHOLD,
        R.AGE_OUT_OF_RANGE,
        R.PRIOR_DIVERSION,
    )
    assert (
        codes_text(decision.reasons)
        == "SUPPLY_SUSPECTED;OVER_THRESHOLD;AGE_OUT_OF_RANGE;PRIOR_DIVERSION"
    )


def test_codes_text_round_trip_and_order() -> None:
    assert codes_text([]) == ""
    assert codes_text([R.PRIOR_DIVERSION, R.SUPPLY_SUSPECTED, R.PRIOR_DIVERSION]) == (
        "SUPPLY_SUSPECTED;PRIOR_DIVERSION"
    )
    assert reasons_from_text("PRIOR_DIVERSION; SUBSTANCE_NOT_COVERED") == (
        R.SUBSTANCE_NOT_COVERED,
        R.PRIOR_DIVERSION,
    )
    assert reasons_from_text("") == ()
    with pytest.raises(ValueError, match="NOT_A_CODE"):
        reasons_from_text("NOT_A_CODE")


def test_convert_quantity() -> None:
    assert convert_quantity(Decimal("1.5"), Unit.G, Unit.MG) == Decimal(1500)
    assert convert_quantity(Decimal(250), Unit.MG, Unit.G) == Decimal("0.25")
    assert convert_quantity(Decimal(3), Unit.TABLETS, Unit.TABLETS) == Decimal(3)
    assert convert_quantity(Decimal(3), Unit.ML, Unit.G) is None


def test_count_prior_diversions_counts_earlier_diversions_only() -> None:
    earlier = [
        (date(2023, 1, 1), ReferralStatus.COMPLETED),
        (date(2023, 2, 1), ReferralStatus.NOT_ENGAGED),
        (date(2023, 3, 1), ReferralStatus.IN_PROGRAMME),
        (date(2023, 4, 1), ReferralStatus.OFFERED),
        (date(2023, 5, 1), ReferralStatus.RECEIVED),
        (date(2023, 6, 1), ReferralStatus.DECLINED),
        (date(2023, 7, 1), ReferralStatus.INELIGIBLE),
        (date(2023, 8, 1), ReferralStatus.WITHDRAWN),
        (OFFENCE, ReferralStatus.COMPLETED),  # same day: not earlier
        (date(2025, 1, 1), ReferralStatus.COMPLETED),  # later
    ]
    assert count_prior_diversions(OFFENCE, earlier) == 5
    assert count_prior_diversions(OFFENCE, []) == 0


# --- properties -------------------------------------------------------------

inputs = st.builds(
    EligibilityInput,
    scheme=st.sampled_from([SCHEME, replace(SCHEME, second_chance=True)]),
    date_of_birth=st.dates(min_value=date(1995, 1, 1), max_value=date(2024, 1, 1)),
    offence_date=st.just(OFFENCE),
    substance=st.sampled_from(["cannabis", "COCAINE", "ecstasy", "ketamine", "heroin", ""]),
    quantity=st.decimals(min_value=0, max_value=10000, places=3, allow_nan=False),
    unit=st.sampled_from(list(Unit)),
    supply_suspected=st.booleans(),
    prior_diversions=st.integers(min_value=0, max_value=4),
)


@given(inputs)
def test_reasons_always_in_canonical_order_and_unique(inp: EligibilityInput) -> None:
    decision = decide_eligibility(inp)
    assert decision.reasons == sort_reasons(decision.reasons)
    assert len(set(decision.reasons)) == len(decision.reasons)


@given(inputs)
def test_eligible_iff_no_reasons_iff_all_checks_pass(inp: EligibilityInput) -> None:
    decision = decide_eligibility(inp)
    assert decision.eligible == (decision.reasons == ())
    assert decision.eligible == all(i.passed for i in decision.checklist)


@given(inputs)
def test_not_covered_and_over_threshold_never_together(inp: EligibilityInput) -> None:
    reasons = decide_eligibility(inp).reasons
    assert not (R.SUBSTANCE_NOT_COVERED in reasons and R.OVER_THRESHOLD in reasons)


@given(inputs)
def test_each_reason_matches_its_rule(inp: EligibilityInput) -> None:
    reasons = decide_eligibility(inp).reasons
    assert (R.SUPPLY_SUSPECTED in reasons) == inp.supply_suspected
    assert (R.PRIOR_DIVERSION in reasons) == (
        not inp.scheme.second_chance and inp.prior_diversions >= 1
    )


@given(inputs, st.decimals(min_value=0, max_value=100, places=3))
def test_less_quantity_never_adds_over_threshold(inp: EligibilityInput, less: Decimal) -> None:
    smaller = replace(inp, quantity=max(Decimal(0), inp.quantity - less))
    if R.OVER_THRESHOLD not in decide_eligibility(inp).reasons:
        assert R.OVER_THRESHOLD not in decide_eligibility(smaller).reasons
