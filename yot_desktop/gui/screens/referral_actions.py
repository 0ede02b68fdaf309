"""What staff do on a referral: decisions, allocation, and the conflict dialog when someone
else saved first. `ReferralPanel` (referral_panel.py) shows the referral and inherits these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QInputDialog, QWidget

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.errors import ConflictError
from yot_desktop.domain.outcomes import OUTCOME_CODES, outcome_label
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.gui.dialogs.conflict import ask_conflict, conflict_rows
from yot_desktop.gui.dialogs.decisions import ConsentDialog, PanelDialog
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import ReferralDetail, WorkerChoice

# What a conflict on a referral compares: the decisions staff take on it.
CONFLICT_LABELS = {
    "status": "Status",
    "worker": "Allocated worker",
    "override": "Manager's override",
    "panel": "Joint decision panel",
    "outcome": "Police outcome",
    "police": "Returned to the police",
}


def decision_fields(r: ReferralDetail) -> dict[str, object]:
    return {
        "status": ReferralStatus(r.status).label,
        "worker": r.worker or "Unallocated",
        "override": r.override_reason,
        "panel": f"{r.panel_date:%d/%m/%Y}: {r.panel_decision}" if r.panel_date else "",
        "outcome": outcome_label(r.outcome_code) if r.outcome_code else "",
        "police": r.police_informed_on,
    }


class ReferralActions(QWidget):
    """The doing half of the referral panel."""

    services: Services
    user: CurrentUser
    runner: TaskRunner
    referral: ReferralDetail | None
    worker: QComboBox
    worker_label: QWidget

    def set_referral(self, r: ReferralDetail | None) -> None:
        raise NotImplementedError

    def _done(self, r: ReferralDetail) -> None:
        raise NotImplementedError

    def _show_worker(self, r: ReferralDetail | None) -> None:
        """The allocated worker; managers get the team's workers to choose from."""
        self.worker.clear()
        self.worker_label.setVisible(r is not None)
        self.worker.setVisible(r is not None)
        if r is None:
            return
        self.worker.addItem(r.worker or "Unallocated", r.worker_id)
        self.worker.setEnabled(False)
        may = allowed(self.user.role, Permission.ALLOCATE_CASES)
        self.worker.setToolTip("" if may else "Managers allocate and reallocate referrals")
        if may:
            rid = r.id
            self.runner.run(
                lambda: self.services.decisions.workers(self.user, rid),
                lambda ws: self._fill_workers(rid, ws),
                errors_over(self),
            )

    def _fill_workers(self, referral_id: int, workers: tuple[WorkerChoice, ...]) -> None:
        r = self.referral
        if r is None or r.id != referral_id:
            return  # another referral was picked meanwhile
        self.worker.clear()
        self.worker.addItem("Unallocated", None)
        for w in workers:
            self.worker.addItem(w.name, w.id)
        if r.worker_id is not None and self.worker.findData(r.worker_id) < 0:
            self.worker.addItem(f"{r.worker} (not in this team now)", r.worker_id)
        self.worker.setCurrentIndex(max(self.worker.findData(r.worker_id), 0))
        self.worker.setEnabled(True)

    def assign_worker(self) -> None:
        r = self.referral
        if r is None or self.worker.currentData() == r.worker_id:
            return
        worker_id: int | None = self.worker.currentData()
        name = self.worker.currentText()
        self._run(
            lambda v: self.services.decisions.assign_worker(self.user, r.id, v, worker_id),
            worker=name,
        )

    def _run(self, fn: Callable[[int], ReferralDetail], **mine: object) -> None:
        """Run a decision against the version on screen; a stale one opens the conflict
        dialog, which can run it again on top of the saved version."""
        r = self.referral
        if r is None:
            return
        self.runner.run(
            lambda: fn(r.version), self._done, lambda e, tb: self._decision_failed(e, tb, fn, mine)
        )

    def _decision_failed(
        self,
        exc: BaseException,
        tb: str,
        fn: Callable[[int], ReferralDetail],
        mine: dict[str, object],
    ) -> None:
        seen = self.referral
        if not isinstance(exc, ConflictError) or seen is None:
            errors_over(self)(exc, tb)  # the box kept as self.error_box
            self._show_worker(seen)
            return

        def show(theirs: ReferralDetail) -> None:
            newer = theirs.history[len(seen.history) :]
            self.conflict_box = ask_conflict(
                self,
                f"referral {theirs.crime_reference}",
                newer[-1].by if newer else "",
                newer[-1].at if newer else None,
                conflict_rows(
                    CONFLICT_LABELS, decision_fields(seen), decision_fields(theirs), mine
                ),
                reload=lambda: self._done(theirs),
                reapply=lambda: self._reapply(theirs, fn, mine),
            )

        rid = seen.id
        self.runner.run(
            lambda: self.services.referrals.get(self.user, rid),
            show,
            errors_over(self),
        )

    def _reapply(
        self, theirs: ReferralDetail, fn: Callable[[int], ReferralDetail], mine: dict[str, object]
    ) -> None:
        self.set_referral(theirs)
        self._run(fn, **mine)

    def move_to(self, status: ReferralStatus) -> None:
        r = self.referral
        if r is None:
            return
        self._run(
            lambda v: self.services.decisions.change_status(self.user, r.id, v, status),
            status=status.label,
        )

    def ask_override(self) -> None:
        r = self.referral
        if r is None:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self,
            "Override the eligibility decision",
            "Why should the scheme take this referral? This reason is kept on the referral "
            "and shown to everyone who opens it.",
        )
        if ok:
            self._run(
                lambda v: self.services.decisions.override(self.user, r.id, v, reason),
                status=ReferralStatus.RECEIVED.label,
                override=reason.strip(),
            )

    def ask_consent(self) -> None:
        r = self.referral
        if r is None:
            return
        dialog = ConsentDialog(r, self.services.ctx.clock().date(), self)
        if dialog.exec():
            values = dialog.values()
            self._run(lambda _v: self.services.decisions.record_consent(self.user, r.id, **values))

    def ask_panel(self) -> None:
        r = self.referral
        if r is None:
            return
        dialog = PanelDialog(r, self.services.ctx.clock().date(), self)
        if dialog.exec():
            when, decision = dialog.values()
            self._run(
                lambda v: self.services.decisions.record_panel(self.user, r.id, v, when, decision),
                panel=f"{when:%d/%m/%Y}: {decision.strip()}",
            )

    def police_told(self) -> None:
        r = self.referral
        if r is None:
            return
        today: date = self.services.ctx.clock().date()
        self._run(
            lambda v: self.services.decisions.return_to_police(self.user, r.id, v, today),
            police=today,
        )

    def ask_outcome(self) -> None:
        r = self.referral
        if r is None:
            return
        labels = [f"{o.code}: {o.label}" for o in OUTCOME_CODES]
        chosen, ok = QInputDialog.getItem(
            self, "Police outcome code", "Home Office outcome code:", labels, 0, False
        )
        if ok:
            code: Any = chosen.split(":")[0]
            self._run(
                lambda v: self.services.decisions.set_outcome(self.user, r.id, v, code),
                outcome=outcome_label(code),
            )
