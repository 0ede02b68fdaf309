"""Before and after values of an edit, read from SQLAlchemy's attribute history.

Used by ServiceContext.audit_changes. Values are personal data: they are written to
audit_field_change (erased with the young person), never to the append-only audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import inspect

from yot_desktop.storage.models import AuditEntry
from yot_desktop.storage.models_audit import AuditFieldChange

# The entity names audit rows use, by table.
ENTITIES = {
    "young_people": "young_person",
    "carers": "carer",
    "referrals": "referral",
    "programmes": "programme",
}
# Bookkeeping the services keep in step themselves: not a change anyone made.
NOT_AUDITED = {"version", "created_at", "updated_at", "updated_by"}


@dataclass(frozen=True)
class FieldChange:
    entity: str
    entity_id: int | None
    field: str
    before: str | None
    after: str | None

    def row(self, entry: AuditEntry, young_person_id: int | None) -> AuditFieldChange:
        return AuditFieldChange(
            audit=entry,
            young_person_id=young_person_id,
            entity=self.entity,
            entity_id=self.entity_id,
            field=self.field,
            before=self.before,
            after=self.after,
        )


def as_text(value: object) -> str | None:
    """A stored value as text an administrator can read; None stays None (no value)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def field_changes(
    obj: object, *, removed: bool = False
) -> tuple[str, int | None, list[FieldChange]]:
    """(entity, id, changes) of a loaded ORM object's column edits since it was loaded; with
    `removed`, every value it holds as the before of a removal (after is None)."""
    state = inspect(obj)
    mapper = state.mapper
    table = mapper.local_table.name
    entity = ENTITIES.get(table, table)
    entity_id = state.identity[0] if state.identity else None
    changes = []
    for attr in mapper.column_attrs:
        name = attr.key
        if name in NOT_AUDITED or name.startswith("search_") or attr.columns[0].primary_key:
            continue
        if removed:
            if (value := as_text(getattr(obj, name))) not in (None, ""):
                changes.append(FieldChange(entity, entity_id, name, value, None))
            continue
        history = state.attrs[name].history
        if not history.added:
            continue
        before = as_text(history.deleted[0]) if history.deleted else None
        after = as_text(history.added[0])
        if before != after:
            changes.append(FieldChange(entity, entity_id, name, before, after))
    return entity, entity_id, changes
