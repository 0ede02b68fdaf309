"""Demo data never mixes with real records, and a second run adds different people."""

from __future__ import annotations

from pathlib import Path

import pytest

from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.container import Services


def test_demo_refuses_a_database_with_real_users(tmp_path: Path) -> None:
    services = Services.open(f"sqlite:///{tmp_path / 'real.db'}")
    services.database.upgrade()
    services.auth.create_first_administrator("lead", "a-long-enough-passphrase")
    with pytest.raises(ValidationError, match="real records"):
        services.demo.fill(10)
    assert not services.auth.is_demo()
    services.close()


def test_second_demo_run_adds_new_people_not_copies(tmp_path: Path) -> None:
    services = Services.open(f"sqlite:///{tmp_path / 'demo.db'}")
    services.database.upgrade()
    services.demo.fill(40, seed=5)
    services.demo.fill(40, seed=5)
    manager = services.auth.sign_in("manager", "demo")
    rows = services.people.search(manager, "", 0, 500).rows
    keys = [(r.first_name, r.last_name, r.date_of_birth) for r in rows]
    assert len(rows) == 80
    assert len(set(keys)) > 70  # common names may repeat, whole identities should not
    services.close()
