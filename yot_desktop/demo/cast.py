"""The demo's worked cases: one of each thing a Youth Offending Team sees in a few months of a
drug diversion scheme, told as scripts for demo/story.py to run through the services.

Dates count back from today, so the cases are always current: a session today and this week, a
follow-up overdue, a manager's decision and a completion waiting, letters due, a referral that
came in yesterday, near-duplicate records to review, and closed cases with their letters sent
and the police outcome recorded.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from yot_desktop.demo.bulk import IMPORTERS
from yot_desktop.demo.fates import crafft
from yot_desktop.demo.people import SHOWCASE, PeopleMaker
from yot_desktop.demo.story import Case, Script, Story
from yot_desktop.domain.enums import Attendance, LetterType, ReferralStatus, Unit, Venue
from yot_desktop.storage.models_delivery import LetterDue

Mark = tuple[Attendance, str, bool]
ATT: Mark = (Attendance.ATTENDED, "", False)
LATE: Mark = (Attendance.LATE, "", False)
DNA: Mark = (Attendance.DID_NOT_ATTEND, "Did not come and sent no message", False)
DNA_OK: Mark = (
    Attendance.DID_NOT_ATTEND,
    "Hospital appointment; the clinic's letter was seen",
    True,
)


def misspelt(name: str) -> str:
    """The name with its last vowel changed, as a hurried officer might type it."""
    for i in range(len(name) - 1, -1, -1):
        if name[i] in "aeiou":
            return name[:i] + ("a" if name[i] != "a" else "e") + name[i + 1 :]
    return name + "e"


class Cast:
    """Builds the cases (people invented in a fixed order, so the demo is repeatable)."""

    def __init__(
        self, story: Story, maker: PeopleMaker, rng: random.Random, officer: Callable[[], str]
    ) -> None:
        self.s, self.maker, self.rng, self.officer = story, maker, rng, officer
        self.cases: dict[str, Case] = {}
        self._names = iter(SHOWCASE)

    def scripts(self, people: int) -> tuple[list[Script], int]:
        """The scripts of as many cases as `people` new young people allow, most telling
        first; and how many young people they make."""
        plan: list[tuple[str, str | None, Callable[[Case], Script], bool]] = [
            ("today", None, self.today, True),
            ("completed", None, self.completed, True),
            ("decision_due", None, self.decision_due, True),
            ("not_engaged", None, self.not_engaged, True),
            ("received", None, self.received, True),
            ("ineligible", None, self.ineligible, True),
            ("offered", None, self.offered, True),
            ("declined", None, self.declined, True),
            ("completion_due", None, self.completion_due, True),
            ("at_risk", None, self.at_risk, True),
            ("override", None, self.override, True),
            ("withdrawn", None, self.withdrawn, True),
            ("near_duplicate", "completed", self.received, True),
            ("swapped_birthday", "today", self.received, True),
            ("second_referral", "not_engaged", self.second_referral, False),
            ("ox_programme", None, self.ox_programme, True),
            ("exploitation", None, self.exploitation, True),
        ]
        scripts: list[Script] = []
        made = 0
        for key, needs, script, new_person in plan:
            if made + new_person > people or (needs and needs not in self.cases):
                continue
            case = self._case(key, needs)
            self.cases[key] = case
            scripts.append(script(case))
            made += new_person
        return scripts, made

    # --- the cases ----------------------------------------------------------------------
    def _case(self, key: str, needs: str | None) -> Case:
        s = self.s
        setup = _SETUP[key]
        team, referred = setup.team, s.back(setup.days_ago)
        if needs is None:
            # Every other case has one of the showcase names; the rest are drawn as usual.
            name = next(self._names, None) if len(self.cases) % 2 == 0 else None
            person = self.maker.child(team, referred - timedelta(days=1), name=name, age=setup.age)
            if key == "today":  # a birthday whose day and month can be swapped (a duplicate)
                born = person.date_of_birth
                person = replace(person, date_of_birth=born.replace(day=born.month % 12 + 1))
        else:
            person = original = self.cases[needs].person
            if key == "near_duplicate":  # the police spelled the surname differently
                person = replace(original, last_name=misspelt(original.last_name))
            elif key == "swapped_birthday":  # day and month the other way round
                born = original.date_of_birth
                person = replace(
                    original, date_of_birth=born.replace(month=born.day, day=born.month)
                )
        self.maker.taken.add((person.first_name, person.last_name, person.date_of_birth))
        return Case(
            team,
            setup.worker,
            referred,
            person,
            self.officer(),
            setup.substance,
            setup.quantity,
            setup.unit,
            setup.supply,
            setup.notes,
        )

    def arrive(self, c: Case, minute: int = 5, *, details: bool = True) -> Script:
        """The referral is imported, allocated, and the worker completes the record."""
        s = self.s
        yield s.at(c.referred, 9, minute)
        s.import_referral(c, IMPORTERS[c.team])
        if c.worker:
            yield s.at(c.referred, 11, minute)
            s.allocate(c)
            if details:
                yield s.at(c.referred, 15, minute)
                s.record_details(c)

    def accept(self, c: Case, first: date, hour: int, venue: Venue, minute: int = 0) -> Script:
        """Offered two working days after referral, consent three days later, and the
        standard programme booked weekly from `first`."""
        s = self.s
        offered = s.later(c.referred, 2)
        yield s.at(offered, 10, 30)
        s.status(c, ReferralStatus.OFFERED)
        consent = s.later(offered, 3)
        yield s.at(consent, 13)
        s.consent(c)
        yield s.at(consent, 13, 30)
        s.start(c, max(first, s.later(consent, 1)), hour, minute, venue)

    def attend(
        self, c: Case, marks: list[Mark], *, positive: bool = True, chased: tuple[int, ...] = ()
    ) -> Script:
        """The register after each session; CRAFFT at the assessment; the family called the
        next working day after the missed sessions numbered in `chased`."""
        s = self.s
        for i, (value, reason, evidence) in enumerate(marks):
            yield c.booked[i].ends_at + timedelta(minutes=10)
            s.mark(c, i, value, reason, evidence)
            if i == 0:
                s.screen(c, crafft(self.rng, positive=positive), need=positive)
            if i in chased:
                yield s.at(s.later(c.booked[i].starts_at.date(), 1), 9, 40)
                s.follow_up_done(c, i, "Called home: they had forgotten; reminded of the next date")
            yield from self.post(c)

    def post(self, c: Case, after_days: int = 3) -> Script:
        """Letters the rules queued are made a couple of working days later, and sent."""
        s = self.s
        with s.ctx.uow() as uow:
            due = uow.session.execute(
                LetterDue.__table__.select().where(
                    LetterDue.referral_id == c.referral_id, LetterDue.status == "due"
                )
            ).all()
        if not due:
            return
        day = s.later(s.clock.now.date(), after_days)
        for n, row in enumerate(due):
            yield s.at(day, 14, 10 * n)
            kind = LetterType(row.letter_type)
            record = s.letter(c, kind)
            yield s.at(day, 16, 10 * n)
            s.sent(c, record, "email" if kind is LetterType.POLICE_OUTCOME else "post")

    def today(self, c: Case) -> Script:
        yield from self.arrive(c, 5)
        yield from self.accept(c, self.s.today - timedelta(days=21), 15, Venue.YOT_OFFICE, 30)
        yield from self.attend(c, [ATT, ATT, LATE])  # the last session is today

    def completed(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 10)
        yield from self.accept(c, s.later(c.referred, 9), 10, Venue.SCHOOL)
        yield from self.attend(c, [ATT, ATT, LATE, ATT], positive=False)
        yield s.at(s.later(c.booked[-1].starts_at.date(), 2), 12)
        s.complete(c)
        yield from self.post(c, 1)
        yield s.at(s.later(s.clock.now.date(), 5), 11)
        s.outcome(c, "22")

    def decision_due(self, c: Case) -> Script:
        yield from self.arrive(c, 15)
        yield from self.accept(c, self.s.today - timedelta(days=18), 13, Venue.PROVIDER, 30)
        yield from self.attend(c, [ATT, DNA, DNA], chased=(1,))

    def not_engaged(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 20)
        yield from self.accept(c, s.later(c.referred, 10), 16, Venue.YOT_OFFICE)
        yield from self.attend(c, [ATT, DNA, ATT, DNA], chased=(1, 3))
        yield s.at(s.later(c.booked[-1].starts_at.date(), 3), 11)
        s.not_engaged(
            c, "Two sessions missed without a reason after the warning letter. Back to the police."
        )
        yield from self.post(c, 1)
        yield s.at(s.later(s.clock.now.date(), 10), 11)
        s.outcome(c, "1")

    def received(self, c: Case) -> Script:
        yield from self.arrive(c, 25)

    def ineligible(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 30)
        yield s.at(s.later(c.referred, 1), 10)
        s.police_told(c)
        record = s.letter(c, LetterType.NOT_ELIGIBLE)
        yield s.at(s.later(c.referred, 1), 15)
        s.sent(c, record, "post")
        yield s.at(s.later(c.referred, 15), 10)
        s.outcome(c, "1")

    def offered(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 35)
        offered = s.later(c.referred, 2)
        yield s.at(offered, 10)
        s.status(c, ReferralStatus.OFFERED)
        s.screen(c, crafft(self.rng, positive=True), need=True)
        s.letter(c, LetterType.OFFER)
        yield s.at(s.later(offered, 2), 16)
        s.consent(c, parent=False)  # the parent has not signed yet

    def declined(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 40)
        offered = s.later(c.referred, 2)
        yield s.at(offered, 10)
        s.status(c, ReferralStatus.OFFERED)
        yield s.at(offered, 10, 30)
        s.screen(c, crafft(self.rng, positive=True), need=True)
        yield s.at(s.later(offered, 3), 14)
        s.consent(c, young_person=False, parent=False)
        s.status(
            c, ReferralStatus.DECLINED, "Does not want to take part; knows the police are told"
        )
        yield s.at(s.later(offered, 4), 10)
        s.police_told(c)
        yield s.at(s.later(offered, 14), 10)
        s.outcome(c, "2")

    def completion_due(self, c: Case) -> Script:
        yield from self.arrive(c, 45)
        yield from self.accept(c, self.s.today - timedelta(days=24), 16, Venue.HOME_VISIT)
        yield from self.attend(c, [ATT, ATT, LATE, ATT], positive=False)

    def at_risk(self, c: Case) -> Script:
        yield from self.arrive(c, 50)
        yield from self.accept(c, self.s.today - timedelta(days=9), 14, Venue.SCHOOL)
        yield from self.attend(c, [ATT, DNA])  # the follow-up call is overdue, the letter due

    def override(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 55)
        yield s.at(s.later(c.referred, 1), 9, 30)
        s.override(
            c, "Six grams, just over the local limit. No other concerns; the officer supports it."
        )
        yield from self.accept(c, s.today - timedelta(days=15), 11, Venue.YOT_OFFICE)
        yield from self.attend(c, [ATT, DNA_OK, ATT])

    def withdrawn(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 0)
        yield s.at(s.later(c.referred, 2), 10)
        s.status(c, ReferralStatus.OFFERED)
        yield s.at(s.later(c.referred, 8), 10)
        s.status(
            c, ReferralStatus.WITHDRAWN, "The family moved to Cardiff; the case is closed here"
        )

    def second_referral(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 10, details=False)
        yield s.at(s.later(c.referred, 1), 10, 30)
        s.police_told(c)

    def ox_programme(self, c: Case) -> Script:
        yield from self.arrive(c, 15)
        yield from self.accept(c, self.s.today - timedelta(days=30), 15, Venue.PROVIDER)
        yield from self.attend(c, [ATT, ATT, DNA_OK, LATE, ATT], positive=False)

    def exploitation(self, c: Case) -> Script:
        s = self.s
        yield from self.arrive(c, 30, details=False)
        yield s.at(c.referred, 15, 30)
        s.record_details(
            c,
            exploitation_concern=True,
            nrm_referral_date=c.referred - timedelta(days=20),
            missing_episodes=2,
            other_agencies="Children's social care; Thames Valley Police missing persons unit",
        )


class Setup(NamedTuple):
    """Who holds a case, how many days ago it was referred, and the offence."""

    team: str
    worker: str | None
    days_ago: int
    age: int | None = None
    substance: str = "cannabis"
    quantity: Decimal = Decimal("2")
    unit: Unit = Unit.G
    supply: bool = False
    notes: str = ""


_SETUP: dict[str, Setup] = {
    "today": Setup("WB", "practitioner", 33),
    "completed": Setup("WB", "practitioner", 112, quantity=Decimal("3.5")),
    "decision_due": Setup("WB", "practitioner", 40),
    "not_engaged": Setup("WM", "jo.evans", 91, 15, "cocaine", Decimal("0.5")),
    "received": Setup("WB", None, 1),
    "ineligible": Setup(
        "WB", None, 35, quantity=Decimal("9"), supply=True, notes="Nine bags and cash found"
    ),
    "offered": Setup("WB", "sam.patel", 8, substance="ketamine", quantity=Decimal("0.5")),
    "declined": Setup("WB", "practitioner", 70),
    "completion_due": Setup("WB", "sam.patel", 56),
    "at_risk": Setup("WB", "sam.patel", 20, unit=Unit.MG, quantity=Decimal("900")),
    "override": Setup("WB", "practitioner", 30, quantity=Decimal("6")),
    "withdrawn": Setup("WB", "practitioner", 77),
    "near_duplicate": Setup("WB", None, 12),
    "swapped_birthday": Setup("WB", None, 3),
    "second_referral": Setup("WM", None, 14),
    "ox_programme": Setup("OX", "kim.walsh", 49, None, "nitrous oxide", Decimal("3"), Unit.ITEMS),
    "exploitation": Setup("WB", "practitioner", 4, 13, quantity=Decimal("1")),
}
