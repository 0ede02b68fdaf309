"""Add a parent or carer, or change one: name, relationship, responsibility, contact and
letters."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from yot_desktop.domain.carer_rules import CarerFields, check_carer
from yot_desktop.gui.dialogs.base import Dialog
from yot_desktop.gui.forms.ui_carer_dialog import Ui_CarerDialog
from yot_desktop.services.intake.dto import CarerDetail, CarerInput


class CarerDialog(Dialog):
    """A new parent or carer, or (given `carer`) the one on the record, filled in to change
    (layout: ui/carer_dialog.ui)."""

    def __init__(self, parent: QWidget | None = None, carer: CarerDetail | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CarerDialog()
        self.ui.setupUi(self)
        self.carer = carer
        self.name = self.ui.carer_name
        self.relationship = self.ui.carer_relationship
        self.responsibility = self.ui.carer_pr
        self.address = self.ui.carer_address
        self.phone = self.ui.carer_phone
        self.email = self.ui.carer_email
        self.language = self.ui.carer_language
        self.letters = self.ui.carer_letters
        self.letters.addItem("By post", "post")
        self.letters.addItem("By email", "email")
        self.ok_cancel("Add" if carer is None else "Save changes", self.ui.dialogButtons)
        if carer is not None:
            self.setWindowTitle(f"Change {carer.name}'s details")
            self.name.setText(carer.name)
            self.relationship.setText(carer.relationship)
            self.responsibility.setChecked(carer.parental_responsibility)
            self.address.setText(carer.address)
            self.phone.setText(carer.phone)
            self.email.setText(carer.email)
            self.language.setText(carer.preferred_language)
            self.letters.setCurrentIndex(max(self.letters.findData(carer.letter_preference), 0))

    def check_input(self) -> None:
        v = self.value()
        check_carer(
            CarerFields(
                v.name,
                v.relationship,
                v.address,
                v.phone,
                v.email,
                v.preferred_language,
                v.letter_preference,
            )
        )

    def value(self) -> CarerInput:
        return CarerInput(
            name=self.name.text(),
            relationship=self.relationship.text(),
            parental_responsibility=self.responsibility.isChecked(),
            address=self.address.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            preferred_language=self.language.text(),
            letter_preference=self.letters.currentData(),
        )
