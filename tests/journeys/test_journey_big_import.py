"""A manager picks the wrong, huge file to import: the app says so at once (issue 12, point 4).

Before, a 100 MB file took minutes and gigabytes to be refused; now the preview says what the
limit is within a moment, nothing is imported, and the Import button stays off. A big file
within the limits shows its progress while it is checked and imported, and Cancel stops the
import with nothing imported."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressBar, QPushButton
from sqlalchemy import func, select

from tests.journeys.conftest import MANAGER, Journey
from yot_desktop.gui.screens.import_preview import ImportPreviewDialog
from yot_desktop.storage.models import Referral, YoungPerson

POLICE_HEADER = (
    "crime_reference,referral_date,scheme,referring_officer,first_name,last_name,date_of_birth,"
    "address_line_1,postcode,offence_date,substance,quantity,unit,supply_suspected\n"
)


def many_referrals(path: Path, rows: int) -> Path:
    """`rows` different children, as a force's monthly file lists them."""
    referred = date.today() - timedelta(days=3)
    with path.open("w", encoding="utf-8") as f:
        f.write(POLICE_HEADER)
        for n in range(1, rows + 1):
            born = date(date.today().year - 15, 1, 1) + timedelta(days=n * 37 % 1400)
            f.write(
                f"43/26/{n:07d},{referred},WB,PC Jane Hollis,Alex{n},Okafor{n},"
                f"{born:%d/%m/%Y},{n} Oxford Road,RG14 1AB,{referred - timedelta(days=1)},"
                "cannabis,2,g,no\n"
            )
    return path


def test_a_file_far_too_big_is_refused_in_the_preview(
    set_up_app: Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    j = set_up_app
    big = tmp_path / "whole-force-export.csv"
    with big.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # 100 MB on disk, never read
    j.sign_in(MANAGER[0], MANAGER[2])
    # The operating system's file dialog stands in for a person choosing the file.
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(big), ""))
    )
    j.menu("File", "Import police referrals…")
    preview = j.modal(ImportPreviewDialog)
    summary = j.find(QLabel, "importSummary", preview)
    j.qtbot.waitUntil(lambda: "MB" in summary.text(), timeout=5000)
    assert summary.text().startswith("whole-force-export.csv is 100.0 MB: the most one import")
    importing = [b for b in preview.findChildren(QPushButton) if b.text().startswith("Import")]
    assert importing and not any(b.isEnabled() for b in importing)
    j.assert_no_error_shown()


def test_an_attendance_register_far_too_big_is_refused(
    set_up_app: Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QListWidget

    from yot_desktop.gui.dialogs.attendance_import import AttendanceImportDialog

    j = set_up_app
    big = tmp_path / "provider-register.csv"
    with big.open("wb") as f:
        f.truncate(30 * 1024 * 1024)
    j.sign_in(MANAGER[0], MANAGER[2])
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(big), ""))
    )
    j.menu("File", "Import an attendance register…")
    dialog = j.modal(AttendanceImportDialog)
    j.click_button(dialog, "importChoose")
    problems = j.find(QListWidget, "importProblems", dialog)
    assert [problems.item(i).text() for i in range(problems.count())] == [
        "provider-register.csv is 30.0 MB: the most one import takes is 20 MB or 50,000 "
        "rows. Check it is the right file; a large one can be split into smaller files, each "
        "with the header row, and imported one after another"
    ]
    assert not j.find(QPushButton, "importApply", dialog).isEnabled()


def test_a_big_import_shows_progress_and_cancel_leaves_nothing_imported(
    set_up_app: Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    j = set_up_app
    police = many_referrals(tmp_path / "november-referrals.csv", 250)
    j.sign_in(MANAGER[0], MANAGER[2])
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(police), ""))
    )
    j.menu("File", "Import police referrals…")
    preview = j.modal(ImportPreviewDialog)
    bar = preview.findChild(QProgressBar, "importProgress")  # shown only while work runs
    summary = j.find(QLabel, "importSummary", preview)
    j.qtbot.waitUntil(lambda: "ready to import" in summary.text(), timeout=120_000)
    assert summary.text().startswith("250 referrals are ready to import")
    assert not bar.isVisible()

    j.click(j.find(QPushButton, "importConfirmButton", preview), settle=False)
    j.qtbot.waitUntil(lambda: bar.isVisible() and bar.value() >= 3, timeout=60_000)
    assert bar.format().startswith("Importing row ") and bar.format().endswith(" of 250…")
    j.screenshot(preview, "import-progress")
    j.click(j.find(QPushButton, "importCancelButton", preview), settle=False)
    j.settle()
    assert summary.text() == (
        "Cancelled: nothing was imported. Import starts again from the first row."
    )
    assert preview.isVisible() and not bar.isVisible()
    assert j.find(QPushButton, "importConfirmButton", preview).isEnabled()
    j.assert_no_error_shown()
    services = j.services()
    with services.ctx.uow() as uow:
        counted = [
            uow.session.scalar(select(func.count()).select_from(m)) for m in (Referral, YoungPerson)
        ]
    assert counted == [0, 0]
    j.click(j.find(QPushButton, "importCancelButton", preview))  # now it closes
    assert not preview.isVisible()
