"""First administrator, sign-in, lock-out, password rules and who may add staff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.helpers import ADMIN_PASSWORD, GOOD_PASSWORD, FixedClock, audit_rows
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import AuthenticationError, PermissionDenied, ValidationError
from yot_desktop.services.admin.auth import LOCKOUT, MAX_FAILED_ATTEMPTS
from yot_desktop.services.admin.schemes import default_scheme_files, parse_scheme_toml
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import User


def stored_hash(services: Services, username: str) -> str:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(User.password_hash).where(User.username == username))


def test_first_administrator_can_sign_in(services: Services) -> None:
    assert services.auth.needs_first_user()

    created = services.auth.create_first_administrator("admin", ADMIN_PASSWORD, "Alex Admin")

    assert created.role is Role.ADMINISTRATOR
    assert not services.auth.needs_first_user()
    assert stored_hash(services, "admin").startswith("$argon2id$")
    assert ADMIN_PASSWORD not in stored_hash(services, "admin")
    user = services.auth.sign_in("admin", ADMIN_PASSWORD)
    assert (user.username, user.display_name, user.role) == (
        "admin",
        "Alex Admin",
        Role.ADMINISTRATOR,
    )
    assert audit_rows(services, "first_administrator") == [("admin", "ok", "")]
    assert audit_rows(services, "sign_in") == [("admin", "ok", "")]
    # The shipped schemes come with the first administrator.
    shipped = {r.code for f in default_scheme_files() for r in parse_scheme_toml(f.read_text())}
    assert {s.code for s in services.schemes.list_schemes()} == shipped


def test_a_second_first_administrator_is_refused(services: Services, admin: CurrentUser) -> None:
    with pytest.raises(ValidationError) as refused:
        services.auth.create_first_administrator("intruder", GOOD_PASSWORD)
    assert [p.field for p in refused.value.problems] == ["username"]
    with pytest.raises(AuthenticationError):
        services.auth.sign_in("intruder", GOOD_PASSWORD)


def test_wrong_password_is_refused_and_audited(services: Services, admin: CurrentUser) -> None:
    with pytest.raises(AuthenticationError) as wrong_password:
        services.auth.sign_in("admin", "not the password")
    with pytest.raises(AuthenticationError) as unknown_user:
        services.auth.sign_in("nobody", ADMIN_PASSWORD)

    # The message never says which of the two was wrong.
    assert str(wrong_password.value) == str(unknown_user.value)
    assert audit_rows(services, "sign_in")[-2:] == [
        ("admin", "failed", ""),
        ("nobody", "failed", ""),
    ]


def test_five_failures_lock_the_account_for_fifteen_minutes(
    services: Services, admin: CurrentUser, clock: FixedClock
) -> None:
    assert (MAX_FAILED_ATTEMPTS, LOCKOUT.total_seconds()) == (5, 15 * 60)
    for _ in range(5):
        with pytest.raises(AuthenticationError, match="not right"):
            services.auth.sign_in("admin", "wrong guess")

    with pytest.raises(AuthenticationError, match="locked") as locked:
        services.auth.sign_in("admin", ADMIN_PASSWORD)  # even the right password
    assert "15 minutes" in str(locked.value)
    assert audit_rows(services, "sign_in")[-1] == ("admin", "locked", "")

    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AuthenticationError, match="locked"):
        services.auth.sign_in("admin", ADMIN_PASSWORD)

    clock.advance(seconds=1)
    assert services.auth.sign_in("admin", ADMIN_PASSWORD).username == "admin"


def test_a_good_sign_in_resets_the_failure_count(services: Services, admin: CurrentUser) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("admin", "wrong guess")
    services.auth.sign_in("admin", ADMIN_PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationError, match="not right"):
            services.auth.sign_in("admin", "wrong guess")

    assert services.auth.sign_in("admin", ADMIN_PASSWORD).username == "admin"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "at least 12 characters"),
        ("password1234", "harder to guess"),
        ("my admin password", "user name"),
    ],
)
def test_weak_first_password_is_refused(services: Services, password: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.auth.create_first_administrator("admin", password)

    assert {p.field for p in refused.value.problems} == {"password"}
    assert message in str(refused.value)
    assert services.auth.needs_first_user()  # nothing written


def test_administrator_adds_a_practitioner(services: Services, admin: CurrentUser) -> None:
    row = services.users.add_user(admin, "p.jones", Role.PRACTITIONER, GOOD_PASSWORD, team="Team A")

    assert (row.username, row.role, row.team_name) == ("p.jones", Role.PRACTITIONER, "Team A")
    user = services.auth.sign_in("p.jones", GOOD_PASSWORD)
    assert user.must_change_password
    assert user.team_name == "Team A"
    assert audit_rows(services, "add_user") == [("admin", "ok", "role=practitioner")]
    assert stored_hash(services, "p.jones").startswith("$argon2id$")


def test_practitioner_may_not_add_users(services: Services, admin: CurrentUser) -> None:
    services.users.add_user(admin, "p.jones", Role.PRACTITIONER, GOOD_PASSWORD)
    practitioner = services.auth.sign_in("p.jones", GOOD_PASSWORD)

    with pytest.raises(PermissionDenied, match=r"\(Practitioner\)"):
        services.users.add_user(practitioner, "friend", Role.ADMINISTRATOR, GOOD_PASSWORD)

    assert audit_rows(services, "add_user")[-1] == ("p.jones", "refused", "manage_users")
    assert [u.username for u in services.users.list_users(admin)] == ["admin", "p.jones"]
    with pytest.raises(PermissionDenied):
        services.users.list_users(practitioner)


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("admin", GOOD_PASSWORD, "username"),  # taken
        ("j smith", GOOD_PASSWORD, "username"),
        ("", GOOD_PASSWORD, "username"),
        ("j.smith", "tooshort", "password"),
    ],
)
def test_bad_new_user_is_refused(
    services: Services, admin: CurrentUser, username: str, password: str, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.users.add_user(admin, username, Role.MANAGER, password)

    assert field in {p.field for p in refused.value.problems}
    assert [u.username for u in services.users.list_users(admin)] == ["admin"]
