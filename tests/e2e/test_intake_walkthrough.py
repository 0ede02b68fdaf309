"""Issue 3's "Done when", walked through the real main window as a new manager would.

A police file with a dozen realistic rows, some bad, is refused with every problem listed and
nothing written; corrected, it imports with eligibility decided and explained for each
referral; the child's second referral is caught by the one-chance rule; the near-duplicate
shows in the review screen side by side; search finds "Łukasz" from "lukasz"; the new
referral is allocated and then found under "My cases".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from yot_desktop.domain.enums import Role
from yot_desktop.gui.main_window import MainWindow
from yot_desktop.gui.screens.caseload import MINE
from yot_desktop.gui.screens.import_preview import ImportPreviewDialog
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.admin.schemes import default_scheme_files
from yot_desktop.services.container import Services
from yot_desktop.storage.engine import make_engine

DATA = Path(__file__).resolve().parent / "data"
NOW = datetime(2026, 11, 20, 10, 0)
PASSWORD = "a long enough passphrase"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A new team database: the default schemes and one manager, and nothing else."""
    services = Services.for_engine(make_engine(f"sqlite:///{tmp_path / 'team.db'}"), lambda: NOW)
    services.database.upgrade()
    admin = services.auth.create_first_administrator("lead", PASSWORD)
    for path in default_scheme_files():
        services.schemes.load_text(admin, path.read_text(encoding="utf-8"))
    services.users.add_user(
        admin,
        "morgan",
        Role.MANAGER,
        PASSWORD,
        team="West Berkshire YOT",
        display_name="Morgan Reid",
        must_change_password=False,
    )
    manager = services.auth.sign_in("morgan", PASSWORD)
    main = MainWindow(services, manager, SyncTaskRunner(), services.database.info())
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    yield main
    services.close()


def preview(main: MainWindow, name: str) -> ImportPreviewDialog:
    main.show_screen("referrals")
    main.referrals.import_file(DATA / name)
    dialog = main.referrals.preview
    assert isinstance(dialog, ImportPreviewDialog)
    return dialog


def references(main: MainWindow) -> list[str]:
    """The crime references in the Referrals list, top to bottom."""
    model = main.referrals.model
    return [getattr(model.row_at(i), "crime_reference", "") for i in range(model.rowCount())]


def test_a_new_manager_takes_in_a_police_file(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.referrals
    window.show_screen("referrals")
    assert screen.stack.currentWidget() is screen.empty  # says what to do first

    # The bad file: every problem listed, row by row, and nothing can be imported.
    bad = preview(window, "police_referrals_bad.csv")
    report = bad.report
    assert report is not None and not report.ok and not report.written
    assert len(report.problems) == 14
    rows = [bad.model.row_at(i) for i in range(bad.model.rowCount())]
    listed = [p for r in rows for p in getattr(r, "problems", ())]  # as the table shows them
    assert sorted(listed) == sorted(report.problems)
    assert not bad.import_button.isEnabled()
    assert "Nothing can be imported yet: 14 problems in 5 of 12 rows" in bad.summary.text()
    bad.table.selectRow(4)
    assert bad.details.text().count("row 5:") == 8  # all eight of row 5's problems
    bad.reject()
    assert window.services.referrals.list_referrals(window.user).total == 0

    # The corrected file imports, each referral with its eligibility decided.
    good = preview(window, "police_referrals_fixed.csv")
    assert "12 referrals are ready to import: 6 eligible, 6 not eligible" in good.summary.text()
    good.import_button.click()
    assert good.report is not None and good.report.written
    assert screen.model.total == 12 and screen.stack.currentWidget() is screen.table

    # Each one's decision is explained: the checklist of five and the reason codes.
    panel = screen.panel
    decisions: dict[str, str] = {}
    for row in range(screen.model.rowCount()):
        screen.table.selectRow(row)
        shown = panel.referral
        assert shown is not None and shown.crime_reference == references(window)[row]
        assert panel.checklist.count() == 5
        decisions[shown.crime_reference] = panel.decision.text()
    assert decisions["43/26/1000001"] == "Decision at intake: eligible."
    assert decisions["43/26/1000003"] == (
        "Decision at intake: not eligible — supply suspected (SUPPLY_SUSPECTED); "
        "age outside the scheme's range (AGE_OUT_OF_RANGE)."
    )

    # The same child a week later: caught by the one-chance rule.
    assert decisions["43/26/1000012"] == (
        "Decision at intake: not eligible — an earlier diversion (PRIOR_DIVERSION)."
    )
    screen.table.selectRow(references(window).index("43/26/1000012"))
    failed = [
        panel.checklist.item(i).text() for i in range(5) if "✘" in panel.checklist.item(i).text()
    ]
    assert failed == [
        "✘ No — No earlier diversion (where the scheme gives one chance): "
        "1 earlier diversion found: this scheme gives one chance only"
    ]

    # The near-duplicate ("Lukasz Kowalsky", same date of birth) waits in the review screen.
    screen.duplicates_button.click()
    review = screen.duplicates
    assert review.model.rowCount() >= 1
    compared = review.comparison
    assert compared is not None
    names = {compared.candidate.person_name, compared.candidate.other_name}
    assert names == {"Łukasz Kowalski", "Lukasz Kowalsky"}
    table = review.compare_table
    cells = [
        getattr(table.item(r, c), "text", str)() for r in range(table.rowCount()) for c in (1, 2)
    ]
    assert "Kowalski" in cells and "Kowalsky" in cells  # side by side
    review.reject()

    # Search folds accents: "lukasz" finds Łukasz.
    window.show_screen("caseload")
    caseload = window.caseload
    qtbot.keyClicks(caseload.search, "lukasz")
    qtbot.waitUntil(lambda: caseload.model.total == 2, timeout=3000)
    found = {
        f"{r.first_name} {r.last_name}" for r in (caseload.model.row_at(i) for i in range(2)) if r
    }
    assert found == {"Łukasz Kowalski", "Lukasz Kowalsky"}

    # Imported referrals are unallocated until a manager allocates them.
    caseload.search.clear()
    caseload.refresh()
    caseload.worker_filter.setCurrentIndex(caseload.worker_filter.findData(MINE))
    assert caseload.model.total == 0
    window.show_screen("referrals")
    screen.table.selectRow(references(window).index("43/26/1000001"))
    index = panel.worker.findText("Morgan Reid")
    panel.worker.setCurrentIndex(index)
    panel.worker.activated.emit(index)
    assert panel.referral is not None and panel.referral.worker == "Morgan Reid"
    model = screen.model
    worker = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = worker.index("Worker")
    shown_workers = {
        ref: model.data(model.index(i, column)) for i, ref in enumerate(references(window))
    }
    assert shown_workers["43/26/1000001"] == "Morgan Reid"
    assert shown_workers["43/26/1000002"] == "Unallocated"
    caseload.refresh()
    assert [r.last_name for r in (caseload.model.row_at(0),) if r] == ["Kowalski"]
