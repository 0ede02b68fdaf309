"""No operation waits on a dead or frozen PostgreSQL server for more than about 30 s.

The server ends its own slow statements (`statement_timeout`, `lock_timeout`, set by
`make_engine`), and libpq's TCP keepalives find a peer that has gone. Neither helps when the
server is frozen (a stopped process, a network that drops packets without a reset): its kernel
may still answer keepalives, and a frozen server never enforces its own timeouts. So each
statement, commit and rollback also has a deadline on this side: when the server has not
answered by then, the connection's socket is shut down, the wait ends with an OperationalError
("server closed the connection"), the transaction is lost (nothing half-written: the server
rolls it back) and the connection is dropped from the pool.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

# Seconds. The server's own limits come first; the client's deadline only catches a server
# that cannot enforce them. Each can be changed with an environment variable of the same name
# prefixed YOT_DB_ (for example YOT_DB_STATEMENT_TIMEOUT=60 for a slow report server).
CONNECT_TIMEOUT = 10
STATEMENT_TIMEOUT = 15
LOCK_TIMEOUT = 10
ANSWER_DEADLINE = 20  # no answer at all by then: the server is treated as gone
PING_DEADLINE = 5  # the pool's check of a connection before use
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT = 5, 2, 3  # a dead peer found in ~11 s


def seconds(name: str, default: int) -> int:
    """A timeout in whole seconds, from YOT_DB_<NAME> when set to a positive number."""
    value = os.environ.get(f"YOT_DB_{name}", "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def postgres_connect_args() -> dict[str, Any]:
    """libpq options: connect timeout, TCP keepalives and the server-side limits."""
    statement = seconds("STATEMENT_TIMEOUT", STATEMENT_TIMEOUT)
    lock = seconds("LOCK_TIMEOUT", LOCK_TIMEOUT)
    return {
        "connect_timeout": seconds("CONNECT_TIMEOUT", CONNECT_TIMEOUT),
        "application_name": "yot-desktop",
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_IDLE,
        "keepalives_interval": KEEPALIVE_INTERVAL,
        "keepalives_count": KEEPALIVE_COUNT,
        # Data sent and never acknowledged (a cable pulled mid-statement): give up after this.
        "tcp_user_timeout": seconds("ANSWER_DEADLINE", ANSWER_DEADLINE) * 1000,
        "options": f"-c statement_timeout={statement * 1000} -c lock_timeout={lock * 1000}",
    }


class _Watch:
    """One thread per process checks the armed connections twice a second."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, Any]] = {}  # id(dbapi connection) -> deadline
        self._thread: threading.Thread | None = None

    def arm(self, dbapi_connection: Any, limit: float) -> None:
        with self._lock:
            self._armed[id(dbapi_connection)] = (time.monotonic() + limit, dbapi_connection)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="yot-db-deadline", daemon=True
                )
                self._thread.start()

    def disarm(self, dbapi_connection: Any) -> None:
        with self._lock:
            self._armed.pop(id(dbapi_connection), None)

    def _run(self) -> None:
        while True:
            time.sleep(0.5)
            now = time.monotonic()
            with self._lock:
                late = [c for deadline, c in self._armed.values() if deadline <= now]
                for c in late:
                    self._armed.pop(id(c), None)
            for c in late:
                cut(c)


_watch = _Watch()
# Connections cut for not answering (for the message), kept so their ids are not reused.
_CUT: dict[int, Any] = {}


def cut(dbapi_connection: Any) -> None:
    """End every wait on this connection now: shut its socket down (both ways)."""
    try:
        fd = dbapi_connection.pgconn.socket
    except Exception:  # noqa: BLE001 - already closed: nothing is waiting on it
        return
    _CUT[id(dbapi_connection)] = dbapi_connection
    with contextlib.suppress(OSError), socket.socket(fileno=os.dup(fd)) as sock:
        sock.shutdown(socket.SHUT_RDWR)


def stopped_answering(exc: BaseException) -> bool:
    """True when `exc` came from a connection cut here because the server did not answer."""
    return bool(getattr(exc, "_yot_stopped_answering", False))


def _dbapi_of(conn: Any) -> Any:
    """The psycopg connection behind a pool's connection record or fairy (or itself)."""
    return getattr(conn, "dbapi_connection", None) or conn


