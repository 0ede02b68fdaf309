"""The Reports screen's panel part: the practitioner's recommendation (written, saved,
versioned), a case summary, and the pack for a panel date with progress and Cancel.

Database work and PDF rendering run in the TaskRunner; files are written only when the
whole document is made, so a stopped pack leaves nothing behind.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.redaction import LABEL_PATTERN
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import Progress, TaskRunner
from yot_desktop.gui.widgets import configure_item_view, named
from yot_desktop.reports.panel import PackCancelled
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.panel_recommendations import MAX_LENGTH, Recommendation
from yot_desktop.services.output_files import write_atomically
from yot_desktop.services.reports.service import AgendaRow

AGENDA_COLUMNS = (
    ("Person", lambda r: r.person),
    ("Age", lambda r: r.age),
    ("Scheme", lambda r: r.scheme),
    ("Status", lambda r: r.status),
    ("Practitioner", lambda r: r.practitioner),
    ("Recommendation", lambda r: r.recommendation),
)


def preview_html(redacted: str) -> str:
    """The redacted words, each label marked so the author sees what was taken out."""
    out, last = [], 0
    for m in LABEL_PATTERN.finditer(redacted):
        out.append(html.escape(redacted[last : m.start()]))
        label = html.escape(m[0]).replace(" ", "&nbsp;")  # one label is never split
        out.append(f'<span style="background:#fde68a;color:#1f2937">{label}</span>')
        last = m.end()
    out.append(html.escape(redacted[last:]))
    return "".join(out).replace("\n", "<br>")


def preview_note(redacted: str) -> str:
    """What the panel will read, and what was taken out: '2 names and 1 date of birth'."""
    counts: dict[str, int] = {}
    for m in LABEL_PATTERN.finditer(redacted):
        what = m[0].removeprefix("[").removesuffix(" removed]")
        counts[what] = counts.get(what, 0) + 1
    if not redacted.strip():
        return 'Nothing written yet: the panel will read "No recommendation recorded."'
    if not counts:
        return "The panel reads your words as they are: nothing that identifies the child."
    plural = {"address": "addresses", "date of birth": "dates of birth"}
    parts = [
        f"{n} {what if n == 1 else plural.get(what, what + 's')}" for what, n in counts.items()
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"The panel reads this. Taken out (marked): {listed}."


def saved_note(r: Recommendation | None) -> str:
    if r is None:
        return "Enter a crime reference and press Open to write the recommendation."
    if r.version is None or r.written_at is None:
        return "No recommendation written yet."
    return f"Saved by {r.written_by} on {r.written_at:%d/%m/%Y} at {r.written_at:%H:%M}."


class PanelBox(QGroupBox):
    """Emits ``status`` with a line for the screen's status bar, ``busy`` while working."""

    status = Signal(str)
    busy = Signal(bool)
    saved_to = Signal(Path)

    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__("Joint decision panel")
        named(self, "panelGroup", "Joint decision panel")
        self.services, self.user, self.runner = services, user, runner
        self.may_write = allowed(user.role, Permission.EDIT_CASES)
        self.may_identify = allowed(user.role, Permission.EXPORT_IDENTIFIABLE)
        self.loaded: Recommendation | None = None
        self.progress_dialog: QProgressDialog | None = None
        # Dialog hook (tests replace it; the real one is the system's save dialog).
        self.choose_path: Callable[[str, str], Path | None] = self._ask_path

        form = QFormLayout(self)
        row = QHBoxLayout()
        self.referral = named(QLineEdit(), "panelReferral", "Crime reference")
        self.referral.setPlaceholderText("Crime reference, like 43/26/0001")
        self.referral.returnPressed.connect(self.open_recommendation)
        row.addWidget(self.referral, 1)
        self.open_button = named(
            QPushButton("Open"), "panelOpen", "Open the referral's recommendation"
        )
        self.open_button.clicked.connect(self.open_recommendation)
        self.open_button.setVisible(self.may_write)
        row.addWidget(self.open_button)
        form.addRow("Crime reference", row)

        self.recommendation = named(
            QPlainTextEdit(),
            "panelRecommendation",
            "Practitioner's recommendation",
            "What you recommend the panel decides, in a few plain sentences. In a "
            "pseudonymised summary the child's names and details are taken out of it.",
        )
        self.recommendation.setPlaceholderText(
            "For example: Offer the programme. Sam has been open about using cannabis."
        )
        self.recommendation.setFixedHeight(90)
        self.recommendation.setEnabled(False)
        self.recommendation.textChanged.connect(self._edited)
        self.saved = named(QLabel(saved_note(None)), "panelSaved", "Recommendation saved")
        self.saved.setWordWrap(True)
        self.save_button = named(
            QPushButton("Save recommendation"), "panelSave", "Save the recommendation"
        )
        # Before it goes to the panel, the author may read it as the panel will.
        self.preview_button = named(
            QPushButton("Preview as the panel sees it"),
            "panelPreviewButton",
            "Preview as the panel sees it",
            "Show the recommendation as the panel member reads it, with the child's and "
            "family's details taken out and marked",
        )
        self.preview_button.clicked.connect(lambda: self.preview_recommendation())
        self.preview = named(
            QTextBrowser(),
            "panelPreview",
            "Recommendation as the panel sees it",
            "Names, dates of birth, references, addresses, phone numbers, emails and the "
            "school are taken out; each shows as a marked label such as [name removed].",
        )
        self.preview.setFixedHeight(90)
        self.preview_note = named(QLabel(""), "panelPreviewNote", "What the panel reads")
        self.preview_note.setWordWrap(True)
        self.preview_box = QWidget()
        preview_layout = QVBoxLayout(self.preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_note)
        preview_layout.addWidget(self.preview)
        # While the preview shows, it follows the words as they are typed (after a pause).
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(400)
        self._preview_timer.timeout.connect(lambda: self.preview_recommendation())
        self._preview_asked = 0
        self._show_save_state()
        # clicked sends `checked`: it must not reach save_recommendation's `then`.
        self.save_button.clicked.connect(lambda: self.save_recommendation())
        if self.may_write:
            form.addRow("Recommendation", self.recommendation)
            saved_row = QHBoxLayout()
            saved_row.addWidget(self.saved, 1)
            saved_row.addWidget(self.preview_button)
            saved_row.addWidget(self.save_button)
            form.addRow("", saved_row)
            form.addRow("As the panel sees it", self.preview_box)
            form.setRowVisible(self.preview_box, False)
        else:
            for w in (self.recommendation, self.saved, self.save_button, self.preview_button):
                w.setVisible(False)
            self.preview_box.setVisible(False)
        self._form = form

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
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_button)
        summary_row.addStretch(1)
        form.addRow("", summary_row)
        pack_row = QHBoxLayout()
        self.panel_date = named(QComboBox(), "panelDate", "Panel date")
        self.panel_date.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        pack_row.addWidget(self.panel_date)
        self.pack_button = named(QPushButton("Panel pack…"), "panelPackButton", "Panel pack")
        self.pack_button.clicked.connect(self._ask_pack)
        pack_row.addWidget(self.pack_button)
        pack_row.addStretch(1)
        form.addRow("Panel date", pack_row)
        self.panel_date.currentIndexChanged.connect(lambda _index: self.load_agenda())
        self.pseudonymised.toggled.connect(lambda _checked: self.load_agenda())

        # The cases listed for the chosen date, as the pack's agenda lists them.
        self.agenda_note = QLabel("")  # read by its text: no accessible name over it
        self.agenda_note.setObjectName("panelAgendaNote")
        self.agenda_note.setWordWrap(True)
        form.addRow("Cases", self.agenda_note)
        self.agenda_model: RowsModel[AgendaRow] = RowsModel(AGENDA_COLUMNS, self)
        self.agenda = configure_item_view(
            named(QTableView(), "panelAgenda", "Cases listed for the panel")
        )
        self.agenda.setModel(self.agenda_model)
        self.agenda.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agenda.setWordWrap(True)
        self.agenda.verticalHeader().setVisible(False)
        self.agenda.setMinimumHeight(220)
        self.agenda.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.agenda.horizontalHeader()
        # A panel lists a handful of cases: fitting the short columns to their contents is
        # cheap, and the recommendation takes the rest of the width, wrapped (rows grow to
        # fit it whenever the width changes).
        fit = QHeaderView.ResizeMode.ResizeToContents
        for column in range(4):
            header.setSectionResizeMode(column, fit)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self._fit_rows = QTimer(self)  # once the widths have settled, not at each step
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.agenda.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        form.addRow(self.agenda)

    # ---- loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        services, user = self.services, self.user
        self.runner.run(lambda: services.reports.panel_dates(user), self._set_dates, self._error)

    def _set_dates(self, dates: list[date]) -> None:
        self.panel_date.blockSignals(True)
        self.panel_date.clear()
        today = self.services.ctx.clock().date()
        for d in dates:
            when = "next" if d >= today else "past"
            self.panel_date.addItem(f"{d:%d/%m/%Y} ({when})", d)
        if not dates:
            self.panel_date.addItem("No panel dates recorded", None)
        upcoming = [i for i, d in enumerate(dates) if d >= today]
        self.panel_date.setCurrentIndex(upcoming[-1] if upcoming else 0)
        self.panel_date.blockSignals(False)
        self.pack_button.setEnabled(bool(dates))
        self.load_agenda()

    def load_agenda(self) -> None:
        when: date | None = self.panel_date.currentData()
        if when is None:
            self._show_agenda(None, [])
            return
        services, user = self.services, self.user
        pseudonymised = self.pseudonymised.isChecked()
        self.runner.run(
            lambda: services.reports.panel_agenda(user, when, pseudonymised=pseudonymised),
            lambda rows: self._show_agenda(when, rows),
            self._error,
        )

    def _show_agenda(self, when: date | None, rows: list[AgendaRow]) -> None:
        if when is not None and when != self.panel_date.currentData():
            return  # an answer for a date no longer chosen
        self.agenda_model.set_rows(rows)
        self.agenda.resizeRowsToContents()
        if when is None:
            self.agenda_note.setText("No cases are listed for a panel yet.")
            return
        count = "1 case" if len(rows) == 1 else f"{len(rows)} cases"
        kind = (
            "pseudonymised: names and other identifying details are removed"
            if all(r.pseudonymised for r in rows)
            else "identifiable: handle as OFFICIAL-SENSITIVE"
        )
        self.agenda_note.setText(f"{count} for the panel on {when:%d/%m/%Y}, {kind}.")

    def buttons(self) -> list[QPushButton]:
        return [self.open_button, self.save_button, self.summary_button, self.pack_button]

    def settle(self) -> None:
        """Buttons back as the state allows, after work."""
        for b in self.buttons():
            b.setEnabled(True)
        self.pack_button.setEnabled(self.panel_date.currentData() is not None)
        self._show_save_state()

    # ---- recommendation ----------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        if self.loaded is None:
            return False
        return self.recommendation.toPlainText().strip() != self.loaded.text

    def _show_save_state(self) -> None:
        """Save is there to use once the words change; until then its tooltip says why."""
        self.save_button.setEnabled(self.dirty)
        self.preview_button.setEnabled(self.loaded is not None)
        if self.dirty:
            why = "Save the recommendation"
        elif self.loaded is None:
            why = "Enter a crime reference and press Open to write its recommendation"
        else:
            why = "Nothing to save yet: change the recommendation first"
        self.save_button.setToolTip(why)

    def _edited(self) -> None:
        self._show_save_state()
        if self.preview_box.isVisible():
            self._preview_timer.start()
        length = len(self.recommendation.toPlainText().strip())
        if length > MAX_LENGTH:
            self.saved.setText(f"Too long: {length:,} characters. Keep it to {MAX_LENGTH:,}.")
        elif self.dirty:
            self.saved.setText("Not saved yet.")
        else:
            self.saved.setText(saved_note(self.loaded))

    def open_recommendation(self) -> None:
        ref = self.referral.text().strip()
        if not self.may_write:
            return
        if not ref:
            self.status.emit("Enter the crime reference of the referral.")
            return
        services, user = self.services, self.user
        self.runner.run(lambda: services.reports.recommendation(user, ref), self._show, self._error)

    def _show(self, r: Recommendation) -> None:
        if self.loaded is None or self.loaded.crime_reference != r.crime_reference:
            self._form.setRowVisible(self.preview_box, False)  # another child's words
        self.loaded = r
        self.recommendation.blockSignals(True)
        self.recommendation.setPlainText(r.text)
        self.recommendation.blockSignals(False)
        self.recommendation.setEnabled(True)
        self.saved.setText(saved_note(r))
        self._show_save_state()

    def save_recommendation(self, then: Callable[[], None] | None = None) -> None:
        if self.loaded is None:
            return
        ref, version = self.loaded.crime_reference, self.loaded.version
        text = self.recommendation.toPlainText()
        services, user = self.services, self.user

        def done(r: Recommendation) -> None:
            self._show(r)
            self.status.emit(f"Recommendation saved for {r.crime_reference}.")
            self.load_agenda()
            if then is not None:
                then()

        self.runner.run(
            lambda: services.reports.save_recommendation(user, ref, text, version),
            done,
            self._error,
        )

    def preview_recommendation(self) -> None:
        """Show the words being written as the panel will read them (nothing is saved)."""
        if self.loaded is None:
            return
        self._preview_timer.stop()
        ref, text = self.loaded.crime_reference, self.recommendation.toPlainText()
        services, user = self.services, self.user
        self._preview_asked += 1
        asked = self._preview_asked

        def show(redacted: str) -> None:
            if asked != self._preview_asked:
                return  # the words changed again meanwhile: a newer preview is coming
            self.preview.setHtml(preview_html(redacted))
            self.preview_note.setText(preview_note(redacted))
            if not self.preview_box.isVisible():
                self._form.setRowVisible(self.preview_box, True)
                QTimer.singleShot(0, self._scroll_to_preview)  # once laid out

        self.runner.run(
            lambda: services.reports.preview_recommendation(user, ref, text), show, self._error
        )

    def _scroll_to_preview(self) -> None:
        """The screen scrolls so the preview is in sight, under the words it shows."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self.preview_box, 0, 8)

    # ---- summary and pack --------------------------------------------------------------

    def _ask_path(self, title: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, title, suggested, "PDF (*.pdf)")
        return Path(name).with_suffix(".pdf") if name else None

    def _ask_summary(self) -> None:
        ref = self.referral.text().strip()
        if not ref:
            self.status.emit("Enter the crime reference of the referral.")
            return
        path = self.choose_path(
            "Save the panel summary", f"panel-summary-{ref.replace('/', '-')}.pdf"
        )
        if path is not None:
            self.summary_to(path)

    def summary_to(self, path: Path) -> None:
        """Write the summary with the saved recommendation; unsaved words are saved first."""
        loaded = self.loaded
        if self.dirty and loaded and loaded.crime_reference == self.referral.text().strip():
            self.save_recommendation(lambda: self.summary_to(path))
            return
        ref = self.referral.text().strip()
        pseudonymised = self.pseudonymised.isChecked()
        services, user = self.services, self.user

        def work() -> bool:
            buffer = io.BytesIO()
            shown = services.reports.panel_summary(user, ref, buffer, pseudonymised=pseudonymised)
            write_atomically(path, buffer.getvalue())  # whole, or no file and a clear message
            return shown

        self.busy.emit(True)
        self.status.emit("Preparing the panel summary…")
        self.runner.run(work, lambda _: self._saved(path), self._error)

    def _ask_pack(self) -> None:
        when = self.panel_date.currentData()
        if when is not None:
            path = self.choose_path("Save the panel pack", f"panel-pack-{when}.pdf")
            if path is not None:
                self.pack_to(path)

    def pack_to(self, path: Path) -> None:
        when: date | None = self.panel_date.currentData()
        if when is None:
            return
        pseudonymised = self.pseudonymised.isChecked()
        services, user = self.services, self.user

        def work(progress: Progress) -> tuple[int, bool]:
            def step(phase: str, done: int, total: int) -> bool:
                # Each case is read, then laid out: the bar counts both.
                return progress(
                    done + (total if phase != "Reading" else 0),
                    total * 2,
                    f"{phase} case {done} of {total}…",
                )

            buffer = io.BytesIO()
            made = services.reports.panel_pack(
                user, when, buffer, pseudonymised=pseudonymised, progress=step
            )
            write_atomically(path, buffer.getvalue())  # whole, or no file and a clear message
            return made

        self.busy.emit(True)
        self.status.emit("Preparing the panel pack…")
        self.progress_dialog = self.runner.run_with_progress(
            work,
            lambda made: self._pack_done(path, made),
            self._pack_failed,
            parent=self,
            name="panelPackProgress",
            title="Preparing the panel pack",
            accessible_name="Panel pack progress",
            label=lambda _done, _total: "Reading the cases…",
            stop_text="Cancel",
        )

    def _pack_done(self, path: Path, made: tuple[int, bool]) -> None:
        self.progress_dialog = None  # the runner closed it
        count, pseudonymised = made
        kind = "pseudonymised" if pseudonymised else "identifiable"
        cases = "1 case" if count == 1 else f"{count} cases"
        self._saved(path, f"Saved the {kind} panel pack ({cases}) to {path}.")

    def _pack_failed(self, exc: BaseException, tb: str) -> None:
        self.progress_dialog = None  # the runner closed it
        if isinstance(exc, PackCancelled):
            self.busy.emit(False)
            self.status.emit("Panel pack stopped: nothing was saved.")
            return
        self._error(exc, tb)

    def _saved(self, path: Path, message: str = "") -> None:
        self.busy.emit(False)
        self.saved_to.emit(path)
        self.status.emit(message or f"Saved {path}.")

    def _error(self, exc: BaseException, tb: str) -> None:
        self.busy.emit(False)
        self.status.emit("")
        show_error(self, exc, tb)
