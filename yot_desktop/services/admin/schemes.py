"""Diversion schemes: local policy loaded from TOML, kept in the database."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from yot_desktop.domain.enums import SchemeModel, Unit
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.scheme import (
    SchemeRules,
    Threshold,
    field_label,
    scheme_from_mapping,
    scheme_to_mapping,
)
from yot_desktop.resources import resource_path
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Scheme, SchemeThreshold, Team


def rules_of(row: Scheme) -> SchemeRules:
    return SchemeRules(
        code=row.code,
        name=row.name,
        area=row.area,
        model=SchemeModel(row.model),
        outcome_code=row.outcome_code,
        min_age=row.min_age,
        max_age=row.max_age,
        second_chance=row.second_chance,
        sessions_required=row.sessions_required,
        assessment_required=row.assessment_required,
        session_minutes=row.session_minutes,
        complete_within_weeks=row.complete_within_weeks,
        absence_limit=row.absence_limit,
        provider=row.provider,
        team=row.team.name if row.team is not None else "",
        thresholds=tuple(
            Threshold(t.substance, Decimal(t.max_quantity), Unit(t.unit)) for t in row.thresholds
        ),
    )


def parse_scheme_toml(text: str) -> list[SchemeRules]:
    """One or more schemes: `[scheme]` or `[[scheme]]` tables."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ValidationError(FieldProblem("file", f"This is not valid TOML: {err}")) from err
    tables = data.get("scheme")
    if isinstance(tables, dict):
        tables = [tables]
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise ValidationError(FieldProblem("scheme", "The file has no [scheme] table"))
    return [scheme_from_mapping(t) for t in tables]


def default_scheme_files() -> list[Path]:
    return sorted(resource_path("schemes").glob("*.toml"))


class SchemeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list_schemes(self) -> tuple[SchemeRules, ...]:
        with self.ctx.uow() as uow:
            rows = uow.session.scalars(
                select(Scheme).options(selectinload(Scheme.thresholds)).order_by(Scheme.code)
            ).all()
            return tuple(rules_of(r) for r in rows)

    def get(self, code: str) -> SchemeRules:
        with self.ctx.uow() as uow:
            row = uow.session.scalar(select(Scheme).where(Scheme.code == code))
            if row is None:
                raise NotFound(f"There is no scheme with code {code}")
            return rules_of(row)

    def load_text(self, actor: CurrentUser, text: str) -> list[SchemeRules]:
        self.ctx.require(actor, Permission.MANAGE_SCHEMES, "load_schemes")
        schemes = parse_scheme_toml(text)
        # INTERFACES.md: a team the file names is created if new; creating a team is an
        # administrator's (as `teams set`), so for anyone else an unknown team is a problem.
        may_create = allowed(actor.role, Permission.MANAGE_USERS)
        with self.ctx.uow() as uow:
            for rules in schemes:
                team_id, created = scheme_team(uow.session, rules.team, may_create=may_create)
                if created:
                    self.ctx.audit(
                        uow.session, actor, "create_team", "team", team_id, detail=rules.code
                    )
                scheme_id = save_rules(uow.session, rules)
                self.ctx.audit(uow.session, actor, "load_scheme", "scheme", scheme_id)
            uow.commit()
        return schemes

    def export_text(self, actor: CurrentUser, code: str | None = None) -> str:
        self.ctx.require(actor, Permission.MANAGE_SCHEMES, "export_schemes")
        schemes = [s for s in self.list_schemes() if code is None or s.code == code]
        if not schemes:
            raise NotFound(f"There is no scheme with code {code}")
        if len(schemes) == 1:  # exactly the layout of INTERFACES.md
            return scheme_toml(schemes[0], many=False)
        return "\n".join(scheme_toml(s) for s in schemes)


def scheme_toml(rules: SchemeRules, many: bool = True) -> str:
    """One scheme as `[scheme]` (or `[[scheme]]` when a file holds several), then one
    `[[scheme.threshold]]` block per threshold, which a manager can edit by hand.
    """
    table = scheme_to_mapping(rules)
    thresholds = table.pop("threshold")
    parts = ["[[scheme]]" if many else "[scheme]", tomli_w.dumps(table).rstrip()]
    for t in thresholds:
        parts += ["", "[[scheme.threshold]]", tomli_w.dumps(t).rstrip()]
    return "\n".join(parts) + "\n"


def scheme_team(s: Session, name: str, *, may_create: bool = False) -> tuple[int | None, bool]:
    """(the id of the team called `name`, whether it was created now); (None, False) for no
    name. Names match whatever their case. An unknown team is created when `may_create`,
    else a problem naming the field and the teams there are."""
    wanted = name.strip()
    if not wanted:
        return None, False
    teams = s.execute(select(Team.id, Team.name).order_by(Team.name)).all()
    for team_id, team_name in teams:
        if team_name.casefold() == wanted.casefold():
            return team_id, False
    if not may_create:
        known = ", ".join(n for _, n in teams) or "none yet"
        raise ValidationError(
            FieldProblem(
                field_label("team"),
                f"there is no team called {wanted!r}. Use a team's name exactly as the "
                f"Administration screen lists it ({known}), or ask an administrator to add "
                "the team first",
            )
        )
    team = Team(name=wanted)
    s.add(team)
    s.flush()
    return team.id, True


def save_rules(s: Session, rules: SchemeRules) -> int:
    """Insert or update a scheme with the same code. Used by load and by first-run set-up.
    The team it names must exist (see `scheme_team`)."""
    team_id, _created = scheme_team(s, rules.team)
    row = s.scalar(select(Scheme).where(Scheme.code == rules.code))
    if row is None:
        row = Scheme(code=rules.code)
        s.add(row)
    row.name = rules.name
    row.area = rules.area
    row.model = rules.model.value
    row.outcome_code = rules.outcome_code
    row.min_age, row.max_age = rules.min_age, rules.max_age
    row.second_chance = rules.second_chance
    row.sessions_required = rules.sessions_required
    row.assessment_required = rules.assessment_required
    row.session_minutes = rules.session_minutes
    row.complete_within_weeks = rules.complete_within_weeks
    row.absence_limit = rules.absence_limit
    row.provider = rules.provider
    row.team_id = team_id
    row.thresholds.clear()
    s.flush()
    for i, t in enumerate(rules.thresholds):
        row.thresholds.append(
            SchemeThreshold(
                position=i, substance=t.substance, max_quantity=t.max_quantity, unit=t.unit.value
            )
        )
    s.flush()
    return row.id


def install_default_schemes(s: Session) -> int:
    """Load the shipped schemes that the database does not have yet."""
    added = 0
    for path in default_scheme_files():
        for rules in parse_scheme_toml(path.read_text(encoding="utf-8")):
            if s.scalar(select(Scheme.id).where(Scheme.code == rules.code)) is None:
                save_rules(s, rules)
                added += 1
    return added
