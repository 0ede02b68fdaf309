"""Journey 6, every button that saves (issue 14, journey 6 and point 1).

The young person's first Save was refused as "changed after you opened it": `clicked` sent
`checked=False` into `save(version=None)`. Here each Save, OK or Apply button of the app is
pressed once, on a record nobody else has touched, the way a person reaches it: signed in
through the sign-in dialog, by clicks from the main window. No conflict and no error may
appear. A button that is disabled on an untouched form (nothing to save yet) must say why in
its tooltip; the person then changes one thing, as they would, and presses it once.

What each case needs (a referral in a programme with a session, a carer...) is made through
services first: other journeys prove those steps through the window.
`tests/unit/gui/test_signal_slots.py` holds the same rule for every connection in the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTimeEdit,
    QWidget,
)

from tests.journeys.conftest import ADMIN, MANAGER, PRACTITIONER, Journey
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Attendance, ReferralStatus, Venue
from yot_desktop.gui.dialogs.conflict import ConflictDialog
from yot_desktop.services.intake.dto import CarerInput, NewReferral

CONFLICT_WORDS = ("changed after you opened it", "Someone else changed", "was changed by")
REF = "43/26/6001"


# --- what the person sees ------------------------------------------------------------------
def visible_text(j: Journey) -> str:
    """Every label and message box text on screen, to look for a conflict's words."""
    texts: list[str] = []
    for top in j.top_levels():
        for label in top.findChildren(QLabel):
            if label.isVisible():
                texts.append(label.text())
    texts += [b.text() for b in j.message_boxes()]
    return "\n".join(texts)


def assert_saved_quietly(j: Journey) -> None:
    """No error box, no conflict dialog, no conflict's words anywhere on screen."""
    j.settle(150)
    j.assert_no_error_shown()
    conflicts = [w for w in QApplication.topLevelWidgets() if isinstance(w, ConflictDialog)]
    assert not [w for w in conflicts if w.isVisible()], "a conflict dialog opened"
    text = visible_text(j)
    for words in CONFLICT_WORDS:
        assert words not in text, text


def button(j: Journey, parent: QWidget, name: str) -> QAbstractButton:
    found = j.find(QAbstractButton, name, parent)
    return found


def assert_disabled_says_why(widget: QAbstractButton) -> None:
    """A button with nothing to do yet is disabled and its tooltip says why."""
    assert not widget.isEnabled(), f"{widget.objectName()} is enabled on an untouched form"
    assert widget.toolTip().strip(), f"{widget.objectName()} is disabled without a reason"


def wait_for_row(j: Journey, view: QAbstractItemView, text: str, column: int | None = 0) -> None:
    """A list filled in the background: wait until the row is there (in any column: None)."""
    model = view.model()

    def there() -> bool:
        columns = range(model.columnCount()) if column is None else [column]
        return any(text in t for c in columns for t in j.row_texts(view, c))

    j.qtbot.waitUntil(there, timeout=15_000)


def fill_and_ok(
    j: Journey,
    open_it: Callable[[], None],
    name: str,
    fill: Callable[[QDialog], None],
    ok: str = "dialogOkButton",
) -> None:
    """A dialog the app runs with exec(): when it is up, fill it and click its OK button
    (by objectName, or by its text for Qt's own dialogs)."""
    done: list[bool] = []

    def when_open() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or dialog.objectName() != name:
            QTimer.singleShot(50, when_open)
            return
        fill(dialog)
        target = next(
            b
            for b in dialog.findChildren(QPushButton)
            if b.isVisible() and ok in (b.objectName(), b.text().replace("&", ""))
        )
        j.qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
        done.append(True)

    QTimer.singleShot(50, when_open)
    open_it()
    j.qtbot.waitUntil(lambda: bool(done), timeout=15_000)
    j.settle()


# --- the records each button needs, made through services ----------------------------------
@dataclass(frozen=True)
class Made:
    referral_id: int
    person_ref: str


