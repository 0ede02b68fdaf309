"""Sealing audit records into the hash chain as their transaction commits.

`ServiceContext.audit` notes each new record on its session; just before that session commits,
`seal` flushes, takes the chain's head and appends one link per new record, in the same
transaction: a rolled-back change leaves neither record nor link, and a committed one always
has both. Links are added at the very end of the transaction so that the one lock it takes
(PostgreSQL: an advisory lock; SQLite: the file's write lock, already held once the records
are written) is held only for the commit, and cannot deadlock with the rows the work touched.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from yot_desktop.domain.audit_chain import GENESIS, AuditFields, link_hash
from yot_desktop.storage.models import AuditEntry
from yot_desktop.storage.models_audit import AuditChainLink

PENDING = "audit_unsealed"
CHAIN_LOCK = 7_301_202_612  # any fixed number: the advisory lock that orders the chain


def note(session: Session, entry: AuditEntry) -> None:
    session.info.setdefault(PENDING, []).append(entry)


def fields_of(e: AuditEntry) -> AuditFields:
    return AuditFields(
        e.id, e.at, e.username, e.action, e.entity, e.entity_id, e.outcome or "ok", e.detail
    )


def seal(session: Session) -> None:
    pending: list[AuditEntry] = session.info.pop(PENDING, [])
    if not pending:
        return
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    head = session.execute(
        select(AuditChainLink.seq, AuditChainLink.hash).order_by(AuditChainLink.seq.desc()).limit(1)
    ).first()
    seq, previous = (head[0], head[1]) if head is not None else (0, GENESIS)
    links: list[dict[str, Any]] = []
    for entry in sorted(pending, key=lambda e: e.id):
        seq += 1
        previous = link_hash(previous, fields_of(entry))
        links.append({"seq": seq, "audit_id": entry.id, "hash": previous})
    session.execute(insert(AuditChainLink), links)


def forget(session: Session, *_args: object) -> None:
    session.info.pop(PENDING, None)


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_commit", seal)
    event.listen(sessions, "after_rollback", forget)
