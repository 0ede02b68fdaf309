"""What staff can do on a referral now, and, for what they cannot, why: the words a disabled
button's tooltip says. The same rules as the services that refuse (status.py, consent.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from yot_desktop.domain.consent import Party, missing_consents
from yot_desktop.domain.enums import ReferralStatus as S
from yot_desktop.domain.errors import InvalidTransition
from yot_desktop.domain.status import can_transition, check_transition, returned_to_police


class Action(StrEnum):
    """The decisions on a referral that depend on where it has got to."""

    OFFER = S.OFFERED.value
    START = S.IN_PROGRAMME.value
    DECLINE = S.DECLINED.value
    INELIGIBLE = S.INELIGIBLE.value
    WITHDRAW = S.WITHDRAWN.value
    CONSENT = "consent"
    POLICE_TOLD = "police_told"
    OVERRIDE = "override"


OFFER_FIRST = "Offer the programme first: consent is recorded once it has been offered."


def belongs(action: Action, status: S) -> bool:
    """Whether the button for `action` belongs on a referral in `status`: it can be taken now,
    or it is a step still to come that people look for (start the programme, record consent,
    before the offer), shown disabled with the reason. Final referrals show none."""
    if action in (Action.START, Action.CONSENT):
        return status in (S.RECEIVED, S.OFFERED)
    if action is Action.POLICE_TOLD:
        return returned_to_police(status)
    if action is Action.OVERRIDE:
        return status is S.INELIGIBLE
    return can_transition(status, S(action.value))


def why_not(
    action: Action,
    status: S,
    consents: Iterable[tuple[Party, bool]] = (),
    police_informed_on: date | None = None,
) -> str:
    """Why `action` cannot be taken on a referral in `status` now; "" when it can."""
    if action is Action.CONSENT:
        if status is S.OFFERED:
            return ""
        if status is S.RECEIVED:
            return OFFER_FIRST
        return (
            f"Consent is recorded while the programme is on offer. This referral is {_is(status)}."
        )
    if action is Action.POLICE_TOLD:
        if not returned_to_police(status):
            return (
                f"Only declined, not eligible or not engaged referrals go back to the police. "
                f"This referral is {_is(status)}."
            )
        if police_informed_on is not None:
            return f"The police were told on {police_informed_on:%d/%m/%Y}."
        return ""
    if action is Action.OVERRIDE:
        if status is S.INELIGIBLE:
            return ""
        return f"Only a referral that is not eligible can be overridden. This one is {_is(status)}."
    to = S(action.value)
    if to is S.IN_PROGRAMME and status is S.RECEIVED:
        return (
            "Offer the programme first, then record the young person's and a parent or "
            "carer's consent."
        )
    try:
        check_transition(status, to)
    except InvalidTransition as refused:
        return str(refused)
    if to is S.IN_PROGRAMME:
        missing = missing_consents(consents)
        if missing:
            return ". ".join(missing) + "."
    return ""


def _is(status: S) -> str:
    return status.label.lower()
