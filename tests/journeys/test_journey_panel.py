"""Journey 4, the panel: a manager prepares the pack for a panel date; a panel member reads
it, pseudonymised.

The cases are referrals for the team made through services (intake has its own journey): a
Windsor and Maidenhead (conditional) referral whose family lives at "12 Windsor Road" in
Maidenhead, the case that turned the scheme's name into "[address removed] and Maidenhead
deferred prosecution scheme" (issue 14, point 7), and a West Berkshire one, so the pack has
more than one case to report progress on (point 9: the progress dialog's lifetime).
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTableView,
    QWidget,
)

from tests.journeys.conftest import MANAGER, PANEL, Journey
from yot_desktop.services.intake.dto import CarerInput, NewReferral

WM_SCHEME = "Windsor and Maidenhead deferred prosecution scheme"
WM_REF = "43/26/7001"
WB_REF = "43/26/7002"
# What would identify the children: none of it may reach the panel member.
IDENTIFYING = (
    "Zoë",
    "Zoe",
    "O'Brien",
    "O’Brien",
    "12 Windsor Road",
    "Windsor Road",
    "SL6 1AB",
    "Siobhán",
    "Łukasz",
    "Nguyễn",
    "3 Kennet Close",
    "Kennet Close",
    "Thatcham",
    "RG19 4QF",
    WM_REF,
    WB_REF,
)


def refer(j: Journey) -> dict[str, str]:
    """Two referrals for the manager's team, each listed for today's panel. Returns each
    crime reference's person reference."""
    services = j.services()
    manager = services.auth.sign_in(MANAGER[0], MANAGER[2])
    today = date.today()
    people = (
        (
            WM_REF,
            "WM",
            "Zoë",
            "O'Brien",
            ("12 Windsor Road", "", "Maidenhead", "SL6 1AB"),
            "Siobhán O'Brien",
            "Zoë lives with her mum Siobhán at 12 Windsor Road, SL6 1AB. Found with cannabis "
            f"near the station; referred under the {WM_SCHEME}.",
        ),
        (
            WB_REF,
            "WB",
            "Łukasz",
            "Nguyễn",
            ("3 Kennet Close", "", "Thatcham", "RG19 4QF"),
            "",
            "Łukasz lives at 3 Kennet Close, Thatcham. First time known to the team.",
        ),
    )
    person_refs = {}
    for ref, scheme, first, last, (line1, line2, town, postcode), carer, notes in people:
        detail = services.referrals.create(
            manager,
            NewReferral(
                crime_reference=ref,
                referral_date=today,
                scheme_code=scheme,
                referring_officer="PC Jane Doe",
                offence_date=today - timedelta(days=6),
                substance="cannabis",
                quantity=Decimal("2.5"),
                unit="g",
                supply_suspected=False,
                first_name=first,
                last_name=last,
                date_of_birth=date(today.year - 15, 1, 1),  # 15 on any day of the year
                gender="female" if first == "Zoë" else "male",
                address_line_1=line1,
                address_line_2=line2,
                town=town,
                postcode=postcode,
                offence_location="Railway station, Maidenhead",
                notes=notes,
                carer=CarerInput(name=carer, relationship="Mother") if carer else None,
            ),
        )
        services.decisions.record_panel(
            manager, detail.id, detail.version, today, "To be discussed at the panel"
        )
        person_refs[ref] = detail.person_ref
    return person_refs


def agenda(j: Journey, reports: QWidget) -> list[list[str]]:
    """The rows of the panel's case list, as the person reads them."""
    view = j.find(QTableView, "panelAgenda", reports)
    columns = view.model().columnCount()
    rows = [j.row_texts(view, c) for c in range(columns)]
    return [list(r) for r in zip(*rows, strict=True)]


