"""Small dialogs for decisions on a referral: consent and the joint decision panel."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from yot_desktop.domain.consent import LAWFUL_BASES, ConsentFacts, Party, check_consent
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import PANEL_DECISION_MAX, text_problems
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.widgets import named
from yot_desktop.services.intake.dto import ReferralDetail


def date_edit(name: str, label: str, today: date) -> QDateEdit:
    edit = named(QDateEdit(), name, label)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(QDate(today.year, today.month, today.day))
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    return edit


def picked(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.setObjectName("dialogButtons")
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    named(ok, "dialogOkButton", ok_text)
    named(box.button(QDialogButtonBox.StandardButton.Cancel), "dialogCancelButton", "Cancel")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ConsentDialog(QDialog):
    """Who consented, when, and the lawful basis. The carer list comes from the record."""

    def __init__(
        self, referral: ReferralDetail, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setAccessibleName("Record consent")
        self.setWindowTitle("Record consent to the programme")
        self.referral, self.today = referral, today
        form = QFormLayout(self)
        self.party = named(QComboBox(), "consentParty", "Whose consent")
        self.party.addItem("The young person", Party.YOUNG_PERSON.value)
        self.party.addItem("A parent or carer", Party.PARENT_CARER.value)
        self.given_by = named(QComboBox(), "consentGivenBy", "Name of the person consenting")
        self.given_by.setEditable(True)
        self.party.currentIndexChanged.connect(self._names)
        self.consented = named(QCheckBox("They agreed to the programme"), "consentAgreed", "Agreed")
        self.consented.setChecked(True)
        self.taken_on = date_edit("consentDate", "Date consent was given", today)
        self.basis = named(QComboBox(), "consentBasis", "Lawful basis")
        self.basis.setEditable(True)
        self.basis.addItems(LAWFUL_BASES)
        form.addRow("Whose consent", self.party)
        form.addRow("Name", self.given_by)
        form.addRow("", self.consented)
        form.addRow("Date", self.taken_on)
        form.addRow("Lawful basis", self.basis)
        form.addRow(buttons(self, "Record consent"))
        self._names()

    def _names(self) -> None:
        self.given_by.clear()
        if self.party.currentData() == Party.YOUNG_PERSON.value:
            self.given_by.addItem(self.referral.person_name)
        else:
            self.given_by.addItems([c.name for c in self.referral.carers])

    def accept(self) -> None:
        """Check before closing: a mistake is explained here, the typing kept."""
        v = self.values()
        facts = ConsentFacts(
            v["party"], v["given_by"], v["consented"], v["taken_on"], v["lawful_basis"]
        )
        try:
            check_consent(facts, self.today)
        except ValidationError as err:
            self.error_box = show_error(self, err)
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        carer_id = None
        if self.party.currentData() == Party.PARENT_CARER.value:
            carer_id = next(
                (c.id for c in self.referral.carers if c.name == self.given_by.currentText()), None
            )
        return {
            "party": Party(self.party.currentData()),
            "given_by": self.given_by.currentText(),
            "taken_on": picked(self.taken_on),
            "lawful_basis": self.basis.currentText(),
            "consented": self.consented.isChecked(),
            "carer_id": carer_id,
        }


class PanelDialog(QDialog):
    def __init__(
        self, referral: ReferralDetail, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("panelDialog")
        self.setAccessibleName("Joint decision panel")
        self.setWindowTitle("Joint decision panel")
        form = QFormLayout(self)
        self.when = date_edit("panelDate", "Date the panel met", referral.panel_date or today)
        self.decision = named(QLineEdit(referral.panel_decision), "panelDecision", "Panel decision")
        self.decision.setPlaceholderText("For example: offer the programme")
        form.addRow("Panel date", self.when)
        form.addRow("Decision", self.decision)
        form.addRow(buttons(self, "Save decision"))

    def accept(self) -> None:
        """Check the decision's text before closing, so the typing is kept to correct."""
        decision = self.decision.text()
        problems = text_problems(("panel decision", decision, PANEL_DECISION_MAX))
        if not decision.strip():
            problems.append(FieldProblem("panel decision", "Enter the panel's decision"))
        if problems:
            self.error_box = show_error(self, ValidationError(problems))
            return
        super().accept()

    def values(self) -> tuple[date, str]:
        return picked(self.when), self.decision.text()
