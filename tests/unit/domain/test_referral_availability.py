"""Every decision button on a referral: where it shows, and why it is disabled when it is."""

from __future__ import annotations

from datetime import date

import pytest

from yot_desktop.domain.consent import Party
from yot_desktop.domain.enums import ReferralStatus as S
from yot_desktop.domain.referral_availability import OFFER_FIRST, Action, belongs, why_not
from yot_desktop.domain.status import can_transition

YES = ((Party.YOUNG_PERSON, True), (Party.PARENT_CARER, True))


def test_consent_waits_for_the_offer() -> None:
    assert why_not(Action.CONSENT, S.RECEIVED) == OFFER_FIRST
    assert why_not(Action.CONSENT, S.OFFERED) == ""
    assert "This referral is in programme" in why_not(Action.CONSENT, S.IN_PROGRAMME)
    assert belongs(Action.CONSENT, S.RECEIVED) and belongs(Action.CONSENT, S.OFFERED)
    assert not belongs(Action.CONSENT, S.COMPLETED)


def test_starting_needs_the_offer_then_both_consents() -> None:
    assert why_not(Action.START, S.RECEIVED).startswith("Offer the programme first")
    missing = why_not(Action.START, S.OFFERED)
    assert "young person's consent" in missing and "parent or carer's consent" in missing
    only_child = why_not(Action.START, S.OFFERED, [(Party.YOUNG_PERSON, True)])
    assert "young person" not in only_child and "parent or carer's consent" in only_child
    refused = why_not(Action.START, S.OFFERED, [*YES, (Party.PARENT_CARER, False)])
    assert "did not consent" in refused
    assert why_not(Action.START, S.OFFERED, YES) == ""


def test_police_told_once_and_only_for_returned_referrals() -> None:
    assert why_not(Action.POLICE_TOLD, S.DECLINED) == ""
    assert why_not(Action.POLICE_TOLD, S.DECLINED, (), date(2026, 3, 14)) == (
        "The police were told on 14/03/2026."
    )
    assert "Only declined" in why_not(Action.POLICE_TOLD, S.OFFERED)
    assert belongs(Action.POLICE_TOLD, S.NOT_ENGAGED) and not belongs(Action.POLICE_TOLD, S.OFFERED)


def test_override_only_for_not_eligible() -> None:
    assert why_not(Action.OVERRIDE, S.INELIGIBLE) == ""
    assert why_not(Action.OVERRIDE, S.RECEIVED) != ""
    assert belongs(Action.OVERRIDE, S.INELIGIBLE) and not belongs(Action.OVERRIDE, S.RECEIVED)


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize(
    "action", [Action.OFFER, Action.DECLINE, Action.INELIGIBLE, Action.WITHDRAW]
)
def test_status_buttons_follow_the_status_rules(status: S, action: Action) -> None:
    """Shown exactly when the rules allow the move; then enabled, with no reason."""
    allowed = can_transition(status, S(action.value))
    assert belongs(action, status) is allowed
    assert (why_not(action, status, YES) == "") is allowed


@pytest.mark.parametrize("status", list(S))
def test_a_shown_button_is_either_usable_or_says_why(status: S) -> None:
    for action in Action:
        if belongs(action, status):
            reason = why_not(action, status)
            assert reason == "" or reason.endswith("."), (action, reason)
