"""Caseload: young people on the left, the one picked on the right."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.scheme import SchemeRules
from yot_desktop.gui.dialogs.transfer_dialog import TransferButton
from yot_desktop.gui.live_refresh import ChangedBar
from yot_desktop.gui.master_detail import MasterList, master_detail_splitter, pane
from yot_desktop.gui.screens.person_letters import PersonLetters
from yot_desktop.gui.screens.person_panel import PersonPanel
from yot_desktop.gui.screens.person_tabs import PersonTabs
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import EmptyState, named, never_squeezed
from yot_desktop.services.changes import Changes
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser, Page, PersonDetail, PersonRow
from yot_desktop.services.intake.dto import WorkerChoice
from yot_desktop.services.intake.search import PAGE_SIZE, CaseloadFilter
from yot_desktop.services.live_records import RecordStamp

# The worker filter's two choices that are not a worker's id.
MINE, UNALLOCATED = "mine", "unallocated"
# Live refresh: changes to these tables can change the list, or the record's tabs.
LIST_TABLES = (
    "young_people",
    "referrals",
    "referral_status_changes",
    "duplicate_candidates",
    "person_merges",
    "case_transfers",
)
RECORD_TABLES = ("carers", "referrals", "crafft_screenings", "consents", "letter_history")


def _status(row: PersonRow) -> str:
    try:
        return ReferralStatus(row.latest_status).label
    except ValueError:
        return ""


TRANSFERRED = " (transferred in)"
COLUMNS = [
    # "(transferred in)" where it is seen: the Flag column, with the team and the date, is
    # beyond the narrow list pane's edge.
    (
        "Name",
        lambda r: f"{r.last_name}, {r.first_name}" + (TRANSFERRED if r.transferred_in else ""),
    ),
    ("Date of birth", lambda r: f"{r.date_of_birth:%d/%m/%Y}"),
    ("Reference", lambda r: r.person_ref),
    ("Postcode", lambda r: r.postcode),
    ("Latest referral", lambda r: r.latest_crime_reference),
    ("Scheme", lambda r: r.scheme_code),
    ("Status", _status),
    ("Flag", lambda r: _flags(r)),
]


def _flags(row: PersonRow) -> str:
    """'Possible duplicate', 'Transferred in from <team> on <date>', or both."""
    flags = ["Possible duplicate"] if row.possible_duplicate else []
    if row.transferred_in:
        flags.append(row.transferred_in)
    return "; ".join(flags)


class CaseloadScreen(QWidget):
    open_referral = Signal(int)

    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self.setObjectName("caseloadScreen")
        self.services = services
        self.user = user
        self.runner = runner
        self._failed = errors_over(self)

        self.search = named(
            QLineEdit(),
            "caseloadSearch",
            "Search young people",
            "Type a name, reference, postcode, date of birth or any part of a crime reference",
        )
        self.search.setPlaceholderText(
            "Search by name, reference, postcode or date of birth (Ctrl+F)"
        )
        self.search.setClearButtonEnabled(True)
        self.count_label = named(QLabel(), "caseloadCount", "Number of young people found")
        self.scheme_filter = named(QComboBox(), "caseloadScheme", "Filter by scheme")
        self.scheme_filter.addItem("All schemes", None)
        self.status_filter = named(QComboBox(), "caseloadStatus", "Filter by referral status")
        self.status_filter.addItem("Any status", None)
        for st in ReferralStatus:
            self.status_filter.addItem(st.label, st.value)
        self.worker_filter = named(
            QComboBox(),
            "caseloadWorker",
            "Filter by allocated worker",
            "My cases, Unallocated or a worker",
        )
        self.worker_filter.addItem("Any worker", None)
        self.worker_filter.addItem("My cases", MINE)
        self.worker_filter.addItem("Unallocated", UNALLOCATED)
        self.action_filter = named(
            QCheckBox("Needs action"),
            "caseloadNeedsAction",
            "Only young people needing action",
            "New referrals, offers waiting for consent, possible duplicates",
        )
        # Two by two, each at its full width: the list pane is narrow at 1024×700.
        filters = QGridLayout()
        for i, w in enumerate(
            (self.scheme_filter, self.status_filter, self.worker_filter, self.action_filter)
        ):
            never_squeezed(w)
            filters.addWidget(w, i // 2, i % 2)
        filters.setColumnStretch(2, 1)

        self.master: MasterList[PersonRow, PersonDetail] = MasterList(
            self,
            runner,
            columns=COLUMNS,
            name="caseloadTable",
            accessible_name="Young people",
            widths=(200, 100, 90, 90, 130, 60),
            empty=EmptyState(
                "caseloadEmpty",
                "No young people yet",
                "Young people appear here when a police referral is added. "
                "Start with the Referrals screen to import a police referral file.",
            ),
            page_size=PAGE_SIZE,
            query=self._query,
            filtered=self._searching,
            counted=self._counted,
            load_detail=self._load_person,
            show_detail=self._show_person,
            on_error=self._failed,
        )
        self.model, self.table = self.master.model, self.master.table
        self.empty, self.list_stack = self.master.empty, self.master.stack

        left = pane(self.search, filters, self.count_label, self.list_stack)

        self.panel = PersonPanel(runner, self._save_person, self._load_person)
        self.panel.saved.connect(self._overview_saved)
        if allowed(user.role, Permission.SUBJECT_ACCESS):
            self.panel.add_subject_access(
                lambda pid, folder: services.subject_access.export(user, pid, folder)
            )
        if allowed(user.role, Permission.TRANSFER_CASES):
            self.transfer_button = TransferButton(
                services, user, runner, lambda: self.panel.person, self
            )
            self.transfer_button.moved.connect(lambda _done: self._after_transfer())
            self.panel.add_action(self.transfer_button)
        self.tabs = PersonTabs(services, user, runner)
        self.tabs.saved.connect(self._tab_saved)
        self.tabs.open_referral.connect(self.open_referral)
        self.letters = PersonLetters(services, user, runner)
        self.letters.setEnabled(False)
        self.person_tabs = named(QTabWidget(), "personTabs", "Young person's record")
        self.person_tabs.addTab(self.panel, "Overview")
        self.person_tabs.addTab(self.tabs.family, "Family")
        self.person_tabs.addTab(self.tabs.referrals_tab, "Referrals")
        self.person_tabs.addTab(self.tabs.safeguarding, "Safeguarding")
        self.person_tabs.addTab(self.tabs.screening_tab, "Screening")
        self.person_tabs.addTab(self.letters, "Letters")
        # Someone else saved the record open here while it has unsaved edits (live refresh).
        self.changed_bar = ChangedBar("record")
        self.changed_bar.reload_requested.connect(self._reload_person)
        self._newer_version: int | None = None  # saved elsewhere while edited here
        self.panel.shown.connect(self._panel_shown)
        right = pane(self.changed_bar, self.person_tabs, grows=self.person_tabs)
        layout = QVBoxLayout(self)
        layout.addWidget(master_detail_splitter("caseloadSplitter", left, right, (660, 500)))

        self.master.refresh_while_typing(self.search, self)
        for combo in (self.scheme_filter, self.status_filter, self.worker_filter):
            combo.currentIndexChanged.connect(self.refresh)
        self.action_filter.toggled.connect(self.refresh)
        self.runner.run(self.services.schemes.list_schemes, self._schemes)
        self.runner.run(lambda: self.services.decisions.workers(self.user), self._workers)

    # --- the list ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the first page for the current search; stale answers are dropped."""
        self.master.refresh()

    def _query(self, offset: int, limit: int) -> Callable[[], Page[PersonRow]]:
        query, filters = self.search.text(), self.filters()
        return lambda: self.services.people.search(self.user, query, offset, limit, filters)

    def _searching(self) -> bool:
        return bool(self.search.text().strip()) or self.filters() != CaseloadFilter()

    def _counted(self, total: int, searching: bool) -> None:
        noun = "young person" if total == 1 else "young people"
        self.count_label.setText(f"{total:,} {noun}" + (" match your search" if searching else ""))

    # One record, two forms (the overview and the safeguarding tab) that save it: each goes on
    # from the version the other saved, so the second save is not a false conflict.
    def _overview_saved(self, person: PersonDetail) -> None:
        self.tabs.saved_elsewhere(person)
        self.refresh()

    def _tab_saved(self, person: PersonDetail) -> None:
        if person.id == self.master.selected_id:
            self.panel.saved_elsewhere(person)

    def _show_person(self, person: PersonDetail) -> None:
        if person.id == self.master.selected_id:
            self.changed_bar.hide()
            self.panel.set_person(person)
            self.tabs.load(person)
            self.letters.setEnabled(True)
            self.letters.load(person.id)

    def _after_transfer(self) -> None:
        """The record now shows its new team; the list its new flag."""
        self.refresh()
        self.master.reload_detail()

    def _schemes(self, schemes: tuple[SchemeRules, ...]) -> None:
        for scheme in schemes:
            self.scheme_filter.addItem(scheme.code, scheme.code)

    def _workers(self, workers: tuple[WorkerChoice, ...]) -> None:
        for w in workers:
            if w.id != self.user.id:  # "My cases" already stands for the user
                self.worker_filter.addItem(w.name, w.id)

    def filters(self) -> CaseloadFilter:
        worker = self.worker_filter.currentData()
        return CaseloadFilter(
            scheme_code=self.scheme_filter.currentData(),
            status=self.status_filter.currentData(),
            worker_id=self.user.id
            if worker == MINE
            else worker
            if isinstance(worker, int)
            else None,
            unallocated=worker == UNALLOCATED,
            needs_action=self.action_filter.isChecked(),
        )

    def _load_person(self, person_id: int) -> PersonDetail:
        return self.services.people.get(self.user, person_id)

    def _save_person(self, person_id: int, version: int, changes: object) -> PersonDetail:
        return self.services.people.update(self.user, person_id, version, changes)  # type: ignore[arg-type]

    # --- live refresh: another PC saved something --------------------------------------
    def live_refresh(self, changes: Changes) -> None:
        """Reload the list where it is (rows loaded, scroll, selection) and bring the open
        record up to date, unless it holds unsaved edits: then say who changed it."""
        if changes.touches(*LIST_TABLES):
            self.master.reload_in_place()
        person = self.panel.person
        if person is None or person.id != self.master.selected_id:
            return
        pid = person.id
        if changes.touches_row("young_people", pid):
            self.runner.run(
                lambda: self.services.stamps.person(self.user, pid),
                lambda stamp: self._stamp_seen(pid, stamp),
                lambda _exc, _tb: None,  # gone from this team: the list says so
            )
        elif changes.touches(*RECORD_TABLES) and not self.editing():
            self.tabs.load(person)
            self.letters.load(pid)

    def editing(self) -> bool:
        """Unsaved edits in the open record (the overview, or the safeguarding tab)."""
        return self.panel.is_dirty or self.tabs.safeguarding_edited()

    def _stamp_seen(self, person_id: int, stamp: RecordStamp) -> None:
        shown = self.panel.person
        if shown is None or shown.id != person_id or shown.version == stamp.version:
            return
        if self.editing():
            self._newer_version = stamp.version
            self.changed_bar.changed(stamp.updated_by, stamp.updated_at)
        else:
            self._reload_person()

    def _panel_shown(self, person: PersonDetail | None) -> None:
        """The bar goes once the panel shows a record without unsaved edits (saved, reloaded,
        or the edits undone); undone edits leave the older version: load the newer."""
        newer, self._newer_version = self._newer_version, None
        self.changed_bar.hide()
        stale = person is not None and newer is not None and person.version < newer
        if stale and not self.editing():
            self._reload_person()

    def _reload_person(self) -> None:
        self.master.reload_detail()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
