"""An administrator's idle lock limit for every computer using the database."""

from __future__ import annotations

import pytest

from tests.integration.helpers import GOOD_PASSWORD, audit_rows
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import PermissionDenied, ValidationError
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser


def test_limit_is_set_changed_and_removed_by_an_administrator(
    services: Services, admin: CurrentUser
) -> None:
    assert services.database.idle_lock_limit() is None
    services.database.set_idle_lock_limit(admin, 10)
    services.database.set_idle_lock_limit(admin, 5)
    assert services.database.idle_lock_limit() == 5
    services.database.set_idle_lock_limit(admin, None)
    assert services.database.idle_lock_limit() is None
    assert [r[2] for r in audit_rows(services, "set_idle_lock_limit")] == ["10", "5", "none"]


def test_nonsense_and_other_roles_are_refused(services: Services, admin: CurrentUser) -> None:
    with pytest.raises(ValidationError, match="from 1 to 240"):
        services.database.set_idle_lock_limit(admin, 0)
    services.users.add_user(admin, "pat", Role.PRACTITIONER, GOOD_PASSWORD)
    pat = services.auth.sign_in("pat", GOOD_PASSWORD)
    with pytest.raises(PermissionDenied):
        services.database.set_idle_lock_limit(pat, 60)
    assert services.database.idle_lock_limit() is None
