"""The scheme evaluation counted in the database: one statement, a few thousand rows back.

Each referral in the period is read once (a materialised CTE) with what it needs from the
tables around it, every look-up an index-only probe (migration 0005 adds the indexes):

* an 'offered' status change: referral_status_changes (referral_id, to_status);
* a programme: programmes (referral_id), unique;
* the first appointment and any attended session: sessions (referral_id, starts_at, status);
* the screening: crafft_screenings (referral_id, positive, need_identified_by_worker);
* a later referral of the same child within the window: referrals (young_person_id,
  referral_date, scheme_id).

Three aggregates of that CTE come back in one UNION ALL: referrals by profile (GROUP BY the
recorded facts and the breakdown dimensions), referrals by days to the first appointment, and
the number of children referred and referred again. The rules that turn recorded facts into
funnel stages stay in the domain (``Profile.from_record``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Integer,
    case,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Exists

from yot_desktop.domain.enums import Attendance, ReferralStatus
from yot_desktop.domain.evaluation_counts import (
    ENDING_STATUSES,
    EvaluationCounts,
    Profile,
    kpi6_from_endings,
    merge_profiles,
)
from yot_desktop.storage.models import ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_intake import CrafftScreening, ReferralStatusChange

_ATTENDED = (Attendance.ATTENDED.value, Attendance.LATE.value)


@dataclass(frozen=True)
class OneTeam:
    """Count one team's referrals only (None: referrals with no team, as case scoping does)."""

    team_id: int | None


class _AllTeams:
    """Count every team's referrals."""


ALL_TEAMS = _AllTeams()
TeamScope = OneTeam | _AllTeams


class _age_years(FunctionElement[int]):
    """Whole years from a date of birth to a date (may be negative; the domain clamps)."""

    type = Integer()
    inherit_cache = True


@compiles(_age_years, "sqlite")
def _age_years_sqlite(element: _age_years, compiler: Any, **kw: Any) -> str:
    # SQLite keeps dates as 'YYYY-MM-DD' text: comparing 'MM-DD' is the birthday test.
    # A 29 February birthday needs nothing special: no date falls between 28 February and
    # 1 March in a common year, so the result matches domain.age.age_on.
    on, born = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(CAST(substr({on}, 1, 4) AS INTEGER) - CAST(substr({born}, 1, 4) AS INTEGER)"
        f" - (substr({on}, 6) < substr({born}, 6)))"
    )


@compiles(_age_years)
def _age_years_default(element: _age_years, compiler: Any, **kw: Any) -> str:
    on, born = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(date_part('year', age({on}, {born})) AS INTEGER)"


class _days_from(FunctionElement[int]):
    """Whole days from a date to a later date or timestamp's day."""

    type = Integer()
    inherit_cache = True


@compiles(_days_from, "sqlite")
def _days_from_sqlite(element: _days_from, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday(substr({end}, 1, 10)) - julianday({start}) AS INTEGER)"


@compiles(_days_from)
def _days_from_default(element: _days_from, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({end} AS DATE) - {start})"


class _plus_days(FunctionElement[date]):
    inherit_cache = True

    def __init__(self, day: ColumnElement[Any], days: int) -> None:
        super().__init__(day)
        self.days = int(days)


@compiles(_plus_days, "sqlite")
def _plus_days_sqlite(element: _plus_days, compiler: Any, **kw: Any) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({day}, '+{element.days} days')"


@compiles(_plus_days)
def _plus_days_default(element: _plus_days, compiler: Any, **kw: Any) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"({day} + {element.days})"


class _scan(FunctionElement[Any]):
    """A column SQLite must not choose an index for (SQLite's documented unary plus)."""

    inherit_cache = True


