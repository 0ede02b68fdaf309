"""Teams and their letterhead: the name, address, phone and email that letters carry.

A team's phone and email are how families reach the service: letters print them in the
letterhead and as the worker's contact details ({team_phone}, {worker_phone}).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import (
    ADDRESS_LINE_MAX,
    TEAM_NAME_MAX,
    normalise_uk_phone,
    text_problem,
    validate_email,
)
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Team

ADDRESS_LINES_MAX = 6


@dataclass(frozen=True)
class TeamDetails:
    """A team as its letters show it."""

    id: int
    name: str
    address_lines: tuple[str, ...]
    phone: str
    email: str
    version: int

    @property
    def has_letterhead(self) -> bool:
        return bool(self.address_lines and self.phone)


@dataclass(frozen=True)
class Letterhead:
    """What an administrator typed: checked by `checked_letterhead`."""

    name: str
    address_lines: tuple[str, ...]
    phone: str
    email: str


def checked_letterhead(name: str, address: Sequence[str], phone: str, email: str) -> Letterhead:
    """The letterhead tidied (phone in its usual spaced form), or every problem at once."""
    problems: list[FieldProblem] = []
    tidy_name = name.strip()
    if not tidy_name:
        problems.append(FieldProblem("team name", "Enter the team's name"))
    else:
        found = text_problem(tidy_name, "team name", TEAM_NAME_MAX)
        if found:
            problems.append(found)
    lines: list[str] = []
    for number, line in enumerate(address, start=1):
        if not line.strip():
            continue
        found = text_problem(line, f"address line {number}", ADDRESS_LINE_MAX)
        if found:
            problems.append(found)
        lines.append(line.strip())
    if len(lines) > ADDRESS_LINES_MAX:
        problems.append(FieldProblem("address", f"Use {ADDRESS_LINES_MAX} address lines or fewer"))
    tidy_phone = ""
    if phone.strip():
        try:
            tidy_phone = normalise_uk_phone(phone, "phone")
        except ValidationError as err:
            problems.extend(err.problems)
    tidy_email = ""
    if email.strip():
        try:
            tidy_email = validate_email(email, "email")
        except ValidationError as err:
            problems.extend(err.problems)
    if problems:
        raise ValidationError(problems)
    return Letterhead(tidy_name, tuple(lines), tidy_phone, tidy_email)


def address_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _details(team: Team) -> TeamDetails:
    return TeamDetails(
        id=team.id,
        name=team.name,
        address_lines=address_lines(team.address),
        phone=team.phone or "",
        email=team.email or "",
        version=team.version,
    )


class TeamService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list_teams(self, actor: CurrentUser) -> tuple[TeamDetails, ...]:
        """Every team with its letterhead (not personal data: any signed-in person may read it)."""
        del actor  # signed in: nothing here is personal data
        with self.ctx.uow() as uow:
            teams = uow.session.scalars(select(Team).order_by(Team.name)).all()
            return tuple(_details(t) for t in teams)

    def set_team(
        self,
        actor: CurrentUser,
        name: str,
        *,
        address: Sequence[str] | None = None,
        phone: str | None = None,
        email: str | None = None,
        team_id: int | None = None,
        version: int | None = None,
        new: bool = False,
    ) -> TeamDetails:
        """Set a team's name and letterhead (administrators).

        With `team_id`, that team is changed (and may be renamed); otherwise the team called
        `name`, created if new. `None` for address, phone or email keeps what is there.
        `version` is the version the person read: a team changed since is a ConflictError.
        With `new`, the team must not exist yet (a person adding a team never overwrites one).
        """
        self.ctx.require(actor, Permission.MANAGE_USERS, "set_team")
        with self.ctx.uow() as uow:
            s = uow.session
            team = self._find(s, name, team_id)
            if new and team is not None:
                # Every problem at once: the name taken, and anything else wrong.
                problems = [
                    FieldProblem(
                        "team name",
                        f"There is already a team called {team.name}: choose it from the list, "
                        "or use another name",
                    )
                ]
                try:
                    checked_letterhead(name, address or (), phone or "", email or "")
                except ValidationError as err:
                    problems += [p for p in err.problems if p.field != "team name"]
                raise ValidationError(problems)
            if team is not None:
                uow.saw(team, version, "team")
            current = _details(team) if team is not None else None
            tidy = checked_letterhead(
                name,
                address if address is not None else (current.address_lines if current else ()),
                phone if phone is not None else (current.phone if current else ""),
                email if email is not None else (current.email if current else ""),
            )
            clash = s.scalar(select(Team).where(Team.name == tidy.name))
            if clash is not None and clash is not team:
                raise ValidationError(
                    FieldProblem(
                        "team name",
                        f"There is already a team called {tidy.name}: choose it from the list, "
                        "or use another name",
                    )
                )
            values = {
                "name": tidy.name,
                "address": "\n".join(tidy.address_lines),
                "phone": tidy.phone,
                "email": tidy.email,
            }
            if team is None:
                team = Team(**values)
                s.add(team)
                s.flush()
                self.ctx.audit(s, actor, "add_team", "team", team.id, detail="letterhead")
            else:
                changed = [k for k, v in values.items() if getattr(team, k) != v]
                for key in changed:
                    setattr(team, key, values[key])
                if changed:
                    s.flush()
                    # Field names only: the values live in the team's row.
                    detail = "changed=" + ",".join(changed)
                    self.ctx.audit(s, actor, "set_team", "team", team.id, detail=detail)
            uow.commit()
            return _details(team)

    def _find(self, s: Session, name: str, team_id: int | None) -> Team | None:
        if team_id is not None:
            team = s.get(Team, team_id)
            if team is None:
                raise NotFound("This team does not exist any more. Reload the list of teams.")
            return team
        return s.scalar(select(Team).where(Team.name == name.strip()))
