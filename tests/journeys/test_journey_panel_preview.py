"""Issue 12, point 2: the manager writes a recommendation naming the child in capitals with a
short date of birth and a reference spelt another way, previews it as the panel sees it
(redacted, the redactions marked), and the panel member's screen and pack hold none of it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
)

from tests.journeys.conftest import MANAGER, PANEL, Journey
from tests.journeys.test_journey_panel import pdf_text, save_dialog_answers
from yot_desktop.services.intake.dto import CarerInput, NewReferral

REF = "43/26/0007003"


def refer(j: Journey) -> date:
    """One referral for the manager's team, listed for today's panel. Returns the birthday."""
    services = j.services()
    manager = services.auth.sign_in(MANAGER[0], MANAGER[2])
    today = date.today()
    born = date(today.year - 15, 1, 20)  # 15 on any day of the year after 20 January
    if today < date(today.year, 1, 21):
        born = date(today.year - 16, 1, 20)
    detail = services.referrals.create(
        manager,
        NewReferral(
            crime_reference=REF,
            referral_date=today,
            scheme_code="WB",
            referring_officer="PC Jane Doe",
            offence_date=today - timedelta(days=6),
            substance="cannabis",
            quantity=Decimal("2.5"),
            unit="g",
            supply_suspected=False,
            first_name="Leo",
            last_name="Papadopoulos",
            date_of_birth=born,
            gender="male",
            address_line_1="3 Kennet Close",
            address_line_2="",
            town="Thatcham",
            postcode="RG19 4QF",
            offence_location="Railway station, Newbury",
            notes="Known to the team once before.",
            carer=CarerInput(name="Maria Papadopoulos", relationship="Mother"),
        ),
    )
    services.decisions.record_panel(
        manager, detail.id, detail.version, today, "To be discussed at the panel"
    )
    return born


def test_the_author_previews_the_redacted_words_and_the_panel_never_sees_them(
    set_up_app: Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    j = set_up_app
    born = refer(j)
    short_dob = f"{born.day}/{born.month}/{born:%y}"  # 20/1/11
    leaks = ("PAPADOPOULOS", "Papadopoulos", short_dob, "43-26-7003", "Kennet Close", "Maria")
    words = (
        f"Offer the programme. PAPADOPOULOS (born {short_dob}, ref 43-26-7003) lives on "
        "Kennet Close with his mum Maria and was seen at Reading station."
    )

    # --- the manager writes the words and previews them -----------------------------------
    j.sign_in(MANAGER[0], MANAGER[2])
    reports = j.go("Reports")
    j.type_into(j.find(QLineEdit, "panelReferral", reports), REF)
    j.click(j.find(QPushButton, "panelOpen", reports))
    [preview] = reports.findChildren(QTextBrowser, "panelPreview")
    assert not preview.isVisible()  # nothing to show until asked
    j.type_into(j.find(QPlainTextEdit, "panelRecommendation", reports), words)
    j.click(j.find(QPushButton, "panelPreviewButton", reports))
    j.qtbot.waitUntil(preview.isVisible, timeout=15_000)
    assert j.find(QTextBrowser, "panelPreview", reports) is preview
    shown = preview.toPlainText()
    assert shown == (
        "Offer the programme. [name removed] (born [date of birth removed], ref "
        "[reference removed]) lives on [address removed] with his mum [name removed] and was "
        "seen at Reading station."
    )
    for leak in leaks:
        assert leak not in shown, leak
    assert 'style="background' in preview.toHtml() or "background-color" in preview.toHtml()
    note = j.find(QLabel, "panelPreviewNote", reports)
    assert note.text() == (
        "The panel reads this. Taken out (marked): 2 names, 1 date of birth, 1 reference and "
        "1 address."
    )
    j.screenshot(j.window, "journey_panel_preview")
    # The preview follows the words: typing more shows them redacted too, after a pause.
    j.type_into(
        j.find(QPlainTextEdit, "panelRecommendation", reports), " Leo's school agrees.", False
    )
    j.qtbot.waitUntil(lambda: "[name removed]'s school agrees." in preview.toPlainText())
    j.click(j.find(QPushButton, "panelSave", reports))
    status = j.find(QLabel, "reportsStatus", reports)
    assert status.text() == f"Recommendation saved for {REF}."
    j.sign_out()

    # --- the panel member reads the agenda and the pack: none of it is there -------------
    j.sign_in(PANEL[0], PANEL[2])
    reports = j.go("Reports")
    view = j.find(QTableView, "panelAgenda", reports)
    j.qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=15_000)
    cells = [j.row_texts(view, c) for c in range(view.model().columnCount())]
    on_screen = str(cells)
    assert "[name removed] (born [date of birth removed]" in on_screen
    for leak in leaks:
        assert leak not in on_screen, leak
    pack = tmp_path / "panel-pack.pdf"
    save_dialog_answers(monkeypatch, pack)
    j.click(j.find(QPushButton, "panelPackButton", reports))
    status = j.find(QLabel, "reportsStatus", reports)
    j.qtbot.waitUntil(lambda: status.text().startswith("Saved the"), timeout=30_000)
    j.assert_no_error_shown()
    text = pdf_text(pack)
    assert "Offer the programme. [name removed] (born [date of birth removed]" in text
    assert "seen at Reading station" in text
    for leak in (*leaks, "43/26/0007003"):
        assert leak not in text, leak
