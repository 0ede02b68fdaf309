"""The Reports screen: preview, charts, exports and panel summaries (synchronous runner)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from yot_desktop.gui.screens.reports import BarChart, ReportsScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.storage.models import Referral, YoungPerson


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
    assert screen.pseudonymised.isChecked() and screen.pseudonymised.isEnabled()
    screen.referral.setText(ref)
    path = tmp_path / "s.pdf"
    screen.summary_to(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert last not in text
    assert screen.panel_date.currentData() == date(2026, 11, 18)
    pack = tmp_path / "pack.pdf"
    screen.pack_to(pack)
    assert last not in "".join(p.extract_text() for p in PdfReader(pack).pages)


def test_panel_role_sees_only_pseudonymised_summaries(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    screen = make_screen(qtbot, demo_services, runner, "panel")
    assert screen.evaluation_box is None
    assert screen.pseudonymised.isChecked() and not screen.pseudonymised.isEnabled()
    every_widget_is_named(screen)


def test_administrator_sees_the_evaluation_but_no_panel_summaries(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    screen = make_screen(qtbot, demo_services, runner, "admin")
    assert screen.evaluation_box is not None and screen.panel_box is None
    screen.preview_button.click()
    assert screen.view is not None
