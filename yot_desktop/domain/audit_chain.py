"""The audit trail as a hash chain: each record's link carries a SHA-256 over its own fields and
the link before it, so a record changed, removed or slipped in afterwards breaks the chain at
that point, even when whoever did it could get round the database's append-only triggers.

The chain is tamper-evident, not tamper-proof: someone who rewrites every link after a change
hides it, unless the head (the last link's hash) was kept elsewhere, which is why the head is
shown with the verification and belongs in every monthly report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

GENESIS = "0" * 64
SEPARATOR = "\x1f"  # the ASCII unit separator: cannot be typed into a name


@dataclass(frozen=True)
class AuditFields:
    """The canonical fields of one audit record, in chain order."""

    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    outcome: str
    detail: str

    def canonical(self) -> str:
        return SEPARATOR.join(
            (
                str(self.id),
                self.at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds"),
                self.username,
                self.action,
                self.entity,
                "" if self.entity_id is None else str(self.entity_id),
                self.outcome,
                self.detail,
            )
        )


def link_hash(previous: str, fields: AuditFields) -> str:
    return hashlib.sha256((previous + SEPARATOR + fields.canonical()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Link:
    """One link as stored: its place, the audit record it seals (None when that record is
    gone) and the hash kept for it."""

    seq: int
    audit_id: int
    stored_hash: str
    fields: AuditFields | None


@dataclass(frozen=True)
class ChainReport:
    links: int
    head_seq: int
    head_hash: str
    broken: str  # empty when the chain is whole: else the first broken link, in words

    @property
    def whole(self) -> bool:
        return not self.broken


def check_links(links: Iterable[Link]) -> ChainReport:
    """Walk the links in order; stop at the first that does not hold."""
    previous, expected_seq, count = GENESIS, 1, 0
    for link in links:
        where = f"link {link.seq} (audit record {link.audit_id})"
        if link.seq != expected_seq:
            return ChainReport(
                count,
                expected_seq - 1,
                previous,
                f"link {expected_seq} is missing: the chain jumps from {expected_seq - 1} "
                f"to {link.seq}",
            )
        if link.fields is None:
            return ChainReport(count, link.seq - 1, previous, f"{where}: the record is gone")
        if link.fields.id != link.audit_id:
            return ChainReport(count, link.seq - 1, previous, f"{where}: sealed another record")
        if link_hash(previous, link.fields) != link.stored_hash:
            return ChainReport(
                count,
                link.seq - 1,
                previous,
                f"{where}: the record or the link was changed after it was written",
            )
        previous, expected_seq, count = link.stored_hash, expected_seq + 1, count + 1
    return ChainReport(count, expected_seq - 1, previous, "")


def head_note(seq: int, head_hash: str) -> str:
    """The chain's head as a report prints it (issue 12, point 6): kept on paper, it shows a
    tail cut from the trail later, which the chain alone cannot."""
    if seq == 0:
        return "Audit trail when this report was made: empty (no records yet)."
    return (
        f"Audit trail when this report was made: link {seq:,}, {head_hash[:16]}. To check "
        "the trail has not been cut or changed since, an administrator runs 'audit verify': "
        f"it must say the trail is unbroken and end at link {seq:,} or later (if it ends at "
        f"link {seq:,}, its hash must begin {head_hash[:16]})."
    )