def working_day_after(j: Journey, day: date) -> date:
    """The next working day after `day`, by the app's own calendar (bank holidays too)."""
    from yot_desktop.domain.calendar import WorkingCalendar

    calendar = WorkingCalendar()
    nxt = day + timedelta(days=1)
    while not calendar.is_working_day(nxt):
        nxt += timedelta(days=1)
    return nxt


def make_referral(j: Journey, *, carer: bool = False, programme: bool = False) -> Made:
    """A referral of the practitioner's, for a new young person; with a parent, and with
    the scheme's programme started (sessions weekly from the next working day at 10:00)."""
    services = j.services()
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    today = date.today()
    detail = services.referrals.create(
        worker,
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
            first_name="Zoë",
            last_name="Hart",
            date_of_birth=date(today.year - 15, 1, 1),
            gender="female",
            address_line_1="3 Kennet Close",
            town="Thatcham",
            postcode="RG19 4QF",
            carer=CarerInput(name="Siobhán Hart", relationship="Mother") if carer else None,
        ),
    )
    if programme:
        services.programmes.start(worker, detail.id, start=working_day_after(j, today), at=time(10))
    return Made(detail.id, detail.person_ref)


def open_person(j: Journey) -> QTabWidget:
    """Caseload: click the young person; their record opens on the right."""
    j.go("Caseload")
    caseload = j.find(QTableView, "caseloadTable")
    j.qtbot.waitUntil(lambda: any("Hart" in t for t in j.row_texts(caseload)), timeout=15_000)
    j.click_row_with(caseload, "Hart")
    return j.find(QTabWidget, "personTabs")


# --- the buttons, in the order of the issue ------------------------------------------------
def person_record_save(j: Journey) -> None:
    make_referral(j)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    open_person(j)
    save = j.find(QPushButton, "personSaveButton")
    assert_disabled_says_why(save)
    j.type_into(j.find(QLineEdit, "person_preferred_name"), "Zo")
    j.click(save)
    assert_saved_quietly(j)
    assert j.find(QLabel, "personHeading").text() == "Zo Hart"
    assert not save.isEnabled()


def carer_save(j: Journey) -> None:
    make_referral(j, carer=True)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    tabs = open_person(j)
    j.tab(tabs, "Family")
    table = j.find(QTableView, "carerTable")
    j.click_row_with(table, "Siobhán")
    j.click(j.find(QPushButton, "editCarerButton"), settle=False)
    dialog = j.modal(QDialog)
    j.click_button(dialog, "dialogOkButton")  # "Save changes", nothing changed
    assert_saved_quietly(j)
    assert not dialog.isVisible()
    assert any("Siobhán Hart" in t for t in j.row_texts(table))


def safeguarding_save(j: Journey) -> None:
    make_referral(j)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    tabs = open_person(j)
    j.tab(tabs, "Safeguarding")
    save = j.find(QPushButton, "saveSafeguarding")
    if not save.isEnabled():
        assert_disabled_says_why(save)
        j.click(j.find(QCheckBox, "sg_exploitation"))
    j.click(save)
    assert_saved_quietly(j)


def panel_recommendation_save(j: Journey) -> None:
    make_referral(j)
    j.sign_in(MANAGER[0], MANAGER[2])
    reports = j.go("Reports")
    j.type_into(j.find(QLineEdit, "panelReferral", reports), REF)
    j.click(j.find(QPushButton, "panelOpen", reports))
    save = j.find(QPushButton, "panelSave", reports)
    if not save.isEnabled():
        assert_disabled_says_why(save)
        j.type_into(j.find(QPlainTextEdit, "panelRecommendation", reports), "Offer it.")
    j.click(save)
    assert_saved_quietly(j)
    assert j.find(QLabel, "panelSaved", reports).text().startswith(f"Saved by {MANAGER[1]}")


def security_settings_save(j: Journey) -> None:
    j.sign_in(ADMIN[0], ADMIN[2])
    admin = j.go("Administration")
    j.click(j.find(QPushButton, "securitySettingsButton", admin), settle=False)
    dialog = j.modal(QDialog)
    save = j.find(QPushButton, "saveIdleMinutesButton", dialog)
    if not save.isEnabled():
        assert_disabled_says_why(save)
        spin = dialog.findChildren(QSpinBox)[0]
        j.type_into(spin, str(spin.value() + 1))
    j.click(save)
    assert_saved_quietly(j)


