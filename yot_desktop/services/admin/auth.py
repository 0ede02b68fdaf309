"""Sign-in, first administrator, passwords (argon2id)."""

from __future__ import annotations

from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import AuthenticationError, FieldProblem, ValidationError
from yot_desktop.domain.permissions import password_problems
from yot_desktop.domain.validation import is_plain, search_text
from yot_desktop.services.admin.schemes import install_default_schemes
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import AppMeta, Team, User

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
# argon2id with OWASP's first recommended setting (46 MiB, 1 pass, 1 lane). The library default
# (64 MiB, 3 passes, 4 lanes) takes ~0.4 s on a 2-core office PC, which every sign-in would wait.
# Hashes made with other settings still verify and are rehashed at the next sign-in.
_hasher = PasswordHasher(time_cost=1, memory_cost=47104, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str, username: str, *, demo: bool = False) -> None:
    if demo:
        return
    problems = password_problems(password, username)
    if problems:
        raise ValidationError([FieldProblem("password", p) for p in problems])


def validate_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise ValidationError(
            FieldProblem(
                "username", "Use letters, digits, dots, dashes or underscores, like j.smith"
            )
        )
    return name


def to_current_user(user: User) -> CurrentUser:
    return CurrentUser(
        id=user.id,
        username=user.username,
        display_name=user.display_name or user.username,
        role=Role(user.role),
        team_id=user.team_id,
        team_name=user.team.name if user.team else "",
        must_change_password=user.must_change_password,
    )


class AuthService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def needs_first_user(self) -> bool:
        with self.ctx.uow() as uow:
            return uow.session.scalar(select(func.count()).select_from(User)) == 0

    def is_demo(self) -> bool:
        with self.ctx.uow() as uow:
            return uow.session.get(AppMeta, "demo") is not None

    def create_first_administrator(
        self,
        username: str,
        password: str,
        display_name: str = "",
        team: str = "Youth Offending Team",
    ) -> CurrentUser:
        name = validate_username(username)
        check_password_rules(password, name)
        with self.ctx.uow() as uow:
            s = uow.session
            if s.scalar(select(func.count()).select_from(User)):
                raise ValidationError(
                    FieldProblem("username", "This database already has users. Sign in instead.")
                )
            team_row = s.scalar(select(Team).where(Team.name == team)) or Team(name=team)
            user = User(
                username=name,
                display_name=display_name.strip() or name,
                role=Role.ADMINISTRATOR.value,
                team=team_row,
                password_hash=hash_password(password),
                created_at=self.ctx.clock(),
            )
            s.add(user)
            s.flush()
            install_default_schemes(s)
            self.ctx.audit(s, name, "first_administrator", "user", user.id)
            uow.commit()
            return to_current_user(user)

    def sign_in(self, username: str, password: str) -> CurrentUser:
        """The user, or AuthenticationError that never says which part was wrong."""
        now = self.ctx.clock()
        wrong = AuthenticationError("The user name or password is not right. Try again.")
        with self.ctx.uow() as uow:
            s = uow.session
            # A name with a control character is nobody's (and PostgreSQL refuses a NUL).
            user = (
                s.scalar(select(User).where(User.username == username.strip()))
                if is_plain(username)
                else None
            )
            if user is None or not user.active:
                self.ctx.audit(s, search_text(username, 64) or "?", "sign_in", outcome="failed")
                uow.commit()
                raise wrong
            if user.locked_until and user.locked_until > now:
                self.ctx.audit(s, user.username, "sign_in", "user", user.id, outcome="locked")
                uow.commit()
                wait = (user.locked_until - now).total_seconds()
                minutes = max(1, int(-(-wait // 60)))  # whole minutes, rounded up
                raise AuthenticationError(
                    f"This account is locked after too many failed attempts. "
                    f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, "
                    "or ask an administrator."
                )
            try:
                _hasher.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                # Counted in the database itself, not through the account's version: two
                # wrong passwords at once on two PCs both count, and neither is a "conflict".
                failed = user.failed_attempts + 1
                lock = failed >= MAX_FAILED_ATTEMPTS
                s.execute(
                    update(User)
                    .where(User.id == user.id)
                    .values(
                        failed_attempts=0 if lock else User.failed_attempts + 1,
                        locked_until=now + LOCKOUT if lock else User.locked_until,
                    )
                    .execution_options(synchronize_session=False)
                )
                self.ctx.audit(s, user.username, "sign_in", "user", user.id, outcome="failed")
                uow.commit()
                raise wrong from None
            rehashed = (
                hash_password(password) if _hasher.check_needs_rehash(user.password_hash) else None
            )
            signed_in = to_current_user(user)
            # Signing in never waits on another user's long save (a SQLite import): the
            # record of it is then written as soon as the database is free.
            user_id = signed_in.id
            self._record_sign_in(s, user_id, signed_in.username, now, rehashed)
            uow.commit_or_later(
                self.ctx,
                lambda: self._record_sign_in(None, user_id, signed_in.username, now, rehashed),
            )
            return signed_in

    def _record_sign_in(
        self,
        session: Session | None,
        user_id: int,
        username: str,
        now: datetime,
        rehashed: str | None,
    ) -> None:
        """The successful sign-in's changes: in `session`, or in a transaction of its own."""
        if session is None:
            with self.ctx.uow() as uow:
                self._record_sign_in(uow.session, user_id, username, now, rehashed)
                uow.commit()
            return
        # Not through the account's version: the same person signing in on two PCs at once
        # (or a shared demo account) is not a conflict, and an administrator editing the
        # account meanwhile is not told it changed. Only sign-in's own columns are written.
        values: dict[str, object] = {
            "failed_attempts": 0,
            "locked_until": None,
            "last_login_at": now,
        }
        if rehashed is not None:
            values["password_hash"] = rehashed
        session.execute(
            update(User)
            .where(User.id == user_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        self.ctx.audit(session, username, "sign_in", "user", user_id).at = now

    def change_password(self, user: CurrentUser, old: str, new: str) -> CurrentUser:
        check_password_rules(new, user.username)
        with self.ctx.uow() as uow:
            s = uow.session
            row = s.get(User, user.id)
            if row is None:
                raise AuthenticationError("Your account no longer exists.")
            try:
                _hasher.verify(row.password_hash, old)
            except (VerificationError, InvalidHashError):
                raise ValidationError(
                    FieldProblem("current password", "This is not your current password")
                ) from None
            row.password_hash = hash_password(new)
            row.must_change_password = False
            self.ctx.audit(s, user, "change_password", "user", user.id)
            uow.commit()
            return to_current_user(row)
