from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.retention import (
    LastAction,
    RetentionFacts,
    RetentionSettings,
    add_years,
    decide,
)

DEFAULT = RetentionSettings()


def facts(
    dob: date, *actions: tuple[date, str], open_: tuple[ReferralStatus, ...] = ()
) -> RetentionFacts:
    return RetentionFacts(dob, tuple(LastAction(d, w) for d, w in actions), open_)


def test_three_years_after_the_last_action_when_that_is_after_18() -> None:
    f = facts(
        date(2004, 6, 1),
        (date(2021, 3, 14), "referral received"),
        (date(2022, 3, 14), "letter sent"),
    )
    d = decide(f, DEFAULT, date(2025, 3, 14))
    assert d.due_on == date(2025, 3, 14)
    assert d.is_due
    assert d.last_action == LastAction(date(2022, 3, 14), "letter sent")
    assert d.reason == (
        "Due since 14/03/2025: 3 years after the last action (letter sent, 14/03/2022); "
        "the 18th birthday (01/06/2022) came first."
    )
    assert not decide(f, DEFAULT, date(2025, 3, 13)).is_due


def test_the_18th_birthday_when_that_is_later() -> None:
    f = facts(date(2012, 5, 2), (date(2024, 1, 10), "session attended"))
    d = decide(f, DEFAULT, date(2027, 1, 10))
    assert d.due_on == date(2030, 5, 2)
    assert not d.is_due
    assert d.reason.startswith("Not due until 02/05/2030: the 18th birthday (02/05/2030), which")
    assert decide(f, DEFAULT, date(2030, 5, 2)).is_due


def test_the_birthday_clause_is_a_setting() -> None:
    f = facts(date(2012, 5, 2), (date(2024, 1, 10), "session attended"))
    d = decide(f, RetentionSettings(3, keep_until_18=False), date(2027, 1, 10))
    assert d.due_on == date(2027, 1, 10)
    assert d.is_due
    assert "18th" not in d.reason


def test_years_is_a_setting() -> None:
    f = facts(date(2000, 1, 1), (date(2020, 1, 1), "record changed"))
    assert decide(f, RetentionSettings(6), date(2026, 1, 1)).due_on == date(2026, 1, 1)
    assert decide(f, RetentionSettings(1), date(2021, 1, 1)).reason.startswith(
        "Due since 01/01/2021: 1 year after"
    )


def test_an_open_referral_keeps_the_record() -> None:
    f = facts(
        date(2000, 1, 1),
        (date(2020, 1, 1), "referral received"),
        open_=(ReferralStatus.IN_PROGRAMME,),
    )
    d = decide(f, DEFAULT, date(2030, 1, 1))
    assert d.held and not d.is_due
    assert d.reason == (
        "Kept: a referral is still open (in programme). It would be due on 01/01/2023."
    )


def test_no_actions_counts_from_the_date_of_birth() -> None:
    d = decide(facts(date(2000, 1, 1)), DEFAULT, date(2030, 1, 1))
    assert d.last_action.what == "date of birth"
    assert d.due_on == date(2018, 1, 1)


def test_29_february_moves_to_1_march() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 3, 1)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@pytest.mark.parametrize("years", [0, -1, 101])
def test_settings_out_of_range_name_the_field(years: int) -> None:
    with pytest.raises(ValidationError) as err:
        RetentionSettings(years).check()
    assert err.value.problems[0].field == "Years after the last action"
    assert "from 1 to 100" in err.value.problems[0].message


def test_settings_describe_themselves() -> None:
    assert DEFAULT.describe() == (
        "3 years after the last action, or the 18th birthday if that is later"
    )
    assert RetentionSettings(1, False).describe() == "1 year after the last action"


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2045, 12, 31))


@given(
    dob=dates,
    actions=st.lists(dates, max_size=5),
    years=st.integers(1, 20),
    until_18=st.booleans(),
    as_of=dates,
)
def test_due_date_is_the_later_of_the_two_clauses(
    dob: date, actions: list[date], years: int, until_18: bool, as_of: date
) -> None:
    settings = RetentionSettings(years, until_18)
    f = RetentionFacts(dob, tuple(LastAction(d, "x") for d in actions))
    d = decide(f, settings, as_of)
    last = max(actions, default=dob)
    after_action = add_years(last, years)
    assert d.last_action.on == last
    assert d.due_on >= after_action
    if until_18:
        assert d.due_on == max(after_action, add_years(dob, 18))
    else:
        assert d.due_on == after_action
    assert d.is_due == (as_of >= d.due_on)
    # Later actions never bring the due date forward.
    later = RetentionFacts(dob, (*f.actions, LastAction(add_years(last, 1), "y")))
    assert decide(later, settings, as_of).due_on >= d.due_on