def scheme_editor_save(j: Journey) -> None:
    j.sign_in(MANAGER[0], MANAGER[2])
    referrals = j.go("Referrals")
    j.click(j.find(QPushButton, "schemesButton", referrals), settle=False)
    dialog = j.modal(QDialog)
    schemes = j.find(QListWidget, "schemeList", dialog)
    wait_for_row(j, schemes, "WB")
    j.click_row_with(schemes, "WB")
    j.click(button(j, dialog, "saveSchemeButton"))
    assert_saved_quietly(j)
    assert "Saved" in j.find(QLabel, "schemeStatus", dialog).text()


def catalogue_save(j: Journey) -> None:
    j.sign_in(ADMIN[0], ADMIN[2])
    j.menu("File", "Intervention catalogue…")
    dialog = j.modal(QDialog)
    table = j.find(QTableView, "catalogueTable", dialog)
    wait_for_row(j, table, "Assessment")
    j.click_row(table, 0)
    j.click(button(j, dialog, "catalogueSave"))
    assert_saved_quietly(j)
    assert "Saved" in j.find(QLabel, "catalogueMessage", dialog).text()


def venue_save(j: Journey) -> None:
    services = j.services()
    manager = services.auth.sign_in(MANAGER[0], MANAGER[2])
    services.calendar_settings.save_venue(manager, "Newbury office", Venue.YOT_OFFICE, 2, None)
    j.sign_in(MANAGER[0], MANAGER[2])
    calendar = j.go("Calendar")
    j.click(j.find(QPushButton, "calendarSettings", calendar), settle=False)
    dialog = j.modal(QDialog)
    save = button(j, dialog, "venueSave")
    if not save.isEnabled():
        assert_disabled_says_why(save)
    venues = j.find(QTableView, "venuesTable", dialog)
    wait_for_row(j, venues, "Newbury office")
    j.click_row_with(venues, "Newbury office")
    j.click(save)
    assert_saved_quietly(j)
    assert j.find(QLabel, "calendarSettingsMessage", dialog).text() == "Saved Newbury office."


def add_user_save(j: Journey) -> None:
    j.sign_in(ADMIN[0], ADMIN[2])
    admin = j.go("Administration")
    j.click(j.find(QPushButton, "addUserButton", admin), settle=False)
    dialog = j.modal(QDialog)
    save = button(j, dialog, "addUserSave")
    if not save.isEnabled():
        assert_disabled_says_why(save)
    j.type_into(j.find(QLineEdit, "newUsernameEdit", dialog), "p.three")
    j.type_into(j.find(QLineEdit, "newDisplayNameEdit", dialog), "Sam Practitioner")
    for edit in dialog.findChildren(QLineEdit):
        if edit.echoMode() == QLineEdit.EchoMode.Password and edit.isVisible():
            j.type_into(edit, "a-long-password-for-sam")
    j.click(save)
    assert_saved_quietly(j)
    assert not dialog.isVisible()
    assert any("p.three" in t for t in j.row_texts(j.find(QTableView, "usersTable", admin)))


def letterhead_save(j: Journey) -> None:
    j.sign_in(ADMIN[0], ADMIN[2])
    admin = j.go("Administration")
    save = j.find(QPushButton, "saveTeamButton", admin)
    if not save.isEnabled():
        assert_disabled_says_why(save)
        j.type_into(j.find(QLineEdit, "teamPhoneEdit", admin), "01635 503091")
    j.click(save)
    assert_saved_quietly(j)
    assert "Saved" in j.find(QLabel, "teamMessage", admin).text()


