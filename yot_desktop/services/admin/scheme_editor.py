"""Managers edit a scheme's local policy in the app (the same rules as `schemes load`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from yot_desktop.domain.errors import ConflictError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.scheme import SchemeRules, scheme_from_mapping
from yot_desktop.services.admin.schemes import save_rules
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Scheme


class SchemeEditorService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def versions(self, user: CurrentUser) -> dict[str, int]:
        """Each scheme's version, so a save can tell whether someone else saved first."""
        self.ctx.require(user, Permission.MANAGE_SCHEMES, "view_schemes")
        with self.ctx.uow() as uow:
            rows = uow.session.execute(select(Scheme.code, Scheme.version))
            return {code: version for code, version in rows}

    def save(
        self, user: CurrentUser, data: dict[str, Any], expected_version: int | None
    ) -> SchemeRules:
        """Check `data` (the TOML `[scheme]` table's keys) and save it; None: a new scheme."""
        self.ctx.require(user, Permission.MANAGE_SCHEMES, "edit_scheme")
        rules = scheme_from_mapping(data)
        with self.ctx.uow() as uow:
            s = uow.session
            row = s.scalar(select(Scheme).where(Scheme.code == rules.code))
            current = row.version if row is not None else None
            if current != expected_version:
                raise ConflictError(
                    "scheme",
                    row.id if row is not None else 0,
                    "This scheme was changed by someone else after you opened it, or a scheme "
                    "with this code already exists. Reload it and make your changes again.",
                )
            scheme_id = save_rules(s, rules)
            self.ctx.audit(s, user, "edit_scheme", "scheme", scheme_id)
            uow.commit()
        return rules
