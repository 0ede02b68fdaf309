"""Allocating a worker on the referral panel, the conflict dialog (referral and person),
changing and removing a parent or carer, the licensed CRAFFT wording, the caseload's worker
filter and the Letters tab, driven as a user would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.gui.test_intake_screens import assert_named
from yot_desktop.domain.consent import Party
from yot_desktop.domain.enums import LetterType, ReferralStatus
from yot_desktop.gui.dialogs.conflict import (
    BLANK,
    ConflictDialog,
    ask_conflict,
    conflict_rows,
    shown,
)
from yot_desktop.gui.dialogs.crafft import CrafftDialog
from yot_desktop.gui.dialogs.crafft_wording import CrafftWordingDialog
from yot_desktop.gui.screens.caseload import UNALLOCATED, CaseloadScreen
from yot_desktop.gui.screens.referral_panel import ReferralPanel
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import CarerInput, ReferralDetail
from yot_desktop.services.letters.service import LetterRequest
from yot_desktop.storage.engine import make_engine

SHOTS = Path("/tmp/yot-shots")


def grab(widget: object, name: str) -> None:
    """Keep a picture of the widget for people to look at (not an assertion)."""
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def manager(demo_services: Services) -> CurrentUser:
    return demo_services.auth.sign_in("manager", "demo")


def received_referral(services: Services, user: CurrentUser) -> ReferralDetail:
    """A referral of the manager's team waiting for a decision."""
    rows = services.referrals.list_referrals(user, status="received", scheme_code="WB").rows
    return services.referrals.get(user, rows[0].id)


def panel_for(
    qtbot: QtBot, services: Services, user: CurrentUser, runner: SyncTaskRunner
) -> ReferralPanel:
    panel = ReferralPanel(services, user, runner)
    qtbot.addWidget(panel)
    panel.resize(760, 900)
    panel.show()
    return panel


def other_copy_of_the_app(services: Services) -> Services:
    return Services.for_engine(make_engine(services.ctx.engine.url), services.ctx.clock)


def test_a_manager_allocates_the_worker_from_the_referral_panel(
    qtbot: QtBot, demo_services: Services, manager: CurrentUser, runner: SyncTaskRunner
) -> None:
    r = received_referral(demo_services, manager)
    panel = panel_for(qtbot, demo_services, manager, runner)
    panel.set_referral(r)
    combo = panel.worker
    assert combo.isEnabled()
    choices = [combo.itemText(i) for i in range(combo.count())]
    assert choices[0] == "Unallocated"
    assert {"Morgan Manager", "Priya Practitioner", "Sam Patel"} <= set(choices)
    assert "Jo Evans" not in choices  # another team's practitioner
    worker = "Sam Patel" if r.worker != "Sam Patel" else "Priya Practitioner"
    index = combo.findText(worker)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    saved = demo_services.referrals.get(manager, r.id)
    assert saved.worker == worker and saved.version == r.version + 1
    assert panel.referral is not None and panel.referral.worker == worker
    grab(panel, "referral_panel")
    assert_named(panel)

    # A practitioner sees who holds it, and cannot change it.
    priya = demo_services.auth.sign_in("practitioner", "demo")
    theirs = panel_for(qtbot, demo_services, priya, runner)
    theirs.set_referral(saved)
    assert not theirs.worker.isEnabled() and theirs.worker.currentText() == worker


def test_a_stale_decision_shows_both_versions_and_applies_mine_again(
    qtbot: QtBot, demo_services: Services, manager: CurrentUser, runner: SyncTaskRunner
) -> None:
    r = received_referral(demo_services, manager)
    panel = panel_for(qtbot, demo_services, manager, runner)
    panel.set_referral(r)

    other = other_copy_of_the_app(demo_services)
    priya = other.auth.sign_in("practitioner", "demo")
    other.decisions.change_status(priya, r.id, r.version, ReferralStatus.OFFERED)
    other.close()

    mine = "Sam Patel" if r.worker != "Sam Patel" else "Morgan Manager"
    index = panel.worker.findText(mine)
    panel.worker.setCurrentIndex(index)
    panel.worker.activated.emit(index)
    dialog = panel.conflict_box
    assert isinstance(dialog, ConflictDialog)
    table = {row.label: (row.mine, row.theirs, row.changed_by) for row in dialog.rows}
    assert table["Status"] == ("Received", "Offered", "them")
    assert table["Allocated worker"][0] == mine
    assert table["Allocated worker"][2] == "you"
    heading = dialog.findChild(QLabel, "conflictHeading")
    assert heading is not None
    assert heading.text().startswith("Priya Practitioner saved changes to referral")
    # Nothing of ours was written by the stale attempt.
    assert demo_services.referrals.get(manager, r.id).worker == r.worker
    grab(dialog, "conflict_dialog")
    assert_named(dialog)

    dialog.reapply_button.click()
    saved = demo_services.referrals.get(manager, r.id)
    assert (saved.status, saved.worker) == ("offered", mine)
    assert panel.referral is not None and panel.referral.version == saved.version


