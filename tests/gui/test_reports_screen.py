"""The Reports screen: preview, charts, exports and panel summaries (synchronous runner)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QProgressDialog, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from yot_desktop.gui.screens.reports import BarChart, ReportsScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.storage.models import Referral, User, YoungPerson


def make_screen(
    qtbot: QtBot, services: Services, runner: SyncTaskRunner, who: str
) -> ReportsScreen:
    user = services.auth.sign_in(who, "demo")
    screen = ReportsScreen(services, user, runner)
    qtbot.addWidget(screen)
    screen.resize(1000, 900)
    return screen


def every_widget_is_named(screen: QWidget) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDateEdit,
        QLineEdit,
        QPlainTextEdit,
        QTableView,
    )

    kinds = (QAbstractButton, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QTableView, BarChart)
    for w in screen.findChildren(QWidget):
        if isinstance(w, kinds) and w.objectName() and not w.objectName().startswith("qt_"):
            assert w.accessibleName(), w.objectName()


def test_preview_shows_the_evaluation(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, qtmodeltester: ModelTester
) -> None:
    screen = make_screen(qtbot, demo_services, runner, "manager")
    assert screen.scheme.count() > 1
    screen.date_from.setDate(QDate(2020, 1, 1))
    screen.date_to.setDate(QDate(2026, 11, 20))
    screen.preview_button.click()
    assert screen.view is not None
    assert screen.figures["completion_rate"].text() not in ("", "–")
    assert screen.figures["benchmark_completion"].text() == "78%"
    assert "hours" in screen.figures["officer_hours_saved"].text()
    # What funders ask (issue 15, point 13): KPI 6 among the key figures.
    assert (
        screen.figures["kpi6_rate_label"].text() == "KPI 6: share who completed their intervention"
    )
    assert screen.figures["kpi6_rate"].text() != ""
    assert len(screen.funnel_chart.bars) == 6
    assert screen.funnel_chart.bars[0][1] is not None  # referred: many
    assert screen.breakdown.count() == 3
    qtmodeltester.check(screen.breakdown_model)
    screen.breakdown.setCurrentIndex(1)
    qtmodeltester.check(screen.breakdown_model)
    assert screen.breakdown_model.rowCount() >= 4
    every_widget_is_named(screen)
    if os.environ.get("YOT_GRAB"):
        screen.grab().save(os.environ["YOT_GRAB"])


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_exports(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, tmp_path: Path, fmt: str
) -> None:
    screen = make_screen(qtbot, demo_services, runner, "manager")
    screen.date_from.setDate(QDate(2020, 1, 1))
    path = tmp_path / f"e.{fmt}"
    screen.export_to(path)
    assert path.stat().st_size > 100
    assert screen.last_export == path
    assert not screen.progress.isVisible()
    assert screen.export_buttons[fmt].isEnabled()


def test_panel_summary_pseudonymised_by_default(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    with demo_services.ctx.uow() as uow:
        ref, last = uow.session.execute(
            select(Referral.crime_reference, YoungPerson.last_name)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .order_by(Referral.id)
            .limit(1)
        ).one()
        uow.session.execute(
            update(Referral)
            .where(Referral.crime_reference == ref)
            .values(panel_date=date(2026, 11, 18))
        )
        uow.commit()
    screen = make_screen(qtbot, demo_services, runner, "practitioner")
    box = screen.panel_box
    assert box is not None
    assert box.pseudonymised.isChecked() and box.pseudonymised.isEnabled()
    box.referral.setText(ref)
    path = tmp_path / "s.pdf"
    box.summary_to(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert last not in text
    assert screen.last_export == path
    dates = [box.panel_date.itemData(i) for i in range(box.panel_date.count())]
    assert date(2026, 11, 18) in dates
    index = dates.index(date(2026, 11, 18))
    box.panel_date.setCurrentIndex(index)
    pack = tmp_path / "pack.pdf"
    box.pack_to(pack)
    assert last not in "".join(p.extract_text() for p in PdfReader(pack).pages)
    assert "pseudonymised panel pack" in screen.status.text()


def flat_pdf(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def first_listed(services: Services) -> tuple[str, str]:
    """A referral of the practitioner's team listed for a demo panel, and the child's name."""
    with services.ctx.uow() as uow:
        ref, first = uow.session.execute(
            select(Referral.crime_reference, YoungPerson.first_name)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .join(User, User.team_id == Referral.team_id)
            .where(Referral.panel_date.is_not(None), User.username == "practitioner")
            .order_by(Referral.id)
            .limit(1)
        ).one()
    return ref, first


def test_recommendation_written_saved_and_in_the_summary(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    ref, first = first_listed(demo_services)
    screen = make_screen(qtbot, demo_services, runner, "practitioner")
    box = screen.panel_box
    assert box is not None
    assert not box.recommendation.isEnabled()  # nothing to edit until a referral is open
    box.referral.setText(ref)
    box.open_button.click()
    assert box.recommendation.isEnabled()
    assert box.findChild(QPlainTextEdit, "panelRecommendation") is box.recommendation
    assert box.saved.text().startswith(("Saved by", "No recommendation"))
    words = f"Offer {first} the programme. {first} wants help to stop."
    box.recommendation.setPlainText(words)
    assert box.save_button.isEnabled() and box.saved.text() == "Not saved yet."
    # The summary saves unsaved words first, then shows them (the child's name taken out).
    path = tmp_path / "s.pdf"
    box.summary_to(path)
    assert not box.dirty and not box.save_button.isEnabled()
    assert box.saved.text().startswith("Saved by Priya Practitioner on ")
    text = flat_pdf(path)
    assert "[name removed] wants help to stop." in text
    assert "identifying details taken out" in text
    stored = demo_services.reports.recommendation(
        demo_services.auth.sign_in("manager", "demo"), ref
    )
    assert stored.text == words
    every_widget_is_named(screen)
    if os.environ.get("YOT_GRAB"):
        screen.grab().save(os.environ["YOT_GRAB"].replace(".png", "-panel.png"))


def test_a_stale_save_is_refused_and_the_words_kept(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    ref, _ = first_listed(demo_services)
    screen = make_screen(qtbot, demo_services, runner, "practitioner")
    box = screen.panel_box
    assert box is not None
    box.referral.setText(ref)
    box.open_button.click()
    seen = box.loaded
    assert seen is not None
    manager = demo_services.auth.sign_in("manager", "demo")
    demo_services.reports.save_recommendation(manager, ref, "The manager's words.", seen.version)
    box.recommendation.setPlainText("My words.")
    box.save_button.click()
    errors = [w for w in screen.findChildren(QMessageBox) if w.objectName() == "errorDialog"]
    assert errors and errors[-1].windowTitle() == "Someone else changed this"
    assert box.recommendation.toPlainText() == "My words." and box.dirty
    assert demo_services.reports.recommendation(manager, ref).text == "The manager's words."


def test_pack_shows_each_case_and_can_be_stopped(
    qtbot: QtBot,
    demo_services: Services,
    runner: SyncTaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = make_screen(qtbot, demo_services, runner, "manager")
    box = screen.panel_box
    assert box is not None
    assert box.panel_date.count() == 2 and "(next)" in box.panel_date.currentText()
    labels: list[str] = []
    cancel_at: list[str] = []  # the step after which Cancel is pressed
    make = demo_services.reports.panel_pack

    def watched(*args: object, progress: Callable[[str, int, int], bool], **kw: object) -> object:
        def step(phase: str, done: int, total: int) -> bool:
            going_on = progress(phase, done, total)
            shown = [
                d for d in box.findChildren(QProgressDialog, "panelPackProgress") if d.isVisible()
            ]
            if cancel_at == ["pressed"]:
                assert not shown  # Cancel hides the dialog at once; the pack stops next step
                return going_on
            assert len(shown) == 1  # one dialog, over the panel box
            labels.append(shown[0].labelText())
            assert shown[0].windowTitle() == "Preparing the panel pack"
            assert shown[0].accessibleName() == "Panel pack progress"
            if cancel_at == [f"{phase} {done}"]:
                shown[0].canceled.emit()  # what its Cancel button sends
                cancel_at[0] = "pressed"
            return going_on

        return make(*args, progress=step, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_services.reports, "panel_pack", watched)
    path = tmp_path / "pack.pdf"
    box.pack_to(path)
    assert path.exists() and "(6 cases)" in screen.status.text()
    assert "Reading case 3 of 6…" in labels and "Laying out case 6 of 6…" in labels
    assert box.progress_dialog is None and box.pack_button.isEnabled()
    assert not [d for d in box.findChildren(QProgressDialog) if d.isVisible()]

    labels.clear()
    cancel_at.append("Laying out 2")
    stopped = tmp_path / "stopped.pdf"
    box.pack_to(stopped)
    assert labels[-1] == "Laying out case 2 of 6…" and cancel_at == ["pressed"]
    assert not stopped.exists()
    assert screen.status.text() == "Panel pack stopped: nothing was saved."
    assert box.pack_button.isEnabled() and not screen.progress.isVisible()
    assert not [d for d in box.findChildren(QProgressDialog) if d.isVisible()]


def test_panel_role_sees_only_pseudonymised_summaries(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    screen = make_screen(qtbot, demo_services, runner, "panel")
    assert screen.evaluation_box is None
    box = screen.panel_box
    assert box is not None
    assert box.pseudonymised.isChecked() and not box.pseudonymised.isEnabled()
    # The panel role reads summaries but writes no recommendation: no editor on the screen.
    assert box.findChild(QPlainTextEdit, "panelRecommendation") is None
    assert not box.open_button.isVisibleTo(box)
    every_widget_is_named(screen)


def test_administrator_sees_the_evaluation_but_no_panel_summaries(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    screen = make_screen(qtbot, demo_services, runner, "admin")
    assert screen.evaluation_box is not None and screen.panel_box is None
    screen.preview_button.click()
    assert screen.view is not None
