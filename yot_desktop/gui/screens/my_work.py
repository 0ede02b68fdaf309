"""My work: this week's sessions, overdue follow-ups, programmes near their deadline, and the
referrals whose programme I can start or tailor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.validation import FREE_TEXT_MAX, text_problem
from yot_desktop.gui.delivery_common import (
    COMPACT_SESSION_COLUMNS,
    dmy,
    engagement_words,
    selected_row,
    session_model,
    table,
)
from yot_desktop.gui.dialogs.base import Dialog
from yot_desktop.gui.forms.ui_follow_up_dialog import Ui_FollowUpDialog
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import named
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import FollowUpRow, MyWork, ReferralChoice
from yot_desktop.services.dto import CurrentUser

FOLLOW_UP_COLUMNS = [
    ("Due", lambda f: dmy(f.due_date)),
    ("Young person", lambda f: f.person_name),
    ("Reference", lambda f: f.crime_reference),
    ("Missed session", lambda f: f"{f.session_at:%d/%m/%Y %H:%M}"),
]
DEADLINE_COLUMNS = [
    ("Deadline", lambda r: dmy(r.deadline)),
    ("Young person", lambda r: r.person_name),
    ("Reference", lambda r: r.crime_reference),
    ("Attended", lambda r: f"{r.attended} of {r.required}"),
    ("Engagement", lambda r: engagement_words(r.engagement)),
]
REFERRAL_COLUMNS = [
    ("Reference", lambda c: c.crime_reference),
    ("Young person", lambda c: c.person_name),
    ("Scheme", lambda c: c.scheme_code),
    ("Status", lambda c: c.status.replace("_", " ").capitalize()),
    ("Programme", lambda c: "Started" if c.programme_id else "Not started"),
]


class FollowUpDoneDialog(Dialog):
    """What was done after a missed session (layout: ui/follow_up_dialog.ui)."""

    def __init__(self, row: FollowUpRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FollowUpDialog()
        self.ui.setupUi(self)
        self.ui.followUpQuestion.setText(
            f"What was done after {row.person_name} missed the session?"
        )
        self.note = self.ui.followUpNote
        self.wire_buttons(self.ui.followUpButtons, ("followUpSave", "Save"), "followUpCancel")

    def check_input(self) -> None:
        if problem := text_problem(
            self.note.text(), "What was done", FREE_TEXT_MAX, multi_line=True
        ):
            raise ValidationError(problem)


class MyWorkPanel(QWidget):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        today: Callable[[], date],
    ) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.setObjectName("myWorkPanel")
        self.services, self.user, self.runner, self.today = services, user, runner, today
        self.dialog: QDialog | None = None

        self.sessions_model = session_model(COMPACT_SESSION_COLUMNS, self)
        self.sessions = table(
            "myWeekTable", "My sessions this week", self.sessions_model, (85, 95, 150, 130)
        )
        self.follow_model: RowsModel[FollowUpRow] = RowsModel(FOLLOW_UP_COLUMNS, self)
        self.follow_ups = table(
            "overdueFollowUpsTable", "Overdue follow-ups", self.follow_model, (90, 170, 110)
        )
        self.follow_done = named(
            QPushButton("Record the follow-up…"), "followUpDone", "Record the follow-up"
        )
        self.deadline_model: RowsModel[object] = RowsModel(DEADLINE_COLUMNS, self)
        self.deadlines = table(
            "nearDeadlineTable",
            "Programmes near their deadline",
            self.deadline_model,
            (90, 170, 110, 80),
        )
        self.referral_model: RowsModel[ReferralChoice] = RowsModel(REFERRAL_COLUMNS, self)
        self.referrals = table(
            "programmeReferralsTable",
            "Referrals and programmes",
            self.referral_model,
            (110, 170, 60, 110),
        )
        self.search = named(QLineEdit(), "programmeSearch", "Find a referral by crime reference")
        self.search.setPlaceholderText("Crime reference")
        self.open_programme = named(
            QPushButton("Start or tailor the programme…"),
            "openProgramme",
            "Start or tailor the selected referral's programme",
        )
        self.summary = named(QLabel(), "myWorkSummary", "Summary of my work")
        self.summary.setWordWrap(True)

        grid = QGridLayout()
        grid.addWidget(self._box("This week's sessions", self.sessions), 0, 0)
        follow_box = self._box("Overdue follow-ups", self.follow_ups, self.follow_done)
        grid.addWidget(follow_box, 0, 1)
        grid.addWidget(self._box("Programmes near their deadline", self.deadlines), 1, 0)
        search_row = QWidget()
        row = QHBoxLayout(search_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.open_programme)
        grid.addWidget(self._box("Referrals and programmes", search_row, self.referrals), 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)

        self.follow_done.clicked.connect(self.record_follow_up)
        self.open_programme.clicked.connect(self.programme_for_selected)
        self.referrals.doubleClicked.connect(lambda _i: self.programme_for_selected())
        self.search.returnPressed.connect(self._load_referrals)

    @staticmethod
    def _box(title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        box.setObjectName(f"box_{title.split()[0].lower()}")
        layout = QVBoxLayout(box)
        for w in widgets:
            layout.addWidget(w)
        return box

    def refresh(self) -> None:
        day = self.today()
        self.runner.run(
            lambda: self.services.engagement.my_work(self.user, day), self._loaded, self._failed
        )
        self._load_referrals()

    def _load_referrals(self) -> None:
        query = self.search.text()
        self.runner.run(
            lambda: self.services.programmes.referrals(self.user, query),
            self.referral_model.set_rows,
            self._failed,
        )

    def _loaded(self, work: MyWork) -> None:
        self.sessions_model.set_rows(work.sessions)
        self.follow_model.set_rows(work.overdue_follow_ups)
        self.deadline_model.set_rows(work.near_deadline)
        self.follow_done.setEnabled(bool(work.overdue_follow_ups))
        self.follow_done.setToolTip(
            "Record what was done about the chosen follow-up"
            if work.overdue_follow_ups
            else "No follow-up is overdue: each appears here once its day has passed"
        )
        n, f, d = len(work.sessions), len(work.overdue_follow_ups), len(work.near_deadline)
        self.summary.setText(
            f"Week beginning {work.week_start:%d/%m/%Y}: {n} session{'s' * (n != 1)} for you, "
            f"{f} overdue follow-up{'s' * (f != 1)}, "
            f"{d} programme{'s' * (d != 1)} due to finish within two weeks."
        )

    def record_follow_up(self) -> None:
        row: FollowUpRow | None = selected_row(self.follow_ups) or self.follow_model.row_at(0)
        if row is None:
            return
        dialog = FollowUpDoneDialog(row, self)
        self.dialog = dialog

        def save() -> None:
            note = dialog.note.text()
            self.runner.run(
                lambda: self.services.attendance.complete_follow_up(
                    self.user, row.id, row.version, note
                ),
                lambda _r: self.refresh(),
                self._failed,
            )

        dialog.accepted.connect(save)
        dialog.open()

    def programme_for_selected(self) -> None:
        choice: ReferralChoice | None = selected_row(self.referrals)
        if choice is None:
            return
        from yot_desktop.gui.dialogs.programme_dialog import ProgrammeDialog

        dialog = ProgrammeDialog(self.services, self.user, self.runner, choice, self.today(), self)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
