"""The young person's other tabs: Family, Safeguarding, Referrals and Screening."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.errors import ConflictError, NotFound
from yot_desktop.gui.dialogs.carer import CarerDialog
from yot_desktop.gui.dialogs.conflict import ask_conflict, conflict_rows
from yot_desktop.gui.dialogs.crafft import CrafftDialog
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.save_keys import save_keys
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import configure_item_view, named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser, PersonDetail
from yot_desktop.services.intake.dto import CarerDetail, CarerInput, ReferralRow, ScreeningRow
from yot_desktop.services.intake.people import PersonChanges

CARER_COLUMNS = [
    ("Name", lambda c: c.name),
    ("Relationship", lambda c: c.relationship),
    ("Parental responsibility", lambda c: "Yes" if c.parental_responsibility else "No"),
    ("Phone", lambda c: c.phone),
    ("Email", lambda c: c.email),
    ("Letters by", lambda c: c.letter_preference),
]
# CarerInput's fields as a conflict shows them (CarerDetail uses the same names).
CARER_LABELS = {
    "name": "Name",
    "relationship": "Relationship",
    "parental_responsibility": "Parental responsibility",
    "address": "Address",
    "phone": "Phone",
    "email": "Email",
    "preferred_language": "Preferred language",
    "letter_preference": "Letters by",
}
HISTORY_COLUMNS = [
    ("Referred", lambda r: f"{r.referral_date:%d/%m/%Y}"),
    ("Crime reference", lambda r: r.crime_reference),
    ("Scheme", lambda r: r.scheme_code),
    ("Status", lambda r: ReferralStatus(r.status).label),
    ("Eligibility", lambda r: "Eligible" if r.eligible else "; ".join(r.reasons)),
]
SCREEN_COLUMNS = [
    ("Screened", lambda s: f"{s.screened_on:%d/%m/%Y}"),
    ("Score", lambda s: str(s.score)),
    ("Result", lambda s: "Positive (2 or more)" if s.positive else "Negative"),
    ("KPI 5 stage", lambda s: s.kpi5_stage.replace("_", " ")),
    ("By", lambda s: s.screened_by),
]


def _table(name: str, label: str, model: RowsModel[Any]) -> QTableView:
    table = named(QTableView(), name, label)
    configure_item_view(table)
    table.setModel(model)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    return table


class PersonTabs(QWidget):
    """Loads everything for one young person off the GUI thread and shows it in four tabs."""

    open_referral = Signal(int)

    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.services, self.user, self.runner = services, user, runner
        self.person: PersonDetail | None = None
        self.family = QWidget()
        self.family.setObjectName("familyTab")
        fl = QVBoxLayout(self.family)
        self.carers: RowsModel[CarerDetail] = RowsModel(CARER_COLUMNS, self)
        self.carer_table = _table("carerTable", "Parents and carers", self.carers)
        self.add_carer = named(
            QPushButton("Add parent or carer…"), "addCarerButton", "Add a parent or carer"
        )
        self.add_carer.clicked.connect(self.ask_carer)
        self.edit_carer = named(
            QPushButton("Change details…"),
            "editCarerButton",
            "Change the parent or carer's details",
        )
        self.edit_carer.clicked.connect(self.ask_edit_carer)
        self.remove_carer = named(
            QPushButton("Remove…"), "removeCarerButton", "Remove the parent or carer"
        )
        self.remove_carer.clicked.connect(self.ask_remove_carer)
        self.carer_table.doubleClicked.connect(lambda _i: self.ask_edit_carer())
        self.carer_table.selectionModel().selectionChanged.connect(self._carer_picked)
        carer_buttons = QHBoxLayout()
        for b in (self.add_carer, self.edit_carer, self.remove_carer):
            carer_buttons.addWidget(b)
        carer_buttons.addStretch()
        fl.addWidget(self.carer_table)
        fl.addLayout(carer_buttons)
        self._carer_picked()

        self.safeguarding = QWidget()
        self.safeguarding.setObjectName("safeguardingTab")
        sf = QFormLayout(self.safeguarding)
        self.exploitation = named(
            QCheckBox("Concern about child criminal exploitation or county lines"),
            "sg_exploitation",
            "Exploitation concern",
        )
        self.nrm_made = named(
            QCheckBox("National Referral Mechanism referral made"),
            "sg_nrm_made",
            "NRM referral made",
        )
        self.nrm_date = named(QDateEdit(), "sg_nrm_date", "NRM referral date")
        self.nrm_date.setDisplayFormat("dd/MM/yyyy")
        self.nrm_date.setCalendarPopup(True)
        self.nrm_decision = named(QLineEdit(), "sg_nrm_decision", "NRM decision")
        self.nrm_decision.setPlaceholderText("For example: positive reasonable grounds")
        self.missing = named(QSpinBox(), "sg_missing", "Missing episodes")
        self.missing.setRange(0, 999)
        self.agencies = named(QLineEdit(), "sg_agencies", "Other agencies involved")
        self.agencies.setPlaceholderText("For example: children's social care, CAMHS")
        self.save_sg = named(
            QPushButton("Save safeguarding"), "saveSafeguarding", "Save safeguarding"
        )
        self.save_sg.clicked.connect(self.save_safeguarding)
        save_keys(self.safeguarding, self.save_sg)  # inside the record: this form's Save
        sf.addRow("", self.exploitation)
        sf.addRow("", self.nrm_made)
        sf.addRow("NRM referral date", self.nrm_date)
        sf.addRow("NRM decision", self.nrm_decision)
        sf.addRow("Missing episodes", self.missing)
        sf.addRow("Other agencies", self.agencies)
        sf.addRow("", self.save_sg)

        self.referrals_tab = QWidget()
        self.referrals_tab.setObjectName("referralsTab")
        rl = QVBoxLayout(self.referrals_tab)
        self.history: RowsModel[ReferralRow] = RowsModel(HISTORY_COLUMNS, self)
        self.history_table = _table("referralHistoryTable", "Referral history", self.history)
        self.history_table.doubleClicked.connect(self._open_referral)
        rl.addWidget(self.history_table)
        rl.addWidget(QLabel("Double-click a referral to open it on the Referrals screen."))

        self.screening_tab = QWidget()
        self.screening_tab.setObjectName("screeningTab")
        cl = QVBoxLayout(self.screening_tab)
        self.screens: RowsModel[ScreeningRow] = RowsModel(SCREEN_COLUMNS, self)
        self.screen_table = _table("screeningTable", "CRAFFT screens", self.screens)
        self.screen_answers = named(QListWidget(), "screeningAnswers", "Answers of the screen")
        configure_item_view(self.screen_answers)
        self.screen_table.clicked.connect(self._show_answers)
        self.add_screen = named(
            QPushButton("New CRAFFT screen…"), "newCrafftButton", "Record a CRAFFT 2.1 screen"
        )
        self.add_screen.clicked.connect(self.ask_screen)
        row = QHBoxLayout()
        row.addWidget(self.add_screen)
        row.addStretch()
        cl.addWidget(self.screen_table, 2)
        cl.addWidget(self.screen_answers, 1)
        cl.addLayout(row)
        self.set_enabled(False)

    def set_enabled(self, on: bool) -> None:
        for w in (self.family, self.safeguarding, self.referrals_tab, self.screening_tab):
            w.setEnabled(on)

    def load(self, person: PersonDetail) -> None:
        self.person = person
        self._fill_safeguarding(person)
        pid = person.id

        def fetch() -> tuple[Any, Any, Any]:
            return (
                self.services.carers.list_carers(self.user, pid),
                self.services.referrals.list_referrals(self.user, person_id=pid, limit=500),
                self.services.screening.list_screenings(self.user, pid),
            )

        self.runner.run(fetch, self._loaded, self._failed)

    def _loaded(self, result: tuple[Any, Any, Any]) -> None:
        carers, referrals, screens = result
        self._set_carers(carers)
        self.history.set_rows(referrals.rows, referrals.total)
        self.screens.set_rows(screens)
        self.screen_answers.clear()
        self.set_enabled(True)

    def saved_elsewhere(self, person: PersonDetail) -> None:
        """The overview saved this record: the safeguarding form goes on from that version
        (saving with the version it was opened at showed a false conflict), keeping its own
        edits not saved yet."""
        if self.person is None or self.person.id != person.id:
            return
        edited = self.safeguarding_edited()  # against the version opened, before it moves on
        self.person = person
        if not edited:
            self._fill_safeguarding(person)

    def safeguarding_edited(self) -> bool:
        """The safeguarding fields hold something not saved yet (live refresh leaves them)."""
        p = self.person
        if p is None:
            return False
        d = self.nrm_date.date()
        nrm = date(d.year(), d.month(), d.day()) if self.nrm_made.isChecked() else None
        return (
            self.exploitation.isChecked() != p.exploitation_concern
            or (nrm is None) != (p.nrm_referral_date is None)
            or (nrm is not None and nrm != p.nrm_referral_date)
            or self.nrm_decision.text() != p.nrm_decision
            or self.missing.value() != p.missing_episodes
            or self.agencies.text() != p.other_agencies
        )

    def _fill_safeguarding(self, p: PersonDetail) -> None:
        self.exploitation.setChecked(p.exploitation_concern)
        self.nrm_made.setChecked(p.nrm_referral_date is not None)
        when = p.nrm_referral_date or self.services.ctx.clock().date()
        self.nrm_date.setDate(QDate(when.year, when.month, when.day))
        self.nrm_decision.setText(p.nrm_decision)
        self.missing.setValue(p.missing_episodes)
        self.agencies.setText(p.other_agencies)

    def save_safeguarding(self) -> None:
        p = self.person
        if p is None:
            return
        d = self.nrm_date.date()
        changes = PersonChanges(
            exploitation_concern=self.exploitation.isChecked(),
            nrm_referral_date=date(d.year(), d.month(), d.day())
            if self.nrm_made.isChecked()
            else None,
            clear_nrm_referral_date=not self.nrm_made.isChecked(),
            nrm_decision=self.nrm_decision.text(),
            missing_episodes=self.missing.value(),
            other_agencies=self.agencies.text(),
        )
        self._run(
            lambda: self.services.people.update(self.user, p.id, p.version, changes),
            self._saved_person,
        )

    def _saved_person(self, person: PersonDetail) -> None:
        self.person = person
        self._fill_safeguarding(person)
        self.saved.emit(person)

    saved = Signal(object)

    def ask_carer(self) -> None:
        p = self.person
        if p is None:
            return
        dialog = CarerDialog(self)
        if dialog.exec():
            carer = dialog.value()
            self._run(lambda: self.services.carers.add(self.user, p.id, carer), self._set_carers)

    # --- parents and carers: change and remove -------------------------------------------
    def _set_carers(self, carers: tuple[CarerDetail, ...]) -> None:
        self.carers.set_rows(carers)
        self._carer_picked()

    def picked_carer(self) -> CarerDetail | None:
        rows = self.carer_table.selectionModel().selectedRows()
        return self.carers.row_at(rows[0].row()) if rows else None

    def _carer_picked(self) -> None:
        chosen = self.picked_carer() is not None
        self.edit_carer.setEnabled(chosen)
        self.remove_carer.setEnabled(chosen)
        why = "" if chosen else "Choose a parent or carer in the list first"
        self.edit_carer.setToolTip(why or "Change the parent or carer's details")
        self.remove_carer.setToolTip(why or "Remove the parent or carer from the record")

    def ask_edit_carer(self) -> None:
        carer = self.picked_carer()
        if carer is None:
            return
        self.carer_dialog = CarerDialog(self, carer)

        self.carer_dialog.accepted.connect(
            lambda: self._save_carer(carer, self.carer_dialog.value())
        )
        self.carer_dialog.open()

    def _save_carer(self, seen: CarerDetail, changed: CarerInput) -> None:

        def failed(exc: BaseException, tb: str) -> None:
            if not isinstance(exc, ConflictError) or self.person is None:
                self._failed(exc, tb)
                return
            pid = self.person.id
            self._run(
                lambda: self.services.carers.list_carers(self.user, pid),
                lambda carers: self._carer_conflict(seen, changed, carers),
            )

        self.runner.run(
            lambda: self.services.carers.update(self.user, seen.id, seen.version, changed),
            self._set_carers,
            failed,
        )

    def _carer_conflict(
        self, seen: CarerDetail, changed: CarerInput, carers: tuple[CarerDetail, ...]
    ) -> None:
        """Someone else changed (or removed) this parent or carer first: show both."""
        self._set_carers(carers)
        theirs = next((c for c in carers if c.id == seen.id), None)
        if theirs is None:
            self.error_box = show_error(
                self, NotFound(f"Someone else removed {seen.name} from the record."), ""
            )
            return
        # Only what this user changed goes on top of the saved version.
        mine = {k: v for k, v in vars(changed).items() if v != getattr(seen, k)}
        on_top = replace(CarerInput(**{k: getattr(theirs, k) for k in CARER_LABELS}), **mine)
        self.conflict_box = ask_conflict(
            self,
            f"{seen.name}'s details",
            "",
            None,
            conflict_rows(CARER_LABELS, vars(seen), vars(theirs), mine),
            reload=lambda: None,
            reapply=lambda: self._save_carer(theirs, on_top),
        )

    def ask_remove_carer(self) -> None:
        carer, p = self.picked_carer(), self.person
        if carer is None or p is None:
            return
        box = QMessageBox(self)
        named(box, "removeCarerConfirm", f"Remove {carer.name}")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Remove a parent or carer")
        box.setText(f"Remove {carer.name} from {p.first_name} {p.last_name}'s record?")
        box.setInformativeText(
            f"Their phone, email, address and letter choices will be deleted. Any consent "
            f"{carer.name} gave stays on the referral, under their name."
        )
        remove = named(
            box.addButton(f"Remove {carer.name}", QMessageBox.ButtonRole.DestructiveRole),
            "removeCarerYes",
            f"Remove {carer.name}",
        )
        keep = named(
            box.addButton("Keep", QMessageBox.ButtonRole.RejectRole), "removeCarerNo", "Keep"
        )
        box.setDefaultButton(keep)

        def chosen() -> None:
            if box.clickedButton() is remove:
                self._run(
                    lambda: self.services.carers.remove(self.user, carer.id, carer.version),
                    self._set_carers,
                )

        box.finished.connect(chosen)
        box.open()
        self.confirm_box = box

    def ask_screen(self) -> None:
        p = self.person
        if p is None:
            return
        self._run(lambda: self.services.screening.wording(self.user), self._open_screen)

    def _open_screen(self, wording: dict[str, str]) -> None:
        p = self.person
        if p is None:
            return
        dialog = CrafftDialog(self.services.ctx.clock().date(), self, wording)
        self.crafft_dialog = dialog

        def save() -> None:
            answers, when, need = dialog.value()
            self._run(
                lambda: self.services.screening.record(
                    self.user, p.id, answers, screened_on=when, need_identified_by_worker=need
                ),
                self.screens.set_rows,
            )

        dialog.accepted.connect(save)
        dialog.open()

    def _show_answers(self) -> None:
        s = self.screens.row_at(self.screen_table.currentIndex().row())
        self.screen_answers.clear()
        if s is not None:
            self.screen_answers.addItems([f"{label}: {answer}" for label, answer in s.answers])

    def _open_referral(self) -> None:
        r = self.history.row_at(self.history_table.currentIndex().row())
        if r is not None:
            self.open_referral.emit(r.id)

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.runner.run(fn, done, self._failed)
