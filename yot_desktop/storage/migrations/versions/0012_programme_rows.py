"""programmes: every referral in a programme has its programme row (issue 13, point 1)

Referrals moved into a programme by hand, and demo or older records, had no programme row: the
app made one the first time the referral was looked at, a write hidden in a read. The row is
now made when the referral moves into a programme; this makes it for the referrals already in
one, as the app did: dated from the first session (else today), the deadline the scheme's
weeks later on the team's working days, the absences so far as the starting count (no letters
for the past), started by whoever moved the referral into the programme, at that time.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.engagement import is_unexplained
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.programme import programme_deadline
from yot_desktop.domain.scheme import SchemeModel, SchemeRules

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

IN_PROGRAMME = "in_programme"
# Typed columns: SQLite hands back dates and times as text unless told what they are.
referrals = sa.table(
    "referrals",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("scheme_id", sa.Integer()),
    sa.column("team_id", sa.Integer()),
)
programmes = sa.table(
    "programmes",
    sa.column("id", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("referral_id", sa.Integer()),
    sa.column("start_date", sa.Date()),
    sa.column("deadline", sa.Date()),
    sa.column("status", sa.String()),
    sa.column("unexplained", sa.Integer()),
    sa.column("continued_at", sa.Integer()),
    sa.column("started_by", sa.String()),
    sa.column("started_at", sa.DateTime()),
    sa.column("closed_by", sa.String()),
    sa.column("closed_at", sa.DateTime()),
)
sessions = sa.table(
    "sessions",
    sa.column("referral_id", sa.Integer()),
    sa.column("starts_at", sa.DateTime()),
    sa.column("status", sa.String()),
    sa.column("evidence_received", sa.Boolean()),
)
changes = sa.table(
    "referral_status_changes",
    sa.column("id", sa.Integer()),
    sa.column("referral_id", sa.Integer()),
    sa.column("to_status", sa.String()),
    sa.column("at", sa.DateTime()),
    sa.column("by_username", sa.String()),
)
closures = sa.table(
    "team_closures", sa.column("team_id", sa.Integer()), sa.column("day", sa.Date())
)
RULE_COLUMNS = (
    ("code", sa.String()),
    ("name", sa.String()),
    ("area", sa.String()),
    ("model", sa.String()),
    ("outcome_code", sa.String()),
    ("min_age", sa.Integer()),
    ("max_age", sa.Integer()),
    ("second_chance", sa.Boolean()),
    ("sessions_required", sa.Integer()),
    ("assessment_required", sa.Boolean()),
    ("session_minutes", sa.Integer()),
    ("complete_within_weeks", sa.Integer()),
    ("absence_limit", sa.Integer()),
    ("provider", sa.String()),
)
schemes = sa.table(
    "schemes", sa.column("id", sa.Integer()), *(sa.column(n, t) for n, t in RULE_COLUMNS)
)


def _rules(row: Any) -> SchemeRules:
    values = {name: getattr(row, name) for name, _type in RULE_COLUMNS}
    return SchemeRules(**{**values, "model": SchemeModel(values["model"])})


def upgrade() -> None:
    bind = op.get_bind()
    missing = bind.execute(
        sa.select(referrals.c.id, referrals.c.scheme_id, referrals.c.team_id)
        .select_from(referrals.outerjoin(programmes, programmes.c.referral_id == referrals.c.id))
        .where(referrals.c.status == IN_PROGRAMME, programmes.c.id.is_(None))
        .order_by(referrals.c.id)
    ).all()
    if not missing:
        return
    wanted = {rid for rid, _s, _t in missing}
    rules = {row.id: _rules(row) for row in bind.execute(sa.select(schemes))}
    days: dict[int | None, set[date]] = {}
    for team_id, day in bind.execute(sa.select(closures.c.team_id, closures.c.day)):
        days.setdefault(team_id, set()).add(day)
    first: dict[int, datetime] = {}
    unexplained: dict[int, int] = {}
    for rid, starts_at, status, evidence in bind.execute(
        sa.select(
            sessions.c.referral_id,
            sessions.c.starts_at,
            sessions.c.status,
            sessions.c.evidence_received,
        ).where(
            sessions.c.referral_id.in_(
                sa.select(referrals.c.id).where(referrals.c.status == IN_PROGRAMME)
            )
        )
    ):
        if rid not in wanted:
            continue
        first[rid] = min(first.get(rid, starts_at), starts_at)
        if is_unexplained(Attendance(status), bool(evidence)):
            unexplained[rid] = unexplained.get(rid, 0) + 1
    moved: dict[int, tuple[str, datetime]] = {}
    for rid, at, by in bind.execute(
        sa.select(changes.c.referral_id, changes.c.at, changes.c.by_username)
        .where(changes.c.to_status == IN_PROGRAMME)
        .order_by(changes.c.id)
    ):
        if rid in wanted:
            moved[rid] = (by, at)  # the latest move
    now = datetime.now().replace(microsecond=0)
    rows = []
    for rid, scheme_id, team_id in missing:
        start = first[rid].date() if rid in first else now.date()
        calendar = WorkingCalendar(frozenset(days.get(team_id, ())))
        by, at = moved.get(rid, ("", now))
        rows.append(
            {
                "version": 1,
                "referral_id": rid,
                "start_date": start,
                "deadline": programme_deadline(start, rules[scheme_id], calendar),
                "status": "active",
                "unexplained": unexplained.get(rid, 0),
                "continued_at": None,
                "started_by": by,
                "started_at": at,
                "closed_by": "",
                "closed_at": None,
            }
        )
    bind.execute(programmes.insert(), rows)


def downgrade() -> None:
    # Nothing to undo: the rows are what the older app would have made on first sight.
    pass
