"""When a record open on screen was last saved, and by whom (live refresh, issue 11).

Asked when another PC's change may have touched the record open here: cheaper than reading
the whole record, and not audited as a read (it gives no personal data: a version number, a
time and a staff member's name), so checking it never makes other PCs refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from yot_desktop.domain.errors import NotFound
from yot_desktop.domain.permissions import Permission
from yot_desktop.services.admin.staff_names import staff_name
from yot_desktop.services.core import ServiceContext, person_scope
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import YoungPerson


@dataclass(frozen=True)
class RecordStamp:
    version: int
    updated_at: datetime
    updated_by: str  # the staff member's name ("" when not known)


class RecordStamps:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def person(self, user: CurrentUser, person_id: int) -> RecordStamp:
        """The saved version of a young person's record the user may see."""
        self.ctx.require(user, Permission.VIEW_CASES, "view_person")
        stmt: Any = select(  # person_scope is typed for one-entity selects
            YoungPerson.version, YoungPerson.updated_at, YoungPerson.updated_by
        ).where(YoungPerson.id == person_id)
        with self.ctx.uow() as uow:
            row = uow.session.execute(person_scope(user, stmt)).first()
            if row is None:
                raise NotFound("This young person's record does not exist or is not in your team.")
            return RecordStamp(row[0], row[1], staff_name(uow.session, row[2]))
