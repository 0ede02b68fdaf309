"""What every service shares: the unit of work, the clock, permission checks and audit."""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Engine, Select, or_, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from yot_desktop.domain.errors import ConflictError, DomainError, NotFound, PermissionDenied
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.services import audit_seal, changes
from yot_desktop.services.audit_changes import field_changes
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.engine import sqlite_path
from yot_desktop.storage.models import AuditEntry, Referral, YoungPerson
from yot_desktop.storage.server_watch import lost_connection_of

Clock = Callable[[], datetime]
BUSY_TIMEOUT_MS = 5000  # storage.engine's busy_timeout: how long a SQLite save waits


def system_clock() -> datetime:
    return datetime.now().replace(microsecond=0)


class DatabaseBusy(DomainError):
    """SQLite stayed locked by another user's long save (an import, a batch) past the wait."""


class DatabaseUnavailable(DomainError):
    """The database server was lost, could not be reached or gave up on a step: said plainly
    (`reason` starts in lower case, for "database: <reason>" on the command line)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason[:1].upper() + reason[1:])


def _is_locked(err: BaseException) -> bool:
    return isinstance(err, OperationalError) and "database is locked" in str(err.orig).lower()


# --- scope and versions: how a service loads what a user may change -------------------------
S = TypeVar("S", bound=Select)


class Versioned(Protocol):
    """A record guarded against stale writes: an id and the version the user saw."""

    id: Any
    version: Any


R = TypeVar("R", bound=Versioned)
Scope = Callable[[CurrentUser, Select[Any]], Select[Any]]


def scoped(
    user: CurrentUser,
    stmt: S,
    team: InstrumentedAttribute[Any] | ColumnElement[Any],
    *,
    shared: bool = False,
) -> S:
    """The one team rule, in the query itself: a user whose role may not see every team sees
    their own team's records only (`team`: the column saying whose a record is). With
    `shared`, records of no team (a venue offered to every team) are seen too."""
    if sees_all_teams(user):
        return stmt
    own = team == user.team_id
    return stmt.where(or_(own, team.is_(None)) if shared else own)


def referral_scope(user: CurrentUser, stmt: S) -> S:
    """Referrals (and so their sessions, programmes and letters) of the user's team only."""
    return scoped(user, stmt, Referral.team_id)


def person_scope(user: CurrentUser, stmt: S) -> S:
    """Young people of the user's team only."""
    return scoped(user, stmt, YoungPerson.team_id)


def through_referral(link: InstrumentedAttribute[Any]) -> Scope:
    """The referral rule for a record that belongs to a referral (`link`: its referral_id),
    for UnitOfWork.load: a session or programme is seen by those who see its referral."""

    def scope(user: CurrentUser, stmt: Select[Any]) -> Select[Any]:
        return referral_scope(user, stmt.join(Referral, Referral.id == link))

    return scope


def sees_all_teams(user: CurrentUser) -> bool:
    return allowed(user.role, Permission.VIEW_ALL_TEAMS)


# SQLite: a long write (an import, a batch, the demo) says in a small file beside the database
# who is doing what, so another user kept waiting is told what they wait for.
def _writer_file(db: Path) -> Path:
    return db.with_name(db.name + "-writer.json")


def busy_message(engine: Engine) -> str:
    """Why a save could not be made: the database is held by someone else's long save."""
    what = "another user is saving a large piece of work (an import or a batch)"
    db = sqlite_path(engine.url)
    if db is not None:
        try:
            found = json.loads(_writer_file(db).read_text(encoding="utf-8"))
            what = f"{found['who']} is {found['what']} (started {found['at']})"
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return (
        f"The database is busy: {what}, and it was not free within a few seconds. Nothing of "
        "yours was saved. Try again in a moment."
    )


