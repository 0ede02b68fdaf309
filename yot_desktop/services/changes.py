"""Live refresh (issue 11, point 1): what other PCs changed, told to this app within a second.

Every commit that changes data says which rows it changed, by table and id only (never a
value: nothing personal leaves the transaction):

- PostgreSQL: `pg_notify('yot_changes', ...)` in the same transaction, so the server sends it
  only when (and if) the transaction commits. One LISTEN connection per app hears it.
- SQLite has no notifications. The same hook writes the change into a short journal row of
  `app_meta` in the same transaction; a dedicated connection checks `PRAGMA data_version`
  twice a second (it changes only when some other connection has committed) and reads the
  journal then.

Changes to the audit trail alone (a record opened, a report read) are not news: they are left
out, so opening a record on one PC never makes every other PC reload. An app ignores its own
changes (its screens already show them).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker

from yot_desktop.storage.engine import sqlite_path

log = logging.getLogger(__name__)

CHANNEL = "yot_changes"
JOURNAL_KEY = "live_changes"  # app_meta row (SQLite)
# Commits remembered, and ids per table in each (more: "some rows"). Kept small: every commit
# reads and rewrites the row (about 1 ms at most); a reader further behind reloads everything.
JOURNAL_LENGTH = 50
JOURNAL_IDS = 10
MAX_IDS = 50  # per table and commit; more is told as "some rows of this table"
PAYLOAD_LIMIT = 7000  # bytes: PostgreSQL refuses a notification payload of 8000 or more
POLL_SECONDS = 0.5  # SQLite: how often data_version is checked
LISTEN_WAIT = 0.5  # PostgreSQL: how long one wait for notifications lasts (to notice stop())
RETRY_SECONDS = (1, 2, 3, 5)  # waits before connecting again after losing the server
# Tables whose changes are not news to another screen (the trail of reads, the journal).
QUIET_TABLES = frozenset({"audit_log", "audit_field_change", "audit_chain", "app_meta"})
_COLLECTED = "live_changes"  # session.info key


@dataclass(frozen=True)
class Changes:
    """What changed: for each table, the ids changed, or None for "some rows, not known which".
    `everything` means anything may have changed (the server came back after a loss, or this
    app fell too far behind): reload all that is shown."""

    rows: Mapping[str, frozenset[int] | None] = field(default_factory=dict)
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.rows)

    def touches(self, *tables: str) -> bool:
        return self.everything or any(t in self.rows for t in tables)

    def touches_row(self, table: str, row_id: int) -> bool:
        """True when row `row_id` of `table` may have changed."""
        if self.everything:
            return True
        if table not in self.rows:
            return False
        ids = self.rows[table]
        return ids is None or row_id in ids

    def merge(self, other: Changes) -> Changes:
        if self.everything or other.everything:
            return Changes.all()
        rows: dict[str, frozenset[int] | None] = dict(self.rows)
        for table, ids in other.rows.items():
            if table not in rows:
                rows[table] = ids
            else:
                mine = rows[table]
                rows[table] = None if mine is None or ids is None else mine | ids
        return Changes(rows)

    def __bool__(self) -> bool:
        return self.everything or bool(self.rows)

    # --- as sent between apps ---------------------------------------------------------
    def to_json(self) -> dict[str, list[int] | None]:
        return {t: None if ids is None else sorted(ids) for t, ids in sorted(self.rows.items())}

    @classmethod
    def from_json(cls, data: object) -> Changes:
        if not isinstance(data, dict):
            return cls.all()
        rows: dict[str, frozenset[int] | None] = {}
        for table, ids in data.items():
            if isinstance(ids, list):
                rows[str(table)] = frozenset(int(i) for i in ids if isinstance(i, int))
            else:
                rows[str(table)] = None
        return cls(rows)


def payload(instance: str, changes: Changes) -> str:
    """The notification's text: the sending app and the tables and ids, within the limit."""
    body = changes.to_json()
    text_ = json.dumps({"a": instance, "c": body}, separators=(",", ":"))
    if len(text_.encode()) > PAYLOAD_LIMIT:  # many rows: say which tables only
        body = dict.fromkeys(body)
        text_ = json.dumps({"a": instance, "c": body}, separators=(",", ":"))
    return text_


def read_payload(raw: str) -> tuple[str, Changes]:
    try:
        data = json.loads(raw)
        return str(data.get("a", "")), Changes.from_json(data.get("c"))
    except (ValueError, AttributeError, TypeError):
        return "", Changes.all()


