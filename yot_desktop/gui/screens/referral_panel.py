"""One referral: the facts, the eligibility checklist, and the decisions staff can take."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.consent import Party
from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.outcomes import outcome_label
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.referral_availability import Action, belongs, why_not
from yot_desktop.gui.screens.referral_actions import ReferralActions
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import chip, configure_item_view, named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import ReferralDetail

REASON_WORDS = {
    "SUPPLY_SUSPECTED": "supply suspected",
    "OVER_THRESHOLD": "over the scheme's limit",
    "SUBSTANCE_NOT_COVERED": "substance not covered",
    "AGE_OUT_OF_RANGE": "age outside the scheme's range",
    "PRIOR_DIVERSION": "an earlier diversion",
}

# (status to move to, button text); shown only when the rules allow the move.
ACTIONS = (
    (ReferralStatus.OFFERED, "Offer the programme"),
    (ReferralStatus.IN_PROGRAMME, "Start the programme"),
    (ReferralStatus.DECLINED, "Record as declined"),
    (ReferralStatus.INELIGIBLE, "Record as not eligible"),
    (ReferralStatus.WITHDRAWN, "Withdraw"),
)


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class ReferralPanel(ReferralActions):
    changed = Signal(object)

    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self.setObjectName("referralPanel")
        self.services, self.user, self.runner = services, user, runner
        self.referral: ReferralDetail | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("referralScroll")
        scroll.setWidgetResizable(True)
        # Text wraps to the panel's width instead of running off to the side.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)

        self.heading = _bold(named(QLabel(), "referralHeading", "Referral"), 1.3)
        self.heading.setWordWrap(True)
        self.status_row = QHBoxLayout()
        self.facts = named(QLabel(), "referralFacts", "Referral details")
        self.facts.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addLayout(self.status_row)
        layout.addWidget(self.facts)
        worker_row = QHBoxLayout()
        self.worker_label = QLabel("Allocated worker:")
        self.worker = named(
            QComboBox(),
            "referralWorker",
            "Allocated worker",
            "The practitioner who holds this referral. Managers allocate and reallocate",
        )
        self.worker.setMinimumWidth(220)
        self.worker_label.setBuddy(self.worker)
        self.worker.activated.connect(self.assign_worker)
        worker_row.addWidget(self.worker_label)
        worker_row.addWidget(self.worker)
        worker_row.addStretch()
        layout.addLayout(worker_row)

        box = QGroupBox("Eligibility checklist")
        box.setObjectName("eligibilityBox")
        box_layout = QVBoxLayout(box)
        self.checklist = named(QListWidget(), "eligibilityChecklist", "Eligibility checklist")
        configure_item_view(self.checklist)
        self.checklist.setMinimumHeight(150)
        self.checklist.setWordWrap(True)
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checklist.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.decision = named(QLabel(), "eligibilityDecision", "Eligibility decision")
        self.decision.setWordWrap(True)
        self.override_note = named(QLabel(), "overrideNote", "Manager's override")
        self.override_note.setWordWrap(True)
        self.override_button = named(
            QPushButton("Override: take this referral…"),
            "overrideButton",
            "Override the eligibility decision",
            "A manager can accept a referral that is not eligible, with a written reason",
        )
        self.override_button.clicked.connect(self.ask_override)
        box_layout.addWidget(self.checklist)
        box_layout.addWidget(self.decision)
        box_layout.addWidget(self.override_note)
        box_layout.addWidget(self.override_button)
        layout.addWidget(box)

        decisions = QGroupBox("Decisions")
        decisions.setObjectName("decisionsBox")
        d_layout = QVBoxLayout(decisions)
        self.decision_info = named(QLabel(), "decisionInfo", "Consent, panel and outcome")
        self.decision_info.setWordWrap(True)
        d_layout.addWidget(self.decision_info)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.action_buttons: dict[ReferralStatus, QPushButton] = {}
        stops = QHBoxLayout()  # declined, not eligible, withdraw: a row of their own
        for i, (status, text) in enumerate(ACTIONS):
            button = named(QPushButton(text), f"action_{status.value}", text)
            button.clicked.connect(lambda _c=False, st=status: self.move_to(st))
            self.action_buttons[status] = button
            (row1 if i < 2 else stops).addWidget(button)
        self.consent_button = named(
            QPushButton("Record consent…"), "consentButton", "Record consent"
        )
        self.consent_button.clicked.connect(self.ask_consent)
        self.panel_button = named(
            QPushButton("Panel decision…"), "panelButton", "Record the joint decision panel"
        )
        self.panel_button.clicked.connect(self.ask_panel)
        self.police_button = named(
            QPushButton("Police told today"), "policeButton", "Record that the police were told"
        )
        self.police_button.clicked.connect(self.police_told)
        self.outcome_button = named(
            QPushButton("Outcome code…"), "outcomeButton", "Record the police outcome code"
        )
        self.outcome_button.clicked.connect(self.ask_outcome)
        row3 = QHBoxLayout()  # two rows of two: one row of four was cut off at 1024×700
        for b in (self.consent_button, self.panel_button):
            row2.addWidget(b)
        for b in (self.police_button, self.outcome_button):
            row3.addWidget(b)
        for row in (row1, stops, row2, row3):
            row.addStretch()
            d_layout.addLayout(row)
        # What each button does: its tooltip while it can be used.
        self._purpose = {
            b.objectName(): b.accessibleDescription() or b.accessibleName()
            for b in (
                *self.action_buttons.values(),
                self.consent_button,
                self.police_button,
                self.override_button,
            )
        }
        layout.addWidget(decisions)

        self.history = named(QLabel(), "referralHistory", "Status history")
        self.history.setWordWrap(True)
        layout.addWidget(self.history)
        layout.addStretch()
        self.set_referral(None)
        self._body, self._scroll = body, scroll
        for button in (
            *self.action_buttons.values(),
            self.consent_button,
            self.panel_button,
            self.police_button,
            self.outcome_button,
        ):
            button.installEventFilter(self)

    # --- layout: the text wraps, the buttons do not -------------------------------------------
    def minimumSizeHint(self) -> QSize:
        """Never narrower than the buttons shown (they were cut off at 1024×700)."""
        hint = super().minimumSizeHint()
        scroll = self._scroll
        need = (
            self._body.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
            + 2 * scroll.frameWidth()
        )
        return QSize(max(hint.width(), need), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.updateGeometry()  # a button shown or hidden: tell the splitter
        return super().eventFilter(watched, event)

    # --- showing ---------------------------------------------------------------------------
    def set_referral(self, r: ReferralDetail | None) -> None:
        self.referral = r
        while self.status_row.count():
            taken = self.status_row.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.checklist.clear()
        enabled = r is not None and allowed(self.user.role, Permission.EDIT_CASES)
        self._show_worker(r)
        if r is None:
            self.heading.setText("Choose a referral from the list")
            for w in (self.facts, self.decision, self.override_note, self.decision_info):
                w.setText("")
            self.history.setText("")
            for b in self.action_buttons.values():
                b.setVisible(False)
            for b in (
                self.consent_button,
                self.panel_button,
                self.police_button,
                self.outcome_button,
                self.override_button,
            ):
                b.setVisible(False)
            return
        status = ReferralStatus(r.status)
        self.heading.setText(f"{r.crime_reference} · {r.person_name} ({r.person_ref})")
        self.status_row.addWidget(chip(status.label, status.value))
        if status is not ReferralStatus.INELIGIBLE:
            # A received referral may be one a manager took despite the rules: say so.
            self.status_row.addWidget(
                chip(
                    "Eligible" if r.eligible else "Taken on override",
                    "in_programme" if r.eligible else "at_risk",
                )
            )
        if r.possible_duplicate:
            self.status_row.addWidget(chip("Possible duplicate", "at_risk"))
        self.status_row.addStretch()
        place = f" at {r.offence_location}" if r.offence_location else ""
        self.facts.setText(
            f"Referred {r.referral_date:%d/%m/%Y} by {r.referring_officer}"
            f"{' (' + r.officer_email + ')' if r.officer_email else ''}. "
            f"Offence {r.offence_date:%d/%m/%Y}{place}: "
            f"{r.substance}, {format(r.quantity.normalize(), 'f')} {r.unit}"
            f"{', supply suspected' if r.supply_suspected else ''}.\n"
            f"Scheme: {r.scheme_name} ({r.scheme_code}, {r.scheme_model}). "
            f"Age at offence: {r.age_at_offence}. Earlier diversions: {r.prior_diversions}."
            + (f"\nNotes: {r.notes}" if r.notes else "")
        )
        for check in r.checklist:
            mark = "✔ Yes" if check.passed else "✘ No"
            entry = QListWidgetItem(f"{mark} — {check.label}: {check.explanation}")
            entry.setData(0x0101, check.key)
            self.checklist.addItem(entry)
        if r.eligible:
            self.decision.setText("Decision at intake: eligible.")
        else:
            words = "; ".join(f"{REASON_WORDS.get(c, c)} ({c})" for c in r.reasons)
            self.decision.setText(f"Decision at intake: not eligible — {words}.")
        if r.override_reason:
            when = f" on {r.override_at:%d/%m/%Y}" if r.override_at else ""
            self.override_note.setText(
                f"Overridden by {r.override_by}{when}. Reason: “{r.override_reason}”"
            )
        else:
            self.override_note.setText("")
        can_override = allowed(self.user.role, Permission.OVERRIDE_ELIGIBILITY)
        self._offer(self.override_button, Action.OVERRIDE, r, can_override)
        for st, button in self.action_buttons.items():
            self._offer(button, Action(st.value), r, enabled)
        self._offer(self.consent_button, Action.CONSENT, r, enabled)
        self._offer(self.police_button, Action.POLICE_TOLD, r, enabled)
        self.panel_button.setVisible(enabled)
        self.outcome_button.setVisible(enabled)
        info = []
        for c in r.consents:
            who = "Young person" if c.party == "young_person" else "Parent or carer"
            answer = "consented" if c.consented else "did not consent"
            info.append(
                f"{who}: {c.given_by} {answer} on {c.taken_on:%d/%m/%Y} (taken by {c.taken_by}; "
                f"lawful basis: {c.lawful_basis})"
            )
        if r.panel_date:
            info.append(f"Joint decision panel {r.panel_date:%d/%m/%Y}: {r.panel_decision}")
        if r.outcome_code:
            info.append(f"Police outcome: {outcome_label(r.outcome_code)}")
        if r.police_informed_on:
            info.append(f"Returned to the police on {r.police_informed_on:%d/%m/%Y}")
        self.decision_info.setText("\n".join(info) or "No consent, panel or outcome recorded yet.")
        self.history.setText(
            "History: "
            + " → ".join(
                f"{ReferralStatus(h.to_status).label} ({h.at:%d/%m/%Y}, {h.by})" for h in r.history
            )
        )

    def _offer(self, button: QPushButton, action: Action, r: ReferralDetail, may: bool) -> None:
        """Show the button where it belongs; when it cannot be used now, disable it and say why
        (tooltip and accessible description), rather than let the click be refused."""
        status = ReferralStatus(r.status)
        button.setVisible(may and belongs(action, status))
        consents = ((Party(c.party), c.consented) for c in r.consents)
        reason = why_not(action, status, consents, r.police_informed_on)
        button.setEnabled(not reason)
        purpose = self._purpose.get(button.objectName(), "")
        button.setToolTip(reason or purpose)
        button.setAccessibleDescription(reason or purpose)

    def _done(self, r: ReferralDetail) -> None:
        self.set_referral(r)
        self.changed.emit(r)
