"""Caseload: search as you type, passive paged model, and no lost updates."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from yot_desktop.gui.dialogs.conflict import ConflictDialog
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.screens.caseload import COLUMNS, CaseloadScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.storage.engine import make_engine


def screen_for(
    qtbot: QtBot, services: Services, runner: SyncTaskRunner, username: str = "manager"
) -> CaseloadScreen:
    user = services.auth.sign_in(username, "demo")
    screen = CaseloadScreen(services, user, runner)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    return screen


def test_rows_model_passes_the_model_tester(
    qtmodeltester: ModelTester, demo_services: Services
) -> None:
    user = demo_services.auth.sign_in("manager", "demo")
    page = demo_services.people.search(user, "", 0, 50)
    model: RowsModel[object] = RowsModel(COLUMNS)
    model.set_rows(page.rows, page.total)
    assert model.canFetchMore()
    asked: list[int] = []
    model.more_wanted.connect(asked.append)
    qtmodeltester.check(model)
    # The tester scrolls to the end: the model asks its owner for the next page, once.
    assert asked == [50]


def test_scrolling_to_the_end_fetches_the_next_page(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    screen = screen_for(qtbot, demo_services, runner)
    model = screen.model
    assert model.total > 0
    first_page = model.rowCount()
    if model.canFetchMore():
        model.fetchMore()
        assert model.rowCount() > first_page
    assert model.rowCount() <= model.total


def test_search_folds_accents_as_you_type(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    screen = screen_for(qtbot, demo_services, runner)
    everyone = screen.model.total
    qtbot.keyClicks(screen.search, "zoe aga")
    qtbot.waitUntil(lambda: screen.model.total < everyone, timeout=2000)
    names = {
        f"{r.first_name} {r.last_name}"
        for r in (screen.model.row_at(i) for i in range(screen.model.rowCount()))
        if r
    }
    assert names == {"Zoë Ağaoğlu"}
    assert "match your search" in screen.count_label.text()


def test_second_instance_gets_a_conflict_not_a_lost_update(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, monkeypatch: object
) -> None:
    screen = screen_for(qtbot, demo_services, runner)
    screen.table.selectRow(0)
    panel = screen.panel
    assert panel.person is not None
    person = panel.person

    # Another copy of the app, on the same database file, saves first.
    other = Services.for_engine(make_engine(demo_services.ctx.engine.url), demo_services.ctx.clock)
    colleague = other.auth.sign_in("practitioner", "demo")
    if person.team_name != colleague.team_name:
        colleague = other.auth.sign_in("manager", "demo")
    other.people.update(colleague, person.id, person.version, PersonChanges(school="Kennet School"))
    other.close()

    panel.edits["town"].setText("Thatcham")
    panel._dirty()
    panel.save()
    box = panel.conflict_box
    assert isinstance(box, ConflictDialog)
    rows = {r.label: (r.mine, r.theirs, r.changed_by) for r in box.rows}
    assert rows["Town"][0] == "Thatcham" and rows["Town"][2] == "you"
    assert rows["School or education"][1:] == ("Kennet School", "them")
    # Their change is in the database, untouched by our stale save.
    manager = demo_services.auth.sign_in("manager", "demo")
    assert demo_services.people.get(manager, person.id).school == "Kennet School"

    box.reapply_button.click()
    saved = demo_services.people.get(manager, person.id)
    assert saved.town == "Thatcham"
    assert saved.school == "Kennet School"
    assert saved.version == person.version + 2
