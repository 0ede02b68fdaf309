"""Demo data, people search (team scope, accent folding) and stale writes between two apps."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from tests.integration.helpers import audit_rows, demo_user
from yot_desktop.demo import fill_demo
from yot_desktop.demo.service import UNICODE_NAMES
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from yot_desktop.domain.names import fold
from yot_desktop.services.container import Services
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.storage.models import YoungPerson


def people_in_team(services: Services, team_id: int | None) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(
            select(func.count()).select_from(YoungPerson).where(YoungPerson.team_id == team_id)
        )


def other_team_person(services: Services, team_id: int | None) -> tuple[int, str]:
    with services.ctx.uow() as uow:
        row = uow.session.execute(
            select(YoungPerson.id, YoungPerson.person_ref)
            .where(YoungPerson.team_id != team_id)
            .order_by(YoungPerson.id)
            .limit(1)
        ).one()
    return row.id, row.person_ref


def test_demo_fill_marks_the_database_and_creates_the_demo_users(demo: Services) -> None:
    assert demo.auth.is_demo()
    assert demo.database.info().is_demo
    roles = {
        name: demo_user(demo, name).role for name in ("admin", "manager", "practitioner", "panel")
    }
    assert roles == {
        "admin": Role.ADMINISTRATOR,
        "manager": Role.MANAGER,
        "practitioner": Role.PRACTITIONER,
        "panel": Role.PANEL,
    }
    manager = demo_user(demo, "manager")
    assert demo.people.search(manager).total == 300
    assert audit_rows(demo, "demo_fill") == [("demo", "ok", "people=300 seed=5")]


def test_demo_fill_refuses_to_add_to_an_existing_demo(demo: Services) -> None:
    """Issue 12, point 7: a second run added 200 more people; one demo to a database."""
    with pytest.raises(ValidationError, match=r"already holds demonstration data \(300 "):
        fill_demo(demo, people=20, seed=6)

    manager = demo_user(demo, "manager")
    assert demo.people.search(manager).total == 300
    assert audit_rows(demo, "demo_fill") == [("demo", "ok", "people=300 seed=5")]


@pytest.mark.parametrize(
    ("typed", "first_name"),
    [
        ("lukasz", "Łukasz"),
        ("ŁUKASZ", "Łukasz"),
        ("siobhan obrien", "Siobhán"),
        ("nguyen", "Thị Mai"),
    ],
)
def test_search_folds_case_and_accents(demo: Services, typed: str, first_name: str) -> None:
    manager = demo_user(demo, "manager")

    found = demo.people.search(manager, typed)

    assert found.total > 0
    assert first_name in {row.first_name for row in found.rows}
    for row in found.rows:
        assert fold(f"{row.first_name} {row.last_name}").startswith(fold(typed)) or fold(
            row.last_name
        ).startswith(fold(typed))


def test_every_unicode_demo_name_is_found_by_its_plain_spelling(demo: Services) -> None:
    manager = demo_user(demo, "manager")
    present = 0
    for first, last in UNICODE_NAMES:
        with demo.ctx.uow() as uow:
            stored = uow.session.scalar(
                select(func.count())
                .select_from(YoungPerson)
                .where(YoungPerson.first_name == first, YoungPerson.last_name == last)
            )
        if stored:
            present += 1
            page = demo.people.search(manager, fold(last), limit=500)
            found = [r for r in page.rows if (r.first_name, r.last_name) == (first, last)]
            assert len(found) == stored, (first, last)
    assert present >= 8  # the demo really contains names from many scripts


def test_practitioner_sees_only_their_own_team(demo: Services) -> None:
    practitioner = demo_user(demo, "practitioner")
    own_team = people_in_team(demo, practitioner.team_id)
    assert 0 < own_team < 300

    page = demo.people.search(practitioner, limit=500)
    assert page.total == own_team == len(page.rows)

    other_id, other_ref = other_team_person(demo, practitioner.team_id)
    assert other_id not in {row.id for row in page.rows}
    assert demo.people.search(practitioner, other_ref).total == 0
    with pytest.raises(NotFound):
        demo.people.get(practitioner, other_id)
    with pytest.raises(NotFound):
        demo.people.update(practitioner, other_id, 1, PersonChanges(school="Anywhere"))

    manager = demo_user(demo, "manager")  # sees every team
    assert demo.people.get(manager, other_id).id == other_id


def test_panel_members_cannot_search_identifiable_records(demo: Services) -> None:
    panel = demo_user(demo, "panel")
    with pytest.raises(PermissionDenied):
        demo.people.search(panel, "lukasz")
    assert audit_rows(demo, "search_people") == [("panel", "refused", "view_cases")]


def a_person_of(services: Services, team_id: int | None) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(
            select(func.min(YoungPerson.id)).where(YoungPerson.team_id == team_id)
        )


def test_second_app_saving_a_stale_record_gets_a_conflict(
    demo: Services, open_services: Callable[[], Services]
) -> None:
    first_app, second_app = demo, open_services()
    first_user = demo_user(first_app, "practitioner")
    second_user = demo_user(second_app, "manager")
    person_id = a_person_of(first_app, first_user.team_id)
    seen_by_first = first_app.people.get(first_user, person_id)
    seen_by_second = second_app.people.get(second_user, person_id)
    assert seen_by_first.version == seen_by_second.version

    saved = first_app.people.update(
        first_user, person_id, seen_by_first.version, PersonChanges(school="Kennet School")
    )
    assert saved.version == seen_by_first.version + 1

    with pytest.raises(ConflictError) as conflict:
        second_app.people.update(
            second_user, person_id, seen_by_second.version, PersonChanges(school="Park House")
        )
    assert conflict.value.changed_by == "Priya Practitioner"  # as colleagues know her
    assert "Priya Practitioner" in str(conflict.value)

    now = second_app.people.get(second_user, person_id)
    assert (now.school, now.version, now.updated_by) == (
        "Kennet School",
        saved.version,
        "Priya Practitioner",
    )

    # Reloaded, the second user can apply the change on top.
    again = second_app.people.update(
        second_user, person_id, now.version, PersonChanges(school="Park House")
    )
    assert (again.school, again.version) == ("Park House", saved.version + 1)


def test_simultaneous_saves_never_lose_an_update(
    demo: Services, open_services: Callable[[], Services]
) -> None:
    """Both apps load the row before either writes: the version column refuses the later one."""
    first_app, second_app = demo, open_services()
    person_id = a_person_of(first_app, demo_user(first_app, "practitioner").team_id)

    with first_app.ctx.uow() as first, second_app.ctx.uow() as second:
        mine = first.session.get(YoungPerson, person_id)
        theirs = second.session.get(YoungPerson, person_id)
        assert mine is not None and theirs is not None
        version = mine.version
        mine.school = "Kennet School"
        first.commit()
        theirs.school = "Park House"
        with pytest.raises(ConflictError):
            second.commit()

    with second_app.ctx.uow() as check:
        row = check.session.get(YoungPerson, person_id)
        assert row is not None
        assert (row.school, row.version) == ("Kennet School", version + 1)
