"""Journey 3, delivery: a practitioner starts a programme whose standard weekly times clash with
her diary (the app moves each clashing session to the nearest free time; she changes one and
books), marks the register (attended, late, did not attend with a reason and without one),
sees the follow-up, books make-up sessions, confirms completion, and sends the reminder, the
missed-session letter, the completion letter and the certificate: previewed, printed to PDF
and marked sent. Clicks and keys only; every step asserts what she sees.

The referral (and a second young person whose sessions fill her diary) are set up through the
services: journey 2 proves referrals through the window. Dates are relative to today and go
through the app's own working-day rules (weekends, England and Wales bank holidays), so the
story reads the same on any day: the programme started five weeks ago.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTimeEdit,
    QWidget,
)

from tests.journeys.conftest import PRACTITIONER, Journey
from yot_desktop.domain import letter_rules
from yot_desktop.domain.calendar import WorkingCalendar, long_date, weekday_name
from yot_desktop.domain.enums import Attendance, ReferralStatus
from yot_desktop.gui.dialogs.mark_dialog import MarkDialog
from yot_desktop.gui.dialogs.programme_dialog import ProgrammeDialog
from yot_desktop.services.intake.dto import CarerInput, NewReferral

OURS = "43/26/0031001"
OTHER = "43/26/0031002"
CAL = WorkingCalendar()  # the app's rules; the new team has no closure days


def refer(j: Journey, ref: str, first: str, last: str, carer: str) -> int:
    """A referral in the practitioner's team, made by her (as journey 2 does in the window)."""
    services = j.services()
    me = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    today = date.today()
    detail = services.referrals.create(
        me,
        NewReferral(
            crime_reference=ref,
            referral_date=today - timedelta(days=40),
            scheme_code="WB",
            referring_officer="PC Jane Hollis",
            offence_date=today - timedelta(days=45),
            substance="cannabis",
            quantity=Decimal("2"),
            unit="g",
            supply_suspected=False,
            first_name=first,
            last_name=last,
            date_of_birth=date(today.year - 15, 1, 1),
            gender="female",
            address_line_1="12 Oxford Road",
            town="Newbury",
            postcode="RG14 1AB",
            carer=CarerInput(name=carer, relationship="Mother"),
        ),
    )
    return detail.id


