"""The scheme evaluation's input as aggregates: how many referrals share each profile.

The database does the counting (GROUP BY) and hands over a few thousand rows at most, whatever
the number of referrals; the rules that turn a referral's recorded facts into the funnel and
KPI 5 stages live here, so the database path and the row-by-row path (``count_facts``, used
by the unit tests and as the integration tests' oracle) give the same figures.
"""

from __future__ import annotations

import statistics as pystats
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from yot_desktop.domain.enums import Gender, ReferralStatus

if TYPE_CHECKING:
    from yot_desktop.domain.evaluation import ReferralFact

# A programme started: these statuses come only after acceptance (withdrawn can come before,
# so a withdrawn referral counts as accepted only with a programme or a session).
ACCEPTED_STATUSES = frozenset(
    {ReferralStatus.IN_PROGRAMME, ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED}
)
OFFERED_STATUSES = frozenset({ReferralStatus.OFFERED, ReferralStatus.DECLINED})


def programme_accepted(status: ReferralStatus, has_programme: bool, has_session: bool) -> bool:
    """Whether the child accepted a programme (a diversion), from what was recorded."""
    return (
        has_programme
        or status in ACCEPTED_STATUSES
        or (status is ReferralStatus.WITHDRAWN and has_session)
    )


def programme_offered(status: ReferralStatus, accepted: bool, offer_recorded: bool) -> bool:
    """Offered a programme: accepted one, has an 'offered' status change, or is offered or
    declined now."""
    return accepted or offer_recorded or status in OFFERED_STATUSES


# The police outcome codes a YOT reports for a diversion (the funders count by them).
YOT_OUTCOMES = ("21", "22", "23")
# Statuses that end an intervention (a disposal) once a programme was accepted.
ENDING_STATUSES = frozenset(
    {ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED, ReferralStatus.WITHDRAWN}
)


def yot_outcome(code: str | None) -> str:
    """'21', '22' or '23'; anything else (another code, none yet) is ''."""
    code = (code or "").strip()
    return code if code in YOT_OUTCOMES else ""


_GENDERS = {g.value: g for g in Gender}
_STATUSES = {st.value: st for st in ReferralStatus}


def gender_of(text: str) -> Gender:
    return _GENDERS.get(text, Gender.NOT_KNOWN)


def ethnicity_of(code: str) -> str:
    """The stored code, blank when not stated."""
    return "" if code in ("", "NS") else code


@dataclass(frozen=True, slots=True)
class Profile:
    """What the evaluation counts about a referral, without anything that tells one child
    from another: many referrals share a profile."""

    age_at_offence: int | None
    gender: Gender
    ethnicity: str  # ONS 2021 label or code; blank means not stated
    status: ReferralStatus
    eligible: bool
    offered: bool
    accepted: bool
    screened: bool
    need_identified: bool
    intervention_offered: bool
    attended_intervention: bool
    outcome_code: str = ""  # "21", "22" or "23" when the police outcome is one of those

    @classmethod
    def from_record(
        cls,
        *,
        age_at_offence: int | None,
        gender: str,
        ethnicity: str,
        status: str,
        eligible: bool,
        offer_recorded: bool,
        has_programme: bool,
        has_session: bool,
        attended_session: bool,
        screening: bool | None,
        outcome_code: str = "",
    ) -> Profile:
        """From the recorded facts. ``screening`` is None when not screened, else whether a
        need was identified (a positive CRAFFT or the worker's judgement)."""
        st = _STATUSES.get(status) or ReferralStatus(status)  # unknown text: ValueError
        accepted = programme_accepted(st, has_programme, has_session)
        need = bool(screening)
        intervention = need and accepted
        return cls(
            age_at_offence=None if age_at_offence is None else max(age_at_offence, 0),
            gender=gender_of(gender),
            ethnicity=ethnicity_of(ethnicity),
            status=st,
            eligible=eligible,
            offered=programme_offered(st, accepted, offer_recorded),
            accepted=accepted,
            screened=screening is not None,
            need_identified=need,
            intervention_offered=intervention,
            attended_intervention=intervention and attended_session,
            outcome_code=yot_outcome(outcome_code),
        )


