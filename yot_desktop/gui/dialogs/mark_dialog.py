"""Asking why a session was missed (and whether there is evidence), or correcting a mark."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from yot_desktop.domain.attendance import MARK_VALUES, evidence_applies, needs_reason
from yot_desktop.domain.enums import Attendance
from yot_desktop.gui.delivery_common import attendance_words
from yot_desktop.gui.widgets import named, style_as_error
from yot_desktop.services.delivery.dto import SessionRow

_ORDER = [
    Attendance.ATTENDED,
    Attendance.LATE,
    Attendance.DID_NOT_ATTEND,
    Attendance.CANCELLED_BY_YOUNG_PERSON,
    Attendance.CANCELLED_BY_SERVICE,
]
assert set(_ORDER) == MARK_VALUES


class MarkDialog(QDialog):
    """`correcting` adds a choice of mark and a note saying why the old mark was wrong."""

    def __init__(
        self,
        session: SessionRow,
        value: Attendance,
        *,
        correcting: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.correcting = correcting
        title = "Correct the attendance mark" if correcting else attendance_words(value)
        self.setObjectName("markDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        heading = QLabel(
            f"<b>{session.person_name}</b> — {session.intervention_label}, "
            f"{session.starts_at:%d/%m/%Y %H:%M}"
        )
        heading.setObjectName("markDialogSession")
        heading.setWordWrap(True)
        form.addRow(heading)
        self.value = named(QComboBox(), "markValueCombo", "What happened")
        for v in _ORDER:
            self.value.addItem(attendance_words(v), v)
        self.value.setCurrentIndex(_ORDER.index(value))
        self.value.setEnabled(correcting)
        form.addRow("What happened", self.value)
        self.reason = named(
            QPlainTextEdit(),
            "markReasonEdit",
            "Reason",
            "Why the young person missed the session, in a few words",
        )
        self.reason.setPlaceholderText("For example: ill, family said he forgot, no answer")
        self.reason.setFixedHeight(70)
        if correcting:
            self.reason.setPlainText(session.reason)
        self.reason_label = QLabel("Reason")
        self.reason_label.setObjectName("markReasonLabel")
        form.addRow(self.reason_label, self.reason)
        self.reason_hint = QLabel()
        self.reason_hint.setObjectName("markReasonHint")
        self.reason_hint.setWordWrap(True)
        form.addRow("", self.reason_hint)
        self.evidence = named(
            QCheckBox("Evidence received (for example a doctor's note)"),
            "markEvidenceCheck",
            "Evidence received",
            "Tick when the young person gave proof of a good reason",
        )
        self.evidence.setChecked(correcting and session.evidence_received)
        form.addRow("", self.evidence)
        self.note = named(QPlainTextEdit(), "markCorrectionNote", "Why the mark is being corrected")
        self.note.setPlaceholderText("For example: the doctor's note arrived on Tuesday")
        self.note.setFixedHeight(60)
        self.note_label = QLabel("Why correct it")
        form.addRow(self.note_label, self.note)
        self.note.setVisible(correcting)
        self.note_label.setVisible(correcting)
        self.problem = named(QLabel(), "markProblem", "Problem with these details")
        self.problem.setWordWrap(True)
        style_as_error(self.problem)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save = named(buttons.button(QDialogButtonBox.StandardButton.Save), "markSave", "Save")
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "markCancel", "Cancel")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
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
