"""Asking why a session was missed (and whether there is evidence), or correcting a mark."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from yot_desktop.domain.attendance import MARK_VALUES, evidence_applies, needs_reason
from yot_desktop.domain.enums import Attendance
from yot_desktop.gui.delivery_common import attendance_words
from yot_desktop.gui.dialogs.base import Dialog
from yot_desktop.gui.forms.ui_mark_dialog import Ui_MarkDialog
from yot_desktop.gui.widgets import style_as_error
from yot_desktop.services.delivery.dto import SessionRow

_ORDER = [
    Attendance.ATTENDED,
    Attendance.LATE,
    Attendance.DID_NOT_ATTEND,
    Attendance.CANCELLED_BY_YOUNG_PERSON,
    Attendance.CANCELLED_BY_SERVICE,
]
assert set(_ORDER) == MARK_VALUES


class MarkDialog(Dialog):
    """`correcting` adds a choice of mark and a note saying why the old mark was wrong
    (layout: ui/mark_dialog.ui)."""

    def __init__(
        self,
        session: SessionRow,
        value: Attendance,
        *,
        correcting: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MarkDialog()
        self.ui.setupUi(self)
        title = "Correct the attendance mark" if correcting else attendance_words(value)
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.correcting = correcting
        self.ui.markDialogSession.setText(
            f"<b>{session.person_name}</b> — {session.intervention_label}, "
            f"{session.starts_at:%d/%m/%Y %H:%M}"
        )
        self.value = self.ui.markValueCombo
        for v in _ORDER:
            self.value.addItem(attendance_words(v), v)
        self.value.setCurrentIndex(_ORDER.index(value))
        self.value.setEnabled(correcting)
        self.reason = self.ui.markReasonEdit
        if correcting:
            self.reason.setPlainText(session.reason)
        self.reason_label = self.ui.markReasonLabel
        self.reason_hint = self.ui.markReasonHint
        self.evidence = self.ui.markEvidenceCheck
        self.evidence.setChecked(correcting and session.evidence_received)
        self.note = self.ui.markCorrectionNote
        self.note_label = self.ui.markNoteLabel
        self.note.setVisible(correcting)
        self.note_label.setVisible(correcting)
        self.problem = style_as_error(self.ui.markProblem)
        self.save = self.wire_buttons(
            self.ui.markButtons, ("markSave", "Save"), "markCancel", on_ok=self._accept
        )
        self.value.currentIndexChanged.connect(self._value_changed)
        self._value_changed()

    def chosen(self) -> Attendance:
        return Attendance(self.value.currentData())

    def _value_changed(self) -> None:
        value = self.chosen()
        self.evidence.setEnabled(evidence_applies(value))
        if not evidence_applies(value):
            self.evidence.setChecked(False)
        self.reason.setEnabled(True)
        required = needs_reason(value)
        self.reason_label.setText("Reason" if required else "Reason (if known)")
        self.reason_hint.setText(
            "Leave it empty if nobody has said why: without evidence the absence counts "
            "as unexplained."
            if value is Attendance.DID_NOT_ATTEND
            else ""
        )
        self.reason_hint.setVisible(value is Attendance.DID_NOT_ATTEND)

    def _accept(self) -> None:
        """Check what the domain will insist on, so the user fixes it here."""
        problems = []
        if needs_reason(self.chosen()) and not self.reason.toPlainText().strip():
            problems.append("Enter a reason: say why the session was cancelled.")
        if self.correcting and not self.note.toPlainText().strip():
            problems.append("Say why the mark is being corrected.")
        if problems:
            self.problem.setText("\n".join(problems))
            return
        self.accept()

    def values(self) -> tuple[Attendance, str, bool, str]:
        return (
            self.chosen(),
            self.reason.toPlainText().strip(),
            self.evidence.isChecked(),
            self.note.toPlainText().strip(),
        )
