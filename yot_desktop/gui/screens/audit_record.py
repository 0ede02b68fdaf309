"""The Audit screen's right-hand pane: the selected record, and its before and after values.

Also the plain words the screen uses for action, entity, field and outcome names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from yot_desktop.gui.delivery_common import table
from yot_desktop.gui.models import Column, RowsModel
from yot_desktop.gui.widgets import named
from yot_desktop.services.admin.audit import AuditRow, FieldChangeRow

OUTCOME_WORDS = {
    "ok": "Done",
    "failed": "Failed",
    "locked": "Locked",
    "refused": "Refused",
    "not_found": "Not found",  # no such record, or another team's
}
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# Names whose plain words keep capitals.
SPECIAL_WORDS = {
    "nrm_referral_date": "NRM referral date",
    "nrm_decision": "NRM decision",
    "send_needs": "SEND needs",
    "phone": "Phone number",
}


def words(name: str) -> str:
    """'sign_in' -> 'Sign in': action, entity and field names as plain words."""
    if name in SPECIAL_WORDS:
        return SPECIAL_WORDS[name]
    return name.replace("_", " ").capitalize() if name else ""


def outcome_words(outcome: str) -> str:
    return OUTCOME_WORDS.get(outcome, words(outcome))


def record_words(row: AuditRow) -> str:
    if not row.entity:
        return ""
    if row.reference:
        return f"{words(row.entity)} {row.reference}"
    return words(row.entity) + (f" #{row.entity_id}" if row.entity_id is not None else "")


def value_words(value: str | None) -> str:
    """A stored before/after value for reading: dates as 14/03/2026, nothing as (empty)."""
    if not value:
        return "(empty)"
    found = ISO_DATE.match(value)
    return f"{found[3]}/{found[2]}/{found[1]}" if found else value


CHANGE_COLUMNS: list[Column] = [
    ("Field", lambda c: words(c.field)),
    ("Before", lambda c: value_words(c.before)),
    ("After", lambda c: value_words(c.after)),
]


class AuditRecordPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditRecordPane")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        title = named(QLabel("Selected record"), "auditDetailTitle", "Selected record")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.detail_form = QFormLayout()
        self.detail_labels: dict[str, QLabel] = {}
        for key, label in (
            ("when", "When"),
            ("staff", "Staff"),
            ("action", "Action"),
            ("record", "Record"),
            ("outcome", "Outcome"),
            ("detail", "Detail"),
        ):
            value = named(QLabel(), f"auditDetail_{key}", label)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_labels[key] = value
            self.detail_form.addRow(f"{label}:", value)
        self.changes_note = named(
            QLabel("Select a record to see what it was about and any values changed."),
            "auditChangesNote",
            "Values changed",
        )
        self.changes_note.setWordWrap(True)
        self.changes_model: RowsModel[FieldChangeRow] = RowsModel(CHANGE_COLUMNS, self)
        self.changes_view = table("auditChanges", "Values changed", self.changes_model, (140, 125))
        layout.addWidget(title)
        layout.addLayout(self.detail_form)
        layout.addWidget(self.changes_note)
        layout.addWidget(self.changes_view, 1)
        layout.addStretch(0)  # keeps the labels together at the top when there is no table

    def set_changes(self, changes: Sequence[FieldChangeRow]) -> None:
        self.changes_model.set_rows(changes)

    def show_row(self, row: AuditRow | None) -> None:
        """What the selected audit record says; its values come later by `set_changes`."""
        self.changes_model.set_rows(())
        texts = {
            "when": f"{row.at:%d/%m/%Y %H:%M:%S}" if row else "",
            "staff": row.username if row else "",
            "action": words(row.action) if row else "",
            "record": record_words(row) if row else "",
            "outcome": outcome_words(row.outcome) if row else "",
            "detail": row.detail.replace(",", ", ") if row else "",
        }
        for key, label in self.detail_labels.items():
            label.setText(texts[key])
        self.changes_view.setVisible(bool(row and row.changes))
        if row is None:
            note = "Select a record to see what it was about and any values changed."
        elif row.changes:
            note = "Values changed (viewing them is recorded in the audit trail):"
        else:
            note = "No values were changed by this action."
        self.changes_note.setText(note)
