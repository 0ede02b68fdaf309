"""Shared by the integration tests: a clock moved by hand, passwords, demo sign-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import AuditEntry

NOW = datetime(2026, 11, 20, 10, 0)
ADMIN_PASSWORD = "correct horse battery"
GOOD_PASSWORD = "a long enough passphrase"
DEMO_USERS = {"administrator": "admin", "manager": "manager", "practitioner": "practitioner"}


@dataclass
class FixedClock:
    """A clock the test moves by hand."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def demo_user(services: Services, username: str) -> CurrentUser:
    """Sign in as one of the demo accounts (password demo)."""
    return services.auth.sign_in(username, "demo")


def audit_rows(services: Services, action: str, after_id: int = 0) -> list[tuple[str, str, str]]:
    """(username, outcome, detail) of every audit row for `action` (after audit row
    `after_id`), oldest first."""
    with services.ctx.uow() as uow:
        rows = uow.session.execute(
            select(AuditEntry.username, AuditEntry.outcome, AuditEntry.detail)
            .where(AuditEntry.action == action, AuditEntry.id > after_id)
            .order_by(AuditEntry.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def last_audit_id(services: Services) -> int:
    """The newest audit row's id (0 when there is none): a mark to count from."""
    with services.ctx.uow() as uow:
        return int(uow.session.scalar(select(func.max(AuditEntry.id))) or 0)