# --- the commit hook: collect what a transaction changed, tell it as it commits -----------
def _collect(session: Session, table: str, row_id: int | None) -> None:
    if table in QUIET_TABLES:
        return
    found: dict[str, set[int] | None] = session.info.setdefault(_COLLECTED, {})
    ids = found.get(table, set()) if table in found else set()
    if ids is None:
        return
    if row_id is None or len(ids) >= MAX_IDS:
        found[table] = None
    else:
        ids.add(row_id)
        found[table] = ids


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if obj in session.dirty and not session.is_modified(obj):
            continue
        state: Any = inspect(obj)
        table = getattr(state.mapper.local_table, "name", None)
        if table is None:
            continue
        key = state.identity
        row_id = key[0] if key and len(key) == 1 and isinstance(key[0], int) else None
        _collect(session, table, row_id)


def _bulk(state: ORMExecuteState) -> None:
    """An UPDATE/DELETE/INSERT statement run through the session (no objects to see)."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(getattr(state.statement, "table", None), "name", None)
        if isinstance(table, str):
            _collect(state.session, table, None)


def _forget(session: Session, *_args: object) -> None:
    session.info.pop(_COLLECTED, None)


def install(sessions: sessionmaker[Session], instance: str) -> None:
    """Tell other apps, as each transaction commits, what it changed (table and id)."""

    def tell(session: Session) -> None:
        if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
            session.flush()
        found: dict[str, set[int] | None] = session.info.pop(_COLLECTED, {})
        if not found:
            return
        changes = Changes({t: None if ids is None else frozenset(ids) for t, ids in found.items()})
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": CHANNEL, "payload": payload(instance, changes)},
            )
        elif sqlite_path(connection.engine.url) is not None:
            _journal_add(connection, instance, changes)

    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _bulk)
    event.listen(sessions, "before_commit", tell)
    event.listen(sessions, "after_rollback", _forget)


def _journal_add(connection: Any, instance: str, changes: Changes) -> None:
    """SQLite: add the change to the journal row, in the committing transaction (which holds
    the file's write lock already, so no other app writes the row meanwhile)."""
    raw = connection.execute(
        text("SELECT value FROM app_meta WHERE key = :k"), {"k": JOURNAL_KEY}
    ).scalar()
    seq, recent = _journal_read(raw)
    seq += 1
    body = {
        t: None if ids is None or len(ids) > JOURNAL_IDS else sorted(ids)
        for t, ids in sorted(changes.rows.items())
    }
    recent = [*recent[-(JOURNAL_LENGTH - 1) :], [seq, instance, body]]
    value = json.dumps({"seq": seq, "recent": recent}, separators=(",", ":"))
    if raw is None:
        connection.execute(
            text("INSERT INTO app_meta (key, value) VALUES (:k, :v)"),
            {"k": JOURNAL_KEY, "v": value},
        )
    else:
        connection.execute(
            text("UPDATE app_meta SET value = :v WHERE key = :k"), {"k": JOURNAL_KEY, "v": value}
        )


def _journal_read(raw: object) -> tuple[int, list[list[Any]]]:
    if not isinstance(raw, str):
        return 0, []
    try:
        data = json.loads(raw)
        return int(data["seq"]), list(data["recent"])
    except (ValueError, KeyError, TypeError):
        return 0, []


def new_instance() -> str:
    """An id for one running app (random: it says nothing about the person or the PC)."""
    return uuid.uuid4().hex[:12]


# --- the feed: one listener per app ---------------------------------------------------
Listener = Callable[[Changes], None]


class ChangeFeed:
    """Hears other apps' changes on a background thread and tells the subscribers (on that
    thread: a GUI subscriber hands them on to its own thread)."""

    def __init__(self, engine: Engine, instance: str) -> None:
        self.engine = engine
        self.instance = instance
        self._subscribers: list[Listener] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()  # listening (set once the first check is made)

    @property
    def possible(self) -> bool:
        """PostgreSQL, or a SQLite file (an in-memory database has no other users)."""
        return self.engine.dialect.name == "postgresql" or sqlite_path(self.engine.url) is not None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                with contextlib.suppress(ValueError):
                    self._subscribers.remove(listener)
                idle = not self._subscribers
            if idle:  # nobody listens (the window closed): stop, without waiting for it
                self.stop(timeout=0)

        return unsubscribe

    def start(self) -> None:
        """Start listening (once; again after stop()). Returns at once."""
        with self._lock:
            if not self.possible or (self._thread is not None and not self._stop.is_set()):
                return
            # Each thread has its own stop flag: one still finishing never stops a new one.
            self._stop = threading.Event()
            self.connected.clear()
            target = self._listen if self.engine.dialect.name == "postgresql" else self._poll
            self._thread = threading.Thread(
                target=target, args=(self._stop,), name="yot-live-refresh", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = 5) -> None:
        """Stop listening; wait up to `timeout` seconds for the thread to end."""
        with self._lock:
            self._stop.set()
            thread, self._thread = self._thread, None
            self.connected.clear()
        if thread is not None and timeout and thread is not threading.current_thread():
            thread.join(timeout)

    def _publish(self, changes: Changes) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._subscribers)
        for listener in listeners:
            try:
                listener(changes)
            except Exception as err:  # noqa: BLE001 - one listener never stops the others
                log.error("A live-refresh listener failed (%s)", type(err).__name__)

    def _dedicated(self) -> Any:
        """A connection of our own, made as the engine makes them (keys, timeouts), kept
        out of the pool."""
        fairy: Any = self.engine.raw_connection()
        fairy.detach()  # closed by the thread that uses it, never returned to the pool
        return fairy.dbapi_connection

    # --- PostgreSQL: LISTEN ------------------------------------------------------------
    def _listen(self, stop: threading.Event) -> None:
        failures = 0
        lost = False
        while not stop.is_set():
            conn: Any = None
            try:
                conn = self._dedicated()
                conn.autocommit = True
                conn.execute(f"LISTEN {CHANNEL}")
                self.connected.set()
                failures = 0
                if lost:  # what changed while the server was away is not known: all of it
                    self._publish(Changes.all())
                    lost = False
                while not stop.is_set():
                    # Each as it comes (the window gathers them); the wait ends every
                    # LISTEN_WAIT seconds to see whether to stop.
                    for note in conn.notifies(timeout=LISTEN_WAIT):
                        sender, changes = read_payload(note.payload)
                        if sender != self.instance:
                            self._publish(changes)
            except Exception as err:  # noqa: BLE001 - the server was lost: connect again
                if stop.is_set():
                    break
                self.connected.clear()
                lost = True
                log.warning(
                    "Live refresh lost its connection (%s); trying again", type(err).__name__
                )
                stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
            finally:
                if conn is not None:
                    with contextlib.suppress(Exception):
                        conn.close()

    # --- SQLite: data_version and the journal ------------------------------------------
    def _poll(self, stop: threading.Event) -> None:
        conn: Any = None
        version: int | None = None
        seq = 0
        while not stop.is_set():
            try:
                if conn is None:
                    conn = self._dedicated()
                    version = None
                now = conn.execute("PRAGMA data_version").fetchone()[0]
                if version is None:
                    seq = self._journal(conn)[0]
                    self.connected.set()
                elif now != version:
                    seq = self._read_journal(conn, seq)
                version = now
            except Exception as err:  # noqa: BLE001 - a file replaced or locked: open it again
                log.warning("Live refresh could not check the database (%s)", type(err).__name__)
                if conn is not None:
                    with contextlib.suppress(Exception):
                        conn.close()
                conn = None
            stop.wait(POLL_SECONDS)
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _journal(self, conn: Any) -> tuple[int, list[list[Any]]]:
        row = conn.execute("SELECT value FROM app_meta WHERE key = ?", (JOURNAL_KEY,)).fetchone()
        return _journal_read(row[0] if row else None)

    def _read_journal(self, conn: Any, seen: int) -> int:
        seq, recent = self._journal(conn)
        if seq <= seen:
            return seq if seq else seen  # an audit-only commit (or the journal was reset)
        newer = [e for e in recent if isinstance(e, list) and len(e) == 3 and e[0] > seen]
        arrived = Changes()
        if not newer or newer[0][0] != seen + 1:
            arrived = Changes.all()  # fell further behind than the journal remembers
        for _seq, sender, body in newer:
            if sender != self.instance:
                arrived = arrived.merge(Changes.from_json(body))
        self._publish(arrived)
        return seq


def merged(changes: Iterable[Changes]) -> Changes:
    out = Changes()
    for c in changes:
        out = out.merge(c)
    return out
