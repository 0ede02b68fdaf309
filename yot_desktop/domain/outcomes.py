"""Home Office crime outcome codes a referral can end with. Kept as data: confirm locally."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutcomeCode:
    code: str
    label: str
    note: str


OUTCOME_CODES: tuple[OutcomeCode, ...] = (
    OutcomeCode("1", "Charge or summons", "The child is charged or summonsed to court."),
    OutcomeCode("2", "Youth caution", "Includes a youth conditional caution. Needs an admission."),
    OutcomeCode(
        "8",
        "Community resolution",
        "An informal outcome agreed with the child. Needs an admission.",
    ),
    OutcomeCode(
        "21",
        "No further action: not in the public interest",
        "Police decide that taking further action is not in the public interest.",
    ),
    OutcomeCode(
        "22",
        "Diversionary, educational or intervention activity",
        "No admission needed, except for a deferred caution. Further action is not in the "
        "public interest once the activity is done.",
    ),
    OutcomeCode(
        "23",
        "Deferred prosecution for children",
        "A newer outcome. Held as an interim value until it is confirmed locally.",
    ),
)

_BY_CODE = {o.code: o for o in OUTCOME_CODES}


def find_outcome(code: str) -> OutcomeCode | None:
    """The outcome with this code (e.g. "22" or " 22 "), or None if unknown."""
    return _BY_CODE.get(code.strip())


def outcome_label(code: str) -> str:
    """'22: Diversionary, ...' for display; unknown codes are shown as they are."""
    found = find_outcome(code)
    return f"{found.code}: {found.label}" if found else f"{code.strip()}: unknown outcome code"
