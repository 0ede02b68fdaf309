"""`audit verify`: walk the hash chain over the audit log and name the first broken link."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yot_desktop.domain.audit_chain import GENESIS, AuditFields, ChainReport, Link, check_links
from yot_desktop.storage.models import AuditEntry
from yot_desktop.storage.models_audit import AuditChainLink

CHUNK = 5000


def _links(s: Session) -> Iterator[Link]:
    """Every link in order, with the record it seals (None when that record is gone)."""
    stmt = (
        select(
            AuditChainLink.seq,
            AuditChainLink.audit_id,
            AuditChainLink.hash,
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.username,
            AuditEntry.action,
            AuditEntry.entity,
            AuditEntry.entity_id,
            AuditEntry.outcome,
            AuditEntry.detail,
        )
        .outerjoin(AuditEntry, AuditEntry.id == AuditChainLink.audit_id)
        .order_by(AuditChainLink.seq)
    )
    last = 0
    while True:  # in pages by seq: memory stays flat, and no cursor is left open early
        rows = s.execute(stmt.where(AuditChainLink.seq > last).limit(CHUNK)).all()
        for seq, audit_id, stored, *record in rows:
            fields = AuditFields(*record) if record[0] is not None else None
            yield Link(seq, audit_id, stored, fields)
        if len(rows) < CHUNK:
            return
        last = rows[-1][0]


def chain_head(s: Session) -> tuple[int, str]:
    """The last link (its place and hash); (0, GENESIS) before the first record."""
    row = s.execute(
        select(AuditChainLink.seq, AuditChainLink.hash).order_by(AuditChainLink.seq.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else (0, GENESIS)


def verify_chain(s: Session) -> ChainReport:
    """The chain checked link by link, then the log checked for records outside it (slipped
    in past the app, which seals every record it writes as it commits)."""
    report = check_links(_links(s))
    if not report.whole:
        return report
    unsealed = s.scalar(
        select(func.min(AuditEntry.id)).where(
            ~select(AuditChainLink.seq).where(AuditChainLink.audit_id == AuditEntry.id).exists()
        )
    )
    if unsealed is not None:
        return replace(
            report,
            broken=f"audit record {unsealed} is not in the chain: it was added past the app",
        )
    return report
