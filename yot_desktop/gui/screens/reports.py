"""Reports screen: the scheme evaluation (preview, charts, exports) and panel summaries.

Everything that reads the database or renders a file runs in the TaskRunner; the GUI thread
only shows the suppressed view it is handed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.evaluation import SuppressedEvaluation
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.statistics import (
    SUPPRESSED_MARK,
    Cell,
    Measure,
    NotComputed,
    Rate,
    SuppressedTable,
)
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.screens.report_charts import BarChart as BarChart
from yot_desktop.gui.screens.reports_panel import PanelBox
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import configure_item_view, named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.reports.service import SchemeChoice

FUNNEL_KEYS = ("referred", "eligible", "offered", "accepted", "completed", "not_engaged")
KEY_FIGURES = (
    "completion_rate",
    "benchmark_completion",
    "officer_hours_saved",
    "take_up_rate",
    "second_referral_rate",
    "waiting_median",
    "kpi6_rate",
)
BreakdownRow = tuple[str, tuple[str, ...]]


def display(value: Cell | Rate | Measure | NotComputed) -> str:
    return value.display()


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _cell_value(value: object) -> int | None:
    if isinstance(value, Cell) and not value.suppressed:
        return value.value
    return None


class ReportsScreen(QWidget):
    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self.setObjectName("reportsScreen")
        self.setAccessibleName("Reports")
        self.services, self.user, self.runner = services, user, runner
        self.view: SuppressedEvaluation | None = None
        self.last_export: Path | None = None
        self.may_evaluate = allowed(user.role, Permission.VIEW_REPORTS)
        self.may_identify = allowed(user.role, Permission.EXPORT_IDENTIFIABLE)
        self.may_panel = allowed(user.role, Permission.VIEW_PANEL_SUMMARIES)

        outer = QVBoxLayout(self)
        heading = QLabel("Reports")
        heading.setObjectName("reportsHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        outer.addWidget(heading)
        scroll = named(QScrollArea(), "reportsScroll", "Reports")
        scroll.setWidgetResizable(True)
        body = QWidget()
        body.setObjectName("reportsBody")
        self.body_layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.progress = named(QProgressBar(), "reportsProgress", "Report in progress")
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.status = named(QLabel(""), "reportsStatus", "Report status")
        self.status.setWordWrap(True)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.progress)
        outer.addLayout(status_row)

        self.evaluation_box: QGroupBox | None = None
        if self.may_evaluate:
            self._build_evaluation()
        self.panel_box: PanelBox | None = None
        if self.may_panel:
            self.panel_box = PanelBox(services, user, runner)
            self.panel_box.status.connect(self.status.setText)
            self.panel_box.busy.connect(self._panel_busy)
            self.panel_box.saved_to.connect(self._remember)
            self.body_layout.addWidget(self.panel_box)
        self.body_layout.addStretch(1)
        self.refresh()

    # ---- layout ------------------------------------------------------------------------

    def _build_evaluation(self) -> None:
        box = named(QGroupBox("Scheme evaluation"), "evaluationGroup", "Scheme evaluation")
        self.evaluation_box = box
        layout = QVBoxLayout(box)
        filters = QHBoxLayout()
        self.scheme = named(QComboBox(), "reportScheme", "Scheme")
        self.scheme.addItem("All schemes", None)
        today = self.services.ctx.clock().date()
        year_start = date(today.year - 1 if today.month < 4 else today.year, 4, 1)
        self.date_from = named(QDateEdit(to_qdate(year_start)), "reportFrom", "From")
        self.date_to = named(QDateEdit(to_qdate(today)), "reportTo", "To")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.preview_button = named(QPushButton("Preview"), "reportPreview", "Preview")
        self.preview_button.clicked.connect(self.preview)
        for text, widget in (
            ("Scheme", self.scheme),
            ("From", self.date_from),
            ("To", self.date_to),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.preview_button)
        filters.addStretch(1)
        # A long scheme name widened the page past 1024×700 (a sideways scroll bar hid
        # Preview): the scheme list takes the room there is and shortens a long name.
        self.scheme.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scheme.setMinimumContentsLength(16)
        filters.setStretchFactor(self.scheme, 3)
        layout.addLayout(filters)

        self.summary = named(
            QLabel("Choose a period and press Preview."), "evaluationSummary", "Evaluation summary"
        )
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        grid = QGridLayout()
        self.figures: dict[str, QLabel] = {}
        for i, key in enumerate(KEY_FIGURES):
            name = QLabel("")
            value = named(QLabel("–"), f"figure_{key}", key.replace("_", " "))
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(name, i // 3 * 2, i % 3)
            grid.addWidget(value, i // 3 * 2 + 1, i % 3)
            self.figures[key] = value
            self.figures[key + "_label"] = name
        layout.addLayout(grid)
        layout.addWidget(QLabel("Referrals through the scheme"))
        self.funnel_chart = BarChart("funnelChart", "Funnel chart")
        layout.addWidget(self.funnel_chart)

        row = QHBoxLayout()
        row.addWidget(QLabel("Breakdown"))
        self.breakdown = named(QComboBox(), "breakdownChoice", "Breakdown")
        self.breakdown.currentIndexChanged.connect(self._show_breakdown)
        row.addWidget(self.breakdown)
        row.addStretch(1)
        layout.addLayout(row)
        self.breakdown_model: RowsModel[BreakdownRow] = RowsModel([("Group", lambda r: r[0])])
        self.breakdown_table = named(QTableView(), "breakdownTable", "Breakdown table")
        configure_item_view(self.breakdown_table)
        self.breakdown_table.setModel(self.breakdown_model)
        self.breakdown_table.setMinimumHeight(180)
        layout.addWidget(self.breakdown_table)
        self.breakdown_chart = BarChart("breakdownChart", "Breakdown chart: referred by group")
        layout.addWidget(self.breakdown_chart)

        exports = QHBoxLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, caption in (
            ("pdf", "Export PDF…"),
            ("xlsx", "Export Excel…"),
            ("csv", "Export CSV…"),
        ):
            button = named(QPushButton(caption), f"export_{fmt}", caption.rstrip("…"))
            button.clicked.connect(self._exporter(fmt))
            exports.addWidget(button)
            self.export_buttons[fmt] = button
        exports.addStretch(1)
        layout.addLayout(exports)
        self.body_layout.addWidget(box)

    # ---- loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        services, user = self.services, self.user
        if self.may_evaluate:
            self.runner.run(lambda: services.reports.schemes(user), self._set_schemes, self._error)
        if self.panel_box is not None:
            self.panel_box.refresh()

    def _set_schemes(self, schemes: list[SchemeChoice]) -> None:
        self.scheme.clear()
        self.scheme.addItem("All schemes", None)
        for s in schemes:
            self.scheme.addItem(f"{s.name} ({s.code})", s.code)

    def _filters(self) -> tuple[date, date, str | None]:
        return (
            from_qdate(self.date_from.date()),
            from_qdate(self.date_to.date()),
            self.scheme.currentData(),
        )

    def preview(self) -> None:
        first, last, code = self._filters()
        services, user = self.services, self.user
        self._busy("Working out the evaluation…")
        self.runner.run(
            lambda: services.reports.evaluation(user, first, last, code).suppressed_view(),
            self._show,
            self._error,
        )

    def _show(self, view: SuppressedEvaluation) -> None:
        self._idle("")
        self.view = view
        self.summary.setText(
            f"<b>{view.scheme_label}</b>: referrals dated {view.period_from:%d/%m/%Y} to "
            f"{view.period_to:%d/%m/%Y}. Counts from 1 to {view.threshold - 1} are shown as "
            f"{SUPPRESSED_MARK}."
        )
        for key in KEY_FIGURES:
            try:
                line = view.line(key)
            except KeyError:
                continue
            self.figures[key + "_label"].setText(line.label)
            self.figures[key].setText(display(line.value))
            self.figures[key].setAccessibleName(line.label)
        self.funnel_chart.set_bars(
            [(view.line(k).label, _cell_value(view.line(k).value)) for k in FUNNEL_KEYS]
        )
        current = self.breakdown.currentIndex()
        self.breakdown.blockSignals(True)
        self.breakdown.clear()
        for t in view.breakdowns:
            self.breakdown.addItem(t.title)
        self.breakdown.blockSignals(False)
        self.breakdown.setCurrentIndex(max(current, 0))
        self._show_breakdown(self.breakdown.currentIndex())

    def _show_breakdown(self, index: int) -> None:
        if self.view is None or not 0 <= index < len(self.view.breakdowns):
            return
        t: SuppressedTable = self.view.breakdowns[index]
        columns = [("Group", lambda r: r[0])] + [
            (label, lambda r, i=i: r[1][i]) for i, label in enumerate(t.column_labels)
        ]
        model: RowsModel[BreakdownRow] = RowsModel(columns, self)
        rows = [
            (label, tuple(c.display() for c in cells))
            for label, cells in zip(t.row_labels, t.cells, strict=True)
        ]
        if t.column_totals is not None:
            rows.append((t.total_label, tuple(c.display() for c in t.column_totals)))
        model.set_rows(rows)
        self.breakdown_model = model
        self.breakdown_table.setModel(model)
        self.breakdown_table.resizeColumnsToContents()
        self.breakdown_chart.setAccessibleName(f"{t.title} chart: referred by group")
        self.breakdown_chart.set_bars(
            [
                (label, _cell_value(cells[0]))
                for label, cells in zip(t.row_labels, t.cells, strict=True)
            ]
        )

    # ---- exports -----------------------------------------------------------------------

    def _save_name(self, title: str, suggested: str, pattern: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return Path(name) if name else None

    def _exporter(self, fmt: str) -> Callable[[], None]:
        return lambda: self._ask_export(fmt)

    def _ask_export(self, fmt: str) -> None:
        first, last, code = self._filters()
        patterns = {"pdf": "PDF (*.pdf)", "xlsx": "Excel workbook (*.xlsx)", "csv": "CSV (*.csv)"}
        path = self._save_name(
            "Export the scheme evaluation",
            f"evaluation-{code or 'all'}-{first}-{last}.{fmt}",
            patterns[fmt],
        )
        if path is not None:
            self.export_to(path.with_suffix(f".{fmt}"))

    def export_to(self, path: Path) -> None:
        first, last, code = self._filters()
        services, user = self.services, self.user
        self._busy(f"Exporting to {path.name}…")
        self.runner.run(
            lambda: services.reports.export_scheme_file(user, first, last, path, code),
            lambda _: self._exported(path),
            self._error,
        )

    # ---- state -------------------------------------------------------------------------

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self.progress.setVisible(True)
        for b in self._buttons():
            b.setEnabled(False)

    def _idle(self, text: str) -> None:
        self.status.setText(text)
        self.progress.setVisible(False)
        for b in self._buttons():
            b.setEnabled(True)
        if self.panel_box is not None:
            self.panel_box.settle()

    def _buttons(self) -> list[QPushButton]:
        buttons = self.panel_box.buttons() if self.panel_box is not None else []
        if self.may_evaluate:
            buttons += [self.preview_button, *self.export_buttons.values()]
        return buttons

    def _panel_busy(self, busy: bool) -> None:
        if busy:
            self.progress.setVisible(True)
            for b in self._buttons():
                b.setEnabled(False)
        else:
            self.progress.setVisible(False)
            for b in self._buttons():
                b.setEnabled(True)
            if self.panel_box is not None:
                self.panel_box.settle()

    def _remember(self, path: Path) -> None:
        self.last_export = path

    def _exported(self, path: Path) -> None:
        self.last_export = path
        self._idle(f"Saved {path}.")

    def _error(self, exc: BaseException, tb: str) -> None:
        self._idle("")
        show_error(self, exc, tb)
