"""The intervention catalogue, edited by administrators."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from yot_desktop.gui.delivery_common import selected_row
from yot_desktop.gui.dialogs.base import ServiceDialog
from yot_desktop.gui.forms.ui_catalogue_dialog import Ui_CatalogueDialog
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import configure_item_view, fit_to_screen
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
    """The interventions, and one to add or change (layout: ui/catalogue_dialog.ui)."""

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, user, runner, parent)
        self.ui = Ui_CatalogueDialog()
        self.ui.setupUi(self)
        fit_to_screen(self, 760, 520)
        self.model: RowsModel[InterventionRow] = RowsModel(COLUMNS, self)
        self.table = configure_item_view(self.ui.catalogueTable)
        self.table.setModel(self.model)
        for column, width in enumerate((240, 200, 70, 170)):
            self.table.setColumnWidth(column, width)
        self.code = self.ui.catalogueCode
        self.label = self.ui.catalogueLabel
        self.minutes = self.ui.catalogueMinutes
        self.provider = self.ui.catalogueProvider
        self.active = self.ui.catalogueActive
        self.save = self.ui.catalogueSave
        self.new = self.ui.catalogueNew
        self.message = self.ui.catalogueMessage
        self.close_button = self.ui.catalogueClose
        self.close_button.clicked.connect(self.accept)
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