@compiles(_scan, "sqlite")
def _scan_sqlite(element: _scan, compiler: Any, **kw: Any) -> str:
    # Reading the referrals table in its own order keeps every probe into the child tables
    # (all keyed by referral id) in order too; going through the referral_date index visits
    # rows in date order and makes those probes random. For a short period of a long history
    # the scan reads more rows, but cheaply: the probes, not the scan, are the cost.
    (column,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"+{column}"


@compiles(_scan)
def _scan_default(element: _scan, compiler: Any, **kw: Any) -> str:
    (column,) = (compiler.process(c, **kw) for c in element.clauses)
    return str(column)


def _exists(table: Any, *where: ColumnElement[bool]) -> Exists:
    # EXISTS (SELECT 1 ...), not SELECT *: SQLite then answers from the index alone
    # (EXPLAIN QUERY PLAN: "USING COVERING INDEX"), about a fifth faster overall.
    return select(literal_column("1")).select_from(table).where(*where).exists()


def evaluation_statement(
    scheme_id: int | None,
    period_from: date,
    period_to: date,
    window_days: int,
    *,
    team: TeamScope = ALL_TEAMS,
    materialise: bool = True,
) -> Any:
    """The one statement (see the module's docstring), over one team's referrals when
    ``team`` names one (a later referral counts only in that team too); rows are
    (kind, number, gender, ethnicity, status, eligible, offer_recorded, has_programme,
    has_session, attended_session, screening, count) where kind is 'p' (a profile; number is
    the age), 'w' (number is days to the first appointment) or 'n' (number is the children
    referred, count those referred again)."""
    r, p = Referral.__table__.alias("r"), YoungPerson.__table__
    r2 = Referral.__table__.alias("r2")
    c, g = ReferralStatusChange.__table__, Programme.__table__
    x, cr = ProgrammeSession.__table__, CrafftScreening.__table__
    later = [
        r2.c.young_person_id == r.c.young_person_id,
        r2.c.referral_date > r.c.referral_date,
        r2.c.referral_date <= _plus_days(r.c.referral_date, window_days),
    ]
    where = [_scan(r.c.referral_date) >= period_from, _scan(r.c.referral_date) <= period_to]
    if scheme_id is not None:
        where.append(r.c.scheme_id == scheme_id)
        later.append(r2.c.scheme_id == scheme_id)
    if not isinstance(team, _AllTeams):
        # The same test as the case screens' scoping (team_id = the user's team).
        where.append(r.c.team_id == team.team_id)
        later.append(r2.c.team_id == team.team_id)
    first_at = select(func.min(x.c.starts_at)).where(x.c.referral_id == r.c.id).scalar_subquery()
    need = or_(cr.c.positive, cr.c.need_identified_by_worker)
    per_referral = (
        select(
            r.c.young_person_id.label("person_id"),
            _age_years(r.c.offence_date, p.c.date_of_birth).label("age"),
            p.c.gender,
            p.c.ethnicity,
            r.c.status,
            or_(r.c.eligible, r.c.override_by != "").label("eligible"),
            _exists(
                c, c.c.referral_id == r.c.id, c.c.to_status == ReferralStatus.OFFERED.value
            ).label("offer_recorded"),
            _exists(g, g.c.referral_id == r.c.id).label("has_programme"),
            _days_from(r.c.referral_date, first_at).label("wait"),
            _exists(x, x.c.referral_id == r.c.id, x.c.status.in_(_ATTENDED)).label("attended"),
            select(func.max(case((need, 1), else_=0)))
            .where(cr.c.referral_id == r.c.id)
            .scalar_subquery()
            .label("screening"),
            _exists(r2, *later).label("again"),
            r.c.outcome_code,
        )
        .join(p, p.c.id == r.c.young_person_id)
        .where(*where)
        .cte("per_referral")
    )
    if materialise:  # read each referral once, not once per aggregate below
        per_referral = per_referral.prefix_with("MATERIALIZED")
    f = per_referral.c
    keys = (
        f.gender,
        f.ethnicity,
        f.status,
        f.eligible,
        f.offer_recorded,
        f.has_programme,
        f.wait.is_not(None),
        f.attended,
        f.screening,
        f.outcome_code,
    )
    profiles = select(literal("p"), f.age, *keys, func.count()).group_by(f.age, *keys)
    blanks = [null()] * len(keys)
    waits = (
        select(literal("w"), f.wait, *blanks, func.count())
        .where(f.wait.is_not(None))
        .group_by(f.wait)
    )
    people = select(
        literal("n"),
        func.count(f.person_id.distinct()),
        *blanks,
        func.count(case((f.again, f.person_id)).distinct()),
    )
    return union_all(profiles, waits, people)


def load_counts(
    s: Session,
    scheme_id: int | None,
    period_from: date,
    period_to: date,
    window_days: int,
    team: TeamScope = ALL_TEAMS,
) -> EvaluationCounts:
    # SQLite before 3.35 (2021) does not know the MATERIALIZED hint; the result is the same.
    old_sqlite = s.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35)
    statement = evaluation_statement(
        scheme_id, period_from, period_to, window_days, team=team, materialise=not old_sqlite
    )
    rows = s.execute(statement)
    profiles: list[tuple[Profile, int]] = []
    waiting: dict[int, int] = {}
    people = again = 0
    for kind, number, *keys, n in rows:
        if kind == "w":
            waiting[int(number)] = int(n)
        elif kind == "n":
            people, again = int(number), int(n)
        else:
            (
                gender,
                ethnicity,
                status,
                eligible,
                offered,
                programme,
                session,
                attended,
                need,
                outcome,
            ) = keys
            profiles.append(
                (
                    Profile.from_record(
                        age_at_offence=int(number),
                        gender=gender,
                        ethnicity=ethnicity,
                        status=status,
                        eligible=bool(eligible),
                        offer_recorded=bool(offered),
                        has_programme=bool(programme),
                        has_session=bool(session),
                        attended_session=bool(attended),
                        screening=None if need is None else bool(need),
                        outcome_code=outcome or "",
                    ),
                    int(n),
                )
            )
    ended, completed = kpi6_from_endings(
        s.execute(endings_statement(scheme_id, period_from, period_to, team))
    )
    return EvaluationCounts(merge_profiles(profiles), waiting, people, again, ended, completed)


def endings_statement(
    scheme_id: int | None, period_from: date, period_to: date, team: TeamScope = ALL_TEAMS
) -> Any:
    """KPI 6: (person, referral, day, status) of each intervention that ended in the period:
    a referral whose status now is completed, not engaged or withdrawn, recorded as such in
    the period, with a programme accepted (a programme, or a session for a withdrawn one)."""
    r, c = Referral.__table__.alias("r"), ReferralStatusChange.__table__
    g, x = Programme.__table__, ProgrammeSession.__table__
    ending = [st.value for st in ENDING_STATUSES]
    ended_at = func.max(c.c.at)
    stmt = (
        select(r.c.young_person_id, r.c.id, ended_at, r.c.status)
        .join(c, c.c.referral_id == r.c.id)
        .where(
            r.c.status.in_(ending),
            c.c.to_status == r.c.status,
            c.c.at >= datetime.combine(period_from, time.min),
            c.c.at < datetime.combine(period_to + timedelta(days=1), time.min),
            or_(
                r.c.status != ReferralStatus.WITHDRAWN.value,
                _exists(g, g.c.referral_id == r.c.id),
                _exists(x, x.c.referral_id == r.c.id),
            ),
        )
        .group_by(r.c.young_person_id, r.c.id, r.c.status)
    )
    if scheme_id is not None:
        stmt = stmt.where(r.c.scheme_id == scheme_id)
    if not isinstance(team, _AllTeams):
        stmt = stmt.where(r.c.team_id == team.team_id)
    return stmt
