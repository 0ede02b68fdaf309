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

from yot_desktop.domain.errors import ConflictError, NotFound, PermissionDenied
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.services import audit_seal
from yot_desktop.services.audit_changes import field_changes
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
        audit_seal.install(self.sessions)  # every audit record is sealed into the hash chain

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
    ) -> AuditEntry:
        """Add an audit row to the caller's transaction. `detail` must hold no personal data."""
        username = actor if isinstance(actor, str) else actor.username
        entry = AuditEntry(
            at=self.clock(),
            username=username,
            action=action,
            entity=entity,
            entity_id=entity_id,
            outcome=outcome,
            detail=detail[:400],
        )
        session.add(entry)
        audit_seal.note(session, entry)
        return entry

    def audit_changes(
        self,
        session: Session,
        actor: CurrentUser | str,
        action: str,
        obj: object,
        young_person_id: int | None,
        detail: str | None = None,
        *,
        removed: bool = False,
    ) -> list[str]:
        """Audit an edit of `obj` not yet flushed: one audit row naming the changed fields, and
        their before and after values in audit_field_change (erased with the young person).
        With `removed`, `obj` is being deleted: its values are kept as the befores.

        Returns the changed field names; writes nothing when nothing changed.
        """
        entity, entity_id, changes = field_changes(obj, removed=removed)
        if not changes:
            return []
        names = [c.field for c in changes]
        summary = ",".join(names) if detail is None else detail
        entry = self.audit(session, actor, action, entity, entity_id, detail=summary)
        for change in changes:
            session.add(change.row(entry, young_person_id))
        return names

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
    def audit_not_found(
        self, actor: CurrentUser, action: str, entity: str, entity_id: int
    ) -> Iterator[None]:
        """Audit a record the user asked for and could not have: none with that id, or one in
        another team (the user is told only that it was not found)."""
        try:
            yield
        except NotFound:
            self.audit_now(actor, action, entity=entity, entity_id=entity_id, outcome="not_found")
            raise

    @contextmanager
    def translate_integrity(self, message: str) -> Iterator[None]:
        try:
            yield
        except IntegrityError as err:
            from yot_desktop.domain.errors import FieldProblem, ValidationError

            raise ValidationError(FieldProblem("This record", message)) from err
