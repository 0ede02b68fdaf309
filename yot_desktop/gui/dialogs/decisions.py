"""Small dialogs for decisions on a referral: consent and the joint decision panel."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from yot_desktop.domain.consent import LAWFUL_BASES, ConsentFacts, Party, check_consent
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import PANEL_DECISION_MAX, text_problems
from yot_desktop.gui.dialogs.base import Dialog
from yot_desktop.gui.forms.ui_consent_dialog import Ui_ConsentDialog
from yot_desktop.gui.forms.ui_panel_dialog import Ui_PanelDialog
from yot_desktop.gui.widgets import named
from yot_desktop.services.intake.dto import ReferralDetail


def date_edit(name: str, label: str, today: date) -> QDateEdit:
    edit = named(QDateEdit(), name, label)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return up_to(edit, today)


def up_to(edit: QDateEdit, today: date) -> QDateEdit:
    """Show `today`, and allow no later date."""
    edit.setDate(QDate(today.year, today.month, today.day))
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    return edit


def picked(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class ConsentDialog(Dialog):
    """Who consented, when, and the lawful basis. The carer list comes from the record
    (layout: ui/consent_dialog.ui)."""

    def __init__(
        self, referral: ReferralDetail, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ConsentDialog()
        self.ui.setupUi(self)
        self.referral, self.today = referral, today
        self.party = self.ui.consentParty
        self.party.addItem("The young person", Party.YOUNG_PERSON.value)
        self.party.addItem("A parent or carer", Party.PARENT_CARER.value)
        self.given_by = self.ui.consentGivenBy
        self.party.currentIndexChanged.connect(self._names)
        self.consented = self.ui.consentAgreed
        self.taken_on = up_to(self.ui.consentDate, today)
        self.basis = self.ui.consentBasis
        self.basis.addItems(LAWFUL_BASES)
        self.ok_cancel("Record consent", self.ui.dialogButtons)
        self._names()

    def _names(self) -> None:
        self.given_by.clear()
        if self.party.currentData() == Party.YOUNG_PERSON.value:
            self.given_by.addItem(self.referral.person_name)
        else:
            self.given_by.addItems([c.name for c in self.referral.carers])

    def check_input(self) -> None:
        v = self.values()
        facts = ConsentFacts(
            v["party"], v["given_by"], v["consented"], v["taken_on"], v["lawful_basis"]
        )
        check_consent(facts, self.today)

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


class PanelDialog(Dialog):
    """When the joint decision panel met and what it decided (layout: ui/panel_dialog.ui)."""

    def __init__(
        self, referral: ReferralDetail, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PanelDialog()
        self.ui.setupUi(self)
        self.when = up_to(self.ui.panelDate, referral.panel_date or today)
        self.decision = self.ui.panelDecision
        self.decision.setText(referral.panel_decision)
        self.ok_cancel("Save decision", self.ui.dialogButtons)

    def check_input(self) -> None:
        decision = self.decision.text()
        problems = text_problems(("panel decision", decision, PANEL_DECISION_MAX))
        if not decision.strip():
            problems.append(FieldProblem("panel decision", "Enter the panel's decision"))
        if problems:
            raise ValidationError(problems)

    def values(self) -> tuple[date, str]:
        return picked(self.when), self.decision.text()
