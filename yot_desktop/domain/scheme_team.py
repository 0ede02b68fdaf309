"""Which schemes a team runs: the scheme a new referral starts with.

A scheme belongs to the team it names in `team` (INTERFACES.md's optional key), when it has
one, or else to the team whose name contains the scheme's `area` as whole words:
"West Berkshire" runs in "West Berkshire Youth Offending Team", "Oxfordshire" in
"Oxfordshire Youth Justice Service". Nothing is guessed beyond that: a team that runs no
scheme, or several, chooses for itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from yot_desktop.domain.scheme import SchemeRules


def _words(text: str) -> str:
    """Lower case, punctuation as spaces, single spaces: "Windsor & Maidenhead" stays apart
    from "Windsor and Maidenhead" (no synonyms are guessed)."""
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


def runs_scheme(team_name: str, scheme: SchemeRules) -> bool:
    """Whether the team of this name runs the scheme."""
    team = _words(team_name)
    if not team:
        return False
    named_team = _words(scheme.team)
    if named_team:
        return named_team == team
    area = _words(scheme.area)
    return bool(area) and f" {area} " in f" {team} "


def team_scheme_codes(team_name: str, schemes: Iterable[SchemeRules]) -> tuple[str, ...]:
    """The codes of the schemes the team runs, in the order given."""
    return tuple(s.code for s in schemes if runs_scheme(team_name, s))


def default_scheme(team_name: str, schemes: Iterable[SchemeRules]) -> str | None:
    """The scheme a new referral starts with: the team's only scheme, else none (choose)."""
    codes = team_scheme_codes(team_name, schemes)
    return codes[0] if len(codes) == 1 else None
