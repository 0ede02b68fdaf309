"""The Letters screen's Due tab: the letters waiting between two dates, of one type or all.

Letters become due when sessions are booked or missed, or a programme ends. The list loads on
the TaskRunner; a live reload (another PC's change) keeps the list where it was and the letter
chosen, without choosing it again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import LetterType
from yot_desktop.gui.delivery_common import dmy, selected_row, table, to_date, to_qdate
from yot_desktop.gui.live_refresh import PlaceKeeper
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.screens.letters_words import type_words
from yot_desktop.gui.tasks import OnError, TaskRunner
from yot_desktop.gui.widgets import named, never_squeezed
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.service import LetterDueItem

DUE_COLUMNS = [
    ("Due for", lambda i: dmy(i.due_for)),
    ("Letter", lambda i: type_words(i.letter_type)),
    ("Crime reference", lambda i: i.crime_reference),
    ("Young person", lambda i: i.person_name),
    ("Why", lambda i: "Booked session" if i.source == "booking" else "Queued by an event"),
]


class DueLetters(QWidget):
    """The Due tab's page. `on_rows(rows)` is told each list loaded; `on_kept()` after a live
    reload has chosen the same letter again."""

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        today: Callable[[], date],
        *,
        on_rows: Callable[[tuple[LetterDueItem, ...]], None],
        on_kept: Callable[[], None],
        on_error: OnError,
    ) -> None:
        super().__init__()
        named(self, "lettersDuePage", "Letters due")
        self.services, self.user, self.runner = services, user, runner
        self.on_rows, self.on_kept, self.on_error = on_rows, on_kept, on_error

        self.first = named(QDateEdit(), "lettersFrom", "Letters due from")
        self.last = named(QDateEdit(), "lettersTo", "Letters due to")
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.first.setDate(to_qdate(today() - timedelta(days=30)))
        self.last.setDate(to_qdate(today() + timedelta(days=7)))
        self.type_filter = named(QComboBox(), "lettersTypeFilter", "Letter type to show")
        self.type_filter.addItem("All letter types", None)
        self.type_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for t in LetterType:
            self.type_filter.addItem(type_words(t), t)
        self.refresh_button = named(QPushButton("Refresh"), "lettersRefresh", "Refresh letters due")
        self.batch_button = named(
            QPushButton("Print all shown…"), "lettersBatch", "Print every letter shown in one go"
        )
        filters = QHBoxLayout()
        from_label = named(QLabel("From"), "lettersFromLabel", "From")
        to_label = named(QLabel("to"), "lettersToLabel", "to")
        for w in (from_label, self.first, to_label, self.last, self.refresh_button):
            filters.addWidget(w)
        filters.addStretch(1)
        # The type filter and the batch button on a row of their own: at 1024×700 one row
        # cut them off.
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.type_filter)
        batch_row.addStretch(1)
        batch_row.addWidget(self.batch_button)
        never_squeezed(self.first, self.last, self.type_filter, self.refresh_button)

        self.model: RowsModel[LetterDueItem] = RowsModel(DUE_COLUMNS, self)
        self.view = table("lettersDueTable", "Letters due", self.model, (90, 120, 120, 180))
        self.place = PlaceKeeper(self.view)  # a live reload keeps the list where it was
        self.empty = named(
            QLabel(
                "No letters due in these dates. Letters appear here when sessions are booked, "
                "missed, or a programme ends."
            ),
            "lettersDueEmpty",
            "No letters due",
        )
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(batch_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)

    def chosen(self) -> LetterDueItem | None:
        return selected_row(self.view)

    def rows(self) -> tuple[LetterDueItem, ...]:
        items = (self.model.row_at(i) for i in range(self.model.rowCount()))
        return tuple(i for i in items if i is not None)

    def dates(self) -> tuple[date, date]:
        return to_date(self.first.date()), to_date(self.last.date())

    def _fetch(self) -> Callable[[], tuple[LetterDueItem, ...]]:
        """The search as the filters say now, to run on the worker thread."""
        (first, last), kind = self.dates(), self.type_filter.currentData()
        return lambda: self.services.letters.due(self.user, first, last, kind)

    def refresh(self) -> None:
        self.runner.run(self._fetch(), self._show, self.on_error)

    def reload_in_place(self) -> None:
        """Reload where the list is, keeping the chosen letter chosen (not chosen again: no
        new preview)."""
        chosen = self.chosen()
        key = chosen.key if chosen is not None else None

        def shown(rows: tuple[LetterDueItem, ...]) -> None:
            self._show(rows)
            for i, row in enumerate(rows):
                if row.key == key:
                    selection = self.view.selectionModel()
                    selection.blockSignals(True)
                    self.view.selectRow(i)
                    selection.blockSignals(False)
                    self.view.viewport().update()
                    break
            self.on_kept()

        self.place.hold()
        self.runner.run(self._fetch(), shown, self.on_error)

    def _show(self, rows: tuple[LetterDueItem, ...]) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.on_rows(rows)
