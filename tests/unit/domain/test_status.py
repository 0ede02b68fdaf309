from __future__ import annotations

import pytest

from yot_desktop.domain.enums import ReferralStatus as S
from yot_desktop.domain.errors import InvalidTransition
from yot_desktop.domain.status import (
    FINAL_STATUSES,
    allowed_next,
    can_transition,
    check_transition,
    is_final,
    returned_to_police,
)

ALLOWED = {
    (S.RECEIVED, S.OFFERED),
    (S.RECEIVED, S.WITHDRAWN),
    (S.RECEIVED, S.INELIGIBLE),
    (S.OFFERED, S.IN_PROGRAMME),
    (S.OFFERED, S.DECLINED),
    (S.OFFERED, S.WITHDRAWN),
    (S.IN_PROGRAMME, S.COMPLETED),
    (S.IN_PROGRAMME, S.NOT_ENGAGED),
    (S.IN_PROGRAMME, S.WITHDRAWN),
}
ALL_PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS)
def test_transition_table(old: S, new: S) -> None:
    expected = (old, new) in ALLOWED
    assert can_transition(old, new) is expected
    if expected:
        check_transition(old, new)
    else:
        with pytest.raises(InvalidTransition):
            check_transition(old, new)


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS)
def test_override_only_adds_ineligible_to_received(old: S, new: S) -> None:
    expected = (old, new) in ALLOWED or (old, new) == (S.INELIGIBLE, S.RECEIVED)
    assert can_transition(old, new, override=True) is expected


def test_ineligible_to_received_needs_manager_override() -> None:
    with pytest.raises(InvalidTransition, match="manager's override"):
        check_transition(S.INELIGIBLE, S.RECEIVED)
    check_transition(S.INELIGIBLE, S.RECEIVED, override=True)


def test_ineligible_to_other_status_mentions_override() -> None:
    with pytest.raises(InvalidTransition, match="A manager can override"):
        check_transition(S.INELIGIBLE, S.OFFERED)


@pytest.mark.parametrize("final", sorted(FINAL_STATUSES))
def test_final_statuses_cannot_change(final: S) -> None:
    assert is_final(final)
    assert allowed_next(final, override=True) == frozenset()
    with pytest.raises(InvalidTransition, match="which is final"):
        check_transition(final, S.RECEIVED, override=True)


def test_message_lists_the_allowed_choices() -> None:
    with pytest.raises(InvalidTransition) as info:
        check_transition(S.RECEIVED, S.COMPLETED)
    assert str(info.value) == (
        "A referral that is received cannot be changed to completed. "
        "It can be changed to not eligible or offered or withdrawn."
    )


def test_same_status_is_not_a_transition() -> None:
    with pytest.raises(InvalidTransition, match="already offered"):
        check_transition(S.OFFERED, S.OFFERED)


@pytest.mark.parametrize(
    ("status", "returned"),
    [
        (S.DECLINED, True),
        (S.INELIGIBLE, True),
        (S.NOT_ENGAGED, True),
        (S.RECEIVED, False),
        (S.OFFERED, False),
        (S.IN_PROGRAMME, False),
        (S.COMPLETED, False),
        (S.WITHDRAWN, False),
    ],
)
def test_returned_to_police(status: S, returned: bool) -> None:
    assert returned_to_police(status) is returned
