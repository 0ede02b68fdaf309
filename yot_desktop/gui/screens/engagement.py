"""Engagement and completion: a manager's decisions after the absence limit, programmes due
for completion (a practitioner confirms), and the letters the rules have queued."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.engagement import DecisionOutcome, effective_limit
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.validation import FREE_TEXT_MAX, text_problem
from yot_desktop.gui.delivery_common import (
    LETTER_WORDS,
    dmy,
    engagement_words,
    selected_row,
    table,
)
from yot_desktop.gui.forms.ui_decision_dialog import Ui_DecisionDialog
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import named, style_as_error
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import DecisionResult, EngagementRow, LetterDueRow
from yot_desktop.services.dto import CurrentUser

ENGAGEMENT_COLUMNS = [
    ("Young person", lambda r: r.person_name),
    ("Reference", lambda r: r.crime_reference),
    ("Scheme", lambda r: r.scheme_code),
    (
        "Unexplained absences",
        lambda r: f"{r.unexplained} (limit {effective_limit(r.absence_limit)})",
    ),
    ("Attended", lambda r: f"{r.attended} of {r.required}"),
    ("Engagement", lambda r: engagement_words(r.engagement)),
    ("Deadline", lambda r: dmy(r.deadline)),
]
LETTER_COLUMNS = [
    ("Letter", lambda q: LETTER_WORDS.get(q.letter_type, q.letter_type).capitalize()),
    ("Reference", lambda q: q.crime_reference),
    ("Queued", lambda q: f"{q.created_at:%d/%m/%Y %H:%M}"),
    ("Status", lambda q: q.status.capitalize()),
]


class DecisionDialog(QDialog):
    """Not engaged (the police are told) or continue, with a written reason (layout:
    ui/decision_dialog.ui)."""

    def __init__(self, row: EngagementRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DecisionDialog()
        self.ui.setupUi(self)
        conditional = row.scheme_model == "conditional"
        self.ui.decisionFacts.setText(
            f"<b>{row.person_name}</b> ({row.crime_reference}) has missed "
            f"{row.unexplained} session{'s' * (row.unexplained != 1)} without a good reason. "
            f"The scheme's limit is {effective_limit(row.absence_limit)}. "
            f"{row.attended} of {row.required} sessions attended."
        )
        self.not_engaged = self.ui.decisionNotEngaged
        self.not_engaged.setAccessibleDescription(
            "The police are told" + (" and the prosecution may go ahead" if conditional else "")
        )
        self.ui.decisionConsequence.setText(
            "The police are told the young person did not engage"
            + (", so the deferred prosecution may go ahead." if conditional else ".")
            + " Planned sessions are cancelled."
        )
        self.continue_ = self.ui.decisionContinue
        self.reason = self.ui.decisionReason
        self.problem = style_as_error(self.ui.decisionProblem)
        buttons = self.ui.buttonBox
        self.save = named(
            buttons.button(QDialogButtonBox.StandardButton.Save), "decisionSave", "Record decision"
        )
        self.save.setText("Record decision")
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "decisionCancel", "Cancel")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)

    def outcome(self) -> DecisionOutcome | None:
        if self.not_engaged.isChecked():
            return DecisionOutcome.NOT_ENGAGED
        if self.continue_.isChecked():
            return DecisionOutcome.CONTINUE
        return None

    def _accept(self) -> None:
        outcome = self.outcome()
        if outcome is None:
            self.problem.setText("Choose: close as not engaged, or continue.")
            return
        if outcome is DecisionOutcome.CONTINUE and not self.reason.toPlainText().strip():
            self.problem.setText("Enter a reason: say why the programme should continue.")
            return
        reason = self.reason.toPlainText()
        if problem := text_problem(reason, "reason", FREE_TEXT_MAX, multi_line=True):
            self.problem.setText(f"Reason: {problem.message}")
            return
        self.accept()


class EngagementPanel(QWidget):
    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.setObjectName("engagementPanel")
        self.services, self.user, self.runner = services, user, runner
        self.dialog: QDialog | QMessageBox | None = None
        self.can_decide = allowed(user.role, Permission.DECIDE_ENGAGEMENT)

        widths = (170, 110, 60, 150, 80, 160)
        self.decision_model: RowsModel[EngagementRow] = RowsModel(ENGAGEMENT_COLUMNS, self)
        self.decisions = table(
            "decisionsTable", "Programmes waiting for a decision", self.decision_model, widths
        )
        self.decide_button = named(
            QPushButton("Decide…"), "decideButton", "Decide about the selected programme"
        )
        self.decide_button.setVisible(self.can_decide)
        self.completion_model: RowsModel[EngagementRow] = RowsModel(ENGAGEMENT_COLUMNS, self)
        self.completions = table(
            "completionsTable", "Programmes due for completion", self.completion_model, widths
        )
        self.complete_button = named(
            QPushButton("Confirm completion…"),
            "completeButton",
            "Confirm the selected programme is complete",
        )
        self.letter_model: RowsModel[LetterDueRow] = RowsModel(LETTER_COLUMNS, self)
        self.letters = table("lettersDueTable", "Letters due", self.letter_model, (220, 120, 130))
        self.result = named(QLabel(), "engagementResult", "What was recorded")
        self.result.setWordWrap(True)

        layout = QVBoxLayout(self)
        decisions_note = (
            "Programmes at the absence limit wait here for a manager's decision."
            if self.can_decide
            else "Programmes at the absence limit wait here for a manager's decision. "
            "Your role can see them but not decide."
        )
        layout.addWidget(
            self._box("Waiting for a decision", decisions_note, self.decisions, self.decide_button)
        )
        layout.addWidget(
            self._box(
                "Due for completion",
                "Every required session is attended. Confirm to close the programme and tell the "
                "police.",
                self.completions,
                self.complete_button,
            )
        )
        layout.addWidget(self._box("Letters due", "Queued for the letters batch.", self.letters))
        layout.addWidget(self.result)
        self.decide_button.clicked.connect(self.decide_selected)
        self.complete_button.clicked.connect(self.complete_selected)

    @staticmethod
    def _box(title: str, note: str, view: QWidget, button: QPushButton | None = None) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        label = QLabel(note)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(view)
        if button is not None:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            layout.addLayout(row)
        return box

    def refresh(self) -> None:
        def load() -> tuple[tuple[EngagementRow, ...], tuple[LetterDueRow, ...]]:
            return (
                self.services.engagement.programmes(self.user),
                self.services.engagement.letters_due(self.user),
            )

        self.runner.run(load, self._loaded, self._failed)

    def _loaded(self, data: tuple[tuple[EngagementRow, ...], tuple[LetterDueRow, ...]]) -> None:
        rows, letters = data
        self.decision_model.set_rows([r for r in rows if r.decision_due])
        self.completion_model.set_rows([r for r in rows if r.completion_due])
        self.letter_model.set_rows(letters)
        self.decide_button.setEnabled(self.decision_model.rowCount() > 0)
        self.complete_button.setEnabled(self.completion_model.rowCount() > 0)

    def decide_selected(self) -> None:
        row: EngagementRow | None = selected_row(self.decisions) or self.decision_model.row_at(0)
        if row is None:
            return
        dialog = DecisionDialog(row, self)
        self.dialog = dialog

        def save() -> None:
            outcome = dialog.outcome()
            assert outcome is not None
            reason = dialog.reason.toPlainText()
            self.runner.run(
                lambda: self.services.engagement.decide(
                    self.user, row.programme_id, row.programme_version, outcome, reason
                ),
                self._done,
                self._failed,
            )

        dialog.accepted.connect(save)
        dialog.open()

    def complete_selected(self) -> None:
        row: EngagementRow | None = selected_row(self.completions) or self.completion_model.row_at(
            0
        )
        if row is None:
            return
        box = QMessageBox(self)
        box.setObjectName("confirmCompletion")
        box.setAccessibleName("Confirm completion")
        box.setWindowTitle("Confirm completion")
        box.setText(
            f"{row.person_name} has attended {row.attended} of {row.required} sessions. "
            "Close the programme as completed? The police will be told the outcome, and "
            "planned sessions are cancelled."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        self.dialog = box

        def answered(_result: int) -> None:
            if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
                return
            self.runner.run(
                lambda: self.services.engagement.confirm_completion(
                    self.user, row.programme_id, row.programme_version
                ),
                self._done,
                self._failed,
            )

        box.finished.connect(answered)
        box.open()

    def _done(self, result: DecisionResult) -> None:
        status = result.referral_status.replace("_", " ")
        self.result.setText(f"Recorded. The referral is now {status}. {result.summary}")
        self.refresh()
