"""The selected young person: details, editable, with stale-write detection."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.errors import ConflictError
from yot_desktop.domain.ethnicity import ETHNICITIES, NOT_STATED, find_ethnicity
from yot_desktop.gui.dialogs.conflict import ask_conflict, conflict_rows
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.save_keys import save_keys
from yot_desktop.gui.subject_access_action import Export, SubjectAccessButton
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import ScrollingPart, named
from yot_desktop.services.dto import PersonDetail
from yot_desktop.services.intake.people import PersonChanges

TEXT_FIELDS = [
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("preferred_name", "Preferred name"),
    ("address_line_1", "Address line 1"),
    ("address_line_2", "Address line 2"),
    ("town", "Town"),
    ("postcode", "Postcode"),
    ("school", "School or education"),
    ("first_language", "First language"),
    ("communication_needs", "Communication needs"),
    ("send_needs", "Special educational needs (SEND)"),
]
BOOL_FIELDS = [
    ("interpreter_needed", "Needs an interpreter"),
    ("looked_after", "Looked-after child"),
]
# Every field a conflict can show: the panel's, and the safeguarding tab's.
LABELS = dict(
    TEXT_FIELDS
    + BOOL_FIELDS
    + [
        ("ethnicity", "Ethnic group"),
        ("date_of_birth", "Date of birth"),
        ("exploitation_concern", "Exploitation concern"),
        ("nrm_referral_date", "NRM referral date"),
        ("nrm_decision", "NRM decision"),
        ("missing_episodes", "Missing episodes"),
        ("other_agencies", "Other agencies"),
    ]
)


def ethnicity_combo() -> QComboBox:
    """The ONS 2021 ethnic groups under their headings (headings cannot be chosen); each
    entry holds its code. "Not stated" first: it is what a record holds until asked."""
    combo = named(
        QComboBox(),
        "person_ethnicity",
        "Ethnic group",
        "ONS 2021 categories, as the young person describes themselves",
    )
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    combo.addItem(NOT_STATED.label, NOT_STATED.code)
    heading = ""
    for e in ETHNICITIES:
        if e is NOT_STATED:
            continue
        if e.group != heading:
            heading = e.group
            combo.addItem(heading)
            item = model.item(combo.count() - 1)
            item.setEnabled(False)
            # Bold in the text colour: the greyed-out look of a disabled entry fails AA.
            item.setForeground(combo.palette().text())
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        combo.addItem(e.label, e.code)
        model.item(combo.count() - 1).setToolTip(f"{e.group}: {e.label}")
    # Not as wide as the longest group at least: the record pane fits a small window.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(22)
    return combo


def readable(values: Mapping[str, object]) -> dict[str, object]:
    """Field values as a conflict shows them: the ethnic group by its name, not its code."""
    shown = dict(values)
    code = shown.get("ethnicity")
    if isinstance(code, str) and code:
        found = find_ethnicity(code)
        shown["ethnicity"] = found.label if found else code
    return shown


class PersonPanel(QWidget):
    saved = Signal(object)
    shown = Signal(object)  # a record (or None) was put on the panel: saved, reloaded, undone

    def __init__(
        self,
        runner: TaskRunner,
        save: Callable[[int, int, PersonChanges], PersonDetail],
        load: Callable[[int], PersonDetail],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personPanel")
        self.runner = runner
        self._save = save
        self._load = load
        self.person: PersonDetail | None = None
        layout = QVBoxLayout(self)
        self.heading = named(QLabel(), "personHeading", "Young person")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = named(QLabel(), "personSubheading", "Reference and date of birth")
        self.subheading.setWordWrap(True)  # the team's name is long; the pane may be narrow
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        fields = QWidget()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        self.ethnicity = ethnicity_combo()
        # Only a person's choice marks the record changed, not showing a record.
        self.ethnicity.activated.connect(lambda _index: self._dirty())
        for key, label in TEXT_FIELDS:
            edit = named(QLineEdit(), f"person_{key}", label)
            edit.textEdited.connect(self._dirty)
            self.edits[key] = edit
            form.addRow(label, edit)
            if key == "preferred_name":
                form.addRow("Ethnic group", self.ethnicity)
        self.checks: dict[str, QCheckBox] = {}
        for key, label in BOOL_FIELDS:
            box = named(QCheckBox(label), f"person_{key}", label)
            box.toggled.connect(self._dirty)
            self.checks[key] = box
            form.addRow("", box)
        # A small window (1920×1080 at 200%): the fields scroll, heading and Save stay.
        layout.addWidget(ScrollingPart(fields, "personFieldsScroll"))
        self.updated = named(QLabel(), "personUpdatedLabel", "Last changed")
        layout.addWidget(self.updated)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.revert_button = named(
            QPushButton("Undo changes"), "personRevertButton", "Undo changes"
        )
        self.save_button = named(QPushButton("Save"), "personSaveButton", "Save changes")
        self.save_button.setDefault(True)
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(lambda: self.save())  # not save(version=checked)
        save_keys(self, self.save_button)  # Ctrl+S, and Enter in a field, save the record
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        # Less frequent actions on the whole record, on their own row below Save.
        self._action_row = QHBoxLayout()
        self._action_row.addStretch()
        layout.addLayout(self._action_row)
        layout.addStretch()
        self._buttons = buttons
        self.subject_access_button: SubjectAccessButton | None = None
        self._actions: list[QWidget] = []  # enabled while a record is shown
        self.set_person(None)

    def add_subject_access(self, export: Export) -> None:
        """Managers and administrators: a "Subject access export…" button (issue 7)."""
        self.subject_access_button = SubjectAccessButton(self.runner, export, lambda: self.person)
        self.subject_access_button.setEnabled(self.person is not None)
        self._buttons.insertWidget(0, self.subject_access_button)

    def add_action(self, button: QWidget) -> None:
        """A button acting on the record shown (managers: "Move to another team…")."""
        self._actions.append(button)
        button.setEnabled(self.person is not None)
        self._action_row.addWidget(button)

    @property
    def is_dirty(self) -> bool:
        return self.save_button.isEnabled()

    def _dirty(self) -> None:
        if self.person is not None:
            self._changed(True)

    def _changed(self, changed: bool) -> None:
        """Save and Undo work once something is changed; until then they say so."""
        self.save_button.setEnabled(changed)
        self.revert_button.setEnabled(changed)
        if changed:
            self.save_button.setToolTip("Save the changes to this record")
            self.revert_button.setToolTip("Put back what is saved, losing the changes")
            return
        why = (
            "Choose a young person from the list first"
            if self.person is None
            else "Nothing to save yet: change a detail first"
        )
        self.save_button.setToolTip(why)
        self.revert_button.setToolTip(why)

    def saved_elsewhere(self, person: PersonDetail) -> None:
        """Another part of this record (the safeguarding tab) saved it: go on from the version
        saved there, and keep any edits here not saved yet (they are saved on top of it)."""
        if self.person is None or self.person.id != person.id:
            return
        if self.is_dirty:
            self.person = person
        else:
            self.set_person(person)

    def set_person(self, person: PersonDetail | None) -> None:
        self.person = person
        for key, edit in self.edits.items():
            edit.setText(str(getattr(person, key)) if person else "")
            edit.setEnabled(person is not None)
        for key, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(bool(getattr(person, key)) if person else False)
            box.blockSignals(False)
            box.setEnabled(person is not None)
        code = person.ethnicity if person else NOT_STATED.code
        self.ethnicity.setCurrentIndex(max(self.ethnicity.findData(code), 0))
        self.ethnicity.setEnabled(person is not None)
        if person is None:
            self.heading.setText("Choose a young person from the list")
            self.subheading.setText("")
            self.updated.setText("")
        else:
            shown = person.preferred_name or person.first_name
            self.heading.setText(f"{shown} {person.last_name}")
            moved = f" · {person.transferred_in}" if person.transferred_in else ""
            self.subheading.setText(
                f"{person.person_ref} · born {person.date_of_birth:%d/%m/%Y} · "
                f"{person.team_name}{moved}"
            )
            who = f" by {person.updated_by}" if person.updated_by else ""
            self.updated.setText(f"Last changed {person.updated_at:%d/%m/%Y %H:%M}{who}")
        self._changed(False)
        if self.subject_access_button is not None:
            self.subject_access_button.setEnabled(person is not None)
        self.shown.emit(person)
        for action in self._actions:
            action.setEnabled(person is not None)

    def changes(self) -> PersonChanges:
        values: dict[str, object] = {}
        assert self.person is not None
        for key, edit in self.edits.items():
            if edit.text() != getattr(self.person, key):
                values[key] = edit.text()
        for key, box in self.checks.items():
            if box.isChecked() != getattr(self.person, key):
                values[key] = box.isChecked()
        if self.ethnicity.currentData() != self.person.ethnicity:
            values["ethnicity"] = self.ethnicity.currentData()
        return PersonChanges(**values)  # type: ignore[arg-type]

    def revert(self) -> None:
        self.set_person(self.person)

    def save(self, version: int | None = None) -> None:
        if self.person is None:
            return
        person_id = self.person.id
        expected = self.person.version if version is None else version
        changes = self.changes()
        self.save_button.setEnabled(False)
        self.runner.run(
            lambda: self._save(person_id, expected, changes), self._saved, self._save_failed
        )

    def _saved(self, person: PersonDetail) -> None:
        self.set_person(person)
        self.saved.emit(person)

    def _save_failed(self, exc: BaseException, tb: str) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ConflictError) and self.person is not None:
            person_id = self.person.id
            self.runner.run(lambda: self._load(person_id), self._show_conflict)
            return
        show_error(self, exc, tb)

    def _show_conflict(self, theirs: PersonDetail) -> None:
        """Show both versions; the user reloads theirs or applies their own changes again."""
        assert self.person is not None
        seen = self.person
        mine = {k: v for k, v in vars(self.changes()).items() if v is not None and k in LABELS}
        self.conflict_box = ask_conflict(
            self,
            f"{theirs.first_name} {theirs.last_name}'s record",
            theirs.updated_by,
            theirs.updated_at,
            conflict_rows(LABELS, readable(vars(seen)), readable(vars(theirs)), readable(mine)),
            reload=lambda: self.set_person(theirs),
            reapply=lambda: self.save(version=theirs.version),
        )
