"""A tamper-evident audit trail (issue 12, point 6): every record is sealed into a hash chain as
it commits, and `verify` names the first broken link, even when whoever changed the trail got
round the append-only triggers (PostgreSQL session_replication_role, SQLite DROP TRIGGER)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError

from tests.integration.helpers import demo_user
from yot_desktop.services.container import Services
from yot_desktop.storage.models import AuditEntry
from yot_desktop.storage.models_audit import AuditChainLink


@contextmanager
def past_the_triggers(services: Services) -> Iterator[Connection]:
    """A connection that gets round the append-only guards, as a database owner could."""
    if services.ctx.engine.dialect.name == "postgresql":
        with services.ctx.engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            yield conn
        return
    with services.ctx.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # outside a transaction, or ignored
        conn.commit()
        try:
            with conn.begin():
                for name in ("audit_log_no_update", "audit_log_no_delete"):
                    conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
                yield conn
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            conn.commit()


def count(services: Services, model: type) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_every_record_is_sealed_and_the_chain_is_whole(demo: Services) -> None:
    admin = demo_user(demo, "admin")
    report = demo.audit.verify(admin)
    assert report.whole, report.broken
    # Every record, including the demo's own and the sign-in, is in the chain; verifying is
    # itself audited (and sealed).
    assert count(demo, AuditChainLink) == count(demo, AuditEntry)
    assert report.links == count(demo, AuditEntry) - 1
    demo.ctx.audit_now(admin, "check")
    again = demo.audit.verify(admin)
    assert (
        again.whole and again.head_seq == report.head_seq + 2
    )  # the first check's record, then 'check'
    assert again.head_hash != report.head_hash


def test_a_changed_record_breaks_the_chain_at_that_record(demo: Services) -> None:
    admin = demo_user(demo, "admin")
    with demo.ctx.uow() as uow:
        target, seq = uow.session.execute(
            select(AuditChainLink.audit_id, AuditChainLink.seq)
            .order_by(AuditChainLink.seq)
            .offset(5)
            .limit(1)
        ).one()
    with past_the_triggers(demo) as conn:
        conn.execute(text(f"UPDATE audit_log SET username = 'nobody' WHERE id = {target}"))
    report = demo.audit.verify(admin)
    assert not report.whole
    assert report.broken == (
        f"link {seq} (audit record {target}): "
        "the record or the link was changed after it was written"
    )
    assert report.head_seq == seq - 1


def test_a_deleted_record_breaks_the_chain(demo: Services) -> None:
    admin = demo_user(demo, "admin")
    with demo.ctx.uow() as uow:
        target, seq = uow.session.execute(
            select(AuditChainLink.audit_id, AuditChainLink.seq)
            .order_by(AuditChainLink.seq.desc())
            .offset(3)
            .limit(1)
        ).one()
    with past_the_triggers(demo) as conn:
        conn.execute(text(f"DELETE FROM audit_field_change WHERE audit_id = {target}"))
        conn.execute(text(f"DELETE FROM audit_log WHERE id = {target}"))
    report = demo.audit.verify(admin)
    assert report.broken == f"link {seq} (audit record {target}): the record is gone"


def test_a_record_slipped_in_past_the_app_is_found(demo: Services) -> None:
    admin = demo_user(demo, "admin")
    with demo.ctx.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, username, action, entity, outcome, detail) "
                "VALUES ('2026-01-01 00:00:00', 'ghost', 'view_person', '', 'ok', '')"
            )
        )
        ghost = conn.execute(text("SELECT max(id) FROM audit_log")).scalar()
    report = demo.audit.verify(admin)
    assert report.broken == (f"audit record {ghost} is not in the chain: it was added past the app")


def test_links_and_field_changes_cannot_be_edited(demo: Services) -> None:
    demo_user(demo, "admin")
    attempts = [
        "UPDATE audit_chain SET hash = 'x'",
        "DELETE FROM audit_chain",
        "UPDATE audit_field_change SET after = 'tampered'",
    ]
    for statement in attempts:
        with (
            pytest.raises(DBAPIError, match=r"append-only|cannot be changed"),
            demo.ctx.engine.begin() as conn,
        ):
            conn.execute(text(statement))


def test_two_writers_at_once_keep_one_unbroken_chain(
    demo: Services, open_services: Callable[[], Services]
) -> None:
    """Two copies of the app auditing at the same moment: no link lost, none duplicated."""
    admin = demo_user(demo, "admin")
    before = count(demo, AuditChainLink)
    errors: list[BaseException] = []

    def work(services: Services) -> None:
        try:
            for _ in range(25):
                services.ctx.audit_now("admin", "check")
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(open_services(),)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(demo, AuditChainLink) == before + 50
    report = demo.audit.verify(admin)
    assert report.whole, report.broken
