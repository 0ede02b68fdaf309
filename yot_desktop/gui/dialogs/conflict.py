"""Someone else saved first: show your version beside the saved one, then reload or re-apply.

Used by every edit that can go stale (the person record, a referral's decisions). Nothing has
been overwritten when this opens: the service refused the stale write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.gui.dialogs.base import Dialog
from yot_desktop.gui.widgets import configure_item_view, fit_to_screen, named

BLANK = "(blank)"
# The dialog's result when the user reloads the saved version. Accepted: apply mine again.
# Rejected (Esc, or closing the window): neither; the user's unsaved edits stay on screen.
RELOAD = 2


@dataclass(frozen=True)
class ConflictRow:
    """One field that differs: what you meant to save and what is saved now."""

    label: str
    mine: str
    theirs: str
    changed_by: str  # "you", "them" or "both of you"


def shown(value: object) -> str:
    """A field's value as people read it: Yes/No, 14/03/2026, (blank)."""
    if value is None or value == "":
        return BLANK
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def conflict_rows(
    labels: Mapping[str, str],
    seen: Mapping[str, object],
    theirs: Mapping[str, object],
    mine: Mapping[str, object],
) -> list[ConflictRow]:
    """The fields that you changed, they changed, or both, in `labels` order.

    `seen` is what you opened, `theirs` what is saved now, `mine` only the fields you changed.
    """
    rows = []
    for key, label in labels.items():
        they_changed = seen.get(key) != theirs.get(key)
        you_changed = key in mine and mine[key] != seen.get(key)
        if not (they_changed or you_changed):
            continue
        who = "both of you" if they_changed and you_changed else "you" if you_changed else "them"
        yours = mine[key] if you_changed else seen.get(key)
        rows.append(ConflictRow(label, shown(yours), shown(theirs.get(key)), who))
    return rows


class ConflictDialog(Dialog):
    """Your version and the saved version side by side.

    Finishes Accepted for "apply mine again", RELOAD for "reload theirs", and Rejected when
    closed with neither (nothing changes; saving again will show this dialog again)."""

    def __init__(
        self,
        what: str,
        who: str,
        when: datetime | None,
        rows: list[ConflictRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, name="conflictDialog", title="Someone else changed this record")
        self.rows = rows
        layout = QVBoxLayout(self)
        at = f" at {when:%H:%M} on {when:%d/%m/%Y}" if when else ""
        heading = named(
            QLabel(f"{who or 'Another user'} saved changes to {what}{at}, after you opened it."),
            "conflictHeading",
            "What happened",
        )
        heading.setWordWrap(True)
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        explain = named(
            QLabel(
                "Nothing has been overwritten. Compare the two versions, then either reload "
                "the saved version (your changes are dropped) or apply your changes again on "
                "top of it. Esc closes this and leaves your changes on screen, unsaved."
            ),
            "conflictExplanation",
            "What you can do",
        )
        explain.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(explain)

        self.table = named(
            QTableWidget(len(rows), 4), "conflictTable", "Your version and the saved version"
        )
        configure_item_view(self.table)
        self.table.setHorizontalHeaderLabels(
            ["Field", "Your version", "The saved version", "Changed by"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for r, row in enumerate(rows):
            for c, text in enumerate((row.label, row.mine, row.theirs, row.changed_by)):
                item = QTableWidgetItem(text)
                if c in (1, 2) and row.mine != row.theirs:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((170, 190, 190)):
            self.table.setColumnWidth(col, width)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table)
        if not rows:
            layout.addWidget(
                QLabel("The fields you see are the same in both versions; other details changed.")
            )

        box = QDialogButtonBox()
        self.reload_button = named(
            box.addButton("Reload theirs", QDialogButtonBox.ButtonRole.ResetRole),
            "conflictReloadButton",
            "Reload the saved version",
            "Drop your changes and show the version saved by the other user",
        )
        self.reapply_button = named(
            box.addButton("Apply mine again", QDialogButtonBox.ButtonRole.AcceptRole),
            "conflictReapplyButton",
            "Apply my changes again",
            "Save your changes on top of the version saved by the other user",
        )
        self.reapply_button.setDefault(True)
        box.accepted.connect(self.accept)
        self.reload_button.clicked.connect(lambda: self.done(RELOAD))
        layout.addWidget(box)
        fit_to_screen(self, 720, 200 + 34 * max(len(rows), 2))


def ask_conflict(
    parent: QWidget | None,
    what: str,
    who: str,
    when: datetime | None,
    rows: list[ConflictRow],
    reload: Callable[[], None],
    reapply: Callable[[], None],
) -> ConflictDialog:
    """Open the dialog without blocking; call `reapply` or `reload` with the user's choice."""
    dialog = ConflictDialog(what, who, when, rows, parent)

    def chosen(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            reapply()
        elif result == RELOAD:
            reload()

    dialog.finished.connect(chosen)
    dialog.open()
    return dialog
