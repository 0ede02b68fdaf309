"""Realistic invented data for training and demonstrations (never real people).

A demo is a scheme a few months in, dated back from today (the services' clock), so it stays
current: referrals from the last six months at every status, with consent, CRAFFT screens,
programmes, registers, follow-ups, engagement decisions, letters, police outcomes and panels.

* The worked cases (demo/cast.py) go through the real services on a moving clock, so
  they obey every domain rule and leave the audit trail staff would: one of each situation,
  and the sessions, follow-ups, decisions and letters due that Today and the Calendar show.
* The rest (demo/fates.py) are written in bulk by the same domain rules, so that a
  demo of thousands of people still builds in seconds.

The same seed and clock give the same demo.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from yot_desktop.demo.bulk import IMPORTERS, Diary, Rows, fix_sequences
from yot_desktop.demo.fates import Fates, Staff, TeamSetup
from yot_desktop.demo.panels import list_for_panels
from yot_desktop.demo.people import SHOWCASE, PeopleMaker
from yot_desktop.demo.people import UNICODE_NAMES as UNICODE_NAMES
from yot_desktop.demo.venues import add_demo_venues, place_demo_sessions
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.services import audit_seal, changes
from yot_desktop.services.admin.auth import hash_password
from yot_desktop.services.admin.schemes import install_default_schemes, rules_of
from yot_desktop.services.core import ServiceContext, UnitOfWork
from yot_desktop.storage.models import AppMeta, Referral, Scheme, Team, User, YoungPerson
from yot_desktop.storage.models_delivery import Intervention

DEMO_PASSWORD = "demo"  # documented in INTERFACES.md; only ever on a database marked demo
CHUNK = 2000  # bulk people written per batch
SCHEME_MONTHS_DAYS = 182  # the scheme started about six months ago
SECOND_REFERRAL = 0.08  # share of children referred again

TEAMS = [
    ("West Berkshire Youth Offending Team", "Market Street\nNewbury\nRG14 5LD", "WB"),
    (
        "Windsor and Maidenhead Youth Offending Team",
        "Town Hall, St Ives Road\nMaidenhead\nSL6 1RF",
        "WM",
    ),
    ("Oxfordshire Youth Justice Service", "County Hall, New Road\nOxford\nOX1 1ND", "OX"),
]
STAFF = [
    ("admin", "Alex Admin", Role.ADMINISTRATOR, "WB"),
    ("manager", "Morgan Manager", Role.MANAGER, "WB"),
    ("practitioner", "Priya Practitioner", Role.PRACTITIONER, "WB"),
    ("panel", "Pat Panel", Role.PANEL, "WB"),
    ("sam.patel", "Sam Patel", Role.PRACTITIONER, "WB"),
    ("jo.evans", "Jo Evans", Role.PRACTITIONER, "WM"),
    ("chris.okafor", "Chris Okafor", Role.PRACTITIONER, "WM"),
    ("kim.walsh", "Kim Walsh", Role.PRACTITIONER, "OX"),
    ("lee.nowak", "Lee Nowak", Role.PRACTITIONER, "OX"),
]
TEAM_CODES, TEAM_WEIGHTS = ("WB", "WM", "OX"), (2, 1, 1)

Progress = Callable[[int, int], None]


class DemoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def fill(self, people: int = 200, seed: int = 1, progress: Progress | None = None) -> int:
        """Add `people` invented young people with their referrals; mark the database demo.

        Runs without a signed-in user: it only ever adds invented data, and is audited.
        All or nothing: the whole demo (staff, worked cases, the bulk) is one transaction, so
        a fill cut short (a kill, a crash) leaves no invented data at all. Only an empty
        database takes a demo: one with real records or a demo already is refused.
        """
        from faker import Faker  # heavy: only the demo needs it

        from yot_desktop.demo.cast import Cast
        from yot_desktop.demo.story import Story

        now = self.ctx.clock()
        with (
            self.ctx.long_write("YOT Desktop", "filling in demonstration data"),
            self._one_transaction() as sessions,
        ):
            first_number = self._set_up(sessions, people, seed)
            if people <= 0:
                return 0
            with UnitOfWork(sessions) as uow:  # with people: their sessions' venues
                add_demo_venues(uow.session, self._teams(uow.session))
                uow.commit()
            fake = Faker("en_GB")
            fake.seed_instance(f"{seed}:0")
            run = _Run(
                people,
                f"{seed}:0",
                PeopleMaker(random.Random(f"{seed}:0:people"), fake),
                now,
                sorted({f"PC {fake.last_name()}" for _ in range(40)}),
                itertools.count(first_number),
                progress,
            )
            story = Story(self.ctx.engine, now, run.numbers, sessions)
            cases = run.stream("cases")
            cast = Cast(story, run.maker, cases, lambda: cases.choice(run.officers))
            scripts, run.made = cast.scripts(people)
            story.run(scripts)
            run.step(0)
            with UnitOfWork(sessions) as uow:
                s = uow.session
                self._bulk(s, run)
                place_demo_sessions(s)
                list_for_panels(s, run.stream("panels"), first_number, now.date(), now)
                fix_sequences(s)
                uow.commit()
        return people

    @contextmanager
    def _one_transaction(self) -> Iterator[sessionmaker[Session]]:
        """Sessions that all share one connection and one transaction, committed at the end:
        each unit of work's commit only releases a savepoint inside it. (SQLite: BEGIN
        IMMEDIATE by hand, as the sqlite3 module would otherwise let the first savepoint's
        release commit; it also takes the write lock at once, for the whole fill.)"""
        with self.ctx.engine.connect() as conn:
            conn.begin()
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            sessions = sessionmaker(
                bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
            )
            audit_seal.install(sessions)  # as ServiceContext does: records are chained,
            changes.install(sessions, self.ctx.instance)  # and commits are news to others
            yield sessions
            conn.commit()

    # --- set-up -------------------------------------------------------------------------
    def _set_up(self, sessions: sessionmaker[Session], people: int, seed: int) -> int:
        """Schemes, teams and staff; the database marked demo and the fill audited first.
        Refuses a database with real records or a demo in it. The first crime reference
        number to use."""
        now = self.ctx.clock()
        with UnitOfWork(sessions) as uow:
            s = uow.session
            has_users = s.scalar(select(func.count()).select_from(User)) or 0
            if has_users and s.get(AppMeta, "demo") is None:
                raise ValidationError(
                    FieldProblem(
                        "database",
                        "This database holds real records. Invented demo data can only go into "
                        "an empty database or one already marked as a demo.",
                    )
                )
            already = s.scalar(select(func.count()).select_from(YoungPerson)) or 0
            if already:
                raise ValidationError(
                    FieldProblem(
                        "database",
                        f"This database already holds demonstration data ({already:,} invented "
                        "young people), so nothing was added. For a new demo, start a new, "
                        "empty database and fill that one.",
                    )
                )
            first_number = (s.scalar(select(func.max(Referral.id))) or 0) + 1
            install_default_schemes(s)
            self._users(s, self._teams(s))
            if s.get(AppMeta, "demo") is None:
                s.add(AppMeta(key="demo", value=now.isoformat()))
            self.ctx.audit(s, "demo", "demo_fill", detail=f"people={people} seed={seed}")
            uow.commit()
        return first_number

    def _teams(self, s: Session) -> dict[str, int]:
        out = {}
        for name, address, code in TEAMS:
            team = s.scalar(select(Team).where(Team.name == name))
            if team is None:
                team = Team(
                    name=name,
                    address=address,
                    phone="01635 000000",
                    email=f"yot.{code.lower()}@example.gov.uk",
                )
                s.add(team)
                s.flush()
            out[code] = team.id
        return out

    def _users(self, s: Session, teams: dict[str, int]) -> None:
        pw = hash_password(DEMO_PASSWORD)
        for username, display, role, code in STAFF:
            if s.scalar(select(User.id).where(User.username == username)) is None:
                s.add(
                    User(
                        username=username,
                        display_name=display,
                        role=role.value,
                        team_id=teams[code],
                        password_hash=pw,
                        created_at=self.ctx.clock(),
                    )
                )
        s.flush()

    # --- the bulk -----------------------------------------------------------------------
    def _bulk(self, s: Session, run: _Run) -> None:
        """The people the worked cases did not make, in batches."""
        count = run.people - run.made
        if count <= 0:
            return
        maker, today = run.maker, run.now.date()
        rows, diary = Rows(s), Diary()
        diary.load(s)
        teams, manager = _team_setups(s)
        fates = Fates(rows, diary, run.stream("bulk"), run.now, manager, run.numbers, run.officers)
        # The first demo holds every showcase name: those the worked cases did not take.
        used = {(first, last) for first, last, _born in maker.taken}
        showcase = [n for n in SHOWCASE if (n[0], n[1]) not in used]
        for n in range(count):
            # Each person draws from their own stream: who they are never depends on how far
            # the people before them got by now (so names stay put from one minute to the next).
            rng = maker.rng = fates.rng = run.stream(f"person {n}")
            code = rng.choices(TEAM_CODES, TEAM_WEIGHTS)[0]
            team = teams[code]
            referred = fates.cal.on_or_before(
                today - timedelta(days=rng.randint(0, SCHEME_MONTHS_DAYS))
            )
            age = 18 if rng.random() < 0.015 else None  # too old for the scheme
            name = showcase.pop(0) if showcase else None
            person = maker.child(code, referred - timedelta(days=1), name=name, age=age)
            arrived = datetime.combine(referred, time(9))
            pid, carers = rows.person(person, team.team_id, arrived)
            offence, case = fates.referral(team, person, pid, carers, referred, [])
            again = referred + timedelta(days=rng.randint(30, 120))
            if rng.random() < SECOND_REFERRAL and again < today:
                again = fates.cal.on_or_before(again)
                fates.referral(team, person, pid, carers, again, [(offence, case)])
            if (n + 1) % CHUNK == 0 or n + 1 == count:
                rows.flush()
                run.step(n + 1)


@dataclass
class _Run:
    """One fill: what the worked cases and the bulk share."""

    people: int
    seed: str
    maker: PeopleMaker
    now: datetime
    officers: list[str]
    numbers: Iterator[int]
    progress: Progress | None
    made: int = 0  # young people made by the worked cases

    def stream(self, name: str) -> random.Random:
        """A random source of its own for one part of the fill, from the seed."""
        return random.Random(f"{self.seed}:{name}")

    def step(self, bulk_done: int) -> None:
        if self.progress:
            self.progress(self.made + bulk_done, self.people)


def _team_setups(s: Session) -> tuple[dict[str, TeamSetup], Staff]:
    """Each team's scheme, practitioners and the member of staff who imports its referrals;
    and the manager."""
    staff = {u.username: u for u in s.scalars(select(User))}
    labels = {
        code: label for code, label in s.execute(select(Intervention.code, Intervention.label))
    }
    teams: dict[str, TeamSetup] = {}
    for code in TEAM_CODES:
        scheme = s.scalars(select(Scheme).where(Scheme.code == code)).one()
        importer = staff[IMPORTERS[code]]
        assert importer.team_id is not None
        teams[code] = TeamSetup(
            code=code,
            team_id=importer.team_id,
            scheme_id=scheme.id,
            rules=rules_of(scheme),
            workers=tuple(
                Staff(staff[username].id, username)
                for username, _name, role, team in STAFF
                if role is Role.PRACTITIONER and team == code
            ),
            importer=Staff(importer.id, importer.username),
            labels=labels,
        )
    return teams, Staff(staff["manager"].id, "manager")