def assert_nothing_identifying(text: str) -> None:
    for s in IDENTIFYING:
        assert s not in text, s


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def save_dialog_answers(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The operating system's save dialog: the person picks ``path``. Returns the titles."""
    asked: list[str] = []

    def pick(_parent: object, title: str, suggested: str, _filter: str = "") -> tuple[str, str]:
        asked.append(title)
        return str(path), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", pick)
    return asked


def test_manager_prepares_the_pack_and_the_panel_member_reads_it_pseudonymised(
    set_up_app: Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    j = set_up_app
    person_refs = refer(j)
    zoe, lukasz = person_refs[WM_REF], person_refs[WB_REF]
    today = date.today()

    # --- the manager writes the recommendation and prepares the pack --------------------
    j.sign_in(MANAGER[0], MANAGER[2])
    reports = j.go("Reports")
    j.type_into(j.find(QLineEdit, "panelReferral", reports), WM_REF)
    j.click(j.find(QPushButton, "panelOpen", reports))
    saved = j.find(QLabel, "panelSaved", reports)
    assert saved.text() == "No recommendation written yet."
    words = j.find(QPlainTextEdit, "panelRecommendation", reports)
    assert words.isEnabled()
    j.type_into(
        words,
        "Offer the programme. Zoe has been open about using cannabis; her mum at "
        f"12 Windsor Road will bring her. The {WM_SCHEME} suits her.",
    )
    assert saved.text() == "Not saved yet."
    j.click(j.find(QPushButton, "panelSave", reports))
    assert saved.text().startswith(f"Saved by {MANAGER[1]} on {today:%d/%m/%Y}")
    status = j.find(QLabel, "reportsStatus", reports)
    assert status.text() == f"Recommendation saved for {WM_REF}."

    pseudonymised = j.find(QCheckBox, "panelPseudonymised", reports)
    assert pseudonymised.isChecked() and pseudonymised.isEnabled()
    note = j.find(QLabel, "panelAgendaNote", reports)
    assert note.text() == (
        f"2 cases for the panel on {today:%d/%m/%Y}, pseudonymised: names and other "
        "identifying details are removed."
    )
    rows = agenda(j, reports)
    # Each child by the panel's own reference, never the person reference the letters
    # print (issue 15, point 10), with where the case stands (point 12).
    assert [r[1:5] for r in rows] == [
        ["15", WM_SCHEME, "Received", MANAGER[1]],
        ["15", "West Berkshire youth drug diversion", "Received", MANAGER[1]],
    ]
    zoe_panel, lukasz_panel = rows[0][0], rows[1][0]
    for code in (zoe_panel, lukasz_panel):
        assert re.fullmatch(r"[A-Z2-9]{6}", code), code
        assert code not in (zoe, lukasz)
    assert zoe not in str(rows) and lukasz not in str(rows)
    assert rows[0][5] == (
        "Offer the programme. [name removed] has been open about using cannabis; her mum at "
        f"[address removed] will bring her. The {WM_SCHEME} suits her."
    )
    assert rows[1][5] == "No recommendation written yet."
    assert_nothing_identifying(str(rows))
    # The manager may see who they are: untick Pseudonymised, and the names show.
    j.click(pseudonymised)
    assert not pseudonymised.isChecked()
    assert [r[0] for r in agenda(j, reports)] == [
        f"Zoë O'Brien ({zoe})",
        f"Łukasz Nguyễn ({lukasz})",
    ]
    assert "identifiable: handle as OFFICIAL-SENSITIVE" in note.text()
    j.click(pseudonymised)
    assert [r[0] for r in agenda(j, reports)] == [zoe_panel, lukasz_panel]
    panel_date = j.find(QComboBox, "panelDate", reports)
    # The next panel is chosen already: today's.
    assert [panel_date.itemText(i) for i in range(panel_date.count())] == [
        f"{today:%d/%m/%Y} (next)"
    ]
    assert panel_date.currentText() == f"{today:%d/%m/%Y} (next)"
    manager_pack = tmp_path / "manager-pack.pdf"
    asked = save_dialog_answers(monkeypatch, manager_pack)
    # The real threaded runner reports progress while the pack is made; an error in a slot
    # (the old 'NoneType' has no attribute 'setLabelText') fails the test through pytest-qt.
    j.click(j.find(QPushButton, "panelPackButton", reports))
    j.qtbot.waitUntil(lambda: status.text().startswith("Saved the"), timeout=30_000)
    j.settle()
    assert asked == ["Save the panel pack"]
    assert status.text() == f"Saved the pseudonymised panel pack (2 cases) to {manager_pack}."
    j.assert_no_error_shown()
    assert not [w for w in j.top_levels() if w.objectName() == "panelPackProgress"]
    text = pdf_text(manager_pack)
    assert "Pseudonymised pack" in text
    assert WM_SCHEME in text
    assert_nothing_identifying(text)
    j.screenshot(j.window, "journey4_manager_panel_pack")
    j.sign_out()

    # --- the panel member signs in and reads the pack, pseudonymised -------------------
    j.sign_in(PANEL[0], PANEL[2])
    reports = j.go("Reports")
    pseudonymised = j.find(QCheckBox, "panelPseudonymised", reports)
    assert pseudonymised.isChecked() and not pseudonymised.isEnabled()
    assert pseudonymised.toolTip() == "Your role receives pseudonymised summaries only."
    # What the panel member reads on screen: the cases by person reference, the scheme's
    # name whole, the recommendation without the child's name or address.
    rows = agenda(j, reports)
    assert [r[:3] for r in rows] == [
        [zoe_panel, "15", WM_SCHEME],
        [lukasz_panel, "15", "West Berkshire youth drug diversion"],
    ]
    assert "[address removed] will bring her" in rows[0][5]
    assert_nothing_identifying(str(rows))
    note = j.find(QLabel, "panelAgendaNote", reports)
    assert "pseudonymised: names and other identifying details are removed" in note.text()
    # No recommendation to write: the panel reads only.
    for name in ("panelRecommendation", "panelSave", "panelOpen"):
        assert not [w for w in reports.findChildren(QWidget, name) if w.isVisible()], name
    panel_date = j.find(QComboBox, "panelDate", reports)
    assert panel_date.currentText() == f"{today:%d/%m/%Y} (next)"
    panel_pack = tmp_path / "panel-pack.pdf"
    save_dialog_answers(monkeypatch, panel_pack)
    j.click(j.find(QPushButton, "panelPackButton", reports))
    status = j.find(QLabel, "reportsStatus", reports)
    j.qtbot.waitUntil(lambda: status.text().startswith("Saved the"), timeout=30_000)
    j.settle()
    assert status.text() == f"Saved the pseudonymised panel pack (2 cases) to {panel_pack}."
    j.assert_no_error_shown()
    text = pdf_text(panel_pack)
    assert "Pseudonymised pack" in text
    assert f"Panel reference {zoe_panel} · {WM_SCHEME}" in text
    assert zoe not in text and lukasz not in text
    offence = today - timedelta(days=6)
    assert f"Status now Received Referral date {today.day} {today:%B %Y}" in text
    assert f"Offence date {offence.day} {offence:%B %Y}" in text
    assert f"referred under the {WM_SCHEME}." in text  # the background note
    assert "[name removed] lives with her mum [name removed] at [address removed]" in text
    assert "Offer the programme. [name removed] has been open about using cannabis" in text
    assert_nothing_identifying(text)
    j.screenshot(j.window, "journey4_panel_member")


def test_a_pack_finished_while_the_progress_dialog_is_still_busy_shows_no_error(
    set_up_app: Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 14, point 9: the pack's result can arrive while the progress dialog is still
    taking a step (a modal QProgressDialog's setValue processes events); closing the dialog
    then left the step holding None ('NoneType' object has no attribute 'setLabelText').
    A slow moment on the GUI thread at the first step makes that order certain: by the time
    the dialog moves, the worker has read, laid out and written the whole pack."""
    j = set_up_app
    refer(j)
    slowed: list[int] = []
    set_maximum = QProgressDialog.setMaximum

    def slow_first_step(dialog: QProgressDialog, value: int) -> None:
        if not slowed:
            slowed.append(value)
            time.sleep(1.5)  # the worker finishes meanwhile (real threaded runner)
        set_maximum(dialog, value)

    monkeypatch.setattr(QProgressDialog, "setMaximum", slow_first_step)
    j.sign_in(MANAGER[0], MANAGER[2])
    reports = j.go("Reports")
    pack = tmp_path / "pack.pdf"
    save_dialog_answers(monkeypatch, pack)
    status = j.find(QLabel, "reportsStatus", reports)
    j.click(j.find(QPushButton, "panelPackButton", reports))
    j.qtbot.waitUntil(lambda: status.text().startswith("Saved the"), timeout=30_000)
    j.settle(200)
    assert slowed == [4]  # the first step was taken: two cases, read then laid out
    assert status.text() == f"Saved the pseudonymised panel pack (2 cases) to {pack}."
    assert not [w for w in j.top_levels() if w.objectName() == "panelPackProgress"]
    j.assert_no_error_shown()
    # The screen is usable again: the next pack can be made.
    assert j.find(QPushButton, "panelPackButton", reports).isEnabled()
