"""Live refresh, the feed itself (issue 11, point 1): a change committed by one copy of the app
reaches another copy's ChangeFeed, by table and id only; reads, rolled-back work and the app's
own changes are not news. On SQLite (data_version and the journal) and PostgreSQL (NOTIFY)."""

from __future__ import annotations

import queue
from collections.abc import Callable

import pytest
from sqlalchemy import select, text

from tests import pg
from tests.integration.helpers import ADMIN_PASSWORD, FixedClock, demo_user
from yot_desktop.services.changes import JOURNAL_KEY, Changes
from yot_desktop.services.container import Services
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.storage.engine import make_engine
from yot_desktop.storage.models import AppMeta, YoungPerson

WAIT = 10  # seconds: a generous deadline, not a measure (bench_live_refresh measures)


def listening(services: Services) -> queue.Queue[Changes]:
    heard: queue.Queue[Changes] = queue.Queue()
    services.changes.subscribe(heard.put)
    services.changes.start()
    assert services.changes.connected.wait(WAIT), "the feed never started listening"
    return heard


def people_of_the_team(services: Services, n: int = 1) -> list[int]:
    """Young people the demo practitioner may open (their own team's)."""
    team_id = demo_user(services, "practitioner").team_id
    with services.ctx.uow() as uow:
        return list(
            uow.session.scalars(
                select(YoungPerson.id)
                .where(YoungPerson.team_id == team_id)
                .order_by(YoungPerson.id)
                .limit(n)
            )
        )


def test_a_change_saved_by_another_app_is_heard_by_table_and_id(
    demo: Services, open_services: Callable[[], Services]
) -> None:
    other = open_services()  # a second PC on the same database
    [person_id] = people_of_the_team(demo)
    practitioner = demo_user(demo, "practitioner")  # signing in is a change (the last sign-in)
    heard = listening(other)
    mine = demo_user(other, "practitioner")

    # Not news: this app's own save, a record opened elsewhere (an audit row only), and work
    # rolled back. None of these may reach the feed before the real change below.
    own = other.people.get(mine, person_id)
    other.people.update(mine, person_id, own.version, PersonChanges(school="Own School"))
    demo.people.get(practitioner, person_id)
    with demo.ctx.uow() as uow:
        uow.session.get_one(YoungPerson, person_id).town = "Never Saved"
        uow.session.flush()  # written, then rolled back: never committed

    seen = demo.people.get(practitioner, person_id)
    demo.people.update(practitioner, person_id, seen.version, PersonChanges(first_name="Zoë"))

    changes = heard.get(timeout=WAIT)
    assert changes.touches_row("young_people", person_id)
    assert not changes.everything
    assert "audit_log" not in changes.tables and "app_meta" not in changes.tables
    assert changes.rows["young_people"] == frozenset({person_id})


def test_the_journal_holds_no_personal_data(demo: Services) -> None:
    """SQLite's journal (and PostgreSQL's payload, built the same way) carries table names
    and ids only: the new name is nowhere in it."""
    [person_id] = people_of_the_team(demo)
    practitioner = demo_user(demo, "practitioner")
    seen = demo.people.get(practitioner, person_id)
    demo.people.update(practitioner, person_id, seen.version, PersonChanges(last_name="Ağaoğlu"))
    if demo.ctx.engine.dialect.name != "sqlite":
        from yot_desktop.services.changes import payload

        text = payload("app", Changes({"young_people": frozenset({person_id})}))
    else:
        with demo.ctx.uow() as uow:
            text = uow.session.get_one(AppMeta, JOURNAL_KEY).value
    assert f'"young_people":[{person_id}]' in text
    assert "Ağaoğlu" not in text and "Ag" not in text


def test_many_changes_close_together_all_arrive(
    demo: Services, open_services: Callable[[], Services]
) -> None:
    other = open_services()
    practitioner = demo_user(demo, "practitioner")
    ids = people_of_the_team(demo, 5)
    heard = listening(other)
    for pid in ids:
        seen = demo.people.get(practitioner, pid)
        demo.people.update(practitioner, pid, seen.version, PersonChanges(school="New School"))
    got: set[int] = set()
    while not got >= set(ids):
        changes = heard.get(timeout=WAIT)
        assert not changes.everything
        got |= changes.rows.get("young_people") or set()


@pytest.mark.postgres
def test_after_losing_the_server_the_listener_connects_again(
    pg_database: str, clock: FixedClock
) -> None:
    """The listening connection is cut (a server restart, a dropped network): the feed
    connects again by itself, says "reload everything" (what changed meanwhile is not known),
    and goes on hearing changes."""
    pg.reset_schema(pg_database)
    writer = Services.for_engine(make_engine(pg_database), clock)
    reader = Services.for_engine(make_engine(pg_database), clock)
    try:
        writer.database.upgrade()
        heard = listening(reader)
        with writer.ctx.engine.begin() as conn:
            cut = conn.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            )
        assert cut == 1
        assert heard.get(timeout=WAIT).everything
        writer.auth.create_first_administrator("admin", ADMIN_PASSWORD)
        changes = heard.get(timeout=WAIT)
        assert changes.touches("users") and not changes.everything
    finally:
        writer.close()
        reader.close()
