"""Retention (issue 7): deleting a young person leaves no personal data behind.

The demo person chosen is given values found nowhere else in the database, so a search of
every column of every table (and, on SQLite, of the database files) can tell their data
from everyone else's. The search is run before the deletion too, to prove it finds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text, update
from sqlalchemy.exc import IntegrityError

from tests.integration.helpers import FixedClock, audit_rows, demo_user
from tests.integration.retention_helpers import closed_person
from yot_desktop.demo import fill_demo
from yot_desktop.domain.enums import LetterType
from yot_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from yot_desktop.domain.retention import RetentionSettings
from yot_desktop.services.container import Services
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.services.intake.person_data import find_person_rows
from yot_desktop.storage.encryption import CipherKey
from yot_desktop.storage.engine import make_engine, sqlite_path
from yot_desktop.storage.migrate import backup_sqlite
from yot_desktop.storage.models import AuditEntry, Carer, Referral, YoungPerson

LATER = datetime(2045, 1, 10, 9, 0)  # everyone in the demo is past 18 and 3 years on
FIRST, LAST = "Zyxwandeline", "Quorrbottom-Ńiewska"
RENAMED = "Zyxwandelinka"
ADDRESS, POSTCODE = "17 Unfindable Mews", "ZE3 9XQ"
CARER, PHONE, EMAIL = "Ottoline Vexbridge", "07700 987654", "ottoline@vexbridge.example"
RECOMMENDATION = "Zyxwandelinka engaged well with the Quorrbottom family work"


@dataclass
class Target:
    person_id: int
    needles: list[str]


def unused_birthday(services: Services) -> date:
    with services.ctx.uow() as uow:
        used = set(uow.session.scalars(select(YoungPerson.date_of_birth)))
    day = date(2009, 2, 1)
    while day in used:
        day = day.replace(day=day.day + 1)
    return day


def prepare(services: Services) -> Target:
    """Give one demo person values no one else has, with edits, a letter and a carer."""
    manager = demo_user(services, "manager")
    pid = closed_person(services)
    dob = unused_birthday(services)
    person = services.people.get(manager, pid)
    person = services.people.update(
        manager,
        pid,
        person.version,
        PersonChanges(
            first_name=FIRST,
            last_name=LAST,
            address_line_1=ADDRESS,
            postcode=POSTCODE,
            date_of_birth=dob,
        ),
    )
    # A second edit: the values above now sit in the field-change history too.
    services.people.update(manager, pid, person.version, PersonChanges(first_name=RENAMED))
    carers = services.carers.add(manager, pid, CarerInput(CARER, "Aunt", phone=PHONE, email=EMAIL))
    with services.ctx.uow() as uow:
        refs = list(
            uow.session.scalars(
                select(Referral.crime_reference).where(Referral.young_person_id == pid)
            )
        )
    services.reports.save_recommendation(manager, refs[0], RECOMMENDATION, None)
    letter = services.letters.make_by_reference(manager, refs[0], LetterType.COMPLETION)
    services.letters.mark_sent(manager, letter.record.id, "post", letter.record.version)
    assert len(carers) >= 2
    needles = [FIRST, RENAMED, LAST, ADDRESS, POSTCODE, dob.isoformat(), CARER, PHONE, EMAIL]
    needles.append(RECOMMENDATION)
    return Target(pid, [*needles, person.person_ref, *refs])


def every_value(services: Services) -> dict[str, list[str]]:
    """Every table's every column, as text (dates as ISO dates, bytes as Latin-1)."""
    out: dict[str, list[str]] = {}
    with services.ctx.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            lines = []
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                lines.append(
                    " | ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in row)
                )
            out[table] = lines
    return out