def letter_template_save(j: Journey) -> None:
    j.sign_in(MANAGER[0], MANAGER[2])
    letters = j.go("Letters")
    j.click(j.find(QPushButton, "lettersEditTemplates", letters))
    editor = j.find(QWidget, "templateEditor")
    text = j.find(QPlainTextEdit, "templateText", editor)
    j.qtbot.waitUntil(lambda: bool(text.toPlainText().strip()), timeout=15_000)
    save = button(j, editor, "templateSave")
    assert_disabled_says_why(save)
    # The person adds a note for colleagues at the end of the wording, then saves once.
    j.key(text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    j.key(text, Qt.Key.Key_Return)
    j.qtbot.keyClicks(text, "# Checked by the team")
    j.click(save)
    assert_saved_quietly(j)
    assert not save.isEnabled()


def open_referral(j: Journey) -> QWidget:
    """Referrals: find the referral by its crime reference and click it; its decisions show
    on the right."""
    referrals = j.go("Referrals")
    j.choose(j.find(QComboBox, "referralsView", referrals), "All referrals")
    j.type_into(j.find(QLineEdit, "referralsSearch", referrals), REF)
    table = referrals.findChild(QTableView, "referralsTable")
    assert table is not None
    j.qtbot.waitUntil(table.isVisible, timeout=15_000)  # the list, not its empty state
    wait_for_row(j, table, REF, column=None)
    j.click_row_with(table, REF, column_of(j, table, REF))
    return referrals


def column_of(j: Journey, view: QAbstractItemView, text: str) -> int:
    for column in range(view.model().columnCount()):
        if any(text in t for t in j.row_texts(view, column)):
            return column
    raise AssertionError(f"no {text!r} in {view.objectName()}")


def consent_save(j: Journey) -> None:
    made = make_referral(j, carer=True)
    services = j.services()
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    version = services.referrals.get(worker, made.referral_id).version
    services.decisions.change_status(worker, made.referral_id, version, ReferralStatus.OFFERED)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    referrals = open_referral(j)
    consent = j.find(QPushButton, "consentButton", referrals)

    def agree(dialog: QDialog) -> None:
        agreed = j.find(QCheckBox, "consentAgreed", dialog)
        if not agreed.isChecked():
            j.click(agreed, settle=False)

    fill_and_ok(j, lambda: j.click(consent, settle=False), "consentDialog", agree)
    assert_saved_quietly(j)
    assert "consent" in j.find(QLabel, "decisionInfo", referrals).text().lower()


def panel_decision_save(j: Journey) -> None:
    made = make_referral(j)
    services = j.services()
    manager = services.auth.sign_in(MANAGER[0], MANAGER[2])
    version = services.referrals.get(manager, made.referral_id).version
    services.decisions.record_panel(
        manager, made.referral_id, version, date.today(), "Offer the programme"
    )
    j.sign_in(MANAGER[0], MANAGER[2])
    referrals = open_referral(j)
    panel = j.find(QPushButton, "panelButton", referrals)
    # The record is untouched: the dialog opens with the panel's decision; Save it as it is.
    fill_and_ok(j, lambda: j.click(panel, settle=False), "panelDialog", lambda _d: None)
    assert_saved_quietly(j)
    assert "Offer the programme" in j.find(QLabel, "decisionInfo", referrals).text()


def programme_start(j: Journey) -> None:
    make_referral(j)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    today_screen = j.go("Today")
    tabs = j.find(QTabWidget, "todayTabs", today_screen)
    j.tab(tabs, "My work")
    j.type_into(j.find(QLineEdit, "programmeSearch", today_screen), REF)
    j.settle(400)
    table = next(
        v
        for v in today_screen.findChildren(QTableView)
        if v.isVisible()
        and any(REF in t for c in range(v.model().columnCount()) for t in j.row_texts(v, c))
    )
    j.click_row_with(table, REF, column_of(j, table, REF))
    j.click(j.find(QPushButton, "openProgramme", today_screen), settle=False)
    dialog = j.modal(QDialog)
    start = button(j, dialog, "programmeStart")
    j.qtbot.waitUntil(start.isEnabled, timeout=15_000)
    j.click(start)
    assert_saved_quietly(j)
    j.qtbot.waitUntil(lambda: "booked" in visible_text(j).lower(), timeout=15_000)


def booking_save(j: Journey) -> None:
    make_referral(j, programme=True)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    calendar = j.go("Calendar")
    j.click(j.find(QPushButton, "calendarBook", calendar), settle=False)
    dialog = j.modal(QDialog)
    day = date.today() + timedelta(days=21)
    while not WorkingCalendar().is_working_day(day):
        day += timedelta(days=1)
    when = j.find(QDateEdit, "bookDate", dialog)
    when.setFocus()
    j.qtbot.keyClicks(when, f"{day:%d/%m/%Y}")
    assert when.date().toPython() == day, when.date().toPython()
    save = button(j, dialog, "bookSave")
    j.settle(400)
    j.qtbot.waitUntil(save.isEnabled, timeout=15_000)
    j.click(save)
    assert_saved_quietly(j)
    assert not dialog.isVisible()


def mark_attendance_save(j: Journey) -> None:
    made = make_referral(j)
    services = j.services()
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    day = date.today() - timedelta(days=1)
    while not WorkingCalendar().is_working_day(day):
        day -= timedelta(days=1)
    services.programmes.start(worker, made.referral_id, start=day, at=time(10))
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    today_screen = j.go("Today")
    heading = j.find(QLabel, "registerHeading", today_screen)
    for _ in range(10):
        if f"{day:%-d %B %Y}" in heading.text() or f"{day:%d/%m/%Y}" in heading.text():
            break
        j.click(j.find(QPushButton, "registerPrevious", today_screen))
    register = next(v for v in today_screen.findChildren(QTableView) if v.isVisible())
    wait_for_row(j, register, "Hart", column=None)
    j.click_row(register, 0)
    j.click(j.find(QPushButton, "mark_did_not_attend", today_screen), settle=False)
    dialog = j.modal(QDialog)
    save = button(j, dialog, "markSave")
    if not save.isEnabled():
        assert_disabled_says_why(save)
    j.click(save)
    assert_saved_quietly(j)
    assert not dialog.isVisible()


def referral_at(j: Journey, *statuses: ReferralStatus) -> Made:
    """A referral moved through `statuses` by its practitioner (through services)."""
    made = make_referral(j, carer=True)
    services = j.services()
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    for status in statuses:
        version = services.referrals.get(worker, made.referral_id).version
        services.decisions.change_status(worker, made.referral_id, version, status)
    return made


def police_told_save(j: Journey) -> None:
    referral_at(j, ReferralStatus.OFFERED, ReferralStatus.DECLINED)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    referrals = open_referral(j)
    j.click(j.find(QPushButton, "policeButton", referrals))
    assert_saved_quietly(j)
    assert f"{date.today():%d/%m/%Y}" in j.find(QLabel, "decisionInfo", referrals).text()


def outcome_code_ok(j: Journey) -> None:
    referral_at(j, ReferralStatus.OFFERED, ReferralStatus.DECLINED)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    referrals = open_referral(j)
    outcome = j.find(QPushButton, "outcomeButton", referrals)
    # The list opens on its first code; the person takes it as it is.
    fill_and_ok(j, lambda: j.click(outcome, settle=False), "", lambda _d: None, ok="OK")
    assert_saved_quietly(j)
    assert "outcome" in j.find(QLabel, "decisionInfo", referrals).text().lower()


def crafft_screen_save(j: Journey) -> None:
    make_referral(j)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    tabs = open_person(j)
    j.tab(tabs, "Screening")
    j.click(j.find(QPushButton, "newCrafftButton"), settle=False)
    dialog = j.modal(QDialog)
    # No use in the past year (all days 0): only the Car question is asked. Answer it.
    car = j.find(QCheckBox, "crafft_car", dialog)
    j.click(car, settle=False)
    j.click_button(dialog, "dialogOkButton")
    assert_saved_quietly(j)
    assert not dialog.isVisible()
    screens = j.find(QTableView, "screeningTable")
    wait_for_row(j, screens, f"{date.today():%d/%m/%Y}", column=None)


def crafft_wording_save(j: Journey) -> None:
    j.sign_in(MANAGER[0], MANAGER[2])
    referrals = j.go("Referrals")
    j.click(j.find(QPushButton, "crafftWordingButton", referrals), settle=False)
    dialog = j.modal(QDialog)
    j.settle(200)
    j.click_button(dialog, "dialogOkButton")  # "Save wording", as loaded
    assert_saved_quietly(j)
    assert not dialog.isVisible()


def retention_rule_save(j: Journey) -> None:
    j.sign_in(ADMIN[0], ADMIN[2])
    retention = j.go("Retention")
    save = j.find(QPushButton, "retentionSaveSettings", retention)
    if not save.isEnabled():
        assert_disabled_says_why(save)
        spin = j.find(QSpinBox, "retentionYearsSpin", retention)
        j.type_into(spin, str(spin.value() + 1))
    j.click(save)
    assert_saved_quietly(j)
    j.qtbot.waitUntil(
        lambda: "Saved" in j.find(QLabel, "retentionStatus", retention).text(), timeout=15_000
    )


def missed_yesterday(j: Journey) -> date:
    """A programme whose first session was two working days ago, marked did not attend
    (through services): its follow-up is overdue and the mark can be corrected."""
    made = make_referral(j)
    services = j.services()
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    day = last_working_day(j, last_working_day(j, date.today()))
    started = services.programmes.start(worker, made.referral_id, start=day, at=time(10))
    first = started.booked[0]
    services.attendance.mark(worker, first.id, first.version, Attendance.DID_NOT_ATTEND)
    return day


def last_working_day(j: Journey, before: date | None = None) -> date:
    """The last working day before `before` (today), by the app's calendar."""
    day = (before or date.today()) - timedelta(days=1)
    while not WorkingCalendar().is_working_day(day):
        day -= timedelta(days=1)
    return day


def register_on(j: Journey, day: date) -> tuple[QWidget, QTableView]:
    """Today: go back day by day to `day`'s register; its table of sessions."""
    today_screen = j.go("Today")
    heading = j.find(QLabel, "registerHeading", today_screen)
    for _ in range(10):
        if f"{day:%-d %B %Y}" in heading.text() or f"{day:%d/%m/%Y}" in heading.text():
            break
        j.click(j.find(QPushButton, "registerPrevious", today_screen))
    register = next(v for v in today_screen.findChildren(QTableView) if v.isVisible())
    wait_for_row(j, register, "Hart", column=None)
    return today_screen, register


def follow_up_save(j: Journey) -> None:
    """A follow-up made today is due the next working day, and My work lists only overdue
    ones: with nothing overdue, the button says so instead of opening an empty dialog."""
    missed_yesterday(j)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    today_screen = j.go("Today")
    j.tab(j.find(QTabWidget, "todayTabs", today_screen), "My work")
    done = j.find(QPushButton, "followUpDone", today_screen)
    j.settle(200)
    assert_disabled_says_why(done)
    assert "overdue" in done.toolTip()


def correct_mark_save(j: Journey) -> None:
    day = missed_yesterday(j)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    today_screen, register = register_on(j, day)
    j.click_row(register, 0)
    j.click(j.find(QPushButton, "markCorrect", today_screen), settle=False)
    dialog = j.modal(QDialog)
    save = button(j, dialog, "markSave")
    if not save.isEnabled():
        assert_disabled_says_why(save)
    # Proof of a good reason came in: tick it, say why, save once.
    j.click(j.find(QCheckBox, "markEvidenceCheck", dialog), settle=False)
    j.type_into(j.find(QPlainTextEdit, "markCorrectionNote", dialog), "Doctor's note came in")
    j.click(save)
    assert_saved_quietly(j)
    assert not dialog.isVisible()


def open_programme(j: Journey) -> QDialog:
    """Today > My work: find the referral, Start or tailor the programme."""
    today_screen = j.go("Today")
    j.tab(j.find(QTabWidget, "todayTabs", today_screen), "My work")
    j.type_into(j.find(QLineEdit, "programmeSearch", today_screen), REF)
    j.settle(400)
    table = next(
        v
        for v in today_screen.findChildren(QTableView)
        if v.isVisible()
        and any(REF in t for c in range(v.model().columnCount()) for t in j.row_texts(v, c))
    )
    j.click_row_with(table, REF, column_of(j, table, REF))
    j.click(j.find(QPushButton, "openProgramme", today_screen), settle=False)
    return j.modal(QDialog)


def programme_line_save(j: Journey) -> None:
    make_referral(j, programme=True)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    dialog = open_programme(j)
    items = j.find(QTableView, "programmeItems", dialog)
    wait_for_row(j, items, "Assessment", column=None)
    j.click_row(items, 0)
    save = button(j, dialog, "programmeApply")
    if not save.isEnabled():
        assert_disabled_says_why(save)
        spin = j.find(QSpinBox, "programmeEditCount", dialog)
        j.type_into(spin, str(spin.value() + 1))
    j.click(save)
    assert_saved_quietly(j)
    assert "changed after" not in j.find(QLabel, "programmeMessage", dialog).text()


def programme_add(j: Journey) -> None:
    make_referral(j, programme=True)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    dialog = open_programme(j)
    wait_for_row(j, j.find(QTableView, "programmeItems", dialog), "Assessment", column=None)
    add = button(j, dialog, "programmeAdd")
    j.qtbot.waitUntil(add.isEnabled, timeout=15_000)
    j.click(add)
    assert_saved_quietly(j)
    assert j.find(QLabel, "programmeMessage", dialog).text().startswith("Added")


def engagement_decision_save(j: Journey) -> None:
    """Two sessions missed without a reason reach West Berkshire's limit: the manager
    decides. Untouched, the dialog has no decision chosen: Save waits for one."""
    made = make_referral(j)
    services = j.services()
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    start = date.today() - timedelta(days=15)
    while not WorkingCalendar().is_working_day(start) or not WorkingCalendar().is_working_day(
        start + timedelta(days=7)
    ):
        start -= timedelta(days=1)
    started = services.programmes.start(worker, made.referral_id, start=start, at=time(10))
    for session in started.booked[:2]:
        services.attendance.mark(worker, session.id, session.version, Attendance.DID_NOT_ATTEND)
    j.sign_in(MANAGER[0], MANAGER[2])
    today_screen = j.go("Today")
    j.tab(j.find(QTabWidget, "todayTabs", today_screen), "Engagement and completion")
    decisions = j.find(QTableView, "decisionsTable", today_screen)
    wait_for_row(j, decisions, "Hart", column=None)
    j.click_row_with(decisions, "Hart", column_of(j, decisions, "Hart"))
    j.click(j.find(QPushButton, "decideButton", today_screen), settle=False)
    dialog = j.modal(QDialog)
    save = button(j, dialog, "decisionSave")
    if not save.isEnabled():
        assert_disabled_says_why(save)
    # The person clicks the words of the choice (a wide radio button answers only there).
    choice = j.find(QRadioButton, "decisionContinue", dialog)
    j.qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(8, choice.height() // 2))
    assert choice.isChecked()
    j.type_into(j.find(QPlainTextEdit, "decisionReason", dialog), "Mum has agreed to bring her")
    j.click(save)
    assert_saved_quietly(j)
    problem = j.find(QLabel, "decisionProblem", dialog).text() if dialog.isVisible() else ""
    assert not dialog.isVisible(), problem


def closure_day_add(j: Journey) -> None:
    j.sign_in(MANAGER[0], MANAGER[2])
    calendar = j.go("Calendar")
    j.click(j.find(QPushButton, "calendarSettings", calendar), settle=False)
    dialog = j.modal(QDialog)
    j.type_into(j.find(QLineEdit, "closureReason", dialog), "Staff training day")
    shown_day = j.find(QDateEdit, "closureDate", dialog).date().toPython()
    j.click(button(j, dialog, "closureAdd"))
    assert_saved_quietly(j)
    message = j.find(QLabel, "calendarSettingsMessage", dialog).text()
    assert message == f"The team is closed on {shown_day:%d/%m/%Y}.", message


def move_session_save(j: Journey) -> None:
    make_referral(j, programme=True)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    calendar = j.go("Calendar")
    j.click(j.find(QPushButton, "calendarWeekView", calendar))
    agenda = j.find(QTableView, "calendarAgenda", calendar)

    def listed() -> bool:
        rows = range(agenda.model().columnCount())
        return any("Hart" in t for c in rows for t in j.row_texts(agenda, c))

    for _ in range(3):  # the first session is on the next working day: this week or next
        j.settle(200)
        if listed():
            break
        j.click(j.find(QPushButton, "calendarNext", calendar))
    assert listed(), "the programme's first session is not in the calendar"
    j.click_row_with(agenda, "Hart", column_of(j, agenda, "Hart"))
    j.click(j.find(QPushButton, "calendarMove", calendar), settle=False)
    dialog = j.modal(QDialog)
    when = j.find(QTimeEdit, "bookTime", dialog)
    when.setFocus()
    j.qtbot.keyClicks(when, "14:00")
    assert when.time().toPython() == time(14), when.time().toPython()
    save = button(j, dialog, "bookSave")
    j.settle(400)
    j.qtbot.waitUntil(save.isEnabled, timeout=15_000)
    j.click(save)
    assert_saved_quietly(j)
    assert not dialog.isVisible()


def letter_mark_sent(j: Journey) -> None:
    make_referral(j, carer=True, programme=True)
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    letters = j.go("Letters")
    due = j.find(QTableView, "lettersDueTable", letters)
    wait_for_row(j, due, "Hart", column=None)
    j.click_row_with(due, "Hart", column_of(j, due, "Hart"))
    sent = j.find(QPushButton, "lettersMarkSent", letters)
    assert_disabled_says_why(sent)  # nothing made yet to send
    out = j.tmp / "letter.pdf"
    with pytest.MonkeyPatch.context() as mp:  # the operating system's save dialog
        mp.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "PDF (*.pdf)"))
        j.click(j.find(QPushButton, "lettersSave", letters))
        j.qtbot.waitUntil(out.exists, timeout=30_000)
    j.qtbot.waitUntil(sent.isEnabled, timeout=15_000)
    j.click(sent)
    assert_saved_quietly(j)
    assert "sent" in j.find(QLabel, "lettersStatus", letters).text().lower()


