"""Journey 2, intake: a manager imports the police's file, reviews a near-duplicate and
allocates the referrals; a practitioner adds a referral by hand, reads the eligibility
checklist, offers the programme, records consent, screens with CRAFFT and records the young
person's ethnicity. Clicks and keys only; every step asserts what the person sees.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from tests.journeys.conftest import ADMIN, MANAGER, PRACTITIONER, Journey
from yot_desktop.gui.dialogs.crafft import CrafftDialog
from yot_desktop.gui.dialogs.decisions import ConsentDialog
from yot_desktop.gui.dialogs.new_referral import NewReferralDialog
from yot_desktop.gui.screens.duplicates_review import DuplicatesDialog
from yot_desktop.gui.screens.import_preview import ImportPreviewDialog

HEADER = (
    "crime_reference,referral_date,scheme,referring_officer,officer_email,first_name,"
    "last_name,date_of_birth,gender,ethnicity,address_line_1,address_line_2,town,postcode,"
    "parent_name,parent_relationship,parent_phone,parent_email,offence_date,offence_location,"
    "substance,quantity,unit,supply_suspected,notes"
)


def type_unicode(j: Journey, widget: QWidget, text: str) -> None:
    """Type text with letters beyond ASCII (Zoë), as a keyboard with them does: QTest's
    keyClicks only knows ASCII, so each such letter is sent as a key press with its text."""
    j.type_into(widget, "")
    for ch in text:
        if ch.isascii():
            j.qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def tick(j: Journey, box: QCheckBox) -> None:
    """Click a tick box on its box (a wide row's middle may be empty space)."""
    assert box.isVisible() and box.isEnabled(), box.objectName()
    before = box.isChecked()
    j.qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() != before, f"{box.objectName()} did not change"


def police_file(tmp: Path) -> Path:
    """Three referrals; the last two are one letter apart with the same date of birth."""
    today = date.today()
    referred = (today - timedelta(days=3)).isoformat()
    offence = (today - timedelta(days=5)).isoformat()
    born = date(today.year - 14, 3, 14).strftime("%d/%m/%Y")
    other_born = date(today.year - 15, 7, 1).isoformat()
    rows = [
        f"43/26/0099991,{referred},WB,PC Jane Hollis,jane.hollis@police.example,Łukasz,"
        f"Kowalski,{other_born},male,Other White,12 Oxford Road,,Newbury,rg14 1ab,"
        f"Anna Kowalska,Mother,07700 900123,,{offence},Northbrook Street,cannabis,2.5,g,no,",
        f"43/26/0099992,{referred},WB,PC Jane Hollis,,Jayden,Marsh,{born},male,,"
        f"4 Kiln Road,,Thatcham,RG19 4AB,,,,,{offence},Kennet Centre,cannabis,1,g,no,",
        f"43/26/0099993,{referred},WB,PC Sam Dhillon,,Jaydon,Marsh,{born},male,,"
        f"4 Kiln Road,,Thatcham,RG19 4AB,,,,,{offence},Victoria Park,cannabis,2,g,no,",
    ]
    path = tmp / "police_referrals.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def manager_imports_reviews_and_allocates(
    j: Journey, csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    j.sign_in(MANAGER[0], MANAGER[2])
    # The operating system's file dialog stands in for a person choosing the file.
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(csv), ""))
    )
    j.menu("File", "Import police referrals…")
    preview = j.modal(ImportPreviewDialog)
    summary = j.find(QLabel, "importSummary", preview)
    j.qtbot.waitUntil(lambda: "ready to import" in summary.text())
    assert summary.text().startswith("3 referrals are ready to import: 3 eligible")
    table = j.find(QTableView, "importPreviewTable", preview)
    assert j.row_texts(table, 1) == ["43/26/0099991", "43/26/0099992", "43/26/0099993"]
    j.click(j.find(QPushButton, "importConfirmButton", preview))
    j.qtbot.waitUntil(lambda: not preview.isVisible())
    j.assert_no_error_shown()

    screen = j.window.referrals
    assert screen is not None and j.window.stack.currentWidget() is screen
    referrals = j.find(QTableView, "referralsTable")
    j.qtbot.waitUntil(lambda: len(j.row_texts(referrals, 1)) == 3)
    flags = dict(zip(j.row_texts(referrals, 1), j.row_texts(referrals, 8), strict=True))
    assert flags["43/26/0099993"] == "Possible duplicate"
    assert flags["43/26/0099991"] == ""

    # Point 8: the reference's last digits, as said on the phone, find the referral.
    search = j.find(QLineEdit, "referralsSearch")
    j.type_into(search, "0099991")
    j.qtbot.waitUntil(lambda: j.row_texts(referrals, 1) == ["43/26/0099991"], timeout=5000)
    assert j.find(QLabel, "referralsCount").text() == "1 referral"
    j.type_into(search, "99992")
    j.qtbot.waitUntil(lambda: j.row_texts(referrals, 1) == ["43/26/0099992"], timeout=5000)
    j.type_into(search, "")
    j.qtbot.waitUntil(lambda: len(j.row_texts(referrals, 1)) == 3, timeout=5000)

    # The near-duplicate: the two records side by side; they are twins, not one child.
    j.click(j.find(QPushButton, "duplicatesButton"))
    review = j.modal(DuplicatesDialog)
    pairs = j.find(QTableView, "duplicatePairs", review)
    j.qtbot.waitUntil(lambda: len(j.row_texts(pairs)) == 1)
    assert {j.row_texts(pairs, 0)[0], j.row_texts(pairs, 1)[0]} == {"Jayden Marsh", "Jaydon Marsh"}
    j.click_row(pairs, 0)
    side_by_side = review.compare_table
    j.qtbot.waitUntil(lambda: side_by_side.rowCount() > 0)
    assert side_by_side.item(0, 0).text() == "First name"
    assert {side_by_side.item(0, 1).text(), side_by_side.item(0, 2).text()} == {
        "Jayden",
        "Jaydon",
    }
    undo = j.find(QPushButton, "undoMergeButton", review)
    assert not undo.isEnabled()
    assert undo.toolTip() == "Only a merge not yet confirmed can be undone or confirmed"
    j.click(j.find(QPushButton, "notDuplicateButton", review))
    j.qtbot.waitUntil(lambda: j.row_texts(pairs) == [])
    merge = j.find(QPushButton, "mergeKeepLeft", review)
    assert not merge.isEnabled() and merge.toolTip() == "Choose a pair in the list first"
    j.click(j.find(QPushButton, "duplicatesClose", review))
    j.qtbot.waitUntil(lambda: not review.isVisible())
    j.qtbot.waitUntil(lambda: "Possible duplicate" not in j.row_texts(referrals, 8))

    # Allocate every referral to the practitioner.
    heading = j.find(QLabel, "referralHeading")
    for reference in ("43/26/0099991", "43/26/0099992", "43/26/0099993"):
        j.click_row_with(referrals, reference, 1)
        worker = j.find(QComboBox, "referralWorker")
        j.qtbot.waitUntil(lambda ref=reference: heading.text().startswith(ref))
        j.qtbot.waitUntil(worker.isEnabled)
        j.choose(worker, PRACTITIONER[1])
        j.qtbot.waitUntil(lambda ref=reference: _worker_of(j, referrals, ref) == PRACTITIONER[1])
    j.assert_no_error_shown()
    j.sign_out()


