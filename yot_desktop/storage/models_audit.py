"""Field changes behind audit rows (issue 7): the before and after values of an edit.

The audit log itself (models.AuditEntry) is append-only and holds no personal data. The values
an edit changed are personal data, so they live here, tied to the young person they are about:
deleting the young person (retention) deletes these rows with them. No append-only trigger here.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from yot_desktop.storage.models import AuditEntry, Base


class AuditFieldChange(Base):
    __tablename__ = "audit_field_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_log.id"), index=True)
    young_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), nullable=True, index=True
    )
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    field: Mapped[str] = mapped_column(String(60))
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Lets the unit of work insert the audit row first without an early flush.
    audit: Mapped[AuditEntry] = relationship()


class AuditChainLink(Base):
    """The hash chain over the audit log (domain/audit_chain.py): one link per audit record,
    in the order the records were committed. Append-only, like the log."""

    __tablename__ = "audit_chain"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_log.id"), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
