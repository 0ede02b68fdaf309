"""Referrals: the inbox of new referrals on the left, the one picked on the right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.gui.master_detail import MasterList, master_detail_splitter, pane
from yot_desktop.gui.screens.referral_panel import ReferralPanel
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import EmptyState, named
from yot_desktop.services.changes import Changes
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser, Page
from yot_desktop.services.intake.dto import ReferralDetail, ReferralRow

PAGE_SIZE = 100
# Live refresh: another PC's changes to these tables can change the list.
LIVE_TABLES = (
    "referrals",
    "referral_status_changes",
    "young_people",
    "duplicate_candidates",
    "consents",
    "case_transfers",
)


def _status(row: ReferralRow) -> str:
    return ReferralStatus(row.status).label


REFERRAL_COLUMNS = [
    ("Referred", lambda r: f"{r.referral_date:%d/%m/%Y}"),
    ("Crime reference", lambda r: r.crime_reference),
    ("Young person", lambda r: f"{r.last_name}, {r.first_name}"),
    ("Born", lambda r: f"{r.date_of_birth:%d/%m/%Y}"),
    ("Scheme", lambda r: r.scheme_code),
    ("Status", _status),
    (
        "Eligibility",
        lambda r: "Eligible" if r.eligible else "Not eligible: " + "; ".join(r.reasons),
    ),
    ("Worker", lambda r: r.worker or "Unallocated"),
    ("Flag", lambda r: "Possible duplicate" if r.possible_duplicate else ""),
]

VIEWS = (
    ("inbox", "Inbox: waiting for a decision"),
    ("all", "All referrals"),
    *((s.value, s.label) for s in ReferralStatus),
)


class ReferralsScreen(QWidget):
    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self.setObjectName("referralsScreen")
        self.services, self.user, self.runner = services, user, runner
        self._failed = errors_over(self)
        can_edit = allowed(user.role, Permission.EDIT_CASES)

        toolbar = QHBoxLayout()
        self.view = named(QComboBox(), "referralsView", "Which referrals to show")
        for key, label in VIEWS:
            self.view.addItem(label, key)
        self.search = named(
            QLineEdit(),
            "referralsSearch",
            "Search referrals",
            "Type any part of a crime reference, like its last digits, or a young person's name",
        )
        self.search.setPlaceholderText("Crime reference (any part) or name")
        self.search.setClearButtonEnabled(True)
        self.import_button = named(
            QPushButton("Import police file…"),
            "importReferralsButton",
            "Import a police referral file",
        )
        self.new_button = named(
            QPushButton("New referral…"), "newReferralButton", "Add a referral by hand (Ctrl+N)"
        )
        self.duplicates_button = named(
            QPushButton("Possible duplicates…"), "duplicatesButton", "Review possible duplicates"
        )
        self.schemes_button = named(
            QPushButton("Schemes…"), "schemesButton", "Edit the schemes' local policy"
        )
        self.crafft_button = named(
            QPushButton("CRAFFT wording…"),
            "crafftWordingButton",
            "Enter the licensed CRAFFT 2.1 question wording",
        )
        self.crafft_button.setVisible(allowed(user.role, Permission.MANAGE_TEMPLATES))
        self.crafft_button.clicked.connect(self.open_crafft_wording)
        self.import_button.setVisible(can_edit)
        self.new_button.setVisible(can_edit)
        self.schemes_button.setVisible(allowed(user.role, Permission.MANAGE_SCHEMES))
        toolbar.addWidget(self.view)
        toolbar.addWidget(self.search, 1)
        # Two rows (the list pane is narrow at 1024×700): adding referrals, then the rest.
        actions = QVBoxLayout()
        adding, others = QHBoxLayout(), QHBoxLayout()
        for b in (self.import_button, self.new_button):
            adding.addWidget(b)
        adding.addStretch()
        for b in (self.duplicates_button, self.schemes_button, self.crafft_button):
            others.addWidget(b)
        others.addStretch()
        actions.addLayout(adding)
        actions.addLayout(others)

        self.count_label = named(QLabel(), "referralsCount", "Number of referrals shown")
        self.master: MasterList[ReferralRow, ReferralDetail] = MasterList(
            self,
            runner,
            columns=REFERRAL_COLUMNS,
            name="referralsTable",
            accessible_name="Referrals",
            widths=(85, 120, 170, 85, 60, 100, 190),
            empty=EmptyState(
                "referralsEmpty",
                "No referrals waiting",
                "New police referrals arrive here with their eligibility already checked. "
                "Import a police referral file, or add one by hand with Ctrl+N.",
                "Import a police referral file" if can_edit else "",
            ),
            page_size=PAGE_SIZE,
            query=self._bound_query,
            filtered=self._filtered,
            counted=self._counted,
            load_detail=lambda rid: self.services.referrals.get(self.user, rid),
            show_detail=lambda r: self.panel.set_referral(r),
            on_error=self._failed,
        )
        self.model, self.table = self.master.model, self.master.table
        self.empty, self.stack = self.master.empty, self.master.stack
        self.empty.action_clicked.connect(self.choose_import_file)

        left = pane(toolbar, actions, self.count_label, self.stack)
        self.panel = ReferralPanel(services, user, runner)
        self.panel.changed.connect(lambda _r: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(master_detail_splitter("referralsSplitter", left, self.panel, (640, 520)))

        self.master.refresh_while_typing(self.search, self)
        self.view.currentIndexChanged.connect(self.refresh)
        self.import_button.clicked.connect(self.choose_import_file)
        self.new_button.clicked.connect(self.new_referral)
        self.duplicates_button.clicked.connect(self.open_duplicates)
        self.schemes_button.clicked.connect(self.open_schemes)

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.master.refresh()

    def live_refresh(self, changes: Changes) -> None:
        """Another PC saved referrals (an import, a decision): reload the list where it is,
        as many rows as were loaded, and the open referral."""
        if not changes.touches(*LIVE_TABLES):
            return
        self.master.reload_in_place()
        rid = self.master.selected_id
        if rid is not None and changes.touches("referrals", "referral_status_changes", "consents"):
            self.runner.run(
                lambda: self.services.referrals.get(self.user, rid),
                self._show_if_changed,
                lambda _exc, _tb: None,  # gone from this team: the list says so
            )

    def _show_if_changed(self, r: ReferralDetail) -> None:
        """The open referral, when another PC changed it (else it is left as it is)."""
        if self.panel.referral != r:  # frozen: equal when nothing shown has changed
            self.master.show_if_picked(r)

    def _bound_query(self, offset: int, limit: int = PAGE_SIZE) -> Callable[[], Page[ReferralRow]]:
        key, text = self.view.currentData(), self.search.text()

        def fetch() -> Page[ReferralRow]:
            return self.services.referrals.list_referrals(
                self.user,
                inbox=key == "inbox",
                status=None if key in ("inbox", "all") else key,
                query=text,
                offset=offset,
                limit=limit,
            )

        return fetch

    def _filtered(self) -> bool:
        return bool(self.search.text().strip()) or self.view.currentData() != "inbox"

    def _counted(self, total: int, _filtered: bool) -> None:
        noun = "referral" if total == 1 else "referrals"
        self.count_label.setText(f"{total:,} {noun}")

    def show_referral(self, referral_id: int) -> None:
        self.master.select(referral_id)
        self.refresh()

    # --- actions ---------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import a police referral file", "", "CSV files (*.csv);;All files (*)"
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        from yot_desktop.gui.screens.import_preview import ImportPreviewDialog

        self.preview = ImportPreviewDialog(self.services, self.user, self.runner, path, self)
        self.preview.imported.connect(self.refresh)
        self.preview.open()
        self.preview.start()

    def new_referral(self) -> None:
        from yot_desktop.gui.dialogs.new_referral import NewReferralDialog

        self.form = NewReferralDialog(self.services, self.user, self.runner, self)
        self.form.created.connect(lambda r: self.show_referral(r.id))
        self.form.open()

    def open_duplicates(self) -> None:
        from yot_desktop.gui.screens.duplicates_review import DuplicatesDialog

        self.duplicates = DuplicatesDialog(self.services, self.user, self.runner, self)
        self.duplicates.finished.connect(lambda _r: self.refresh())
        self.duplicates.open()
        self.duplicates.refresh()

    def open_schemes(self) -> None:
        from yot_desktop.gui.screens.scheme_editor import SchemeEditorDialog

        self.schemes = SchemeEditorDialog(self.services, self.user, self.runner, self)
        self.schemes.open()
        self.schemes.refresh()

    def open_crafft_wording(self) -> None:
        from yot_desktop.gui.dialogs.crafft_wording import CrafftWordingDialog

        self.crafft_wording = CrafftWordingDialog(self.services, self.user, self.runner, self)
        self.crafft_wording.open()
