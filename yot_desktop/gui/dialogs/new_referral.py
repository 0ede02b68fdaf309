"""The manual referral form (Ctrl+N): a police referral typed in by staff."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Gender, Unit
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.scheme import SchemeRules
from yot_desktop.domain.scheme_team import default_scheme
from yot_desktop.gui.dialogs.base import ServiceDialog
from yot_desktop.gui.dialogs.decisions import date_edit, picked
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import named, scroll_when_small
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import CarerInput, NewReferral


class NewReferralDialog(ServiceDialog):
    created = Signal(object)

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services,
            user,
            runner,
            parent,
            name="newReferralDialog",
            title="New police referral",
            accessible_name="New referral",
        )
        today = services.ctx.clock().date()
        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        outer.addLayout(columns)

        def line(name: str, label: str, placeholder: str = "") -> QLineEdit:
            edit = named(QLineEdit(), f"new_{name}", label)
            edit.setPlaceholderText(placeholder)
            return edit

        police = QGroupBox("From the police")
        pf = QFormLayout(police)
        self.crime_reference = line("crime_reference", "Crime reference", "like 43/26/0001234")
        self.referral_date = date_edit("new_referral_date", "Referral date", today)
        self.scheme = named(
            QComboBox(),
            "new_scheme",
            "Scheme",
            "Starts on your team's scheme when your team runs one; otherwise choose",
        )
        self.scheme.setPlaceholderText("Choose a scheme")
        self.officer = line("officer", "Referring officer", "like PC Jane Hollis")
        self.officer_email = line("officer_email", "Officer's email", "name@police.uk")
        self.offence_date = date_edit("new_offence_date", "Offence date", today)
        self.offence_location = line("offence_location", "Where the offence happened")
        self.substance = named(QComboBox(), "new_substance", "Substance")
        self.substance.setEditable(True)
        self.quantity = line("quantity", "Quantity", "like 2.5")
        self.unit = named(QComboBox(), "new_unit", "Unit")
        self.unit.addItems([u.value for u in Unit])
        self.supply = named(QCheckBox("Police suspect supply"), "new_supply", "Supply suspected")
        self.notes = line("notes", "Notes")
        for label, widget in (
            ("Crime reference", self.crime_reference),
            ("Referral date", self.referral_date),
            ("Scheme", self.scheme),
            ("Referring officer", self.officer),
            ("Officer's email", self.officer_email),
            ("Offence date", self.offence_date),
            ("Offence place", self.offence_location),
            ("Substance", self.substance),
            ("Quantity", self.quantity),
            ("Unit", self.unit),
            ("", self.supply),
            ("Notes", self.notes),
        ):
            pf.addRow(label, widget)

        person = QGroupBox("Young person and parent or carer")
        yf = QFormLayout(person)
        self.first_name = line("first_name", "First name")
        self.last_name = line("last_name", "Last name")
        self.date_of_birth = date_edit("new_date_of_birth", "Date of birth", today)
        self.gender = named(QComboBox(), "new_gender", "Gender")
        self.gender.addItems([g.value for g in Gender])
        self.gender.setCurrentText(Gender.NOT_KNOWN.value)
        self.address_1 = line("address_line_1", "Address line 1")
        self.address_2 = line("address_line_2", "Address line 2")
        self.town = line("town", "Town")
        self.postcode = line("postcode", "Postcode", "like RG14 5AB")
        self.carer_name = line("carer_name", "Parent or carer's name")
        self.carer_relationship = line("carer_relationship", "Relationship", "like Mother")
        self.carer_phone = line("carer_phone", "Parent or carer's phone", "like 07700 900123")
        self.carer_email = line("carer_email", "Parent or carer's email")
        for label, widget in (
            ("First name", self.first_name),
            ("Last name", self.last_name),
            ("Date of birth", self.date_of_birth),
            ("Gender", self.gender),
            ("Address line 1", self.address_1),
            ("Address line 2", self.address_2),
            ("Town", self.town),
            ("Postcode", self.postcode),
            ("Parent or carer", self.carer_name),
            ("Relationship", self.carer_relationship),
            ("Phone", self.carer_phone),
            ("Email", self.carer_email),
        ):
            yf.addRow(label, widget)
        columns.addWidget(police)
        columns.addWidget(person)
        self.hint = named(
            QLabel(
                "Eligibility is decided when you save, using the scheme's rules. "
                "A young person already on file with the same name and date of birth is linked."
            ),
            "newReferralHint",
            "How the referral is checked",
        )
        self.hint.setWordWrap(True)
        outer.addWidget(self.hint)
        box = self.ok_cancel("Save referral", on_ok=self.save)
        outer.addWidget(box)
        self.scheme.currentIndexChanged.connect(self._substances)
        self.run(self.services.schemes.list_schemes, self._schemes)
        scroll_when_small(self, keep=[box])  # opens at its size, or scrolls on a small screen

    def _schemes(self, schemes: tuple[SchemeRules, ...]) -> None:
        """Every scheme, starting on the team's own; when the team runs none or several,
        on none: the person chooses, never a scheme picked for them."""
        self._rules = {s.code: s for s in schemes}
        self.scheme.clear()
        for s in schemes:
            self.scheme.addItem(f"{s.code} — {s.name}", s.code)
        own = default_scheme(self.user.team_name, schemes)
        self.scheme.setCurrentIndex(self.scheme.findData(own) if own else -1)

    def _substances(self) -> None:
        rules = getattr(self, "_rules", {}).get(self.scheme.currentData())
        current = self.substance.currentText()
        self.substance.clear()
        if rules is not None:
            self.substance.addItems([t.substance for t in rules.thresholds])
        if current:
            self.substance.setCurrentText(current)

    def form(self) -> NewReferral:
        # What the service cannot be sent at all; it checks everything else.
        problems: list[FieldProblem] = []
        if self.scheme.currentIndex() < 0:
            problems.append(FieldProblem("scheme", "Choose a scheme"))
        try:
            quantity = Decimal(self.quantity.text().strip() or "x")
        except InvalidOperation:
            problems.append(FieldProblem("quantity", "Enter the quantity as a number, like 2.5"))
        if problems:
            raise ValidationError(problems)
        carer = None
        if self.carer_name.text().strip():
            carer = CarerInput(
                name=self.carer_name.text(),
                relationship=self.carer_relationship.text(),
                phone=self.carer_phone.text(),
                email=self.carer_email.text(),
            )
        return NewReferral(
            crime_reference=self.crime_reference.text(),
            referral_date=picked(self.referral_date),
            scheme_code=self.scheme.currentData() or "",
            referring_officer=self.officer.text(),
            officer_email=self.officer_email.text(),
            offence_date=picked(self.offence_date),
            offence_location=self.offence_location.text(),
            substance=self.substance.currentText(),
            quantity=quantity,
            unit=self.unit.currentText(),
            supply_suspected=self.supply.isChecked(),
            notes=self.notes.text(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            date_of_birth=picked(self.date_of_birth),
            gender=self.gender.currentText(),
            address_line_1=self.address_1.text(),
            address_line_2=self.address_2.text(),
            town=self.town.text(),
            postcode=self.postcode.text(),
            carer=carer,
        )

    def save(self) -> None:
        try:
            form = self.form()
        except ValidationError as err:
            self.refuse(err)
            return
        self.save_then_close(lambda: self.services.referrals.create(self.user, form), self.created)