class UnitOfWork:
    """One Session per `with`; rolled back unless `commit()` was called."""

    def __init__(self, factory: sessionmaker[Session], ctx: ServiceContext | None = None) -> None:
        self._factory = factory
        self._ctx = ctx
        self.session: Session
        self._seen: list[tuple[str, str, int]] = []  # (entity, table, id) of records seen

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self._seen = []
        return self

    def __exit__(self, _type: object, exc: BaseException | None, _tb: object) -> None:
        engine = self.session.get_bind()
        self.session.rollback()
        self.session.close()
        if isinstance(exc, StaleDataError) and self._seen:
            # A race lost at a flush before commit, on a record loaded through the door
            # (a write not made through load or saw is left to its caller, as before).
            raise self._stale(exc) from exc
        if isinstance(exc, IntegrityError) and (race := self._race(exc)) is not None:
            raise race from exc
        if exc is not None and _is_locked(exc) and isinstance(engine, Engine):
            raise DatabaseBusy(busy_message(engine)) from exc
        if isinstance(exc, DBAPIError) and isinstance(engine, Engine):
            lost = lost_connection_of(engine.url.render_as_string(hide_password=True), exc)
            if lost is not None:
                raise DatabaseUnavailable(lost) from exc

    def commit(self) -> None:
        if self._ctx is not None and (entries := self._audit_only()):
            # Reading never waits on another user's long save: when all there is to write is
            # the audit record of a read (an export, a record opened), and SQLite is held, it
            # is written as soon as the database is free.
            self.commit_or_later(self._ctx, lambda: _write_audit(self._factory, entries))
            return
        try:
            self.session.commit()
        except StaleDataError as err:
            self.session.rollback()
            raise self._stale(err) from err
        except IntegrityError as err:
            self.session.rollback()
            race = self._race(err)
            if race is None:
                raise
            raise race from err

    def load(
        self,
        model: type[R],
        record_id: int,
        *,
        entity: str,
        missing: str,
        user: CurrentUser | None = None,
        scope: Scope | None = None,
        seen: int | None = None,
        changed_by: Callable[[R], str | None] | None = None,
    ) -> R:
        """The record `record_id` of `model` as `user` may have it (`scope` applied: a record
        of another team is as missing as one that does not exist, NotFound(`missing`)),
        at the version the user saw (`seen`: ConflictError naming `entity` and the id when
        someone else saved it since; None: no version to check)."""
        stmt: Select[Any] = select(model).where(model.id == record_id)
        if scope is not None:
            if user is None:
                raise TypeError("a scoped load needs the user")
            stmt = scope(user, stmt)
        row = self.session.scalar(stmt)
        if row is None:
            raise NotFound(missing)
        return self.saw(row, seen, entity, changed_by)

    def saw(
        self,
        row: R,
        seen: int | None,
        entity: str,
        changed_by: Callable[[R], str | None] | None = None,
    ) -> R:
        """`row` is about to be changed by a user who saw it at version `seen` (None: no
        version to check): a newer version is someone else's save, a ConflictError naming
        `entity` and the record's id (`changed_by` says who, when it can). A save that loses
        the race after this check (StaleDataError at flush or commit) is the same conflict."""
        table = getattr(type(row), "__table__", None)
        self._seen.append((entity, getattr(table, "name", ""), row.id or 0))
        if seen is not None and row.version != seen:
            who = changed_by(row) if changed_by is not None else None
            raise ConflictError(entity, row.id, changed_by=who, current={"version": row.version})
        return row

    def _stale(self, err: StaleDataError) -> ConflictError:
        """A write that lost the race with another user's: the conflict on the record it was
        about (the one seen of the table the database refused to update), keeping its id."""
        found = _STALE_TABLE.search(str(err))
        table = found.group(1) if found else None
        for entity, seen_table, record_id in self._seen:
            if seen_table == table:
                return ConflictError(entity, record_id)
        if self._seen:
            entity, _table, record_id = self._seen[0]
            return ConflictError(entity, record_id)
        return ConflictError("record", 0)

    def _race(self, err: IntegrityError) -> ConflictError | None:
        """unique_race, keeping the id of the record seen in that table (a change that made
        it clash with one saved at the same moment); 0 for a new record, which has none."""
        race = unique_race(err)
        if race is not None:
            table = _unique_table(err)
            race.entity_id = next((i for _e, t, i in self._seen if t == table), race.entity_id)
        return race

    def _audit_only(self) -> list[dict[str, object]]:
        """The audit records to write, when they are all this commit would write (SQLite)."""
        s = self._session_if_sqlite()
        if s is None or s.deleted or any(s.is_modified(o) for o in s.dirty):
            return []
        new = list(s.new)
        if not new or not all(isinstance(o, AuditEntry) for o in new):
            return []
        raw: Any = s.connection().connection.dbapi_connection
        if getattr(raw, "in_transaction", True):
            return []  # something was written already: it must not be put off
        names = ("at", "username", "action", "entity", "entity_id", "outcome", "detail")
        return [{n: getattr(o, n) for n in names} for o in new]

    def _session_if_sqlite(self) -> Session | None:
        bind = self.session.get_bind()
        return self.session if sqlite_path(bind.engine.url) is not None else None

    def commit_or_later(self, ctx: ServiceContext, later: Callable[[], None]) -> None:
        """Commit without waiting on another user's long save (SQLite): when the database is
        held, roll back and let `later` (which writes the same in its own transaction) run as
        soon as it is free, on a background thread. For records that must be kept but that
        nobody waits for, like the sign-in's audit row."""
        if sqlite_path(ctx.engine.url) is None:
            self.commit()
            return
        raw: Any = self.session.connection().connection.dbapi_connection
        raw.execute("PRAGMA busy_timeout=250")
        try:
            self.session.commit()
        except OperationalError as err:
            self.session.rollback()
            if not _is_locked(err):
                raise
            ctx.later(later)
        finally:
            raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # back in the pool as it was


