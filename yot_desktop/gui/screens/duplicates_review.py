"""Possible duplicates: two records side by side; merge (keeping every referral), undo the
merge until it is confirmed, or record that they are two different young people."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import configure_item_view, fit_to_screen, named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import DuplicateComparison, DuplicateRow

PAIR_COLUMNS = [
    ("Record", lambda r: r.person_name),
    ("Possible duplicate of", lambda r: r.other_name),
    ("Born", lambda r: f"{r.date_of_birth:%d/%m/%Y}"),
    ("Why", lambda r: r.reason),
    ("State", lambda r: "Merged — can be undone" if r.merge_id else "To review"),
]


class DuplicatesDialog(QDialog):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        self.setObjectName("duplicatesDialog")
        self.setAccessibleName("Possible duplicates")
        self.setWindowTitle("Possible duplicates")
        fit_to_screen(self, 1050, 620)
        self.services, self.user, self.runner = services, user, runner
        self.comparison: DuplicateComparison | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "These records may be the same young person. Compare them, then merge them into "
            "one record (every referral is kept) or mark them as different people. A merge can "
            "be undone until you confirm it."
        )
        intro.setObjectName("duplicatesIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model: RowsModel[DuplicateRow] = RowsModel(PAIR_COLUMNS, self)
        self.pairs = named(QTableView(), "duplicatePairs", "Pairs to review")
        configure_item_view(self.pairs)
        self.pairs.setModel(self.model)
        self.pairs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pairs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pairs.verticalHeader().hide()
        self.pairs.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((170, 170, 85, 300)):
            self.pairs.setColumnWidth(col, width)
        self.compare_table = named(QTableWidget(0, 3), "duplicateComparison", "Side by side")
        configure_item_view(self.compare_table)
        self.compare_table.setHorizontalHeaderLabels(["", "Left record", "Right record"])
        self.compare_table.verticalHeader().hide()
        self.compare_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.compare_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.pairs)
        splitter.addWidget(self.compare_table)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter)
        row = QHBoxLayout()
        self.keep_left = named(
            QPushButton("Merge, keep left"), "mergeKeepLeft", "Merge into the left record"
        )
        self.keep_right = named(
            QPushButton("Merge, keep right"), "mergeKeepRight", "Merge into the right record"
        )
        self.different = named(
            QPushButton("Different people"), "notDuplicateButton", "These are different people"
        )
        self.undo = named(QPushButton("Undo merge"), "undoMergeButton", "Undo the merge")
        self.confirm = named(
            QPushButton("Confirm merge"), "confirmMergeButton", "Confirm the merge for good"
        )
        self.close_button = named(QPushButton("Close"), "duplicatesClose", "Close")
        for b in (self.keep_left, self.keep_right, self.different, self.undo, self.confirm):
            row.addWidget(b)
        row.addStretch()
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.keep_left.clicked.connect(lambda: self.merge(left=True))
        self.keep_right.clicked.connect(lambda: self.merge(left=False))
        self.different.clicked.connect(self.not_duplicate)
        self.undo.clicked.connect(self.undo_merge)
        self.confirm.clicked.connect(self.confirm_merge)
        self.close_button.clicked.connect(self.accept)
        self.pairs.selectionModel().currentRowChanged.connect(self._picked)
        self._buttons(None)

    def refresh(self) -> None:
        self.runner.run(
            lambda: self.services.duplicates.list_candidates(self.user), self._listed, self._failed
        )

    def _listed(self, rows: tuple[DuplicateRow, ...]) -> None:
        self.model.set_rows(rows)
        self.compare_table.setRowCount(0)
        self.comparison = None
        self._buttons(None)
        if rows:
            self.pairs.selectRow(0)

    def _picked(self, *_args: object) -> None:
        row = self.model.row_at(self.pairs.currentIndex().row())
        if row is None:
            return
        cid = row.id
        self.runner.run(
            lambda: self.services.duplicates.compare(self.user, cid), self._compared, self._failed
        )

    def _compared(self, c: DuplicateComparison) -> None:
        self.comparison = c
        labels = [label for label, _ in c.left.fields]
        lines = [*labels, "Reference", "Referrals"]
        self.compare_table.setRowCount(len(lines))
        left = [v for _, v in c.left.fields] + [c.left.person_ref, "\n".join(c.left.referrals)]
        right = [v for _, v in c.right.fields] + [c.right.person_ref, "\n".join(c.right.referrals)]
        for i, label in enumerate(lines):
            differs = left[i] != right[i]
            for col, text in enumerate((label, left[i], right[i])):
                item = QTableWidgetItem(text)
                if differs and col:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip("Different")
                self.compare_table.setItem(i, col, item)
        self.compare_table.resizeRowsToContents()
        self._buttons(c.candidate)

    def _buttons(self, row: DuplicateRow | None) -> None:
        """Each button works only for the pair's state; otherwise its tooltip says why."""
        open_pair = row is not None and row.status == "open"
        merged = row is not None and row.merge_id is not None
        decide = follow_up = "Choose a pair in the list first"
        if row is not None:
            decide = "" if open_pair else "This pair has been decided already"
            follow_up = (
                "" if merged else "Only a merge not yet confirmed can be undone or confirmed"
            )
        for b in (self.keep_left, self.keep_right, self.different):
            b.setEnabled(open_pair)
            b.setToolTip(decide or b.accessibleName())
        for b in (self.undo, self.confirm):
            b.setEnabled(merged)
            b.setToolTip(follow_up or b.accessibleName())

    def merge(self, left: bool) -> None:
        c = self.comparison
        if c is None:
            return
        keep = c.left.id if left else c.right.id
        self.runner.run(
            lambda: self.services.duplicates.merge(self.user, c.candidate.id, keep),
            lambda _m: self.refresh(),
            self._failed,
        )

    def not_duplicate(self) -> None:
        c = self.comparison
        if c is not None:
            self.runner.run(
                lambda: self.services.duplicates.not_duplicate(self.user, c.candidate.id),
                lambda _r: self.refresh(),
                self._failed,
            )

    def undo_merge(self) -> None:
        c = self.comparison
        if c is not None and c.candidate.merge_id is not None:
            mid = c.candidate.merge_id
            self.runner.run(
                lambda: self.services.duplicates.undo_merge(self.user, mid),
                lambda _r: self.refresh(),
                self._failed,
            )

    def confirm_merge(self) -> None:
        c = self.comparison
        if c is None or c.candidate.merge_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Confirm the merge",
            "After confirming, this merge can no longer be undone. Confirm it?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        mid = c.candidate.merge_id
        self.runner.run(
            lambda: self.services.duplicates.confirm_merge(self.user, mid),
            lambda _r: self.refresh(),
            self._failed,
        )
