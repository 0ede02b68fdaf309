"""Reports screen: the scheme evaluation (preview, charts, exports) and panel summaries.

Everything that reads the database or renders a file runs in the TaskRunner; the GUI thread
only shows the suppressed view it is handed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.evaluation import SuppressedEvaluation
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.statistics import SUPPRESSED_MARK, Cell, Measure, Rate, SuppressedTable
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.reports import SchemeChoice

FUNNEL_KEYS = ("referred", "eligible", "offered", "accepted", "completed", "not_engaged")
KEY_FIGURES = (
    "completion_rate",
    "benchmark_completion",
    "officer_hours_saved",
    "take_up_rate",
    "second_referral_rate",
    "waiting_median",
)
# Okabe–Ito blue, as in the PDF charts.
BAR_COLOUR = QColor("#0072B2")
BreakdownRow = tuple[str, tuple[str, ...]]


def display(value: Cell | Rate | Measure) -> str:
    return value.display()


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class BarChart(QWidget):
    """Horizontal bars with their values; a suppressed bar is drawn empty and labelled [c]."""

    def __init__(self, object_name: str, accessible_name: str) -> None:
        super().__init__()
        named(self, object_name, accessible_name)
        self.bars: list[tuple[str, int | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: Sequence[tuple[str, int | None]]) -> None:
        self.bars = list(bars)
        self.setAccessibleDescription(
            "; ".join(f"{label}: {SUPPRESSED_MARK if v is None else v}" for label, v in bars)
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 12 + 26 * max(len(self.bars), 1))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        label_w = max((fm.horizontalAdvance(lb) for lb, _ in self.bars), default=0) + 12
        value_w = fm.horizontalAdvance("00,000") + 8
        top = 6
        biggest = max((v or 0 for _, v in self.bars), default=0) or 1
        span = max(self.width() - label_w - value_w - 8, 10)
        text_colour = self.palette().windowText().color()
        for label, value in self.bars:
            rect = QRectF(0, top, label_w - 8, 22)
            p.setPen(text_colour)
            p.drawText(
                rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label
            )
            width = 0.0 if value is None else span * value / biggest
            bar = QRectF(label_w, top + 3, width, 16)
            if value is None:
                p.setPen(QColor("#888888"))
                p.drawRect(QRectF(label_w, top + 3, 2, 16))
            else:
                p.fillRect(bar, BAR_COLOUR)
            p.setPen(text_colour)
            p.drawText(
                QRectF(label_w + width + 4, top, value_w, 22),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                SUPPRESSED_MARK if value is None else f"{value:,}",
            )
            top += 26
        p.end()


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
        self.panel_box: QGroupBox | None = None
        if self.may_panel:
            self._build_panel()
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

    def _build_panel(self) -> None:
        box = named(QGroupBox("Joint decision panel"), "panelGroup", "Joint decision panel")
        self.panel_box = box
        form = QFormLayout(box)
        self.referral = named(QLineEdit(), "panelReferral", "Crime reference")
        self.referral.setPlaceholderText("Crime reference, like 43/26/0001")
        form.addRow("Crime reference", self.referral)
        self.recommendation = named(
            QPlainTextEdit(), "panelRecommendation", "Practitioner's recommendation"
        )
        self.recommendation.setFixedHeight(70)
        form.addRow("Recommendation", self.recommendation)
        self.pseudonymised = named(
            QCheckBox("Pseudonymised (nothing that identifies the child)"),
            "panelPseudonymised",
            "Pseudonymised",
        )
        self.pseudonymised.setChecked(True)
        if not self.may_identify:
            self.pseudonymised.setEnabled(False)
            self.pseudonymised.setToolTip("Your role receives pseudonymised summaries only.")
        form.addRow("", self.pseudonymised)
        self.summary_button = named(
            QPushButton("Panel summary…"), "panelSummaryButton", "Panel summary"
        )
        self.summary_button.clicked.connect(self._ask_summary)
        form.addRow("", self.summary_button)
        pack_row = QHBoxLayout()
        self.panel_date = named(QComboBox(), "panelDate", "Panel date")
        pack_row.addWidget(self.panel_date)
        self.pack_button = named(QPushButton("Panel pack…"), "panelPackButton", "Panel pack")
        self.pack_button.clicked.connect(self._ask_pack)
        pack_row.addWidget(self.pack_button)
        pack_row.addStretch(1)
        form.addRow("Panel date", pack_row)
        self.body_layout.addWidget(box)

    # ---- loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        services, user = self.services, self.user
        if self.may_evaluate:
            self.runner.run(lambda: services.reports.schemes(user), self._set_schemes, self._error)
        if self.may_panel:
            self.runner.run(
                lambda: services.reports.panel_dates(user), self._set_dates, self._error
            )

    def _set_schemes(self, schemes: list[SchemeChoice]) -> None:
        self.scheme.clear()
        self.scheme.addItem("All schemes", None)
        for s in schemes:
            self.scheme.addItem(f"{s.name} ({s.code})", s.code)

    def _set_dates(self, dates: list[date]) -> None:
        self.panel_date.clear()
        for d in dates:
            self.panel_date.addItem(f"{d:%d/%m/%Y}", d)
        self.pack_button.setEnabled(bool(dates))
        if not dates:
            self.panel_date.addItem("No panel dates recorded", None)

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

    def _ask_summary(self) -> None:
        ref = self.referral.text().strip()
        if not ref:
            self.status.setText("Enter the crime reference of the referral.")
            return
        path = self._save_name(
            "Save the panel summary", f"panel-summary-{ref.replace('/', '-')}.pdf", "PDF (*.pdf)"
        )
        if path is not None:
            self.summary_to(path.with_suffix(".pdf"))

    def summary_to(self, path: Path) -> None:
        ref = self.referral.text().strip()
        pseudonymised = self.pseudonymised.isChecked()
        recommendation = self.recommendation.toPlainText().strip()
        services, user = self.services, self.user

        def work() -> bool:
            with path.open("wb") as out:
                return services.reports.panel_summary(
                    user, ref, out, pseudonymised=pseudonymised, recommendation=recommendation
                )

        self._busy("Preparing the panel summary…")
        self.runner.run(work, lambda _: self._exported(path), self._error)

    def _ask_pack(self) -> None:
        when = self.panel_date.currentData()
        if when is None:
            return
        path = self._save_name("Save the panel pack", f"panel-pack-{when}.pdf", "PDF (*.pdf)")
        if path is not None:
            self.pack_to(path.with_suffix(".pdf"))

    def pack_to(self, path: Path) -> None:
        when: date | None = self.panel_date.currentData()
        if when is None:
            return
        pseudonymised = self.pseudonymised.isChecked()
        services, user = self.services, self.user

        def work() -> tuple[int, bool]:
            with path.open("wb") as out:
                return services.reports.panel_pack(user, when, out, pseudonymised=pseudonymised)

        self._busy("Preparing the panel pack…")
        self.runner.run(work, lambda _: self._exported(path), self._error)

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
        if self.may_panel:
            self.pack_button.setEnabled(self.panel_date.currentData() is not None)

    def _buttons(self) -> list[QPushButton]:
        buttons = [self.summary_button, self.pack_button] if self.may_panel else []
        if self.may_evaluate:
            buttons += [self.preview_button, *self.export_buttons.values()]
        return buttons

    def _exported(self, path: Path) -> None:
        self.last_export = path
        self._idle(f"Saved {path}.")

    def _error(self, exc: BaseException, tb: str) -> None:
        self._idle("")
        show_error(self, exc, tb)
