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

    def __exit__(self, _type: object, exc: BaseException | None, _tb: object) -> None:
        self.session.rollback()
        self.session.close()
        if isinstance(exc, IntegrityError) and (race := unique_race(exc)) is not None:
            raise race from exc

    def commit(self) -> None:
        try:
            self.session.commit()
        except StaleDataError as err:
            self.session.rollback()
            raise ConflictError("record", 0) from err
        except IntegrityError as err:
            self.session.rollback()
            race = unique_race(err)
            if race is None:
                raise
            raise race from err


def _unique_table(err: IntegrityError) -> str | None:
    """The table whose unique rule `err` broke; None when it broke some other rule."""
    orig = err.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        diag = getattr(orig, "diag", None)
        return getattr(diag, "table_name", None) or ""
    text = str(orig)
    if text.startswith("UNIQUE constraint failed"):  # SQLite: "...: table.column, ..."
        return text.partition(":")[2].strip().partition(".")[0]
    return None


_THINGS = {
    "young_people": "young person",
    "letters_queue": "letter",
    "sessions": "session",
    "crafft_screenings": "screening",
    "scheme_thresholds": "scheme threshold",
    "team_closures": "closure day",
    "attendance_marks": "attendance mark",
}


def unique_race(err: IntegrityError) -> ConflictError | None:
    """Two people saving the same new thing at the same moment, in words (a unique rule that
    only a race can break: the services check it before writing); None for other errors."""
    table = _unique_table(err)
    if table is None:
        return None
    what = _THINGS.get(table) or (table.removesuffix("s").replace("_", " ") or "record")
    return ConflictError(
        what,
        0,
        f"This {what} is already saved (someone else saved the same one at the same moment "
        "as you), so yours was not saved. Reload to see theirs, then make your change again "
        "if it is still needed.",
    )


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
