"""Intake screens driven as a user would: referrals inbox, import preview, manual referral,
duplicates review, scheme editor, the person's tabs and the CRAFFT form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.gui.dialogs.crafft import CrafftDialog
from yot_desktop.gui.dialogs.new_referral import NewReferralDialog
from yot_desktop.gui.screens.caseload import CaseloadScreen
from yot_desktop.gui.screens.duplicates_review import DuplicatesDialog
from yot_desktop.gui.screens.import_preview import ImportPreviewDialog
from yot_desktop.gui.screens.referrals import ReferralsScreen
from yot_desktop.gui.screens.scheme_editor import SchemeEditorDialog
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

DATA = Path(__file__).resolve().parents[1] / "e2e" / "data"
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def assert_named(root: QWidget) -> None:
    unnamed = [
        f"{type(w).__name__} in {type(w.parent()).__name__}"
        for w in root.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and w.isVisibleTo(root)
        and not isinstance(w, QHeaderView)  # part of its table, which is named
        and not (w.objectName() and w.accessibleName())
        # Qt's own sub-controls (clear buttons, spin box edits) are not ours to name.
        and not w.objectName().startswith("qt_")
        and not isinstance(w.parent(), QLineEdit | QAbstractSpinBox | QComboBox)
    ]
    assert unnamed == []


@pytest.fixture
def manager(demo_services: Services):  # type: ignore[no-untyped-def]
    return demo_services.auth.sign_in("manager", "demo")


def imported(services: Services, user: object) -> None:
    text = (DATA / "police_referrals_fixed.csv").read_text(encoding="utf-8")
    report = services.intake.import_text(user, text)  # type: ignore[arg-type]
    assert report.written, report.problems


def test_referrals_inbox_shows_checklist_and_moves_status(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    demo_services: Services,
    manager: object,
    runner: SyncTaskRunner,
) -> None:
    imported(demo_services, manager)
    screen = ReferralsScreen(demo_services, manager, runner)  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    qtmodeltester.check(screen.model)
    refs = [screen.model.row_at(i).crime_reference for i in range(screen.model.rowCount())]  # type: ignore[union-attr]
    assert "43/26/1000001" in refs
    screen.search.setText("43/26/1000012")
    screen.refresh()
    assert screen.model.rowCount() == 1
    screen.table.selectRow(0)
    panel = screen.panel
    assert panel.referral is not None and panel.referral.reasons == ("PRIOR_DIVERSION",)
    assert panel.checklist.count() == 5
    assert "✘ No" in panel.checklist.item(4).text()
    assert "PRIOR_DIVERSION" in panel.decision.text()
    assert panel.override_button.isVisible()  # a manager may override
    screen.search.setText("43/26/1000001")
    screen.refresh()
    screen.table.selectRow(0)
    assert panel.action_buttons[ReferralStatus.OFFERED].isVisible()
    panel.action_buttons[ReferralStatus.OFFERED].click()
    assert panel.referral.status == "offered"
    assert panel.consent_button.isVisible()
    assert_named(screen)


def test_import_preview_lists_every_problem_then_imports(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    demo_services: Services,
    manager: object,
    runner: SyncTaskRunner,
) -> None:
    bad = ImportPreviewDialog(demo_services, manager, runner, DATA / "police_referrals_bad.csv")  # type: ignore[arg-type]
    qtbot.addWidget(bad)
    bad.show()
    bad.start()
    qtmodeltester.check(bad.model)
    assert bad.report is not None and not bad.report.ok
    assert not bad.import_button.isEnabled()
    assert "Nothing can be imported" in bad.summary.text()
    row5 = bad.model.row_at(4)
    assert row5 is not None and len(row5.problems) == 8
    assert "postcode: Enter a real UK postcode" in bad.model.data(bad.model.index(4, 5))
    assert demo_services.referrals.list_referrals(manager, query="43/26/1000").total == 0  # type: ignore[arg-type]

    good = ImportPreviewDialog(demo_services, manager, runner, DATA / "police_referrals_fixed.csv")  # type: ignore[arg-type]
    qtbot.addWidget(good)
    good.show()
    good.start()
    assert good.import_button.isEnabled()
    assert "12 referrals are ready" in good.summary.text()
    with qtbot.waitSignal(good.imported):
        good.import_button.click()
    assert demo_services.referrals.list_referrals(manager, query="43/26/1000").total == 12  # type: ignore[arg-type]
    assert_named(good)


def test_manual_referral_form_saves_and_explains_problems(
    qtbot: QtBot, demo_services: Services, manager: object, runner: SyncTaskRunner
) -> None:
    dialog = NewReferralDialog(demo_services, manager, runner)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.scheme.count() == 3
    dialog.save()
    assert "quantity" in dialog.error_box.text()
    dialog.error_box.close()
    dialog.crime_reference.setText("43/26/5550001")
    dialog.officer.setText("PC Jane Hollis")
    dialog.substance.setCurrentText("cannabis")
    dialog.quantity.setText("1.5")
    dialog.first_name.setText("Zoë")
    dialog.last_name.setText("Hart")
    dialog.date_of_birth.setDate(dialog.date_of_birth.date().addYears(-14))
    dialog.offence_date.setDate(dialog.offence_date.date().addDays(-2))
    dialog.address_1.setText("1 Bath Road")
    dialog.postcode.setText("rg14 1aa")
    dialog.carer_name.setText("Sam Hart")
    dialog.carer_phone.setText("0118 496 0000")
    with qtbot.waitSignal(dialog.created) as made:
        dialog.save()
    assert made.args[0].status == "received"
    assert_named(dialog)


def test_duplicates_review_merges_and_undoes(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    demo_services: Services,
    manager: object,
    runner: SyncTaskRunner,
) -> None:
    imported(demo_services, manager)
    dialog = DuplicatesDialog(demo_services, manager, runner)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.refresh()
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() >= 1
    assert dialog.comparison is not None
    assert dialog.compare_table.item(0, 0).text() == "First name"
    assert dialog.keep_left.isEnabled() and not dialog.undo.isEnabled()
    dialog.keep_left.click()
    dialog.pairs.selectRow(0)
    assert dialog.comparison is not None and dialog.comparison.candidate.merge_id is not None
    assert dialog.undo.isEnabled()
    dialog.undo.click()
    dialog.pairs.selectRow(0)
    assert dialog.comparison.candidate.status == "open"
    assert_named(dialog)


def test_scheme_editor_saves_a_new_absence_limit(
    qtbot: QtBot, demo_services: Services, manager: object, runner: SyncTaskRunner
) -> None:
    dialog = SchemeEditorDialog(demo_services, manager, runner)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.refresh("WB")
    assert dialog.texts["code"].text() == "WB"
    assert dialog.thresholds.rowCount() >= 1
    dialog.numbers["absence_limit"].setValue(3)
    dialog.save()
    assert demo_services.schemes.get("WB").absence_limit == 3
    assert "Saved WB" in dialog.status.text()
    dialog.numbers["min_age"].setValue(18)
    dialog.save()
    assert "min_age" in dialog.error_box.text()
    dialog.error_box.close()
    assert_named(dialog)


def test_person_tabs_show_family_referrals_and_screening(
    qtbot: QtBot, qtmodeltester: ModelTester, demo_services: Services, runner: SyncTaskRunner
) -> None:
    user = demo_services.auth.sign_in("manager", "demo")
    screen = CaseloadScreen(demo_services, user, runner)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    screen.table.selectRow(0)
    tabs = screen.tabs
    assert tabs.carers.rowCount() >= 1 and tabs.history.rowCount() >= 1
    for model in (tabs.carers, tabs.history, tabs.screens):
        qtmodeltester.check(model)
    tabs.missing.setValue(2)
    tabs.exploitation.setChecked(True)
    tabs.save_safeguarding()
    assert tabs.person is not None and tabs.person.missing_episodes == 2
    screen.action_filter.setChecked(True)
    assert "match" in screen.count_label.text()
    assert_named(screen)


def test_crafft_form_applies_the_skip_rule_and_scores(qtbot: QtBot) -> None:
    dialog = CrafftDialog(date(2026, 11, 20))
    qtbot.addWidget(dialog)
    dialog.show()
    boxes = {item.value: box for item, box in dialog.items.items()}
    assert boxes["car"].isEnabled()  # Car is always asked
    relax = boxes["relax"]
    assert not relax.isEnabled()
    dialog.days["cannabis_days"].setValue(10)
    assert relax.isEnabled()
    relax.setChecked(True)
    boxes["alone"].setChecked(True)
    answers, _when, _need = dialog.value()
    assert (answers.relax, answers.alone, answers.trouble) == (True, True, False)
    assert dialog.score_label.text().startswith("2 of 6 — positive")
    dialog.days["cannabis_days"].setValue(0)
    assert not relax.isEnabled() and dialog.value()[0].relax is None
    assert_named(dialog)


def test_ethnicity_choices_are_the_ons_groups_under_headings_that_cannot_be_chosen(
    qtbot: QtBot,
) -> None:
    from PySide6.QtCore import Qt

    from yot_desktop.domain.ethnicity import ETHNICITIES
    from yot_desktop.gui.screens.person_panel import ethnicity_combo

    combo = ethnicity_combo()
    qtbot.addWidget(combo)
    combo.show()
    codes = [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)]
    assert sorted(codes) == sorted(e.code for e in ETHNICITIES)  # 19 and "not stated"
    assert combo.currentText() == "Not stated"
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # past the heading "Asian, Asian British…"
    assert combo.currentText() == "Bangladeshi" and combo.currentData() == "A1"
