"""Realistic invented data for training and demonstrations (never real people)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from yot_desktop.domain.eligibility import EligibilityInput, codes_text, decide_eligibility
from yot_desktop.domain.enums import Attendance, ReferralStatus, Role, Unit, Venue
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.ethnicity import ETHNICITIES
from yot_desktop.domain.names import fold
from yot_desktop.services.auth import hash_password
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.demo_panels import list_for_panels
from yot_desktop.services.schemes import install_default_schemes, rules_of
from yot_desktop.storage.models import (
    AppMeta,
    Carer,
    ProgrammeSession,
    Referral,
    Scheme,
    Team,
    User,
    YoungPerson,
)

DEMO_PASSWORD = "demo"  # documented in INTERFACES.md; only ever on a database marked demo
CHUNK = 5000

# Names from many backgrounds and scripts: a name with an accent is a normal name.
UNICODE_NAMES = [
    ("Łukasz", "Kowalski"),
    ("Siobhán", "O'Brien"),
    ("Thị Mai", "Nguyễn"),
    ("Zoë", "Ağaoğlu"),
    ("Seán", "Ó Súilleabháin"),
    ("Chloé", "Dubois"),
    ("Oğuz", "Yılmaz"),
    ("Małgorzata", "Wiśniewska"),
    ("José", "García-López"),
    ("Aoife", "Mac Giolla Bhríde"),
    ("Dmitrij", "Šťastný"),
    ("Ana", "Ştefănescu"),
    ("Björn", "Søndergård"),
    ("Αλέξανδρος", "Παπαδόπουλος"),
    ("Марія", "Шевченко"),
    ("Chukwuemeka", "Okonkwo-Adeyemi"),
]

TEAMS = [
    ("West Berkshire Youth Offending Team", "Market Street\nNewbury\nRG14 5LD", "WB"),
    (
        "Windsor and Maidenhead Youth Offending Team",
        "Town Hall, St Ives Road\nMaidenhead\nSL6 1RF",
        "WM",
    ),
    ("Oxfordshire Youth Justice Service", "County Hall, New Road\nOxford\nOX1 1ND", "OX"),
]
TOWNS = {
    "WB": ["Newbury", "Thatcham", "Hungerford"],
    "WM": ["Maidenhead", "Windsor"],
    "OX": ["Oxford", "Banbury", "Abingdon", "Didcot"],
}
SUBSTANCES: list[tuple[str, Unit, list[float]]] = [
    ("cannabis", Unit.G, [1, 2, 3.5, 4, 5, 7, 14]),
    ("cocaine", Unit.G, [0.5, 1, 2]),
    ("ecstasy (MDMA)", Unit.TABLETS, [1, 2, 4]),
    ("ketamine", Unit.G, [0.5, 1]),
    ("nitrous oxide", Unit.ITEMS, [2, 5, 10]),
    ("cannabis", Unit.MG, [500, 900]),
]
STATUS_WEIGHTS = [
    (ReferralStatus.RECEIVED, 8),
    (ReferralStatus.OFFERED, 7),
    (ReferralStatus.IN_PROGRAMME, 20),
    (ReferralStatus.COMPLETED, 45),
    (ReferralStatus.NOT_ENGAGED, 8),
    (ReferralStatus.DECLINED, 7),
    (ReferralStatus.WITHDRAWN, 5),
]
_PROGRAMME = {ReferralStatus.IN_PROGRAMME, ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED}

Progress = Callable[[int, int], None]


class DemoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def fill(self, people: int = 200, seed: int = 1, progress: Progress | None = None) -> int:
        """Add `people` invented young people with referrals and sessions; mark the database demo.

        Runs without a signed-in user: it only ever adds invented data, and is audited.
        """
        from faker import Faker  # heavy: only demo needs it

        today = self.ctx.clock().date()
        now = self.ctx.clock()
        with self.ctx.uow() as uow:
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
            # A second run adds different people: the seed is mixed with what is already there.
            already = s.scalar(select(func.count()).select_from(YoungPerson)) or 0
            rng = random.Random(f"{seed}:{already}")
            fake = Faker("en_GB")
            fake.seed_instance(f"{seed}:{already}")
            install_default_schemes(s)
            teams = self._teams(s)
            workers = self._users(s, teams)
            schemes = {sc.code: sc for sc in s.scalars(select(Scheme)).all()}
            first_names = sorted({fake.first_name() for _ in range(600)})
            last_names = sorted({fake.last_name() for _ in range(600)})
            streets = [fake.street_address().replace("\n", ", ") for _ in range(800)]
            postcodes = [fake.postcode() for _ in range(800)]
            schools = [
                f"{fake.last_name()} {kind}"
                for kind in ("Academy", "School", "College", "High School")
                for _ in range(20)
            ]
            next_person = (s.scalar(select(func.max(YoungPerson.id))) or 0) + 1
            next_ref = (s.scalar(select(func.max(Referral.id))) or 0) + 1
            first_ref = next_ref
            made = 0
            while made < people:
                batch = min(CHUNK, people - made)
                person_rows: list[dict[str, Any]] = []
                carer_rows: list[dict[str, Any]] = []
                referral_rows: list[dict[str, Any]] = []
                session_rows: list[dict[str, Any]] = []
                for _ in range(batch):
                    pid = next_person
                    next_person += 1
                    code = rng.choice(("WB", "WB", "WM", "OX"))
                    team_id = teams[code]
                    if already == 0 and made == 0 and len(person_rows) < len(UNICODE_NAMES):
                        # Every demo has each of these names at least once, to show they work.
                        first, last = UNICODE_NAMES[len(person_rows)]
                    elif rng.random() < 0.04:
                        first, last = rng.choice(UNICODE_NAMES)
                    else:
                        first, last = rng.choice(first_names), rng.choice(last_names)
                    age_days = rng.randint(10 * 365 + 30, 17 * 365 + 300)
                    dob = today - timedelta(days=age_days)
                    person_rows.append(
                        {
                            "id": pid,
                            "version": 1,
                            "person_ref": f"YP{pid:06d}",
                            "first_name": first,
                            "last_name": last,
                            "preferred_name": "",
                            "search_name": fold(f"{first} {last}"),
                            "search_last": fold(last),
                            "date_of_birth": dob,
                            "gender": rng.choice(("female", "male", "male", "other", "not known")),
                            "ethnicity": rng.choice(ETHNICITIES).code,
                            "address_line_1": rng.choice(streets),
                            "address_line_2": "",
                            "town": rng.choice(TOWNS[code]),
                            "postcode": rng.choice(postcodes),
                            "school": rng.choice(schools),
                            "first_language": "English",
                            "interpreter_needed": False,
                            "communication_needs": rng.choice(
                                ["", "", "", "Needs short sentences and extra time"]
                            ),
                            "send_needs": rng.choice(
                                ["", "", "", "EHCP: speech, language and communication"]
                            ),
                            "looked_after": rng.random() < 0.08,
                            "exploitation_concern": rng.random() < 0.1,
                            "nrm_referral_date": None,
                            "nrm_decision": "",
                            "missing_episodes": 0,
                            "other_agencies": "",
                            "team_id": team_id,
                            "possible_duplicate": False,
                            "created_at": now,
                            "updated_at": now,
                            "updated_by": "demo",
                        }
                    )
                    carer_rows.append(
                        {
                            "young_person_id": pid,
                            "version": 1,
                            "name": f"{fake.first_name()} {last}",
                            "relationship_to_child": rng.choice(
                                ("Mother", "Father", "Grandparent", "Foster carer")
                            ),
                            "parental_responsibility": True,
                            "address": "",
                            "phone": f"07700 900{rng.randint(0, 999):03d}",
                            "email": "",
                            "preferred_language": "English",
                            "letter_preference": rng.choice(("post", "email")),
                        }
                    )
                    for n in range(2 if rng.random() < 0.08 else 1):
                        scheme = schemes[code]
                        rules = rules_of(scheme)
                        substance, unit, amounts = rng.choice(SUBSTANCES)
                        qty = Decimal(str(rng.choice(amounts)))
                        ref_date = today - timedelta(days=rng.randint(0, 720))
                        if n == 1:
                            ref_date = min(today, ref_date + timedelta(days=rng.randint(60, 300)))
                        offence = ref_date - timedelta(days=rng.randint(0, 6))
                        if offence <= dob:
                            offence = ref_date
                        supply = rng.random() < 0.05
                        decision = decide_eligibility(
                            EligibilityInput(
                                rules,
                                dob,
                                offence,
                                substance,
                                qty,
                                unit,
                                supply,
                                prior_diversions=n,
                            )
                        )
                        status = (
                            rng.choices(
                                [s_ for s_, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS]
                            )[0]
                            if decision.eligible
                            else ReferralStatus.INELIGIBLE
                        )
                        if ref_date > today - timedelta(days=14) and status in _PROGRAMME:
                            status = ReferralStatus.OFFERED
                        rid = next_ref
                        next_ref += 1
                        worker = rng.choice(workers[code])
                        referral_rows.append(
                            {
                                "id": rid,
                                "version": 1,
                                "crime_reference": f"43/{ref_date:%y}/{rid:07d}",
                                "young_person_id": pid,
                                "scheme_id": scheme.id,
                                "team_id": team_id,
                                "worker_id": worker,
                                "referral_date": ref_date,
                                "referring_officer": f"PC {fake.last_name()}",
                                "officer_email": "",
                                "offence_date": offence,
                                "offence_location": f"{rng.choice(TOWNS[code])} town centre",
                                "substance": substance,
                                "quantity": qty,
                                "unit": unit.value,
                                "supply_suspected": supply,
                                "notes": "",
                                "status": status.value,
                                "eligible": decision.eligible,
                                "eligibility_reasons": codes_text(decision.reasons),
                                "prior_diversions": n,
                                "override_reason": "",
                                "override_by": "",
                                "outcome_code": rules.outcome_code if status in _PROGRAMME else "",
                                "created_at": now,
                                "updated_at": now,
                            }
                        )
                        if status in _PROGRAMME:
                            session_rows.extend(
                                _sessions(
                                    rng,
                                    rid,
                                    ref_date,
                                    rules.sessions_required,
                                    rules.session_minutes,
                                    status,
                                    worker,
                                    today,
                                )
                            )
                s.execute(insert(YoungPerson), person_rows)
                s.execute(insert(Carer), carer_rows)
                s.execute(insert(Referral), referral_rows)
                if session_rows:
                    s.execute(insert(ProgrammeSession), session_rows)
                made += batch
                if progress:
                    progress(made, people)
            list_for_panels(s, rng, first_ref, today, now)
            _fix_sequences(s)
            if s.get(AppMeta, "demo") is None:
                s.add(AppMeta(key="demo", value=now.isoformat()))
            self.ctx.audit(s, "demo", "demo_fill", detail=f"people={people} seed={seed}")
            uow.commit()
            return made

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

    def _users(self, s: Session, teams: dict[str, int]) -> dict[str, list[int]]:
        pw = hash_password(DEMO_PASSWORD)
        wanted = [
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
        workers: dict[str, list[int]] = {code: [] for code in teams}
        for username, display, role, code in wanted:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                user = User(
                    username=username,
                    display_name=display,
                    role=role.value,
                    team_id=teams[code],
                    password_hash=pw,
                    created_at=self.ctx.clock(),
                )
                s.add(user)
                s.flush()
            if role is Role.PRACTITIONER:
                workers[code].append(user.id)
        return workers


def _sessions(
    rng: random.Random,
    rid: int,
    start: date,
    required: int,
    minutes: int,
    status: ReferralStatus,
    worker: int,
    today: date,
) -> list[dict[str, Any]]:
    rows = []
    first = start + timedelta(days=rng.randint(5, 14))
    dnas = 0
    for i in range(required + 1):  # the assessment, then the sessions
        day = first + timedelta(weeks=i)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        starts = datetime.combine(day, time(rng.choice((10, 14, 16)), 0))
        if day >= today:
            outcome = Attendance.PLANNED
        elif status is ReferralStatus.NOT_ENGAGED and i >= 1 and dnas < 2:
            outcome, dnas = Attendance.DID_NOT_ATTEND, dnas + 1
        else:
            outcome = rng.choices(
                [Attendance.ATTENDED, Attendance.LATE, Attendance.DID_NOT_ATTEND],
                [88, 8, 4 if status is ReferralStatus.IN_PROGRAMME else 0],
            )[0]
        rows.append(
            {
                "referral_id": rid,
                "version": 1,
                "intervention": "assessment" if i == 0 else "drug_education",
                "starts_at": starts,
                "minutes": minutes,
                "venue": rng.choice(list(Venue)).value,
                "venue_name": "",
                "worker_id": worker,
                "status": outcome.value,
                "reason": "Did not come; no message"
                if outcome is Attendance.DID_NOT_ATTEND
                else "",
                "evidence_received": False,
            }
        )
        if status is ReferralStatus.NOT_ENGAGED and dnas >= 2:
            break
    return rows


def _fix_sequences(s: Session) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; bring them up to date."""
    if s.get_bind().dialect.name != "postgresql":
        return
    for table in ("young_people", "referrals"):
        s.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )
