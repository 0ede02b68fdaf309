"""The set-up of a master–detail screen (caseload, referrals, calendar), composed into it.

`LatestLoad` runs a screen's loads on the `TaskRunner` and drops an answer overtaken by a
newer load; every master–detail screen loads through one. `pane` stacks one side's parts,
and `master_detail_splitter` lays out the master beside (or above) its detail.

`MasterList` is the paged list half (caseload, referrals): a table of rows with ids over a
passive `RowsModel`, with an empty state in its place when there is nothing to list; picking
a row loads that record's detail on the `TaskRunner` and hands it to the screen only if it is
still the one picked. The picked record stays picked when the list reloads, and a live reload
keeps the rows loaded and the scroll position. The calendar's master is a week grid whose
cells list sessions already loaded, so it takes the load and the splitter, not the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLayout,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.gui.live_refresh import PlaceKeeper
from yot_desktop.gui.models import Column, RowsModel
from yot_desktop.gui.tasks import OnError, TaskRunner
from yot_desktop.gui.widgets import EmptyState, configure_item_view, named
from yot_desktop.services.dto import Page


class HasId(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=HasId)
D = TypeVar("D", bound=HasId)
T = TypeVar("T")
# query(offset, limit) is called on the GUI thread (it reads the search box and filters) and
# returns the call that fetches that page on the worker thread.
Query = Callable[[int, int], Callable[[], Page[Any]]]


class LatestLoad:
    """A screen's loads on the `TaskRunner`: only the answer to the latest load is handed on.

    `run` starts a load that overtakes any still under way (the user typed on, moved to
    another week); `more` fetches more of the latest load (a further page), dropped if a new
    load begins meanwhile. Errors go to `on_error`, or to a load's own `failed`, which, like
    `done`, hears only the latest load (the audit's search: a filter to fix)."""

    def __init__(self, runner: TaskRunner, on_error: OnError) -> None:
        self.runner = runner
        self.on_error = on_error
        self._generation = 0

    def run(
        self, fetch: Callable[[], T], done: Callable[[T], None], failed: OnError | None = None
    ) -> None:
        self._generation += 1
        self.more(fetch, done, failed)

    def more(
        self, fetch: Callable[[], T], done: Callable[[T], None], failed: OnError | None = None
    ) -> None:
        generation = self._generation

        def latest(result: T) -> None:
            if generation == self._generation:
                done(result)

        def latest_failed(exc: BaseException, tb: str) -> None:
            if generation == self._generation and failed is not None:
                failed(exc, tb)

        self.runner.run(fetch, latest, self.on_error if failed is None else latest_failed)


class MasterList(Generic[R, D]):
    """A screen's paged list and its picked record; the screen lays out `stack`."""

    def __init__(
        self,
        owner: QWidget,
        runner: TaskRunner,
        *,
        columns: Sequence[Column],
        name: str,
        accessible_name: str,
        widths: Sequence[int],
        empty: EmptyState,
        page_size: int,
        query: Query,
        filtered: Callable[[], bool],
        counted: Callable[[int, bool], None],
        load_detail: Callable[[int], D],
        show_detail: Callable[[D], None],
        on_error: OnError,
    ) -> None:
        self.runner = runner
        self.page_size = page_size
        self.query = query
        self.filtered = filtered  # a search or filter is on: an empty list is not "none yet"
        self.counted = counted  # the screen words the count: (total, filtered)
        self.load_detail = load_detail
        self.show_detail = show_detail
        self.on_error = on_error
        self.selected_id: int | None = None
        self.loads = LatestLoad(runner, on_error)

        self.model: RowsModel[R] = RowsModel(columns, owner)
        self.table = named(QTableView(), name, accessible_name)
        configure_item_view(self.table)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        self.place = PlaceKeeper(self.table)  # a live reload keeps the list where it was
        self.empty = empty
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.model.more_wanted.connect(self._more)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

    # --- the list --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the first page for the current search; stale answers are dropped."""
        self.load_rows(self.page_size)

    def reload_in_place(self) -> None:
        """Another PC changed the list: reload as many rows as are loaded, where they are."""
        self.place.hold()
        self.load_rows(max(self.page_size, self.model.rowCount()))

    def load_rows(self, limit: int) -> None:
        self.loads.run(self.query(0, limit), self._loaded)

    def _loaded(self, page: Page[R]) -> None:
        self.model.set_rows(page.rows, page.total)
        filtered = self.filtered()
        self.stack.setCurrentWidget(self.empty if page.total == 0 and not filtered else self.table)
        self.counted(page.total, filtered)
        self._restore_selection()

    def _more(self, offset: int) -> None:
        fetch = self.query(offset, self.page_size)
        self.loads.more(fetch, lambda page: self.model.append_rows(page.rows, offset))

    def refresh_while_typing(self, search: QLineEdit, owner: QWidget) -> None:
        """Reload 150 ms after the last key in `search`."""
        debounce = QTimer(owner)
        debounce.setSingleShot(True)
        debounce.setInterval(150)
        debounce.timeout.connect(self.refresh)
        search.textChanged.connect(debounce.start)

    # --- the picked record -----------------------------------------------------------------
    def _restore_selection(self) -> None:
        """Keep the picked record selected when the list reloads."""
        if self.selected_id is None:
            return
        for row in range(self.model.rowCount()):
            item = self.model.row_at(row)
            if item is not None and item.id == self.selected_id:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return

    def _row_changed(self, *_args: object) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row is None or row.id == self.selected_id:
            return
        self.select(row.id)

    def select(self, record_id: int) -> None:
        """Pick a record (from the list, or opened from elsewhere) and load its detail."""
        self.selected_id = record_id
        self.reload_detail()

    def reload_detail(self) -> None:
        """Load the picked record again (saved, moved, or changed on another PC)."""
        record_id = self.selected_id
        if record_id is not None:
            self.runner.run(lambda: self.load_detail(record_id), self.show_if_picked, self.on_error)

    def show_if_picked(self, detail: D) -> None:
        if detail.id == self.selected_id:  # not overtaken by a later pick
            self.show_detail(detail)


def pane(*parts: QWidget | QLayout, grows: QWidget | None = None) -> QWidget:
    """One side of a master–detail screen: its parts top to bottom, at the side's edges (no
    margin of its own); `grows`, if given, takes the height the others leave."""
    side = QWidget()
    layout = QVBoxLayout(side)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if part is grows else 0)
    return side


def master_detail_splitter(
    name: str,
    master: QWidget,
    detail: QWidget,
    sizes: tuple[int, int] | None = None,
    orientation: Qt.Orientation = Qt.Orientation.Horizontal,
) -> QSplitter:
    """The master on the left (or above), the picked record beside it, the master the larger;
    `sizes` the first sizes, else the splitter shares the room by those stretches."""
    splitter = QSplitter(orientation)
    splitter.setObjectName(name)
    splitter.addWidget(master)
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    if sizes is not None:
        splitter.setSizes(list(sizes))
    return splitter
