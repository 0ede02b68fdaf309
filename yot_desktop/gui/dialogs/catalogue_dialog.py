"""The intervention catalogue, edited by administrators."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.gui.delivery_common import selected_row, table
from yot_desktop.gui.dialogs.base import ServiceDialog
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import fit_to_screen, named
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import InterventionRow
from yot_desktop.services.dto import CurrentUser

COLUMNS = [
    ("Name", lambda i: i.label),
    ("Code", lambda i: i.code),
    ("Minutes", lambda i: str(i.default_minutes)),
    ("Provider", lambda i: i.default_provider or "The scheme's provider"),
    ("In use", lambda i: "Yes" if i.active else "No"),
]


class CatalogueDialog(ServiceDialog):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services, user, runner, parent, name="catalogueDialog", title="Intervention catalogue"
        )
        fit_to_screen(self, 760, 520)
        self.model: RowsModel[InterventionRow] = RowsModel(COLUMNS, self)
        self.table = table("catalogueTable", "Interventions", self.model, (240, 200, 70, 170))
        self.code = named(QLineEdit(), "catalogueCode", "Code", "Lower-case, like harm_reduction")
        self.label = named(QLineEdit(), "catalogueLabel", "Name staff see")
        self.minutes = named(QSpinBox(), "catalogueMinutes", "Usual length in minutes")
        self.minutes.setRange(15, 240)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.provider = named(
            QLineEdit(), "catalogueProvider", "Provider", "Leave empty for the scheme's provider"
        )
        self.active = named(QCheckBox("Offered in new programmes"), "catalogueActive", "In use")
        self.active.setChecked(True)
        self.save = named(QPushButton("Save"), "catalogueSave", "Save the intervention")
        self.new = named(QPushButton("New"), "catalogueNew", "Start a new intervention")
        self.message = named(QLabel(), "catalogueMessage", "Result")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Name", self.label)
        form.addRow("Code", self.code)
        form.addRow("Usual length", self.minutes)
        form.addRow("Provider", self.provider)
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.new)
        buttons.addWidget(self.save)
        self.close_button = named(QPushButton("Close"), "catalogueClose", "Close the catalogue")
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.editing: InterventionRow | None = None
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.save.clicked.connect(self.save_row)
        self.new.clicked.connect(self._clear)
        self.refresh()

    def refresh(self) -> None:
        self.run(
            lambda: self.services.programmes.catalogue(self.user, include_inactive=True),
            self.model.set_rows,
        )

    def _chosen(self) -> None:
        row: InterventionRow | None = selected_row(self.table)
        if row is None:
            return
        self.editing = row
        self.code.setText(row.code)
        self.code.setReadOnly(True)
        self.label.setText(row.label)
        self.minutes.setValue(row.default_minutes)
        self.provider.setText(row.default_provider)
        self.active.setChecked(row.active)

    def _clear(self) -> None:
        self.editing = None
        self.table.clearSelection()
        self.code.setReadOnly(False)
        for w in (self.code, self.label, self.provider):
            w.clear()
        self.minutes.setValue(60)
        self.active.setChecked(True)

    def save_row(self) -> None:
        editing = self.editing
        code, label, minutes = self.code.text(), self.label.text(), self.minutes.value()
        provider, active = self.provider.text(), self.active.isChecked()

        def done(row: InterventionRow) -> None:
            self.message.setText(f"Saved {row.label}.")
            self.editing = row
            self.refresh()

        self.run(
            lambda: self.services.programmes.save_intervention(
                self.user,
                code,
                label,
                minutes,
                provider,
                active,
                expected_version=editing.version if editing else None,
            ),
            done,
        )
