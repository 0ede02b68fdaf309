"""The day's automatic backup (issue 12, point 8): one a day, kept for backup_keep_days days,
encrypted like the database, audited; and a restore of an encrypted database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.helpers import FixedClock
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.admin.backups import DEFAULT_KEEP_DAYS, keep_days_setting
from yot_desktop.services.container import Services
from yot_desktop.storage.backups import daily_backups, safety_copies
from yot_desktop.storage.encryption import is_encrypted_file
from yot_desktop.storage.models import AuditEntry, User

PASSWORD = "a-long-enough-passphrase"
KEY = "Łódź harbour kettle 42"


def _services(path: Path, clock: FixedClock, key: str | None = None) -> Services:
    services = Services.open(f"sqlite:///{path}", clock, key=key)
    services.database.upgrade()
    if services.auth.needs_first_user():
        services.auth.create_first_administrator("lead", PASSWORD)
    return services


def test_one_backup_a_day_and_only_the_last_n_days_are_kept(tmp_path: Path) -> None:
    clock = FixedClock()
    db = tmp_path / "yot.db"
    services = _services(db, clock)
    lead = services.auth.sign_in("lead", PASSWORD)
    upgrade_copy = db.with_name("yot.before-0005-20260101-000000.db")
    upgrade_copy.write_bytes(b"not touched by pruning")
    first = clock.now.date()
    for _day in range(20):
        assert services.database.automatic_backup(lead, keep_days=5) is not None
        assert services.database.automatic_backup(lead, keep_days=5) is None  # one a day
        clock.advance(days=1)

    kept = [day for day, _path in daily_backups(db)]
    assert kept == [first + timedelta(days=n) for n in range(15, 20)]
    assert upgrade_copy.read_bytes() == b"not touched by pruning"
    with services.ctx.uow() as uow:
        made = uow.session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "automatic_backup")
        ).all()
    assert len(made) == 20 and made[-1] == f"yot-{first + timedelta(days=19)}.db"
    services.close()


def test_keep_days_setting() -> None:
    assert keep_days_setting({}) == DEFAULT_KEEP_DAYS == 14
    assert keep_days_setting({"backup_keep_days": " 30 "}) == 30
    assert keep_days_setting({"backup_keep_days": "0"}) == 0
    with pytest.raises(ValidationError) as refused:
        keep_days_setting({"backup_keep_days": "two weeks"})
    assert str(refused.value.problems[0]) == (
        "Days of automatic backups to keep (backup_keep_days in settings.json): must be a "
        "whole number from 0 (no automatic backups) to 3650, not 'two weeks'"
    )


def test_no_automatic_backup_when_turned_off(tmp_path: Path) -> None:
    services = _services(tmp_path / "yot.db", FixedClock())
    lead = services.auth.sign_in("lead", PASSWORD)
    assert services.database.automatic_backup(lead, keep_days=0) is None
    assert not (tmp_path / "backups").exists()
    services.close()


def test_an_encrypted_database_is_backed_up_encrypted_and_restored(tmp_path: Path) -> None:
    clock = FixedClock()
    db = tmp_path / "secret.db"
    services = _services(db, clock, key=KEY)
    lead = services.auth.sign_in("lead", PASSWORD)
    backup = services.database.automatic_backup(lead, keep_days=3)
    assert backup is not None and is_encrypted_file(backup)
    assert b"lead" not in backup.read_bytes()
    services.users.add_user(lead, "later.one", Role.PRACTITIONER, PASSWORD)
    clock.advance(hours=1)

    done = services.database.restore(lead, backup)

    assert done.safety_copy in safety_copies(db) and is_encrypted_file(done.safety_copy)
    assert is_encrypted_file(db)
    with services.ctx.uow() as uow:  # the services carry on, on the restored file
        names = uow.session.scalars(select(User.username)).all()
    assert names == ["lead"]
    services.close()
