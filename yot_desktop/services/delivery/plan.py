"""Tailoring a programme's plan: add, remove, reorder and change its interventions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import ConflictError, FieldProblem, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.programme import (
    PlannedIntervention,
    move_intervention,
    remove_intervention,
    validate_intervention,
)
from yot_desktop.domain.validation import search_text
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.delivery.common import ACTIVE, load_programme
from yot_desktop.services.delivery.dto import ProgrammeDetail
from yot_desktop.services.delivery.programme_state import programme_detail
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, Scheme
from yot_desktop.storage.models_delivery import Intervention, Programme, ProgrammeItem


class PlanService:
    """A started programme's plan, tailored line by line; each change checks the version of
    the programme the user saw."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add_item(
        self,
        user: CurrentUser,
        programme_id: int,
        expected_version: int,
        code: str,
        *,
        planned_count: int = 1,
        minutes: int | None = None,
        provider: str | None = None,
        worker_id: int | None = None,
        index: int | None = None,
    ) -> ProgrammeDetail:
        def change(s: Session, programme: Programme, plan: list[PlannedIntervention]) -> None:
            kind = s.scalar(select(Intervention).where(Intervention.code == search_text(code)))
            if kind is None or not kind.active:
                raise ValidationError(
                    FieldProblem("Intervention", f"{code!r} is not in the catalogue")
                )
            scheme = rules_of(
                s.get_one(Scheme, s.get_one(Referral, programme.referral_id).scheme_id)
            )
            item = PlannedIntervention(
                code=kind.code,
                label=kind.label,
                planned_count=planned_count,
                minutes=kind.default_minutes if minutes is None else minutes,
                provider=provider or kind.default_provider or scheme.provider or None,
                worker_id=worker_id,
            )
            validate_intervention(item, self._codes(s))
            at = len(plan) if index is None else index
            if not 0 <= at <= len(plan):
                raise ValidationError(FieldProblem("Position", f"there is no position {at + 1}"))
            plan.insert(at, item)

        return self._edit(user, programme_id, expected_version, change, "add_intervention")

    def remove_item(
        self, user: CurrentUser, programme_id: int, expected_version: int, index: int
    ) -> ProgrammeDetail:
        def change(s: Session, programme: Programme, plan: list[PlannedIntervention]) -> None:
            new = remove_intervention(tuple(plan), index)
            item = programme.items[index]
            used = s.scalar(
                select(ProgrammeSession.id).where(
                    ProgrammeSession.programme_item_id == item.id,
                    ProgrammeSession.status.not_in(
                        ("cancelled_by_service", "cancelled_by_young_person", "rescheduled")
                    ),
                )
            )
            if used is not None:
                raise ValidationError(
                    FieldProblem(
                        "Interventions",
                        f"{item.label} has sessions booked. Cancel them first, then remove it.",
                    )
                )
            plan[:] = new

        return self._edit(user, programme_id, expected_version, change, "remove_intervention")

    def move_item(
        self, user: CurrentUser, programme_id: int, expected_version: int, index: int, to: int
    ) -> ProgrammeDetail:
        def change(_s: Session, _p: Programme, plan: list[PlannedIntervention]) -> None:
            plan[:] = move_intervention(tuple(plan), index, to)

        return self._edit(user, programme_id, expected_version, change, "move_intervention")

    def update_item(
        self,
        user: CurrentUser,
        programme_id: int,
        expected_version: int,
        index: int,
        *,
        planned_count: int | None = None,
        minutes: int | None = None,
        provider: str | None = None,
        worker_id: int | None = None,
    ) -> ProgrammeDetail:
        def change(s: Session, _p: Programme, plan: list[PlannedIntervention]) -> None:
            if not 0 <= index < len(plan):
                raise ValidationError(
                    FieldProblem("Intervention", f"there is no intervention number {index + 1}")
                )
            old = plan[index]
            new = replace(
                old,
                planned_count=old.planned_count if planned_count is None else planned_count,
                minutes=old.minutes if minutes is None else minutes,
                provider=old.provider if provider is None else provider,
                worker_id=old.worker_id if worker_id is None else worker_id,
            )
            validate_intervention(new, self._codes(s))
            plan[index] = new

        return self._edit(user, programme_id, expected_version, change, "edit_intervention")

    @staticmethod
    def _codes(s: Session) -> set[str]:
        return set(s.scalars(select(Intervention.code)))

    def _edit(
        self,
        user: CurrentUser,
        programme_id: int,
        expected_version: int,
        change: Callable[[Session, Programme, list[PlannedIntervention]], None],
        action: str,
    ) -> ProgrammeDetail:
        """Apply one change to the plan the user saw; someone else's newer edit is a conflict."""
        self.ctx.require(user, Permission.EDIT_CASES, action)
        with self.ctx.uow() as uow:
            s = uow.session
            programme = load_programme(uow, user, programme_id, expected_version)
            if programme.status != ACTIVE:
                raise ValidationError(
                    FieldProblem("programme", "this programme has ended and cannot be changed")
                )
            by_id = {i.id: i for i in programme.items}
            plan = [
                PlannedIntervention(
                    i.intervention_code,
                    i.label,
                    i.planned_count,
                    i.minutes,
                    i.provider or None,
                    i.worker_id,
                )
                for i in programme.items
            ]
            keys = [i.id for i in programme.items]
            tagged = list(zip(plan, keys, strict=True))
            change(s, programme, plan)
            # Keep each surviving line's row (and so its sessions); add rows for new lines.
            remaining = list(tagged)
            new_rows = []
            for position, item in enumerate(plan):
                match = next((k for p, k in remaining if p.code == item.code), None)
                if match is not None:
                    remaining = [(p, k) for p, k in remaining if k != match]
                    row = by_id[match]
                else:
                    row = ProgrammeItem(intervention_code=item.code, label=item.label)
                row.position = position
                row.planned_count = item.planned_count
                row.minutes = item.minutes
                row.provider = item.provider or ""
                row.worker_id = item.worker_id
                new_rows.append(row)
            programme.items[:] = new_rows
            s.flush()
            # The plan lines changed, not the programme row: move its version by hand, guarded
            # like the ORM's own check, so two people editing one plan cannot both win.
            bumped = s.execute(
                update(Programme)
                .where(Programme.id == programme.id, Programme.version == expected_version)
                .values(version=expected_version + 1)
                .execution_options(synchronize_session=False)
            )
            if bumped.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError("programme", programme_id)
            s.expire(programme)
            self.ctx.audit(s, user, action, "programme", programme.id)
            uow.commit()
            return programme_detail(s, programme)