def found_in_database(services: Services, needles: list[str]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    for table, lines in every_value(services).items():
        for needle in needles:
            if any(needle.casefold() in line.casefold() for line in lines):
                hits.setdefault(table, []).append(needle)
    return hits


def found_in_files(folder: Path, needles: list[str]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle in needles:
            if needle.encode() in data:
                hits.setdefault(path.name, []).append(needle)
    return hits


def table_counts(services: Services) -> dict[str, int]:
    with services.ctx.engine.connect() as conn:
        return {
            t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() or 0)
            for t in inspect(conn).get_table_names()
        }


def test_deletion_leaves_no_personal_data(demo: Services, clock: FixedClock) -> None:
    services = demo
    target = prepare(services)
    pid = target.person_id
    db_file = sqlite_path(services.ctx.engine.url)
    if db_file is not None:  # a copy taken before an upgrade, as storage.migrate makes
        with services.ctx.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        backup_sqlite(db_file, db_file.with_name(f"{db_file.stem}.before-0005-test.db"))
        # and the day's automatic backup, in backups/ beside it (issue 12, point 8)
        assert services.database.automatic_backup(demo_user(services, "admin"), 14)
    before_hits = found_in_database(services, target.needles)
    assert set(before_hits["young_people"]) >= {RENAMED, LAST, ADDRESS, POSTCODE}
    assert set(before_hits["carers"]) >= {CARER, PHONE, EMAIL}
    assert set(before_hits["audit_field_change"]) >= {FIRST, ADDRESS}
    assert RECOMMENDATION in before_hits["panel_recommendations"]
    found_everywhere = {n for hits in before_hits.values() for n in hits}
    assert found_everywhere == set(target.needles)
    if db_file is not None:
        assert {n for h in found_in_files(db_file.parent, target.needles).values() for n in h}

    clock.now = LATER
    admin = demo_user(services, "admin")
    with services.ctx.uow() as uow:
        rows = find_person_rows(uow.session, pid)
    assert rows.count("referrals") >= 1 and rows.count("sessions") >= 1
    letters = rows.count("letter_history")  # the demo's letters for this child, and ours
    assert letters >= 1 and rows.count("audit_field_change") >= 5
    preview = services.retention.preview(admin, pid)
    assert preview.is_due
    assert dict(preview.lost)["letter" if letters == 1 else "letters"] == letters
    assert "1 young person record" in preview.lost_text
    counts_before = table_counts(services)
    done = services.retention.delete(admin, pid, "Retention period over", preview.version)

    assert done.person_ref == target.needles[10]
    assert found_in_database(services, target.needles) == {}
    if db_file is not None:
        assert done.backups_cleaned == 2  # before the upgrade, and the day's backup
        assert found_in_files(db_file.parent, target.needles) == {}
    # Everyone else is untouched: each table lost exactly the person's rows.
    counts_after = table_counts(services)
    for table, n in counts_before.items():
        expected = n - rows.count(table) + (1 if table in ("audit_log", "audit_chain") else 0)
        assert counts_after[table] == expected, table
    # The tombstone: who, when, what kind of thing and why, with no personal data.
    with services.ctx.uow() as uow:
        tomb = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "retention_delete")
        ).one()
        assert (tomb.username, tomb.entity, tomb.entity_id) == ("admin", "young_person", pid)
        assert tomb.at == LATER
        assert tomb.detail.endswith("; reason: Retention period over")
        assert tomb.detail.startswith(f"rows={rows.total} referrals={rows.count('referrals')} ")
        # Earlier audit rows about the person stay (they never held personal data).
        assert uow.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == pid)
        )


def test_merged_records_go_with_the_person(demo: Services, clock: FixedClock) -> None:
    services = demo
    pid = closed_person(services)
    with services.ctx.uow() as uow:
        other = uow.session.scalars(
            select(YoungPerson.id).where(YoungPerson.id != pid).order_by(YoungPerson.id.desc())
        ).first()
        uow.session.execute(
            update(YoungPerson).where(YoungPerson.id == other).values(merged_into_id=pid)
        )
        uow.commit()
    clock.now = LATER
    admin = demo_user(services, "admin")
    preview = services.retention.preview(admin, pid)
    assert dict(preview.lost)["young person records"] == 2
    services.retention.delete(admin, pid, "Retention period over", preview.version)
    with services.ctx.uow() as uow:
        assert uow.session.get(YoungPerson, other) is None


def test_due_list_names_the_reason_and_keeps_open_cases(demo: Services, clock: FixedClock) -> None:
    manager = demo_user(demo, "manager")
    assert demo.retention.due(manager).rows == ()  # the demo's records are all recent
    clock.now = LATER
    listed = demo.retention.due(manager)
    assert listed.as_of == LATER.date()
    assert listed.rows and listed.kept_open > 0
    first = listed.rows[0]
    assert first.reason.startswith(f"Due since {first.due_on:%d/%m/%Y}: ")
    assert all(r.due_on <= LATER.date() for r in listed.rows)
    with demo.ctx.uow() as uow:
        open_people = set(
            uow.session.scalars(
                select(Referral.young_person_id).where(
                    Referral.status.in_(["received", "offered", "in_programme"])
                )
            )
        )
    assert open_people and not open_people & {r.person_id for r in listed.rows}
    assert audit_rows(demo, "retention_review")[-1][2].startswith("as_of=2045-01-10 due=")


