"""Staff accounts and teams."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import DISPLAY_NAME_MAX, TEAM_NAME_MAX, text_problems
from yot_desktop.services.admin.auth import check_password_rules, hash_password, validate_username
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser, TeamRow, UserRow
from yot_desktop.storage.models import Team, User


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValidationError(
            FieldProblem("role", "Choose one of " + ", ".join(r.value for r in Role))
        ) from None


class UserService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add_user(
        self,
        actor: CurrentUser,
        username: str,
        role: Role,
        password: str,
        *,
        team: str | None = None,
        display_name: str = "",
        must_change_password: bool = True,
        demo: bool = False,
    ) -> UserRow:
        self.ctx.require(actor, Permission.MANAGE_USERS, "add_user")
        name = validate_username(username)
        text = text_problems(
            ("full name", display_name, DISPLAY_NAME_MAX), ("team", team, TEAM_NAME_MAX)
        )
        if text:
            raise ValidationError(text)
        check_password_rules(password, name, demo=demo)
        with self.ctx.uow() as uow:
            s = uow.session
            if s.scalar(select(User.id).where(User.username == name)) is not None:
                raise ValidationError(FieldProblem("username", f"{name} is already taken"))
            team_row = None
            if team and team.strip():
                team_row = s.scalar(select(Team).where(Team.name == team.strip()))
                if team_row is None:
                    team_row = Team(name=team.strip())
                    s.add(team_row)
            elif actor.team_id is not None:
                team_row = s.get(Team, actor.team_id)
            user = User(
                username=name,
                display_name=display_name.strip() or name,
                role=role.value,
                team=team_row,
                password_hash=hash_password(password),
                must_change_password=must_change_password,
                created_at=self.ctx.clock(),
            )
            s.add(user)
            s.flush()
            self.ctx.audit(s, actor, "add_user", "user", user.id, detail=f"role={role.value}")
            uow.commit()
            return _row(user)

    def list_users(self, actor: CurrentUser) -> tuple[UserRow, ...]:
        self.ctx.require(actor, Permission.MANAGE_USERS, "list_users")
        with self.ctx.uow() as uow:
            users = uow.session.scalars(
                select(User).options(selectinload(User.team)).order_by(User.username)
            ).all()
            return tuple(_row(u) for u in users)

    def list_teams(self) -> tuple[TeamRow, ...]:
        with self.ctx.uow() as uow:
            return tuple(
                TeamRow(t.id, t.name) for t in uow.session.scalars(select(Team).order_by(Team.name))
            )


def _row(u: User) -> UserRow:
    return UserRow(
        id=u.id,
        username=u.username,
        display_name=u.display_name,
        role=Role(u.role),
        team_name=u.team.name if u.team else "",
        active=u.active,
        last_login_at=u.last_login_at,
        version=u.version,
    )
