"""Which referral status changes are allowed, and what they mean for the police."""

from __future__ import annotations

from types import MappingProxyType

from yot_desktop.domain.enums import ReferralStatus as S
from yot_desktop.domain.errors import InvalidTransition

# The normal path. Declined, completed, not engaged and withdrawn are final.
TRANSITIONS: MappingProxyType[S, frozenset[S]] = MappingProxyType(
    {
        S.RECEIVED: frozenset({S.OFFERED, S.WITHDRAWN, S.INELIGIBLE}),
        S.INELIGIBLE: frozenset(),
        S.OFFERED: frozenset({S.IN_PROGRAMME, S.DECLINED, S.WITHDRAWN}),
        S.IN_PROGRAMME: frozenset({S.COMPLETED, S.NOT_ENGAGED, S.WITHDRAWN}),
        S.DECLINED: frozenset(),
        S.COMPLETED: frozenset(),
        S.NOT_ENGAGED: frozenset(),
        S.WITHDRAWN: frozenset(),
    }
)

# Only a manager's override may move a referral out of these; it must be recorded.
OVERRIDE_TRANSITIONS: MappingProxyType[S, frozenset[S]] = MappingProxyType(
    {S.INELIGIBLE: frozenset({S.RECEIVED})}
)

FINAL_STATUSES = frozenset({S.DECLINED, S.COMPLETED, S.NOT_ENGAGED, S.WITHDRAWN})

# The case goes back to the police to decide what happens next.
RETURNED_TO_POLICE = frozenset({S.DECLINED, S.INELIGIBLE, S.NOT_ENGAGED})


def allowed_next(status: S, *, override: bool = False) -> frozenset[S]:
    """Statuses a referral in `status` may move to."""
    extra = OVERRIDE_TRANSITIONS.get(status, frozenset()) if override else frozenset()
    return TRANSITIONS[status] | extra


def can_transition(old: S, new: S, *, override: bool = False) -> bool:
    return new in allowed_next(old, override=override)


def check_transition(old: S, new: S, *, override: bool = False) -> None:
    """Raise InvalidTransition, with a message staff can act on, unless allowed."""
    if can_transition(old, new, override=override):
        return
    if new in OVERRIDE_TRANSITIONS.get(old, frozenset()):
        raise InvalidTransition(
            f"A referral that is {old.label.lower()} can only be moved to "
            f"{new.label.lower()} by a manager's override, with a written reason."
        )
    if old in FINAL_STATUSES:
        raise InvalidTransition(
            f"This referral is {old.label.lower()}, which is final. It cannot be changed to "
            f"{new.label.lower()}."
        )
    if old == new:
        raise InvalidTransition(f"This referral is already {old.label.lower()}.")
    refused = f"A referral that is {old.label.lower()} cannot be changed to {new.label.lower()}."
    choices = sorted(allowed_next(old, override=override), key=list(S).index)
    if choices:
        options = " or ".join(s.label.lower() for s in choices)
        raise InvalidTransition(f"{refused} It can be changed to {options}.")
    raise InvalidTransition(
        f"{refused} A manager can override the decision to move it back to received."
    )


def is_final(status: S) -> bool:
    return status in FINAL_STATUSES


def returned_to_police(status: S) -> bool:
    """True when the police must be told the child is not (or no longer) diverted."""
    return status in RETURNED_TO_POLICE