def test_reload_theirs_drops_my_decision(
    qtbot: QtBot, demo_services: Services, manager: CurrentUser, runner: SyncTaskRunner
) -> None:
    r = received_referral(demo_services, manager)
    panel = panel_for(qtbot, demo_services, manager, runner)
    panel.set_referral(r)
    other = other_copy_of_the_app(demo_services)
    other.decisions.change_status(
        other.auth.sign_in("manager", "demo"), r.id, r.version, ReferralStatus.OFFERED
    )
    other.close()
    panel.move_to(ReferralStatus.INELIGIBLE)
    dialog = panel.conflict_box
    assert [(c.label, c.mine, c.theirs, c.changed_by) for c in dialog.rows] == [
        ("Status", "Not eligible", "Offered", "both of you")
    ]
    dialog.reload_button.click()
    assert panel.referral is not None and panel.referral.status == "offered"
    assert demo_services.referrals.get(manager, r.id).status == "offered"


def test_conflict_rows_show_only_what_changed() -> None:
    labels = {"town": "Town", "school": "School", "looked_after": "Looked-after child"}
    seen = {"town": "Newbury", "school": "", "looked_after": False}
    theirs = {"town": "Newbury", "school": "Kennet School", "looked_after": False}
    rows = conflict_rows(labels, seen, theirs, {"town": "Thatcham", "looked_after": False})
    assert [(r.label, r.mine, r.theirs, r.changed_by) for r in rows] == [
        ("Town", "Thatcham", "Newbury", "you"),
        ("School", BLANK, "Kennet School", "them"),
    ]
    assert (shown(True), shown(date(2026, 3, 14)), shown(None)) == ("Yes", "14/03/2026", BLANK)


def family_tab(
    qtbot: QtBot, services: Services, user: CurrentUser, runner: SyncTaskRunner, person_id: int
) -> CaseloadScreen:
    screen = CaseloadScreen(services, user, runner)
    qtbot.addWidget(screen)
    screen.resize(1300, 800)
    screen.show()
    screen.refresh()
    screen.master.selected_id = person_id
    screen._show_person(services.people.get(user, person_id))
    screen.person_tabs.setCurrentWidget(screen.tabs.family)
    return screen


def test_a_carer_is_changed_then_removed_and_their_consent_stays(
    qtbot: QtBot, demo_services: Services, manager: CurrentUser, runner: SyncTaskRunner
) -> None:
    r = received_referral(demo_services, manager)
    offered = demo_services.decisions.change_status(
        manager, r.id, r.version, ReferralStatus.OFFERED
    )
    carer = r.carers[0]
    demo_services.decisions.record_consent(
        manager,
        r.id,
        Party.PARENT_CARER,
        carer.name,
        date(2026, 11, 20),
        "Public task",
        carer_id=carer.id,
    )
    screen = family_tab(qtbot, demo_services, manager, runner, offered.person_id)
    tabs = screen.tabs
    assert not tabs.edit_carer.isEnabled() and not tabs.remove_carer.isEnabled()
    tabs.carer_table.selectRow(0)
    assert tabs.edit_carer.isEnabled()

    tabs.ask_edit_carer()
    dialog = tabs.carer_dialog
    assert dialog.name.text() == carer.name  # filled in from the record
    assert dialog.windowTitle() == f"Change {carer.name}'s details"
    dialog.phone.setText("07700 900777")
    dialog.relationship.setText("Grandmother")
    grab(dialog, "carer_dialog")
    assert_named(dialog)
    dialog.accept()
    changed = demo_services.carers.list_carers(manager, offered.person_id)[0]
    assert (changed.phone, changed.relationship) == ("07700 900777", "Grandmother")
    assert tabs.carers.row_at(0) == changed

    tabs.carer_table.selectRow(0)
    tabs.ask_remove_carer()
    box = tabs.confirm_box
    assert carer.name in box.text() and "stays on the referral" in box.informativeText()
    keep = next(b for b in box.buttons() if b.objectName() == "removeCarerNo")
    keep.click()
    assert len(demo_services.carers.list_carers(manager, offered.person_id)) == len(r.carers)

    tabs.carer_table.selectRow(0)
    tabs.ask_remove_carer()
    box = tabs.confirm_box
    yes = next(b for b in box.buttons() if b.objectName() == "removeCarerYes")
    assert yes.text() == f"Remove {carer.name}"
    yes.click()
    left = demo_services.carers.list_carers(manager, offered.person_id)
    assert carer.id not in {c.id for c in left}
    assert tabs.carers.rowCount() == len(left)
    consents = demo_services.referrals.get(manager, r.id).consents
    assert [c.given_by for c in consents] == [carer.name]