def test_refusals_write_nothing(demo: Services, clock: FixedClock) -> None:
    services = demo
    pid = closed_person(services)
    practitioner = demo_user(services, "practitioner")
    admin = demo_user(services, "admin")
    with pytest.raises(PermissionDenied):
        services.retention.delete(practitioner, pid, "Retention period over", 1)
    with pytest.raises(PermissionDenied):
        services.retention.due(practitioner)
    assert audit_rows(services, "retention_delete")[-1][1] == "refused"
    version = services.retention.preview(admin, pid).version
    with pytest.raises(ValidationError, match="Not due until"):
        services.retention.delete(admin, pid, "Retention period over", version)
    clock.now = LATER
    with pytest.raises(ConflictError):
        services.retention.delete(admin, pid, "Retention period over", version - 1)
    with services.ctx.uow() as uow:
        person = uow.session.get(YoungPerson, pid)
        assert person is not None
        last_name = person.last_name
        phone = uow.session.scalars(
            select(Carer.phone).where(Carer.young_person_id == pid, Carer.phone != "")
        ).first()
    with pytest.raises(ValidationError, match="Leave out names"):
        services.retention.delete(admin, pid, f"Asked by {last_name}'s family", version)
    assert phone
    with pytest.raises(ValidationError, match="Leave out names"):
        services.retention.delete(admin, pid, f"phoned {phone}", version)
    with pytest.raises(ValidationError, match="Reason"):
        services.retention.delete(admin, pid, "  ", version)
    assert [r for r in audit_rows(services, "retention_delete") if r[1] == "ok"] == []
    with services.ctx.uow() as uow:
        assert uow.session.get(YoungPerson, pid) is not None


def test_settings_are_saved_checked_and_audited(demo: Services) -> None:
    admin = demo_user(demo, "admin")
    manager = demo_user(demo, "manager")
    seen = demo.retention.settings(manager)
    assert seen == RetentionSettings(3, True)
    with pytest.raises(PermissionDenied):
        demo.retention.save_settings(manager, RetentionSettings(6, False), seen)
    with pytest.raises(ValidationError, match="from 1 to 100"):
        demo.retention.save_settings(admin, RetentionSettings(0, False), seen)
    demo.retention.save_settings(admin, RetentionSettings(6, False), seen)
    assert demo.retention.settings(manager) == RetentionSettings(6, False)
    with pytest.raises(ConflictError, match="6 years after the last action"):
        demo.retention.save_settings(admin, RetentionSettings(2, True), seen)
    assert audit_rows(demo, "retention_settings")[-1] == ("admin", "ok", "years=6 until_18=no")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # copies are of SQLite files only
def test_a_copy_that_cannot_be_opened_is_reported(
    demo: Services, clock: FixedClock, db_url: str
) -> None:
    db_file = sqlite_path(db_url)
    assert db_file is not None
    damaged = db_file.with_name(f"{db_file.stem}.before-0003-20260101-000000.db")
    damaged.write_bytes(b"not a database" * 100)
    pid = closed_person(demo)
    clock.now = LATER
    admin = demo_user(demo, "admin")
    version = demo.retention.preview(admin, pid).version
    done = demo.retention.delete(admin, pid, "Retention period over", version)
    assert done.backups_cleaned == 0
    assert done.backups_not_cleaned == (damaged,)
    with demo.ctx.uow() as uow:
        assert uow.session.get(YoungPerson, pid) is None


def test_an_encrypted_database_and_its_copies(tmp_path: Path, clock: FixedClock) -> None:
    """SQLCipher: the copy made before an upgrade is keyed like the database, and cleaned."""
    path = tmp_path / "secret.db"
    key = CipherKey.for_file("a long enough passphrase", path)
    services = Services.for_engine(make_engine(f"sqlite:///{path}", key=key), clock)
    try:
        services.database.upgrade()
        fill_demo(services, people=20, seed=2)
        pid = closed_person(services)
        copy = backup_sqlite(path, tmp_path / "secret.before-0006-test.db", key)
        clock.now = LATER
        admin = demo_user(services, "admin")
        version = services.retention.preview(admin, pid).version
        done = services.retention.delete(admin, pid, "Retention period over", version)
    finally:
        services.close()
    assert (done.backups_cleaned, done.backups_not_cleaned) == (1, ())
    old = Services.for_engine(make_engine(f"sqlite:///{copy}", key=key), clock)
    try:
        with old.ctx.uow() as uow:
            assert uow.session.get(YoungPerson, pid) is None
            assert uow.session.scalar(select(func.count()).select_from(YoungPerson)) == 19
    finally:
        old.close()


def test_database_errors_do_not_repeat_the_values_sent(services: Services) -> None:
    """Unexpected errors are logged (gui.errors), and the log is beyond retention's reach, so
    a failed statement's values are never written into the error's text. (PostgreSQL's own
    message may still quote the failing row: see the report of issue 7.)"""
    with services.ctx.engine.connect() as conn, pytest.raises(IntegrityError) as err:
        conn.execute(
            text("INSERT INTO carers (young_person_id, name) VALUES (:p, :n)"),
            {"p": 999999, "n": CARER},
        )
    message = str(err.value)
    assert "INSERT INTO carers" in message and "parameters hidden" in message
    if services.ctx.engine.dialect.name == "sqlite":
        assert CARER not in message