def install(engine: Engine) -> None:
    """Give every statement, commit, rollback and ping of `engine` the client-side deadline."""
    limit = seconds("ANSWER_DEADLINE", ANSWER_DEADLINE)
    dialect: Any = engine.dialect

    def watched(original: Any, seconds: float) -> Any:
        def call(conn: Any, *args: Any, **kw: Any) -> Any:
            raw = _dbapi_of(conn)
            _watch.arm(raw, seconds)
            try:
                return original(conn, *args, **kw)
            finally:
                _watch.disarm(raw)

        return call

    # The dialect of this engine only (each engine has its own): commit, rollback (also the
    # pool's reset on check-in) and the pre-ping on check-out.
    # A ping is tiny: a pooled connection that does not answer it within PING_DEADLINE is
    # given up, and the pool opens a new one (which has the connect timeout).
    for name, seconds_ in (
        ("do_commit", limit),
        ("do_rollback", limit),
        ("do_ping", PING_DEADLINE),
    ):
        setattr(dialect, name, watched(getattr(dialect, name), seconds_))

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, *_: Any) -> None:
        _watch.arm(conn.connection.dbapi_connection, limit)

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, *_: Any) -> None:
        _watch.disarm(conn.connection.dbapi_connection)

    @event.listens_for(engine, "handle_error")
    def _failed(context: Any) -> None:
        fairy = getattr(context.connection, "connection", None)
        dbapi_connection = getattr(fairy, "dbapi_connection", None)
        if dbapi_connection is None:
            return
        _watch.disarm(dbapi_connection)
        if id(dbapi_connection) in _CUT:
            del _CUT[id(dbapi_connection)]
            context.is_disconnect = True
            if isinstance(context.sqlalchemy_exception, DBAPIError):
                context.sqlalchemy_exception._yot_stopped_answering = True  # type: ignore[attr-defined]


def _where(url: Any) -> str:
    host = url.host or url.query.get("host") or "localhost"
    if isinstance(host, tuple):
        host = ",".join(host)
    return f"{host}:{url.port}" if url.port else str(host)


_GONE_SIGNS = (
    "server closed the connection",
    "connection refused",
    "timeout expired",
    "could not connect",
    "connection timed out",
    "no route to host",
    "connection reset",
    "broken pipe",
    "terminating connection",
    "the connection is lost",
    "connection is closed",
    "ssl syscall error",
    "could not receive data",
    "could not send data",
)


def lost_connection_of(url_text: str, exc: BaseException) -> str | None:
    """In one plain sentence, when `exc` says the PostgreSQL server was lost, could not be
    reached or gave up on a statement; None for anything else."""
    from sqlalchemy.engine import make_url

    url = make_url(url_text)
    if url.get_backend_name() != "postgresql":
        return None
    where = _where(url)
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    text = str(orig).lower()
    after = "Nothing of the unfinished work was saved. Try again in a moment"
    if stopped_answering(exc):
        limit = seconds("ANSWER_DEADLINE", ANSWER_DEADLINE)
        return (
            f"lost the connection to the database server at {where} (it stopped answering "
            f"for {limit} seconds). {after}, or ask your administrator if it goes on."
        )
    if state == "57014":  # statement_timeout
        limit = seconds("STATEMENT_TIMEOUT", STATEMENT_TIMEOUT)
        return (
            f"the database server at {where} took more than {limit} seconds over one step, "
            f"so it was stopped. {after}."
        )
    if state == "55P03":  # lock_timeout
        limit = seconds("LOCK_TIMEOUT", LOCK_TIMEOUT)
        return f"another user was saving the same records for more than {limit} seconds. {after}."
    if state in ("57P01", "57P02", "57P03"):
        return (
            f"lost the connection to the database server at {where} (the server was shut "
            f"down or restarted). {after}, or ask your administrator if it goes on."
        )
    if "refused" in text or "could not connect" in text or "no such file" in text:
        return (
            f"cannot reach the database server at {where} (it refused the connection: it is "
            "not running, or the address is wrong). Ask your administrator."
        )
    if "timeout expired" in text:
        limit = seconds("CONNECT_TIMEOUT", CONNECT_TIMEOUT)
        return (
            f"cannot reach the database server at {where} (it did not answer within {limit} "
            "seconds). Try again in a moment, or ask your administrator if it goes on."
        )
    if getattr(exc, "connection_invalidated", False) or any(s in text for s in _GONE_SIGNS):
        return (
            f"lost the connection to the database server at {where}. {after}, or ask your "
            "administrator if it goes on."
        )
    return None
