"""Managers edit a scheme's local policy: ages, second chance, sessions, absence limit and the
"small quantity" thresholds. Saved through the same checks as `schemes load`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import SchemeModel, Unit
from yot_desktop.domain.scheme import SchemeRules
from yot_desktop.gui.save_keys import save_keys
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import configure_item_view, fit_to_screen, named, scroll_when_small
from yot_desktop.services.admin.teams import TeamDetails
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser

TEXTS = (
    ("code", "Code"),
    ("name", "Name"),
    ("area", "Area"),
    ("provider", "Provider"),
    ("outcome_code", "Outcome code"),
)
NUMBERS = (
    ("min_age", "Youngest age at offence", 0, 25),
    ("max_age", "Oldest age at offence", 0, 25),
    ("sessions_required", "Sessions after the assessment", 0, 50),
    ("session_minutes", "Minutes per session", 0, 480),
    ("complete_within_weeks", "Weeks to complete", 1, 104),
    ("absence_limit", "Unexplained absences allowed", 0, 20),
)
# The team entry that names no team: the referrals belong to whoever imports them.
IMPORTERS_TEAM = "The team of whoever imports the referral"
FLAGS = (
    ("second_chance", "Allow a second diversion"),
    ("assessment_required", "An assessment comes first"),
)


class SchemeEditorDialog(QDialog):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        self.setObjectName("schemeEditorDialog")
        self.setAccessibleName("Schemes")
        self.setWindowTitle("Schemes: local policy")
        fit_to_screen(self, 900, 620)
        self.services, self.user, self.runner = services, user, runner
        self.schemes: dict[str, SchemeRules] = {}
        self.versions: dict[str, int] = {}
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = named(QListWidget(), "schemeList", "Schemes")
        configure_item_view(self.list)
        self.new_button = named(QPushButton("New scheme"), "newSchemeButton", "Add a scheme")
        left.addWidget(self.list)
        left.addWidget(self.new_button)
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        form = QFormLayout()
        self.texts: dict[str, QLineEdit] = {}
        for key, label in TEXTS:
            self.texts[key] = named(QLineEdit(), f"scheme_{key}", label)
            form.addRow(label, self.texts[key])
        self.model = named(QComboBox(), "scheme_model", "Model")
        self.model.addItem(
            "Voluntary: support offered, police informed", SchemeModel.VOLUNTARY.value
        )
        self.model.addItem("Conditional: prosecution deferred", SchemeModel.CONDITIONAL.value)
        form.addRow("Model", self.model)
        # INTERFACES.md `team`: the team that runs the scheme and holds its referrals.
        self.team = named(
            QComboBox(),
            "scheme_team",
            "Team that runs it",
            "Its referrals belong to this team, whoever imports them",
        )
        self.team.addItem(IMPORTERS_TEAM, "")
        form.addRow("Team that runs it", self.team)
        self.numbers: dict[str, QSpinBox] = {}
        for key, label, low, high in NUMBERS:
            spin = named(QSpinBox(), f"scheme_{key}", label)
            spin.setRange(low, high)
            self.numbers[key] = spin
            form.addRow(label, spin)
        self.flags: dict[str, QCheckBox] = {}
        for key, label in FLAGS:
            self.flags[key] = named(QCheckBox(label), f"scheme_{key}", label)
            form.addRow("", self.flags[key])
        right.addLayout(form)
        note = QLabel(
            "Small-quantity limits are local policy: police have not defined them. A substance "
            "with no limit here is not covered by the scheme."
        )
        note.setObjectName("thresholdNote")
        note.setWordWrap(True)
        right.addWidget(note)
        self.thresholds = named(QTableWidget(0, 3), "schemeThresholds", "Small-quantity limits")
        configure_item_view(self.thresholds)
        self.thresholds.setHorizontalHeaderLabels(["Substance", "Largest quantity", "Unit"])
        self.thresholds.horizontalHeader().setStretchLastSection(True)
        self.thresholds.verticalHeader().hide()  # row numbers were cut off and say nothing
        self.thresholds.setColumnWidth(0, 200)
        self.thresholds.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        right.addWidget(self.thresholds)
        rows = QHBoxLayout()
        self.add_row = named(QPushButton("Add limit"), "addThreshold", "Add a substance limit")
        self.remove_row = named(
            QPushButton("Remove limit"), "removeThreshold", "Remove the selected limit"
        )
        self.save_button = named(QPushButton("Save scheme"), "saveSchemeButton", "Save scheme")
        self.save_button.setDefault(True)
        save_keys(self, self.save_button, enter=False)  # Enter: the dialog's default button
        self.close_button = named(QPushButton("Close"), "schemeClose", "Close")
        for b in (self.add_row, self.remove_row):
            rows.addWidget(b)
        rows.addStretch()
        rows.addWidget(self.close_button)
        rows.addWidget(self.save_button)
        right.addLayout(rows)
        self.status = named(QLabel(), "schemeStatus", "Save result")
        right.addWidget(self.status)
        layout.addLayout(right, 3)
        # A small screen (1920×1080 at 200%): all but the buttons and the message scrolls.
        scroll_when_small(self, right, keep=(rows, self.status))
        self.list.currentTextChanged.connect(self._show)
        self.new_button.clicked.connect(self._new)
        self.add_row.clicked.connect(lambda: self._add_threshold("", "", Unit.G.value))
        self.remove_row.clicked.connect(
            lambda: self.thresholds.removeRow(self.thresholds.currentRow())
        )
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)

    def refresh(self, select: str | None = None) -> None:
        def load() -> tuple[tuple[SchemeRules, ...], dict[str, int], tuple[TeamDetails, ...]]:
            return (
                self.services.schemes.list_schemes(),
                self.services.scheme_editor.versions(self.user),
                self.services.teams.list_teams(self.user),
            )

        self.runner.run(load, lambda result: self._loaded(result, select), self._failed)

    def _loaded(
        self,
        result: tuple[tuple[SchemeRules, ...], dict[str, int], tuple[TeamDetails, ...]],
        select: str | None,
    ) -> None:
        schemes, self.versions, teams = result
        while self.team.count() > 1:
            self.team.removeItem(1)
        for team in teams:
            self.team.addItem(team.name, team.name)
        self.schemes = {s.code: s for s in schemes}
        self.list.clear()
        self.list.addItems(list(self.schemes))
        if self.schemes:
            items = self.list.findItems(
                select or next(iter(self.schemes)), Qt.MatchFlag.MatchExactly
            )
            self.list.setCurrentItem(items[0] if items else self.list.item(0))

    def _show(self, code: str) -> None:
        rules = self.schemes.get(code)
        if rules is None:
            return
        for key, edit in self.texts.items():
            edit.setText(str(getattr(rules, key)))
        self.texts["code"].setReadOnly(True)
        self.model.setCurrentIndex(self.model.findData(rules.model.value))
        self.team.setCurrentIndex(max(self.team.findData(rules.team), 0))
        for key, spin in self.numbers.items():
            spin.setValue(getattr(rules, key))
        for key, box in self.flags.items():
            box.setChecked(getattr(rules, key))
        self.thresholds.setRowCount(0)
        for t in rules.thresholds:
            self._add_threshold(t.substance, format(t.max_quantity.normalize(), "f"), t.unit.value)

    def _new(self) -> None:
        self.list.clearSelection()
        for edit in self.texts.values():
            edit.clear()
        self.texts["code"].setReadOnly(False)
        self.texts["outcome_code"].setText("22")
        self.team.setCurrentIndex(0)
        self.thresholds.setRowCount(0)
        self.texts["code"].setFocus()

    def _add_threshold(self, substance: str, quantity: str, unit: str) -> None:
        row = self.thresholds.rowCount()
        self.thresholds.insertRow(row)
        self.thresholds.setItem(row, 0, QTableWidgetItem(substance))
        self.thresholds.setItem(row, 1, QTableWidgetItem(quantity))
        units = named(QComboBox(), f"thresholdUnit{row}", "Unit")
        units.addItems([u.value for u in Unit])
        units.setCurrentText(unit)
        self.thresholds.setCellWidget(row, 2, units)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: edit.text() for key, edit in self.texts.items()}
        out["model"] = self.model.currentData()
        out["team"] = self.team.currentData() or ""
        out.update({key: spin.value() for key, spin in self.numbers.items()})
        out.update({key: box.isChecked() for key, box in self.flags.items()})
        limits = []
        for row in range(self.thresholds.rowCount()):
            substance = self.thresholds.item(row, 0)
            quantity = self.thresholds.item(row, 1)
            unit = self.thresholds.cellWidget(row, 2)
            limits.append(
                {
                    "substance": substance.text() if substance else "",
                    "max_quantity": quantity.text() if quantity else "",
                    "unit": unit.currentText() if isinstance(unit, QComboBox) else "",
                }
            )
        out["threshold"] = limits
        return out

    def save(self) -> None:
        data = self.data()
        code = data["code"].strip()
        version = self.versions.get(code) if self.texts["code"].isReadOnly() else None
        self.runner.run(
            lambda: self.services.scheme_editor.save(self.user, data, version),
            lambda rules: self._saved(rules),
            self._failed,
        )

    def _saved(self, rules: SchemeRules) -> None:
        self.status.setText(f"Saved {rules.code}. New referrals are checked against these rules.")
        self.refresh(rules.code)
