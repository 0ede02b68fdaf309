"""Parents and carers of a young person: several per child, each checked and versioned."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import NotFound
from yot_desktop.domain.permissions import Permission
from yot_desktop.services.core import ServiceContext, person_scope
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.core import checked_carer, new_carer
from yot_desktop.services.intake.dto import CarerDetail, CarerInput
from yot_desktop.services.intake.views import carer_details
from yot_desktop.storage.models import Carer, YoungPerson


class CarerService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list_carers(self, user: CurrentUser, person_id: int) -> tuple[CarerDetail, ...]:
        self.ctx.require(user, Permission.VIEW_CASES, "view_carers")
        with self.ctx.uow() as uow:
            self._person(uow.session, user, person_id)
            return carer_details(uow.session, person_id)

    def add(self, user: CurrentUser, person_id: int, carer: CarerInput) -> tuple[CarerDetail, ...]:
        self.ctx.require(user, Permission.EDIT_CASES, "add_carer")
        tidy = checked_carer(carer)
        with self.ctx.uow() as uow:
            s = uow.session
            self._person(s, user, person_id)
            row = new_carer(person_id, tidy)
            s.add(row)
            s.flush()
            self.ctx.audit(s, user, "add_carer", "carer", row.id, detail=f"person={person_id}")
            uow.commit()
            return carer_details(s, person_id)

    def update(
        self, user: CurrentUser, carer_id: int, version: int, carer: CarerInput
    ) -> tuple[CarerDetail, ...]:
        self.ctx.require(user, Permission.EDIT_CASES, "edit_carer")
        tidy = checked_carer(carer)
        with self.ctx.uow() as uow:
            s = uow.session
            row = uow.saw(self._carer(s, user, carer_id), version, "parent or carer")
            values = {
                "name": tidy.name,
                "relationship_to_child": tidy.relationship,
                "parental_responsibility": tidy.parental_responsibility,
                "address": tidy.address,
                "phone": tidy.phone,
                "email": tidy.email,
                "preferred_language": tidy.preferred_language,
                "letter_preference": tidy.letter_preference,
            }
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            for key in changed:
                setattr(row, key, values[key])
            self.ctx.audit_changes(s, user, "edit_carer", row, row.young_person_id)
            uow.commit()
            return carer_details(s, row.young_person_id)

    def remove(self, user: CurrentUser, carer_id: int, version: int) -> tuple[CarerDetail, ...]:
        self.ctx.require(user, Permission.EDIT_CASES, "remove_carer")
        with self.ctx.uow() as uow:
            s = uow.session
            row = uow.saw(self._carer(s, user, carer_id), version, "parent or carer")
            person_id = row.young_person_id
            detail = f"person={person_id}"
            self.ctx.audit_changes(s, user, "remove_carer", row, person_id, detail, removed=True)
            s.delete(row)
            uow.commit()
            return carer_details(s, person_id)

    def _person(self, s: Session, user: CurrentUser, person_id: int) -> None:
        found = s.scalar(
            person_scope(user, select(YoungPerson.id)).where(YoungPerson.id == person_id)
        )
        if found is None:
            raise NotFound("This young person's record does not exist or is not in your team.")

    def _carer(self, s: Session, user: CurrentUser, carer_id: int) -> Carer:
        row = s.get(Carer, carer_id)
        if row is None:
            raise NotFound("This parent or carer is no longer on the record.")
        self._person(s, user, row.young_person_id)
        return row
