"""Add a parent or carer, or change one: name, relationship, responsibility, contact and
letters."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QLineEdit, QWidget

from yot_desktop.domain.carer_rules import CarerFields, check_carer
from yot_desktop.domain.errors import ValidationError
from yot_desktop.gui.dialogs.decisions import buttons
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.widgets import named
from yot_desktop.services.intake.dto import CarerDetail, CarerInput


class CarerDialog(QDialog):
    """A new parent or carer, or (given `carer`) the one on the record, filled in to change."""

    def __init__(self, parent: QWidget | None = None, carer: CarerDetail | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("carerDialog")
        self.setAccessibleName("Parent or carer")
        self.carer = carer
        self.setWindowTitle(
            "Add a parent or carer" if carer is None else f"Change {carer.name}'s details"
        )
        form = QFormLayout(self)
        self.name = named(QLineEdit(), "carer_name", "Name")
        self.relationship = named(QLineEdit(), "carer_relationship", "Relationship")
        self.relationship.setPlaceholderText("like Mother, Grandparent, Foster carer")
        self.responsibility = named(
            QCheckBox("Has parental responsibility"), "carer_pr", "Parental responsibility"
        )
        self.responsibility.setChecked(True)
        self.address = named(QLineEdit(), "carer_address", "Address, if different")
        self.phone = named(QLineEdit(), "carer_phone", "Phone")
        self.phone.setPlaceholderText("like 07700 900123")
        self.email = named(QLineEdit(), "carer_email", "Email")
        self.language = named(QLineEdit("English"), "carer_language", "Preferred language")
        self.letters = named(QComboBox(), "carer_letters", "How they want letters")
        self.letters.addItem("By post", "post")
        self.letters.addItem("By email", "email")
        for label, widget in (
            ("Name", self.name),
            ("Relationship", self.relationship),
            ("", self.responsibility),
            ("Address if different", self.address),
            ("Phone", self.phone),
            ("Email", self.email),
            ("Preferred language", self.language),
            ("Letters", self.letters),
        ):
            form.addRow(label, widget)
        form.addRow(buttons(self, "Add" if carer is None else "Save changes"))
        if carer is not None:
            self.name.setText(carer.name)
            self.relationship.setText(carer.relationship)
            self.responsibility.setChecked(carer.parental_responsibility)
            self.address.setText(carer.address)
            self.phone.setText(carer.phone)
            self.email.setText(carer.email)
            self.language.setText(carer.preferred_language)
            self.letters.setCurrentIndex(max(self.letters.findData(carer.letter_preference), 0))

    def accept(self) -> None:
        """Check the details before closing: a mistake is explained here, the typing kept."""
        v = self.value()
        try:
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
        except ValidationError as err:
            self.error_box = show_error(self, err)
            return
        super().accept()

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