# --- the hands on dates and times ----------------------------------------------------------
def type_date(j: Journey, edit: QDateEdit, day: date) -> None:
    """Double-click the day in a date field and type the whole date, as people do."""
    line = edit.findChild(QLineEdit)
    assert line is not None
    j.qtbot.mouseDClick(line, Qt.MouseButton.LeftButton, pos=QPoint(8, line.height() // 2))
    j.qtbot.keyClicks(edit, day.strftime("%d%m%Y"))
    j.settle()
    assert edit.date().toPython() == day, f"{edit.objectName()} shows {edit.text()}"


def type_time(j: Journey, edit: QTimeEdit, at: time) -> None:
    line = edit.findChild(QLineEdit)
    assert line is not None
    j.qtbot.mouseDClick(line, Qt.MouseButton.LeftButton, pos=QPoint(8, line.height() // 2))
    j.qtbot.keyClicks(edit, at.strftime("%H%M"))
    j.settle()
    assert edit.time().toPython() == at, f"{edit.objectName()} shows {edit.text()}"


def type_number(j: Journey, spin: QAbstractSpinBox, value: int) -> None:
    line = spin.findChild(QLineEdit)
    assert line is not None
    j.qtbot.mouseDClick(line, Qt.MouseButton.LeftButton, pos=QPoint(8, line.height() // 2))
    j.qtbot.keyClicks(spin, str(value))
    j.settle()


def weekly(first: date, count: int) -> list[date]:
    return CAL.weekly_series(first, count)


def make_up_start(today: date, last_standard: date) -> date:
    """Three weekly make-up sessions: two before today, one within the week ahead."""
    for back in range(8, 14):
        first = CAL.on_or_after(today - timedelta(days=back))
        days = weekly(first, 3)
        if last_standard < days[0] and days[1] < today < days[2] <= today + timedelta(days=7):
            return first
    raise AssertionError("no make-up dates fit round the bank holidays")  # pragma: no cover


# --- the screens -------------------------------------------------------------------------------
def open_programme(j: Journey, ref: str) -> ProgrammeDialog:
    today = j.go("Today")
    tabs = j.find(QTabWidget, "todayTabs", today)
    j.tab(tabs, "My work")
    referrals = j.find(QTableView, "programmeReferralsTable", today)
    j.click_row_with(referrals, ref, 0)
    j.click(j.find(QPushButton, "openProgramme", today))
    dialog = j.modal(ProgrammeDialog)
    j.settle()
    return dialog


def register_on(j: Journey, day: date) -> QWidget:
    screen = j.go("Today")
    j.tab(j.find(QTabWidget, "todayTabs", screen), "Register")
    register = j.find(QWidget, "registerPanel", screen)
    type_date(j, j.find(QDateEdit, "registerDate", register), day)
    return register


def mark(
    j: Journey,
    day: date,
    button: str,
    *,
    reason: str | None = None,
    evidence: bool = False,
) -> str:
    """Mark Siobhán's session on `day`; returns what the register says was recorded."""
    register = register_on(j, day)
    table = j.find(QTableView, "registerTable", register)
    j.click_row_with(table, "Siobhán", 1)
    j.click(j.find(QPushButton, button, register))
    if reason is not None:
        dialog = j.modal(MarkDialog)
        if reason:
            j.type_into(j.find(QPlainTextEdit, "markReasonEdit", dialog), reason)
        else:
            hint = j.find(QLabel, "markReasonHint", dialog).text()
            assert "counts as unexplained" in hint
        if evidence:
            box = j.find(QCheckBox, "markEvidenceCheck", dialog)
            j.qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
            assert box.isChecked()
        j.click(j.find(QPushButton, "markSave", dialog))
        assert not dialog.isVisible()
    j.assert_no_error_shown()
    return j.find(QLabel, "registerResult", register).text()


def send_letter(
    j: Journey,
    kind: str,
    printed: list[Path],
    due_for: date | None = None,
    previewed: list[str] | None = None,
) -> str:
    """Choose Siobhán's letter due, preview it, print it to PDF, mark it sent; the text (and
    the words under the preview, into `previewed`)."""
    letters = j.go("Letters")
    due = j.find(QTableView, "lettersDueTable", letters)
    days, kinds, people = j.row_texts(due, 0), j.row_texts(due, 1), j.row_texts(due, 3)
    rows = [
        r
        for r, (day, k, who) in enumerate(zip(days, kinds, people, strict=True))
        if kind in k and "Siobhán" in who and (due_for is None or day == f"{due_for:%d/%m/%Y}")
    ]
    assert rows, f"no {kind} letter for Siobhán: {list(zip(kinds, people, strict=True))}"
    j.click_row(due, rows[0], 1)
    status = j.find(QLabel, "lettersStatus", letters)
    j.qtbot.waitUntil(lambda: "preview" in status.text(), timeout=15_000)
    if previewed is not None:
        previewed.append(status.text())
    printed_before = len(printed)
    j.click(j.find(QPushButton, "lettersPrint", letters))
    j.qtbot.waitUntil(lambda: len(printed) > printed_before, timeout=15_000)
    j.settle()
    assert status.text().endswith(": printed to the file chosen."), status.text()
    j.click(j.find(QPushButton, "lettersMarkSent", letters))
    j.qtbot.waitUntil(lambda: "sent (Post," in status.text(), timeout=15_000)
    j.assert_no_error_shown()
    assert not j.find(QPushButton, "lettersMarkSent", letters).isEnabled()
    text = "\n".join(page.extract_text() for page in PdfReader(printed[-1]).pages)
    return " ".join(text.split())


@pytest.fixture
def print_to_pdf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The system's print dialog, answered 'Print to file (PDF)' into tmp: each file made."""
    made: list[Path] = []

    def accept(dialog: QPrintDialog) -> QDialog.DialogCode:
        path = tmp_path / f"printed-{len(made) + 1}.pdf"
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        made.append(path)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    return made


def test_delivery(set_up_app: Journey, print_to_pdf: list[Path], tmp_path: Path) -> None:
    j = set_up_app
    today = date.today()
    ours = refer(j, OURS, "Siobhán", "O'Brien", "Niamh O'Brien")
    other = refer(j, OTHER, "Łukasz", "Kowalski", "Anna Kowalska")
    d1 = CAL.on_or_after(today - timedelta(days=35))
    standard = weekly(d1, 4)
    assert standard[-1] < today

    # Her diary: Łukasz's programme from the day of Siobhán's second session, at 16:00.
    services = j.services()
    me = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    services.programmes.start(me, other, start=standard[1], at=time(16, 0))

    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])

    # --- booking round the clashes ------------------------------------------------------------
    dialog = open_programme(j, OURS)
    assert "has no programme yet" in j.find(QLabel, "programmeSummary", dialog).text()
    type_date(j, j.find(QDateEdit, "programmeStartDate", dialog), d1)
    summary = j.find(QLabel, "proposedSummary", dialog)
    j.qtbot.waitUntil(lambda: "clash" in summary.text(), timeout=15_000)
    # His assessment (16:00 to 17:30) falls on her second session's day; his weekly sessions
    # (16:00 to 17:00) on the days after it that the two series share.
    his = weekly(standard[1], 4)
    clashing = [day in his for day in standard]
    assert summary.text().startswith(f"{sum(clashing)} of 4 sessions clash with the diary")
    notes = [j.find(QLabel, f"proposedNote{n}", dialog).text() for n in range(1, 5)]
    assert notes[0] == "Free in the diary."
    assert notes[1] == (
        f"Moved from {standard[1]:%A} {long_date(standard[1])} at 16:00: Priya Practitioner "
        f"already has a session from 16:00 to 17:30 on {long_date(standard[1])}."
    )
    assert [n.startswith("Moved from ") for n in notes] == clashing
    times = [j.find(QTimeEdit, f"proposedTime{n}", dialog).text() for n in range(1, 5)]
    expected = [time(16)] + [time(17) if c else time(16) for c in clashing[1:]]
    expected[1] = time(17, 30)
    assert times == [f"{t:%H:%M}" for t in expected]
    # She would rather see Siobhán at 18:00 in the last week.
    type_time(j, j.find(QTimeEdit, "proposedTime4", dialog), time(18, 0))
    note = j.find(QLabel, "proposedNote4", dialog).text()
    assert note.startswith("Changed by you") and note.endswith(": free in the diary."), note
    j.screenshot(dialog, "journey3_booking")  # the README's picture of booking round clashes
    j.click(j.find(QPushButton, "programmeStart", dialog))
    j.assert_no_error_shown()
    message = j.find(QLabel, "programmeMessage", dialog).text()
    chosen = [datetime.combine(d, t) for d, t in zip(standard, expected, strict=True)]
    chosen[3] = datetime.combine(standard[3], time(18))
    assert message.startswith(
        "Programme started. Sessions booked on " + ", ".join(f"{c:%d/%m/%Y %H:%M}" for c in chosen)
    ), message
    sessions = j.find(QTableView, "programmeSessions", dialog)
    assert sessions.model().rowCount() == 4
    j.click(j.find(QPushButton, "programmeClose", dialog))

    # --- the register ---------------------------------------------------------------------------
    assert (
        mark(j, standard[0], "mark_attended") == "Siobhán O'Brien: attended. Engagement: on track."
    )
    assert mark(j, standard[1], "mark_late").startswith("Siobhán O'Brien: late.")
    explained = mark(
        j,
        standard[2],
        "mark_did_not_attend",
        reason="Unwell: her mum rang in the morning",
        evidence=True,
    )
    follow_up = long_date(CAL.next_working_day(today))
    assert explained.startswith(f"Siobhán O'Brien: did not attend. Follow-up due {follow_up}.")
    unexplained = mark(j, standard[3], "mark_did_not_attend", reason="")
    assert unexplained.startswith(f"Siobhán O'Brien: did not attend. Follow-up due {follow_up}.")
    assert "Letter due: missed appointment." in unexplained
    assert "Engagement: at risk." in unexplained
    table = j.find(QTableView, "registerTable", j.window)
    assert "Did not attend" in j.row_texts(table, 6)
    j.screenshot(j.window, "journey3_today")  # the README's picture of the register

    # --- make-up sessions ----------------------------------------------------------------------
    make_up = weekly(make_up_start(today, standard[-1]), 3)
    dialog = open_programme(j, OURS)
    items = j.find(QTableView, "programmeItems", dialog)
    j.click_row_with(items, "Drug education", 1)
    type_number(j, j.find(QSpinBox, "programmeEditCount", dialog), 6)
    j.click(j.find(QPushButton, "programmeApply", dialog))
    assert j.row_texts(items, 2) == ["1", "6"]
    type_date(j, j.find(QDateEdit, "programmeBookDate", dialog), make_up[0])
    type_time(j, j.find(QTimeEdit, "programmeBookTime", dialog), time(17, 30))
    j.click(j.find(QPushButton, "programmeBookRemaining", dialog))
    j.assert_no_error_shown()
    assert j.find(QLabel, "programmeMessage", dialog).text() == (
        "Booked 3 sessions: " + ", ".join(f"{d:%d/%m/%Y}" for d in make_up) + "."
    )
    j.click(j.find(QPushButton, "programmeClose", dialog))

    # The reminder for the make-up session still to come.
    previewed: list[str] = []
    reminder = send_letter(j, "Reminder", print_to_pdf, due_for=make_up[2], previewed=previewed)
    assert "O'Brien" in reminder and long_date(make_up[2]) in reminder, reminder
    # Second-class post can take three working days: a reminder that may come after the
    # session says so under the preview (which one depends on today's date).
    late = make_up[2] <= letter_rules.arrives_on(today, CAL)
    warned = "this letter may not arrive before the appointment it names" in previewed[0]
    assert warned == late, (previewed, make_up[2])
    if late:
        assert f"{weekday_name(make_up[2])} {make_up[2].day} {make_up[2]:%B}" in previewed[0]
    assert "17:30" in reminder

    assert mark(j, make_up[0], "mark_attended").startswith("Siobhán O'Brien: attended.")
    done = mark(j, make_up[1], "mark_attended")
    assert "Every required session is attended: confirm completion in My work." in done

    # --- completion -------------------------------------------------------------------------------
    screen = j.go("Today")
    j.tab(j.find(QTabWidget, "todayTabs", screen), "Engagement and completion")
    completions = j.find(QTableView, "completionsTable", screen)
    j.click_row_with(completions, "Siobhán", 0)
    j.click(j.find(QPushButton, "completeButton", screen))
    box = j.modal(QMessageBox)
    assert "Siobhán O'Brien has attended 3 of 3 sessions" in box.text()
    j.click(box.button(QMessageBox.StandardButton.Yes))
    result = j.find(QLabel, "engagementResult", screen).text()
    assert result.startswith("Recorded. The referral is now completed."), result

    # --- the letters --------------------------------------------------------------------------
    missed = send_letter(j, "Missed", print_to_pdf)
    assert "O'Brien" in missed, missed
    # Issue 15: a date to call by, counted from when the letter can arrive by post.
    call_by = letter_rules.call_by(date.today(), CAL)
    assert f"by {weekday_name(call_by)} {long_date(call_by)}" in missed, missed
    assert "working day" not in missed
    completion = send_letter(j, "Completion", print_to_pdf)
    assert "O'Brien" in completion, completion
    assert "no further action" in completion  # what happens next in a voluntary scheme
    certificate = send_letter(j, "Certificate", print_to_pdf)
    assert "Siobh" in certificate and "certificate" in certificate.lower(), certificate
    assert len(print_to_pdf) == 4 and all(p.stat().st_size > 1000 for p in print_to_pdf)

    # --- what was saved ------------------------------------------------------------------------
    check = j.services()
    me = check.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    detail = check.referrals.get(me, ours)
    assert detail.status == ReferralStatus.COMPLETED.value or detail.status is (
        ReferralStatus.COMPLETED
    )
    kept = check.letters.history(me)
    sent = {r.letter_type.value for r in kept if r.sent_at is not None}
    assert {"reminder", "missed", "completion", "certificate"} <= sent
    marks = [s.status for s in check.attendance.register(me, standard[3])]
    assert Attendance.DID_NOT_ATTEND in marks


def test_a_reminder_that_may_arrive_too_late_says_so(
    set_up_app: Journey, print_to_pdf: list[Path]
) -> None:
    """Second-class post can take three working days: the practitioner previewing a reminder
    for tomorrow's session is told under the preview that it may come after the day."""
    j = set_up_app
    ours = refer(j, OURS, "Siobhán", "O'Brien", "Niamh O'Brien")
    tomorrow = CAL.next_working_day(date.today())
    services = j.services()
    me = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    services.programmes.start(me, ours, start=tomorrow, at=time(16, 0))
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])

    letters = j.go("Letters")
    due = j.find(QTableView, "lettersDueTable", letters)
    kinds, people = j.row_texts(due, 1), j.row_texts(due, 3)
    days = j.row_texts(due, 0)
    rows = [
        r
        for r, (day, kind, who) in enumerate(zip(days, kinds, people, strict=True))
        if "Reminder" in kind and "Siobhán" in who and day == f"{tomorrow:%d/%m/%Y}"
    ]
    assert rows, list(zip(days, kinds, people, strict=True))
    j.click_row(due, rows[0], 1)
    status = j.find(QLabel, "lettersStatus", letters)
    j.qtbot.waitUntil(lambda: "preview" in status.text(), timeout=15_000)
    words = status.text()
    assert "this letter may not arrive before the appointment it names" in words, words
    assert f"({weekday_name(tomorrow)} {tomorrow.day} {tomorrow:%B})" in words, words
    assert "Hand it over or send it first class, and phone the family as well." in words
    j.screenshot(letters, "late_post_warning")
    j.assert_no_error_shown()