def _worker_of(j: Journey, view: QTableView, reference: str) -> str:
    texts = dict(zip(j.row_texts(view, 1), j.row_texts(view, 7), strict=True))
    return texts.get(reference, "")


def practitioner_adds_a_referral_by_hand(j: Journey) -> NewReferralDialog:
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    j.go("Caseload")
    caseload = j.find(QTableView, "caseloadTable")
    j.qtbot.waitUntil(lambda: len(j.row_texts(caseload)) == 3)
    assert j.find(QLabel, "caseloadCount").text() == "3 young people"
    # The caseload finds a young person by their referral's last digits too (point 8).
    search = j.find(QLineEdit, "caseloadSearch")
    j.type_into(search, "0099992")
    j.qtbot.waitUntil(lambda: j.row_texts(caseload) == ["Marsh, Jayden"], timeout=5000)
    j.type_into(search, "")
    j.qtbot.waitUntil(lambda: len(j.row_texts(caseload)) == 3, timeout=5000)
    # Ctrl+N opens the manual referral form.
    j.key(j.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = j.modal(NewReferralDialog)
    scheme = j.find(QComboBox, "new_scheme", form)
    # Point 4: the practitioner's team runs West Berkshire's scheme, so it is chosen.
    j.qtbot.waitUntil(lambda: scheme.count() == 3)
    assert scheme.currentText().startswith("WB — West Berkshire")
    j.type_into(j.find(QLineEdit, "new_crime_reference", form), "43/26/0123456")
    j.type_into(j.find(QLineEdit, "new_officer", form), "PC Ravi Shah")
    substance = j.find(QComboBox, "new_substance", form).lineEdit()
    assert substance is not None
    j.type_into(substance, "cannabis")
    j.type_into(j.find(QLineEdit, "new_quantity", form), "1.5")
    type_unicode(j, j.find(QLineEdit, "new_first_name", form), "Zoë")
    j.type_into(j.find(QLineEdit, "new_last_name", form), "Hart")
    born = j.find(QDateEdit, "new_date_of_birth", form)
    born.setFocus()
    j.key(born, Qt.Key.Key_End)  # the year
    j.key(born, Qt.Key.Key_PageDown)  # ten years earlier
    for _ in range(4):
        j.key(born, Qt.Key.Key_Down)
    assert born.date().year() == date.today().year - 14
    j.type_into(j.find(QLineEdit, "new_address_line_1", form), "1 Bath Road")
    j.type_into(j.find(QLineEdit, "new_town", form), "Newbury")
    j.type_into(j.find(QLineEdit, "new_postcode", form), "rg14 1aa")
    j.type_into(j.find(QLineEdit, "new_carer_name", form), "Sam Hart")
    j.type_into(j.find(QLineEdit, "new_carer_relationship", form), "Father")
    j.type_into(j.find(QLineEdit, "new_carer_phone", form), "0118 496 0000")
    j.click_button(form, "Save referral")
    j.qtbot.waitUntil(lambda: not form.isVisible())
    j.assert_no_error_shown()
    return form


def practitioner_offers_and_records_consent(j: Journey) -> None:
    # The new referral opens on the Referrals screen, its checklist decided.
    heading = j.find(QLabel, "referralHeading")
    j.qtbot.waitUntil(lambda: heading.text().startswith("43/26/0123456 · Zoë Hart"))
    checklist = j.find(QListWidget, "eligibilityChecklist")
    lines = [checklist.item(i).text() for i in range(checklist.count())]
    assert len(lines) == 5 and all(line.startswith("✔ Yes") for line in lines), lines
    assert j.find(QLabel, "eligibilityDecision").text() == "Decision at intake: eligible."

    # Point 13: what cannot be done now is disabled and says why.
    worker = j.find(QComboBox, "referralWorker")
    assert worker.currentText() == PRACTITIONER[1] and not worker.isEnabled()
    assert worker.toolTip() == "Managers allocate and reallocate referrals"
    consent = j.find(QPushButton, "consentButton")
    start = j.find(QPushButton, "action_in_programme")
    assert not consent.isEnabled()
    assert "Offer the programme first" in consent.toolTip()
    assert not start.isEnabled()
    assert "Offer the programme first" in start.toolTip()
    j.click(j.find(QPushButton, "action_offered"))
    j.qtbot.waitUntil(consent.isEnabled)
    assert "Offered" in _chips(j)
    assert not start.isEnabled()
    assert "young person's consent" in start.toolTip()

    def record(party: str, name: str) -> None:
        def in_the_dialog() -> None:
            dialog = j.modal(ConsentDialog)
            j.choose(j.find(QComboBox, "consentParty", dialog), party)
            assert j.find(QComboBox, "consentGivenBy", dialog).currentText() == name
            j.click_button(dialog, "Record consent", settle=False)

        # "Record consent…" opens a blocking dialog: a timer is the person's hands inside it.
        QTimer.singleShot(0, in_the_dialog)
        j.click(consent)

    record("The young person", "Zoë Hart")
    record("A parent or carer", "Sam Hart")
    info = j.find(QLabel, "decisionInfo")
    j.qtbot.waitUntil(lambda: "Parent or carer: Sam Hart consented" in info.text())
    assert "Young person: Zoë Hart consented" in info.text()
    j.qtbot.waitUntil(start.isEnabled)
    j.assert_no_error_shown()


def _chips(j: Journey) -> list[str]:
    panel = j.window.referrals.panel  # type: ignore[union-attr]
    row = panel.status_row
    return [
        w.text()
        for i in range(row.count())
        if (w := row.itemAt(i).widget()) is not None and isinstance(w, QLabel)
    ]


def practitioner_screens_and_records_ethnicity(j: Journey) -> None:
    j.go("Caseload")
    caseload = j.find(QTableView, "caseloadTable")
    j.qtbot.waitUntil(lambda: "Hart, Zoë" in j.row_texts(caseload))
    j.click_row_with(caseload, "Hart, Zoë")
    heading = j.find(QLabel, "personHeading")
    j.qtbot.waitUntil(lambda: heading.text() == "Zoë Hart")
    tabs = j.find(QTabWidget, "personTabs")

    j.tab(tabs, "Family")
    carers = j.find(QTableView, "carerTable")
    assert j.row_texts(carers) == ["Sam Hart"] and j.row_texts(carers, 1) == ["Father"]
    change = j.find(QPushButton, "editCarerButton")
    assert not change.isEnabled()
    assert change.toolTip() == "Choose a parent or carer in the list first"
    j.click_row(carers, 0)
    assert change.isEnabled()

    j.tab(tabs, "Screening")
    j.click(j.find(QPushButton, "newCrafftButton"))
    crafft = j.modal(CrafftDialog)
    j.type_into(j.find(QSpinBox, "crafft_cannabis_days", crafft), "12")
    tick(j, j.find(QCheckBox, "crafft_relax", crafft))
    tick(j, j.find(QCheckBox, "crafft_alone", crafft))
    result = j.find(QLabel, "crafftResult", crafft)
    assert result.text() == "2 of 6 — positive: a need is likely"
    j.click_button(crafft, "Save screen")
    j.qtbot.waitUntil(lambda: not crafft.isVisible())
    screens = j.find(QTableView, "screeningTable")
    j.qtbot.waitUntil(lambda: j.row_texts(screens, 2) == ["Positive (2 or more)"])
    assert j.row_texts(screens, 1) == ["2"]

    # Point 3: ethnicity is on the record; point 1: Save does not report a false conflict.
    j.tab(tabs, "Overview")
    ethnicity = j.find(QComboBox, "person_ethnicity")
    assert ethnicity.currentText() == "Not stated"
    save = j.find(QPushButton, "personSaveButton")
    assert not save.isEnabled()
    assert save.toolTip() == "Nothing to save yet: change a detail first"
    j.choose(ethnicity, "Indian")
    assert save.isEnabled()
    j.click(save)
    j.qtbot.wait(300)
    j.settle()
    assert not [w for w in j.top_levels() if isinstance(w, QDialog) and w.isModal()]
    j.assert_no_error_shown()
    assert not save.isEnabled()
    assert f"by {PRACTITIONER[1]}" in j.find(QLabel, "personUpdatedLabel").text()

    # Reload: another young person, then back; the saved value is shown.
    j.click_row_with(caseload, "Kowalski")
    j.qtbot.waitUntil(lambda: heading.text() == "Łukasz Kowalski")
    assert ethnicity.currentText() == "Other White"
    j.click_row_with(caseload, "Hart, Zoë")
    j.qtbot.waitUntil(lambda: heading.text() == "Zoë Hart")
    assert ethnicity.currentText() == "Indian"
    j.screenshot(j.window, "journey2_record")  # the README's picture of a record after intake

    # And it is what the database holds.
    services = j.services()
    user = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    found = services.people.search(user, "Zoë Hart").rows
    assert len(found) == 1
    assert services.people.get(user, found[0].id).ethnicity == "A3"


def test_intake_journey(
    set_up_app: Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    j = set_up_app
    manager_imports_reviews_and_allocates(j, police_file(tmp_path), monkeypatch)
    practitioner_adds_a_referral_by_hand(j)
    practitioner_offers_and_records_consent(j)
    practitioner_screens_and_records_ethnicity(j)
    j.sign_out()


def test_new_referral_never_picks_a_scheme_for_another_team(set_up_app: Journey) -> None:
    """A team that runs no scheme (or several): the form asks; it never picks one silently."""
    services = set_up_app.services()
    from yot_desktop.domain.enums import Role

    admin = services.auth.sign_in(ADMIN[0], ADMIN[2])
    services.users.add_user(
        admin,
        "r.reader",
        Role.PRACTITIONER,
        "reading-practitioner-pass",
        team="Reading Youth Justice Service",
        display_name="Rita Reader",
        must_change_password=False,
    )
    j = set_up_app
    j.sign_in("r.reader", "reading-practitioner-pass")
    j.menu("File", "New referral…")
    form = j.modal(NewReferralDialog)
    scheme = j.find(QComboBox, "new_scheme", form)
    j.qtbot.waitUntil(lambda: scheme.count() == 3)
    assert scheme.currentIndex() == -1
    assert scheme.placeholderText() == "Choose a scheme"
    assert scheme.currentText() == ""

    j.click_button(form, "Save referral")
    j.qtbot.waitUntil(lambda: bool(j.message_boxes()))
    (box,) = j.message_boxes()
    assert "scheme: choose a scheme" in box.text().lower()
    j.click(box.button(QMessageBox.StandardButton.Ok))
    assert form.isVisible()
    j.choose(scheme, "OX — Oxfordshire")
    assert scheme.currentData() == "OX"