CASES: dict[str, Callable[[Journey], None]] = {
    "person record Save": person_record_save,
    "carer Save": carer_save,
    "safeguarding Save": safeguarding_save,
    "referral consent OK": consent_save,
    "referral panel decision OK": panel_decision_save,
    "referral police told": police_told_save,
    "referral outcome code OK": outcome_code_ok,
    "CRAFFT screen Save": crafft_screen_save,
    "programme start": programme_start,
    "programme Add intervention": programme_add,
    "programme line Save": programme_line_save,
    "booking Save": booking_save,
    "calendar Move session": move_session_save,
    "mark attendance Save": mark_attendance_save,
    "correct the mark Save": correct_mark_save,
    "follow-up Save": follow_up_save,
    "engagement decision Save": engagement_decision_save,
    "panel recommendation Save": panel_recommendation_save,
    "letter Mark as sent": letter_mark_sent,
    "letter template Save": letter_template_save,
    "scheme editor Save": scheme_editor_save,
    "catalogue Save": catalogue_save,
    "calendar venue Save": venue_save,
    "calendar closure day Add": closure_day_add,
    "CRAFFT wording Save": crafft_wording_save,
    "security settings Save": security_settings_save,
    "retention rule Save": retention_rule_save,
    "administration add user Save": add_user_save,
    "administration letterhead Save": letterhead_save,
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_button_that_saves_saves_once_without_a_conflict(
    set_up_app: Journey, case: str
) -> None:
    CASES[case](set_up_app)
    set_up_app.screenshot(set_up_app.window, f"journey6_{case.replace(' ', '_')}")
