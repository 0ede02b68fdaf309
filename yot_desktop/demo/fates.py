"""How each of the demo's bulk referrals goes, step by step, by the domain's rules.

A referral is decided at intake (domain eligibility), allocated, offered, accepted, declined or
withdrawn; an accepted one gets the scheme's standard programme (domain plan and deadline) on
working days, then the register: most children attend, some miss a session, some stop coming
and a manager closes the case, a few move away. Every status change is checked against
domain/status.py. Steps dated after "now" do not happen, so recent referrals are still open.
Rows are written through demo/bulk.py.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from yot_desktop.demo.bulk import Diary, Rows, crime_reference
from yot_desktop.demo.people import PersonPlan
from yot_desktop.demo.register import MOVED, Register
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.crafft import CrafftAnswers, score_crafft
from yot_desktop.domain.eligibility import (
    EligibilityInput,
    codes_text,
    count_prior_diversions,
    decide_eligibility,
)
from yot_desktop.domain.enums import EligibilityReason, ReferralStatus, Unit
from yot_desktop.domain.scheme import SchemeRules
from yot_desktop.domain.status import check_transition
from yot_desktop.storage.models import Referral
from yot_desktop.storage.models_intake import Consent, CrafftScreening, ReferralStatusChange

S = ReferralStatus
LAWFUL_BASIS = "Public task (UK GDPR 6(1)(e)); law enforcement processing (DPA 2018 Part 3)"
# (substance, unit, amounts): cannabis most of all, as in the seed articles.
# One amount in twenty is over the usual threshold; some substances are not covered everywhere.
OFFENCES: tuple[tuple[str, Unit, tuple[float, ...], int], ...] = (
    (
        "cannabis",
        Unit.G,
        (0.5, 1, 1, 1.5, 1.5, 2, 2, 2, 2.5, 2.5, 3, 3, 3.5, 3.5, 3.5, 4, 4, 4.5, 5, 6),
        82,
    ),
    ("cocaine", Unit.G, (0.2, 0.3, 0.5, 0.5, 1, 1, 2), 6),
    ("ecstasy (MDMA)", Unit.TABLETS, (1, 1, 1, 2, 2, 3), 4),
    ("ketamine", Unit.G, (0.3, 0.5, 1), 3),
    ("nitrous oxide", Unit.ITEMS, (2, 3, 5, 12), 2),
    ("cannabis", Unit.MG, (500, 900), 3),
)
PLACES = ("Bus station", "Park", "Town centre", "Outside school", "Retail park", "Skate park")
OVERRIDE_REASON = "Just over the local limit, no other concerns; the officer supports diversion."
_ITEMS = ("car", "relax", "alone", "forget", "family_friends", "trouble")


def crafft(rng: random.Random, *, positive: bool, any_use: bool = True) -> CrafftAnswers:
    """Answers scoring 2 or more when `positive`; without use, only Car is asked."""
    if not any_use:
        return CrafftAnswers(0, 0, 0, car=False)
    yes = set(rng.sample(_ITEMS, rng.choice((2, 3, 4) if positive else (0, 1))))
    return CrafftAnswers(
        alcohol_days=rng.randint(0, 12),
        cannabis_days=rng.randint(8, 150),
        other_days=rng.choice((0, 0, 1, 3)),
        **{item: item in yes for item in _ITEMS},
    )


@dataclass(frozen=True)
class Staff:
    id: int
    username: str


@dataclass(frozen=True)
class TeamSetup:
    code: str
    team_id: int
    scheme_id: int
    rules: SchemeRules
    workers: tuple[Staff, ...]
    importer: Staff
    labels: dict[str, str]


@dataclass
class Case:
    """One bulk referral as it goes: its row's values and its history of statuses."""

    rid: int
    team: TeamSetup
    person_id: int
    status: S = S.RECEIVED
    worker: Staff | None = None
    values: dict[str, Any] = field(default_factory=dict)
    history: list[tuple[datetime, S]] = field(default_factory=list)

    def status_at(self, moment: datetime) -> S | None:
        found = None
        for at, status in self.history:
            if at <= moment:
                found = status
        return found


