"""Demo data never mixes with real records, and a second run adds different people."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from yot_desktop.demo import fill_demo
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.container import Services
from yot_desktop.storage.models import AppMeta, AuditEntry, User, YoungPerson


def test_demo_refuses_a_database_with_real_users(tmp_path: Path) -> None:
    services = Services.open(f"sqlite:///{tmp_path / 'real.db'}")
    services.database.upgrade()
    services.auth.create_first_administrator("lead", "a-long-enough-passphrase")
    with pytest.raises(ValidationError, match="real records"):
        fill_demo(services, 10)
    assert not services.auth.is_demo()
    services.close()


def test_a_second_demo_is_refused_and_adds_nobody(tmp_path: Path) -> None:
    """Issue 12, point 7: a second run added 200 more people to a demo."""
    services = Services.open(f"sqlite:///{tmp_path / 'demo.db'}")
    services.database.upgrade()
    fill_demo(services, 40, seed=5)
    with pytest.raises(ValidationError, match=r"already holds demonstration data \(40 invented"):
        fill_demo(services, 40, seed=5)
    manager = services.auth.sign_in("manager", "demo")
    assert services.people.search(manager, "", 0, 500).total == 40
    services.close()


def test_a_demo_that_fails_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worked cases and the staff were committed step by step: a demo cut short left
    some people, staff and a demo mark behind. Now it is one transaction."""
    from yot_desktop.demo import service as demo

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(demo, "list_for_panels", broken)  # after the worked cases and the bulk
    services = Services.open(f"sqlite:///{tmp_path / 'demo.db'}")
    services.database.upgrade()
    with pytest.raises(RuntimeError, match="the disk went away"):
        fill_demo(services, 30, seed=2)
    with services.ctx.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(YoungPerson)) == 0
        assert s.scalar(select(func.count()).select_from(User)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert s.get(AppMeta, "demo") is None
    monkeypatch.undo()
    assert fill_demo(services, 30, seed=2) == 30  # and the database still takes a demo
    services.close()
