"""A bulk demo referral's programme: the standard plan booked weekly on working days at a time
the worker is free, then the register week by week until the programme ends or "now"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from yot_desktop.domain.enums import Attendance, ReferralStatus, Venue
from yot_desktop.domain.programme import ASSESSMENT, programme_deadline, standard_plan
from yot_desktop.domain.scheme import SchemeModel
from yot_desktop.storage.models import ProgrammeSession
from yot_desktop.storage.models_delivery import (
    AttendanceMarkRow,
    EngagementDecision,
    FollowUp,
    Programme,
    ProgrammeItem,
)

if TYPE_CHECKING:
    from yot_desktop.demo.fates import Case, Fates, Staff

S = ReferralStatus
A = Attendance
# How the sessions go: most children come to every one; some miss one (a catch-up session is
# booked), some stop coming (a manager closes the case), a few move away.
PROFILES = (("engaged", 64), ("wobbly", 12), ("disengaged", 16), ("moved", 8))
DNA_REASON = "Did not come and sent no message"
MOVED = ("The family moved out of the area", "Moved to live with a parent in Swindon")


@dataclass
class Booked:
    row: dict[str, Any]
    starts: datetime
    minutes: int

    @property
    def ends(self) -> datetime:
        return self.starts + timedelta(minutes=self.minutes)


class Register:
    def __init__(self, fates: Fates, case: Case, started: datetime, screened: bool) -> None:
        self.f, self.c, self.started = fates, case, started
        self.rows = fates.rows
        assert case.worker is not None
        self.worker: Staff = case.worker
        self.rules = case.team.rules
        self.pid = self.rows.new_id(Programme)
        self.programme: dict[str, Any] = {}
        self.sessions: list[Booked] = []
        self.unexplained = 0
        self.closed = False
        self.screened = screened

    def run(self) -> None:
        f, rng = self.f, self.f.rng
        f.change(
            self.c, S.IN_PROGRAMME, self.started, self.worker, "programme started", audit=False
        )
        self.rows.audit(
            self.started, self.worker.username, "start_programme", "programme", self.pid
        )
        items = self._book()
        profile = rng.choices([p for p, _ in PROFILES], [w for _, w in PROFILES])[0]
        self._register(profile, items)
        if not self.closed and profile in ("engaged", "wobbly"):
            self._complete()
        self.rows.add(
            Programme,
            **self.programme,
            unexplained=self.unexplained,
            continued_at=None,
        )
        for booked in self.sessions:
            self.rows.add(ProgrammeSession, **booked.row)

    # --- booking ------------------------------------------------------------------------
    def _book(self) -> dict[str, int]:
        f, rng, rules = self.f, self.f.rng, self.rules
        first = f.cal.on_or_after(self.started.date() + timedelta(days=rng.randint(5, 14)))
        plan = standard_plan(rules)
        codes = [item.code for item in plan for _ in range(item.planned_count)]
        minutes = [item.minutes for item in plan for _ in range(item.planned_count)]
        days = f.cal.weekly_series(first, len(codes))
        slot = f.diary.weekly_time(rng, self.worker.id, days, minutes)
        worker: int | None = self.worker.id
        if slot is None:  # the worker's diary is full: the provider's staff deliver it
            worker, slot = None, rng.choice(((10, 0), (16, 0)))
        self.programme = {
            "id": self.pid,
            "version": 1,
            "referral_id": self.c.rid,
            "start_date": first,
            "deadline": programme_deadline(first, rules, f.cal),
            "status": "active",
            "started_by": self.worker.username,
            "started_at": self.started,
            "closed_by": "",
            "closed_at": None,
        }
        items: dict[str, int] = {}
        for position, item in enumerate(plan):
            items[item.code] = iid = self.rows.new_id(ProgrammeItem)
            self.rows.add(
                ProgrammeItem,
                id=iid,
                version=1,
                programme_id=self.pid,
                position=position,
                intervention_code=item.code,
                label=self.c.team.labels.get(item.code, item.label),
                planned_count=item.planned_count,
                minutes=item.minutes,
                provider=item.provider or "",
                worker_id=self.worker.id,
            )
        venue = rng.choice(list(Venue)).value
        for d, code, length in zip(days, codes, minutes, strict=True):
            self._session(d, slot, code, length, items[code], worker, venue, self.started)
        return items

    def _session(
        self,
        d: date,
        slot: tuple[int, int],
        code: str,
        minutes: int,
        item: int,
        worker: int | None,
        venue: str,
        booked_at: datetime,
    ) -> None:
        starts = datetime.combine(d, datetime.min.time()).replace(hour=slot[0], minute=slot[1])
        sid = self.rows.new_id(ProgrammeSession)
        row = {
            "id": sid,
            "version": 1,
            "referral_id": self.c.rid,
            "intervention": code,
            "starts_at": starts,
            "minutes": minutes,
            "venue": venue,
            "venue_name": "",
            "worker_id": worker,
            "status": A.PLANNED.value,
            "reason": "",
            "evidence_received": False,
            "programme_item_id": item,
            "rescheduled_to_id": None,
        }
        if worker is not None:
            self.f.diary.take(worker, starts, minutes)
        self.sessions.append(Booked(row, starts, minutes))
        self.rows.audit(booked_at, self.worker.username, "book_session", "session", sid)

    # --- the register -------------------------------------------------------------------
    def _register(self, profile: str, items: dict[str, int]) -> None:
        f, rng = self.f, self.f.rng
        limit = max(self.rules.absence_limit, 1)
        never = rng.random() < 0.6  # some who stop coming never come at all
        i = 0
        while i < len(self.sessions) and not self.closed:
            booked = self.sessions[i]
            marked_at = booked.ends + timedelta(minutes=rng.randrange(5, 50, 5))
            if profile == "moved" and i == 2:
                moved = f.later(self.sessions[1].starts, 1, 3)
                if moved < booked.starts and moved <= f.now:
                    self._moved(moved)
                    return
            if marked_at > f.now:
                return
            value, reason = A.ATTENDED, ""
            if profile == "disengaged" and (i >= 1 or never):
                value, reason = A.DID_NOT_ATTEND, DNA_REASON
            elif profile == "wobbly" and i == 1:
                value, reason = A.DID_NOT_ATTEND, DNA_REASON
                self._catch_up(items, marked_at)
            elif rng.random() < 0.1:
                value = A.LATE
            self._mark(booked, value, reason, marked_at)
            if value is not A.DID_NOT_ATTEND and not self.screened:  # CRAFFT at first meeting
                f.screen(self.c, marked_at, positive=rng.random() < 0.45)
                self.screened = True
            if value is A.DID_NOT_ATTEND:
                self.unexplained += 1
                self._follow_up(booked, marked_at)
                if self.unexplained >= limit:
                    self._decide(booked.starts.date())
            i += 1

    def _catch_up(self, items: dict[str, int], booked_at: datetime) -> None:
        """A session added a week after the last, to make up the one missed."""
        f, last = self.f, self.sessions[-1]
        day = f.cal.on_or_after(last.starts.date() + timedelta(days=7))
        worker = last.row["worker_id"]
        when = datetime.combine(day, last.starts.time())
        if worker is not None and not f.diary.free(worker, when, last.minutes):
            worker = None
        code = last.row["intervention"]
        slot = (last.starts.hour, last.starts.minute)
        self._session(
            day, slot, code, last.minutes, items[code], worker, last.row["venue"], booked_at
        )

    def _mark(
        self,
        booked: Booked,
        value: Attendance,
        reason: str,
        at: datetime,
        source: str = "register",
        by: str = "",
    ) -> None:
        booked.row.update(status=value.value, reason=reason)
        username = by or self.worker.username
        self.rows.add(
            AttendanceMarkRow,
            session_id=booked.row["id"],
            value=value.value,
            reason=reason,
            evidence_received=False,
            marked_by=username,
            marked_at=at,
            corrects_id=None,
            correction_note="",
            source=source,
        )
        if source == "register":
            self.rows.audit(
                at, username, "mark_attendance", "session", booked.row["id"], value.value
            )

    def _follow_up(self, booked: Booked, marked_at: datetime) -> None:
        f = self.f
        due = f.cal.next_working_day(booked.starts.date())
        done_at = f.office(due, 9, 12)
        done = done_at <= f.now and f.rng.random() < 0.85
        self.rows.add(
            FollowUp,
            version=1,
            session_id=booked.row["id"],
            referral_id=self.c.rid,
            due_date=due,
            done=done,
            done_by=self.worker.username if done else "",
            done_at=done_at if done else None,
            note="Called home; reminded them of the next session" if done else "",
            created_at=marked_at,
        )
        if done:
            self.rows.audit(done_at, self.worker.username, "complete_follow_up", "follow_up", None)

    def _close(self, status: str, by: Staff, at: datetime, cancel: Attendance, reason: str) -> None:
        self.closed = True
        self.programme.update(status=status, closed_by=by.username, closed_at=at)
        for booked in self.sessions:
            if booked.row["status"] == A.PLANNED.value:
                booked.row["reason"] = reason
                self._mark(booked, cancel, reason, at, "programme_closed", by.username)

    def _decide(self, missed_on: date) -> None:
        f = self.f
        at = f.later(missed_on, 2, 6)
        if at > f.now:
            return  # the manager's decision is due
        manager = f.manager
        self.rows.add(
            EngagementDecision,
            programme_id=self.pid,
            outcome="not_engaged",
            reason="Missed sessions without a reason after the warning letter",
            decided_by=manager.username,
            decided_at=at,
            unexplained_at_decision=self.unexplained,
        )
        f.change(self.c, S.NOT_ENGAGED, at, manager, "manager: not engaged", audit=False)
        self.rows.audit(
            at, manager.username, "decide_engagement", "programme", self.pid, "not_engaged"
        )
        self.c.values["police_informed_on"] = at.date()
        self._close("not_engaged", manager, at, A.CANCELLED_BY_SERVICE, "The programme has ended")
        codes = ("1", "1", "2") if self.rules.model is SchemeModel.CONDITIONAL else ("21", "2", "8")
        f.outcome(self.c, f.later(at, 5, 20), f.rng.choice(codes))

    def _moved(self, at: datetime) -> None:
        reason = self.f.rng.choice(MOVED)
        self.f.change(self.c, S.WITHDRAWN, at, self.worker, reason)
        self._close("withdrawn", self.worker, at, A.CANCELLED_BY_YOUNG_PERSON, reason)

    def _complete(self) -> None:
        f = self.f
        attended = [b for b in self.sessions if b.row["status"] in (A.ATTENDED.value, A.LATE.value)]
        assessment = any(b.row["intervention"] == ASSESSMENT for b in attended)
        others = sum(1 for b in attended if b.row["intervention"] != ASSESSMENT)
        if others < self.rules.sessions_required or (
            self.rules.assessment_required and not assessment
        ):
            return  # still going
        at = f.later(attended[-1].starts, 0, 3)
        if at > f.now:
            return  # the practitioner has still to confirm it
        f.change(self.c, S.COMPLETED, at, self.worker, "programme completed", audit=False)
        self.rows.audit(at, self.worker.username, "complete_programme", "programme", self.pid)
        self.c.values["police_informed_on"] = at.date()
        self.programme.update(status="completed", closed_by=self.worker.username, closed_at=at)
        self.closed = True
        f.outcome(self.c, f.later(at, 3, 15), self.rules.outcome_code)