@dataclass(frozen=True)
class EvaluationCounts:
    """Everything the evaluation needs, as counts.

    ``profiles``: referrals in the period by profile. ``waiting``: referrals in the period
    with a first appointment, by whole days from referral to it. ``people_referred``: children
    with a referral in the period; ``people_referred_again``: of whom referred again 1 to
    ``window`` days after one of those referrals.
    """

    profiles: Mapping[Profile, int] = field(default_factory=dict)
    waiting: Mapping[int, int] = field(default_factory=dict)
    people_referred: int = 0
    people_referred_again: int = 0
    # YJB KPI 6: children whose intervention (an accepted programme) ended in the period,
    # whatever their referral date, and of whom those whose last ending was a completion.
    disposals_ended: int = 0
    disposals_completed: int = 0


def profile_of_fact(f: ReferralFact) -> Profile:
    return Profile(
        age_at_offence=f.age_at_offence,
        gender=f.gender,
        ethnicity=f.ethnicity,
        status=f.status,
        eligible=f.eligible,
        offered=f.offered,
        accepted=f.accepted,
        screened=f.screened,
        need_identified=f.need_identified,
        intervention_offered=f.intervention_offered,
        attended_intervention=f.attended_intervention,
        outcome_code=yot_outcome(f.outcome_code),
    )


def count_facts(
    in_period: Sequence[ReferralFact],
    everything: Sequence[ReferralFact],
    window_days: int,
    period: tuple[date, date] | None = None,
) -> EvaluationCounts:
    """The counts from one row per referral (``everything`` may reach past the period, to
    find second referrals, and interventions that ended in it)."""
    dates_by_person: dict[int, list[date]] = defaultdict(list)
    for f in everything:
        dates_by_person[f.person_id].append(f.referral_date)
    again = {
        f.person_id
        for f in in_period
        if any(1 <= (d - f.referral_date).days <= window_days for d in dates_by_person[f.person_id])
    }
    return EvaluationCounts(
        profiles=Counter(profile_of_fact(f) for f in in_period),
        waiting=Counter(
            (f.first_appointment - f.referral_date).days for f in in_period if f.first_appointment
        ),
        people_referred=len({f.person_id for f in in_period}),
        people_referred_again=len(again),
        **_kpi6(everything, period),
    )


def _kpi6(facts: Sequence[ReferralFact], period: tuple[date, date] | None) -> dict[str, int]:
    if period is None:
        return {}
    last: dict[int, tuple[date, int, bool]] = {}
    for f in facts:
        if f.ended_on is None or not f.accepted or f.status not in ENDING_STATUSES:
            continue
        if not period[0] <= f.ended_on <= period[1]:
            continue
        mark = (f.ended_on, f.referral_id, f.status is ReferralStatus.COMPLETED)
        if f.person_id not in last or mark > last[f.person_id]:
            last[f.person_id] = mark
    return {
        "disposals_ended": len(last),
        "disposals_completed": sum(done for _, _, done in last.values()),
    }


def kpi6_from_endings(rows: Iterable[tuple[int, int, date, str]]) -> tuple[int, int]:
    """(ended, completed) children from (person, referral, day ended, status) rows: each
    child counted once, by the last intervention that ended in the period."""
    last: dict[int, tuple[date, int, bool]] = {}
    for person, referral, day, status in rows:
        mark = (day, referral, status == ReferralStatus.COMPLETED.value)
        if person not in last or mark > last[person]:
            last[person] = mark
    return len(last), sum(done for _, _, done in last.values())


def merge_profiles(rows: Iterable[tuple[Profile, int]]) -> dict[Profile, int]:
    out: dict[Profile, int] = defaultdict(int)
    for profile, n in rows:
        out[profile] += n
    return dict(out)


@dataclass(frozen=True)
class WaitingDays:
    count: int
    median: float | None
    mean: float | None
    longest: int | None


def waiting_from_histogram(histogram: Mapping[int, int]) -> WaitingDays:
    """Median, mean and longest of the waits, from how many referrals waited each number of
    days (the same figures as from the list of waits)."""
    pairs = sorted((d, n) for d, n in histogram.items() if n > 0)
    count = sum(n for _, n in pairs)
    if not count:
        return WaitingDays(0, None, None, None)

    def nth(k: int) -> int:  # the k-th smallest wait, from 0
        seen = 0
        for d, n in pairs:
            seen += n
            if k < seen:
                return d
        raise AssertionError("k is below the count")

    middle = count // 2
    median = float(nth(middle)) if count % 2 else pystats.fmean((nth(middle - 1), nth(middle)))
    mean = sum(d * n for d, n in pairs) / count
    return WaitingDays(count, median, mean, pairs[-1][0])