# SQLAlchemy's words: "UPDATE statement on table 'sessions' expected to update 1 row(s); ..."
_STALE_TABLE = re.compile(r"on table '([^']+)'")


def _write_audit(factory: sessionmaker[Session], entries: list[dict[str, object]]) -> None:
    """Write audit records left for later, sealed as any other (raises DatabaseBusy)."""
    with UnitOfWork(factory) as uow:
        for values in entries:
            entry = AuditEntry(**values)
            uow.session.add(entry)
            audit_seal.note(uow.session, entry)
        uow.commit()


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

    _later: list[Callable[[], None]] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit_seal.install(self.sessions)  # every audit record is sealed into the hash chain
        # Each commit tells the other apps what it changed (live refresh; after the seal).
        self.instance = changes.new_instance()
        changes.install(self.sessions, self.instance)
        self._later_lock = threading.Lock()
        self._later_thread: threading.Thread | None = None
        self._later_running = False

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self)

    def later(self, write: Callable[[], None]) -> None:
        """Run `write` on a background thread, again until it succeeds (the database is held
        by another user's long save). Writes still waiting when the program ends are made
        then, before it exits."""
        with self._later_lock:
            self._later.append(write)
            if self._later_thread is None:
                atexit.register(self.finish_later)  # once, at the first write put off
            if not self._later_running:
                self._later_running = True
                self._later_thread = threading.Thread(
                    target=self._write_later, name="yot-later", daemon=True
                )
                self._later_thread.start()

    def _write_later(self) -> None:
        while True:
            with self._later_lock:
                if not self._later:
                    self._later_running = False  # a write put off from now starts a thread
                    return
                write = self._later[0]
            try:
                write()
            except DatabaseBusy:
                time.sleep(0.5)
                continue
            except Exception as err:  # noqa: BLE001 - logged (without its message: data)
                logging.getLogger(__name__).error(
                    "A record put off until the database was free could not be written (%s)",
                    type(err).__name__,
                )
            with self._later_lock:
                self._later.pop(0)

    def finish_later(self, timeout: float = 120) -> None:
        """Wait (at most `timeout` seconds) for the writes left for later."""
        thread = self._later_thread
        if thread is not None:
            thread.join(timeout)

    @contextmanager
    def long_write(self, actor: CurrentUser | str, what: str) -> Iterator[None]:
        """Say, while a long save runs on SQLite, who is doing what ("importing 2,000
        referrals"): another user kept waiting is told (busy_message)."""
        db = sqlite_path(self.engine.url)
        if db is None:
            yield
            return
        name = actor if isinstance(actor, str) else actor.display_name or actor.username
        note = _writer_file(db)
        record = {"who": name, "what": what, "at": f"{self.clock():%H:%M}", "pid": os.getpid()}
        with contextlib.suppress(OSError):
            note.write_text(json.dumps(record), encoding="utf-8")
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                note.unlink()

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