class Fates:
    def __init__(
        self,
        rows: Rows,
        diary: Diary,
        rng: random.Random,
        now: datetime,
        manager: Staff,
        numbers: Iterator[int],
        officers: Sequence[str],
    ) -> None:
        self.rows, self.diary, self.rng, self.now = rows, diary, rng, now
        self.manager, self.numbers, self.officers = manager, numbers, officers
        self.cal = WorkingCalendar()

    # --- time ---------------------------------------------------------------------------
    def office(self, d: date, first: int = 9, last: int = 16) -> datetime:
        """A moment in the working day `d` (or the next working day)."""
        day = self.cal.on_or_after(d)
        return datetime.combine(
            day, time(self.rng.randint(first, last), self.rng.randrange(0, 60, 5))
        )

    def later(self, moment: datetime | date, low: int, high: int) -> datetime:
        d = moment.date() if isinstance(moment, datetime) else moment
        return self.office(self.cal.add_working_days(d, self.rng.randint(low, high)))

    # --- a referral ---------------------------------------------------------------------
    def referral(
        self,
        team: TeamSetup,
        person: PersonPlan,
        person_id: int,
        carers: list[tuple[int, str]],
        referred: date,
        earlier: list[tuple[date, Case]],
    ) -> tuple[date, Case]:
        """Write one referral and everything that followed it; (offence date, its case)."""
        rng, rows = self.rng, self.rows
        c = Case(rows.new_id(Referral), team, person_id)
        offence = max(
            referred - timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5))), person.date_of_birth
        )
        substance, unit, amounts, _w = rng.choices(OFFENCES, [o[3] for o in OFFENCES])[0]
        quantity = Decimal(str(rng.choice(amounts)))
        supply = rng.random() < 0.03
        created = min(self.office(referred, 9, 12), self.now)
        prior = count_prior_diversions(
            offence, [(d, old.status_at(created) or S.WITHDRAWN) for d, old in earlier]
        )
        decision = decide_eligibility(
            EligibilityInput(
                team.rules, person.date_of_birth, offence, substance, quantity, unit, supply, prior
            )
        )
        c.values = {
            "id": c.rid,
            "version": 1,
            "crime_reference": crime_reference(referred, next(self.numbers)),
            "young_person_id": person_id,
            "scheme_id": team.scheme_id,
            "team_id": team.team_id,
            "referral_date": referred,
            "referring_officer": rng.choice(self.officers),
            "officer_email": "",
            "offence_date": offence,
            "offence_location": f"{rng.choice(PLACES)}, {person.town}",
            "substance": substance,
            "quantity": quantity,
            "unit": unit.value,
            "supply_suspected": supply,
            "notes": "",
            "eligible": decision.eligible,
            "eligibility_reasons": codes_text(decision.reasons),
            "prior_diversions": prior,
            "override_reason": "",
            "override_by": "",
            "override_at": None,
            "outcome_code": "",
            "police_informed_on": None,
            "created_at": created,
        }
        first = S.RECEIVED if decision.eligible else S.INELIGIBLE
        self.change(c, first, created, team.importer, "Eligibility decided at intake", audit=False)
        rows.audit(created, team.importer.username, "create", "referral", c.rid, "import")
        self._after_intake(c, created, decision.reasons, carers, person)
        rows.add(
            Referral,
            **c.values,
            status=c.status.value,
            worker_id=c.worker.id if c.worker else None,
            updated_at=c.history[-1][0],
        )
        return offence, c

    def change(
        self, c: Case, to: S, at: datetime, by: Staff, note: str = "", *, audit: bool = True
    ) -> None:
        """A status change, by the domain's rules, kept in the referral's history."""
        old = c.status.value if c.history else ""
        if c.history:
            check_transition(c.status, to, override=note == "Manager's override")
        self.rows.add(
            ReferralStatusChange,
            referral_id=c.rid,
            from_status=old,
            to_status=to.value,
            at=at,
            by_username=by.username,
            note=note,
        )
        if audit:
            self.rows.audit(
                at, by.username, "change_status", "referral", c.rid, f"{old}>{to.value}"
            )
        c.status = to
        c.history.append((at, to))

    def _after_intake(
        self,
        c: Case,
        created: datetime,
        reasons: Sequence[EligibilityReason],
        carers: list[tuple[int, str]],
        person: PersonPlan,
    ) -> None:
        rng, now = self.rng, self.now
        if c.status is S.INELIGIBLE:
            if list(reasons) != [EligibilityReason.OVER_THRESHOLD] or rng.random() < 0.7:
                self._back_to_police(c, self.later(created, 1, 3), ("1", "2", "8", "21"))
                return
            at = self.later(created, 1, 2)  # just over the limit: a manager takes it on
            if at > now:
                return
            c.values.update(
                override_reason=OVERRIDE_REASON,
                override_by="Morgan Manager",
                override_at=at,
            )
            self.change(c, S.RECEIVED, at, self.manager, "Manager's override")
            created = at
        allocated = created + timedelta(hours=rng.randint(1, 30))
        if allocated > now:
            return
        c.worker = rng.choice(c.team.workers)
        self.rows.audit(
            allocated,
            self.manager.username,
            "assign_worker",
            "referral",
            c.rid,
            f"worker={c.worker.id}",
        )
        offered = self.later(allocated, 1, 4)
        if offered > now:
            return
        self.change(c, S.OFFERED, offered, c.worker)
        fate = rng.choices(("accept", "decline", "withdraw"), (84, 11, 5))[0]
        # CRAFFT at the first meeting, the day of the offer, before the child decides.
        screened = rng.random() < (0.4 if fate == "withdraw" else 0.9)
        if screened:
            self.screen(c, offered + timedelta(minutes=40), positive=rng.random() < 0.45)
        answered = self.later(offered, 1, 7)
        if answered > now:
            return
        if fate == "withdraw":
            self.change(c, S.WITHDRAWN, answered, c.worker, rng.choice(MOVED))
        elif fate == "decline":
            self._consent(c, answered, carers, person, agreed=False)
            self.change(c, S.DECLINED, answered, c.worker, "Does not want to take part")
            self._back_to_police(c, self.later(answered, 1, 2), ("2", "8", "1", "21"))
        else:
            self._consent(c, answered, carers, person, agreed=True)
            Register(self, c, answered + timedelta(minutes=30), screened).run()

    def _consent(
        self,
        c: Case,
        at: datetime,
        carers: list[tuple[int, str]],
        person: PersonPlan,
        *,
        agreed: bool,
    ) -> None:
        assert c.worker is not None
        parties: list[tuple[str, int | None, str]] = [
            ("young_person", None, f"{person.first_name} {person.last_name}")
        ]
        if carers and agreed:
            parties.append(("parent_carer", *carers[0]))
        for party, carer_id, given_by in parties:
            self.rows.add(
                Consent,
                version=1,
                referral_id=c.rid,
                party=party,
                carer_id=carer_id,
                given_by=given_by,
                consented=agreed,
                taken_on=at.date(),
                taken_by=c.worker.username,
                lawful_basis=LAWFUL_BASIS,
                recorded_at=at,
            )
            self.rows.audit(at, c.worker.username, "record_consent", "referral", c.rid, party)

    def screen(self, c: Case, at: datetime, *, positive: bool) -> None:
        assert c.worker is not None
        answers = crafft(self.rng, positive=positive, any_use=positive or self.rng.random() < 0.8)
        result = score_crafft(answers)
        self.rows.add(
            CrafftScreening,
            version=1,
            young_person_id=c.person_id,
            referral_id=c.rid,
            screened_on=at.date(),
            screened_by=c.worker.username,
            score=result.score,
            positive=result.positive,
            need_identified_by_worker=result.positive or self.rng.random() < 0.1,
            alcohol_days=answers.alcohol_days,
            cannabis_days=answers.cannabis_days,
            other_days=answers.other_days,
            **{item: getattr(answers, item) for item in _ITEMS},
        )
        self.rows.audit(at, c.worker.username, "record_screening", "young_person", c.person_id)

    def _back_to_police(self, c: Case, told: datetime, codes: tuple[str, ...]) -> None:
        if told > self.now:
            return
        by = c.worker or self.manager
        c.values["police_informed_on"] = told.date()
        self.rows.audit(
            told, by.username, "return_to_police", "referral", c.rid, "police_informed_on"
        )
        self.outcome(c, self.later(told, 8, 20), self.rng.choice(codes))

    def outcome(self, c: Case, at: datetime, code: str) -> None:
        if at <= self.now:
            c.values["outcome_code"] = code
            by = c.worker or self.manager
            self.rows.audit(at, by.username, "set_outcome", "referral", c.rid, "outcome_code")
