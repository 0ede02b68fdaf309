"""The demo's volume: many more young people than the worked cases, written in bulk so that a
demo of thousands builds in seconds.

Each referral lives through the same steps the services take (demo/fates.py decides
which, and when); this module writes the rows those steps leave behind, together: the status
history, consents, CRAFFT screens, programmes and their plans, sessions booked on working days
without double-booking a worker, register marks, follow-up calls, engagement decisions,
outcomes, and an audit row for each action under the name of the member of staff who took it.
What it does not make are letters (each is a rendered PDF; the worked cases have them).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from yot_desktop.demo.people import PersonPlan
from yot_desktop.domain.names import fold
from yot_desktop.services import audit_seal
from yot_desktop.storage.models import (
    AuditEntry,
    Carer,
    ProgrammeSession,
    Referral,
    YoungPerson,
)
from yot_desktop.storage.models_delivery import (
    AttendanceMarkRow,
    EngagementDecision,
    FollowUp,
    Programme,
    ProgrammeItem,
)
from yot_desktop.storage.models_intake import Consent, CrafftScreening, ReferralStatusChange

# Tables given ids here (rows point at them before they are written), in insert order.
ID_TABLES: tuple[type[Any], ...] = (
    YoungPerson,
    Carer,
    Referral,
    Programme,
    ProgrammeItem,
    ProgrammeSession,
)
ROW_TABLES: tuple[type[Any], ...] = (
    *ID_TABLES,
    ReferralStatusChange,
    Consent,
    CrafftScreening,
    AttendanceMarkRow,
    FollowUp,
    EngagementDecision,
    AuditEntry,
)
NOT_BUSY = ("rescheduled", "cancelled_by_young_person", "cancelled_by_service")
# Start times a worker's diary offers (a 90-minute assessment fits each).
SLOTS = ((9, 30), (11, 0), (13, 30), (15, 0), (16, 30))


# Who imports each team's police referrals (an import puts them in the importer's team).
IMPORTERS = {"WB": "manager", "WM": "jo.evans", "OX": "kim.walsh"}


def crime_reference(referred: date, number: int) -> str:
    """A Thames Valley Police (force 43) style crime reference."""
    return f"43/{referred:%y}/{number:07d}"


class Diary:
    """Who is busy when: so no worker is booked twice at once."""

    def __init__(self) -> None:
        self.busy: dict[tuple[int, date], list[tuple[datetime, datetime]]] = defaultdict(list)

    def load(self, s: Session) -> None:
        rows = s.execute(
            select(ProgrammeSession.worker_id, ProgrammeSession.starts_at, ProgrammeSession.minutes)
            .where(ProgrammeSession.worker_id.is_not(None))
            .where(ProgrammeSession.status.not_in(NOT_BUSY))
        )
        for worker, starts, minutes in rows:
            if worker is not None:
                self.take(worker, starts, minutes)

    def free(self, worker: int, starts: datetime, minutes: int) -> bool:
        ends = starts + timedelta(minutes=minutes)
        return all(ends <= a or b <= starts for a, b in self.busy.get((worker, starts.date()), ()))

    def take(self, worker: int, starts: datetime, minutes: int) -> None:
        self.busy[(worker, starts.date())].append((starts, starts + timedelta(minutes=minutes)))

    def weekly_time(
        self, rng: random.Random, worker: int, days: list[date], minutes: list[int]
    ) -> tuple[int, int] | None:
        """A start time free on every one of `days` (a session each), or None."""
        for hour, minute in rng.sample(SLOTS, len(SLOTS)):
            starts = [
                datetime.combine(d, datetime.min.time()).replace(hour=hour, minute=minute)
                for d in days
            ]
            if all(self.free(worker, st, m) for st, m in zip(starts, minutes, strict=True)):
                return hour, minute
        return None


class Rows:
    """Rows waiting to be written, and the next id of each table that needs them early."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.next_id = {t: (s.scalar(select(func.max(t.id))) or 0) + 1 for t in ID_TABLES}
        self.pending: dict[type[Any], list[dict[str, Any]]] = defaultdict(list)

    def new_id(self, table: type[Any]) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: type[Any], **values: Any) -> None:
        self.pending[table].append(values)

    def audit(
        self,
        at: datetime,
        username: str,
        action: str,
        entity: str = "",
        entity_id: int | None = None,
        detail: str = "",
    ) -> None:
        self.add(
            AuditEntry,
            at=at,
            username=username,
            action=action,
            entity=entity,
            entity_id=entity_id,
            outcome="ok",
            detail=detail,
        )

    def flush(self) -> None:
        """Write everything waiting, parents before children."""
        for table in ROW_TABLES:
            rows = self.pending.pop(table, None)
            if not rows:
                continue
            if table is AuditEntry:
                # Sealed into the audit hash chain as the fill commits, like every record.
                for entry in self.s.scalars(insert(AuditEntry).returning(AuditEntry), rows):
                    audit_seal.note(self.s, entry)
            else:
                self.s.execute(insert(table), rows)

    def person(
        self, p: PersonPlan, team_id: int, now: datetime
    ) -> tuple[int, list[tuple[int, str]]]:
        """The young person's row and their carers'; (person id, the carers as (id, name),
        those with parental responsibility first: who consents for the family)."""
        pid = self.new_id(YoungPerson)
        self.add(
            YoungPerson,
            id=pid,
            version=1,
            person_ref=f"YP{pid:06d}",
            first_name=p.first_name,
            last_name=p.last_name,
            preferred_name="",
            search_name=fold(f"{p.first_name} {p.last_name}")[:220],
            search_last=fold(p.last_name)[:110],
            date_of_birth=p.date_of_birth,
            gender=p.gender,
            ethnicity=p.ethnicity,
            address_line_1=p.address_line_1,
            address_line_2="",
            town=p.town,
            postcode=p.postcode,
            school=p.school,
            first_language=p.first_language,
            interpreter_needed=p.interpreter_needed,
            communication_needs=p.communication_needs,
            send_needs=p.send_needs,
            looked_after=p.looked_after,
            exploitation_concern=p.exploitation_concern,
            nrm_referral_date=None,
            nrm_decision="",
            missing_episodes=0,
            other_agencies="Children's social care" if p.looked_after else "",
            team_id=team_id,
            possible_duplicate=False,
            created_at=now,
            updated_at=now,
            updated_by="demo",
        )
        carers: list[tuple[bool, int, str]] = []
        for c in p.carers:
            cid = self.new_id(Carer)
            self.add(
                Carer,
                id=cid,
                young_person_id=pid,
                version=1,
                name=c.name,
                relationship_to_child=c.relationship,
                parental_responsibility=c.parental_responsibility,
                address="",
                phone=c.phone,
                email=c.email,
                preferred_language=c.preferred_language,
                letter_preference=c.letter_preference,
            )
            carers.append((not c.parental_responsibility, cid, c.name))
        return pid, [(cid, name) for _no_pr, cid, name in sorted(carers)]


def fix_sequences(s: Session) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; bring them up to date."""
    if s.get_bind().dialect.name != "postgresql":
        return
    for table in ID_TABLES:
        name = table.__tablename__
        s.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
            )
        )
