"""What every service shares: the unit of work, the clock, permission checks and audit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from yot_desktop.domain.errors import ConflictError, PermissionDenied
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import AuditEntry

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now().replace(microsecond=0)


class UnitOfWork:
    """One Session per `with`; rolled back unless `commit()` was called."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        return self

    def __exit__(self, *exc: object) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        try:
            self.session.commit()
        except StaleDataError as err:
            self.session.rollback()
            raise ConflictError("record", 0) from err


@dataclass
class ServiceContext:
    engine: Engine
    clock: Clock = system_clock

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def audit(
        self,
        session: Session,
        actor: CurrentUser | str,
        action: str,
        entity: str = "",
        entity_id: int | None = None,
        outcome: str = "ok",
        detail: str = "",
    ) -> None:
        """Add an audit row to the caller's transaction. `detail` must hold no personal data."""
        username = actor if isinstance(actor, str) else actor.username
        session.add(
            AuditEntry(
                at=self.clock(),
                username=username,
                action=action,
                entity=entity,
                entity_id=entity_id,
                outcome=outcome,
                detail=detail[:400],
            )
        )

    def audit_now(self, actor: CurrentUser | str, action: str, **kw: object) -> None:
        """An audit row in its own transaction: for refusals and failed sign-ins."""
        with self.uow() as uow:
            self.audit(uow.session, actor, action, **kw)  # type: ignore[arg-type]
            uow.commit()

    def require(self, user: CurrentUser, permission: Permission, action: str) -> None:
        """Refuse (and audit the refusal) unless the user's role allows it."""
        if not allowed(user.role, permission):
            self.audit_now(user, action, outcome="refused", detail=permission.value)
            raise PermissionDenied(
                f"Your role ({user.role.label}) does not allow this. "
                "Ask a manager or administrator if you need it."
            )

    @contextmanager
    def translate_integrity(self, message: str) -> Iterator[None]:
        try:
            yield
        except IntegrityError as err:
            from yot_desktop.domain.errors import FieldProblem, ValidationError

            raise ValidationError(FieldProblem("record", message)) from err