def test_licensed_crafft_wording_is_entered_and_shown_on_the_form(
    qtbot: QtBot, demo_services: Services, manager: CurrentUser, runner: SyncTaskRunner
) -> None:
    dialog = CrafftWordingDialog(demo_services, manager, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edits["car"].setPlainText("Licensed question about riding in a car (test wording)")
    dialog.edits["cannabis_days"].setPlainText("Licensed Part A question about cannabis")
    grab(dialog, "crafft_wording")
    assert_named(dialog)
    dialog.edits["relax"].setPlainText("x" * 600)
    dialog.accept()
    assert "Shorten the wording" in dialog.error_box.informativeText() + dialog.error_box.text()
    dialog.error_box.close()
    assert demo_services.screening.wording(manager) == {}
    dialog.edits["relax"].setPlainText("")
    dialog.accept()
    assert demo_services.screening.wording(manager) == {
        "cannabis_days": "Licensed Part A question about cannabis",
        "car": "Licensed question about riding in a car (test wording)",
    }

    wording = demo_services.screening.wording(manager)
    form = CrafftDialog(date(2026, 11, 20), None, wording)
    qtbot.addWidget(form)
    form.resize(640, 700)
    form.show()
    shown_text = [w.text() for w in form.findChildren(QLabel, "crafftQuestion")]
    assert "Licensed question about riding in a car (test wording) (Car)" in shown_text
    assert "Licensed Part A question about cannabis (Days using cannabis)" in shown_text
    assert form.items[next(iter(form.items))].text() == "Yes"
    assert form.days["cannabis_days"].accessibleDescription().startswith("Licensed Part A")
    grab(form, "crafft_form_with_wording")

    # The person's Screening tab opens the form with the wording.
    person = demo_services.people.search(manager).rows[0]
    screen = family_tab(qtbot, demo_services, manager, runner, person.id)
    screen.tabs.ask_screen()
    labels = [w.text() for w in screen.tabs.crafft_dialog.findChildren(QLabel, "crafftQuestion")]
    assert any(text.startswith("Licensed question about riding") for text in labels)
    screen.tabs.crafft_dialog.reject()


def test_the_caseload_worker_filter_lists_the_team(
    qtbot: QtBot, demo_services: Services, manager: CurrentUser, runner: SyncTaskRunner
) -> None:
    r = received_referral(demo_services, manager)
    demo_services.decisions.assign_worker(manager, r.id, r.version, None)
    screen = CaseloadScreen(demo_services, manager, runner)
    qtbot.addWidget(screen)
    screen.resize(1300, 800)
    screen.show()
    screen.refresh()
    combo = screen.worker_filter
    choices = [combo.itemText(i) for i in range(combo.count())]
    assert choices[:3] == ["Any worker", "My cases", "Unallocated"]
    assert {"Priya Practitioner", "Sam Patel"} <= set(choices[3:])
    assert "Morgan Manager" not in choices[3:]  # that is "My cases"
    everyone = screen.model.total

    combo.setCurrentIndex(combo.findData(UNALLOCATED))
    ids = {screen.model.row_at(i).id for i in range(screen.model.rowCount())}  # type: ignore[union-attr]
    assert r.person_id in ids and screen.model.total < everyone
    grab(screen, "caseload_filters")

    combo.setCurrentIndex(combo.findText("Sam Patel"))
    sam = screen.filters().worker_id
    assert sam is not None and 0 < screen.model.total < everyone
    combo.setCurrentIndex(combo.findText("My cases"))
    assert screen.filters().worker_id == manager.id
    combo.setCurrentIndex(0)
    assert screen.model.total == everyone

    # The other three filters, each on its own.
    screen.scheme_filter.setCurrentIndex(screen.scheme_filter.findData("OX"))
    ox = [screen.model.row_at(i) for i in range(screen.model.rowCount())]
    assert 0 < screen.model.total < everyone and {r.scheme_code for r in ox if r} == {"OX"}
    screen.scheme_filter.setCurrentIndex(0)
    screen.status_filter.setCurrentIndex(screen.status_filter.findData("completed"))
    done = {getattr(screen.model.row_at(i), "id", 0) for i in range(screen.model.rowCount())}
    completed = demo_services.referrals.list_referrals(manager, status="completed", limit=1000)
    # People with a completed referral (their latest may be a later one).
    assert done == {r.person_id for r in completed.rows} and 0 < len(done) < everyone
    screen.status_filter.setCurrentIndex(0)
    screen.action_filter.setChecked(True)
    assert 0 < screen.model.total < everyone
    assert_named(screen)


def test_the_letters_tab_reopens_the_exact_pdf(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    demo_services: Services,
    manager: CurrentUser,
    runner: SyncTaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = received_referral(demo_services, manager)
    made = demo_services.letters.make(manager, LetterRequest(r.id, LetterType.OFFER))
    screen = family_tab(qtbot, demo_services, manager, runner, r.person_id)
    letters = screen.letters
    screen.person_tabs.setCurrentWidget(letters)
    qtmodeltester.check(letters.model)
    assert letters.model.rowCount() >= 1 and not letters.open_button.isEnabled()
    ids = [getattr(letters.model.row_at(i), "id", None) for i in range(letters.model.rowCount())]
    row = ids.index(made.record.id)
    letters.table.selectRow(row)
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    letters.open_button.click()
    assert len(opened) == 1
    path = Path(opened[0].toLocalFile())
    assert path.read_bytes() == made.pdf
    assert path.stat().st_mode & 0o077 == 0  # readable by this user only
    assert r.person_name.split()[0] not in path.name
    grab(screen, "letters_tab")
    assert_named(letters)


def test_a_stale_carer_edit_shows_both_versions(
    qtbot: QtBot, demo_services: Services, manager: CurrentUser, runner: SyncTaskRunner
) -> None:
    r = received_referral(demo_services, manager)
    screen = family_tab(qtbot, demo_services, manager, runner, r.person_id)
    tabs = screen.tabs
    tabs.carer_table.selectRow(0)
    seen = tabs.picked_carer()
    assert seen is not None
    tabs.ask_edit_carer()

    other = other_copy_of_the_app(demo_services)
    other.carers.update(
        other.auth.sign_in("manager", "demo"),
        seen.id,
        seen.version,
        # Only the phone number changes: the rest is kept as it was.
        CarerInput(
            seen.name,
            seen.relationship,
            seen.parental_responsibility,
            seen.address,
            "07700 900111",
            seen.email,
            seen.preferred_language,
            seen.letter_preference,
        ),
    )
    other.close()

    tabs.carer_dialog.email.setText("carer@example.org")
    tabs.carer_dialog.accept()
    dialog = tabs.conflict_box
    rows = {c.label: (c.mine, c.theirs, c.changed_by) for c in dialog.rows}
    assert rows["Phone"][1:] == ("07700 900111", "them")
    assert rows["Email"] == ("carer@example.org", seen.email or BLANK, "you")
    dialog.reapply_button.click()
    saved = next(
        c for c in demo_services.carers.list_carers(manager, r.person_id) if c.id == seen.id
    )
    assert (saved.phone, saved.email) == ("07700 900111", "carer@example.org")


def test_closing_the_conflict_dialog_changes_nothing(qtbot: QtBot) -> None:
    chosen: list[str] = []
    rows = conflict_rows({"town": "Town"}, {"town": "A"}, {"town": "B"}, {"town": "C"})
    for press in ("close", "reload", "apply"):
        dialog = ask_conflict(
            None,
            "the record",
            "jo.evans",
            None,
            rows,
            reload=lambda: chosen.append("reload"),
            reapply=lambda: chosen.append("apply"),
        )
        qtbot.addWidget(dialog)
        {"close": dialog.reject, "reload": dialog.reload_button.click}.get(
            press, dialog.reapply_button.click
        )()
    assert chosen == ["reload", "apply"]  # closing chose neither
