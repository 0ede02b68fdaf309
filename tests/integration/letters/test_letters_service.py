"""Letters from the database: facts, history with exact bytes, due list, batches, sending."""

from __future__ import annotations

import errno
import io
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from tests.integration.helpers import FixedClock, audit_rows
from yot_desktop.domain.enums import Attendance, Audience, LetterType
from yot_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from yot_desktop.letters import Cancelled
from yot_desktop.services.container import Services
from yot_desktop.services.letters.service import LetterRequest, checksum
from yot_desktop.services.output_files import OutputNotWritten
from yot_desktop.storage.models import Carer, YoungPerson
from yot_desktop.storage.models_delivery import LetterDue
from yot_desktop.storage.models_letters import LetterRecord


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def started(services: Services, clock: FixedClock) -> tuple[Services, int]:
    """A West Berkshire programme from Tuesday 1 December 2026 for Zoë Ağaoğlu (born 2011)."""
    set_up_team(services)
    rid = new_referral(services, "43/26/3001")
    with services.ctx.uow() as uow:
        person_id = uow.session.scalar(select(YoungPerson.id).order_by(YoungPerson.id.desc()))
        uow.session.add(
            Carer(
                young_person_id=person_id,
                name="Łucja Ağaoğlu",
                relationship_to_child="mother",
                address="3 Kennet Road\nNewbury\nRG14 5JA",
            )
        )
        uow.commit()
    services.programmes.start(user(services, "practitioner"), rid, start=date(2026, 12, 1))
    clock.now = datetime(2026, 11, 28, 9, 0)
    return services, rid


def test_a_letter_is_made_from_the_records_and_kept_exactly(started: tuple[Services, int]) -> None:
    services, rid = started
    me = user(services, "practitioner")
    made = services.letters.make(me, LetterRequest(rid, LetterType.SCHEDULE))
    text = text_of(made.pdf)
    assert "Łucja Ağaoğlu" in text  # the main carer, at her own address
    assert "RG14 5JA" in text
    assert "Zoë" in text
    assert "West Berkshire" in text  # the team's letterhead
    assert made.record.sha256 == checksum(made.pdf)
    assert made.record.audience is Audience.PARENT
    assert not made.record.easy_read  # 15 and no recorded need

    again = services.letters.reopen(me, made.record.id)
    assert again == made.pdf
    history = services.letters.history(me, referral_id=rid)
    assert [h.id for h in history] == [made.record.id]
    rows = audit_rows(services, "make_letter")
    assert rows and "Zoë" not in rows[-1][2] and "Ağaoğlu" not in rows[-1][2]


def test_a_tampered_letter_is_refused_on_reopening(started: tuple[Services, int]) -> None:
    services, rid = started
    me = user(services, "practitioner")
    made = services.letters.make(me, LetterRequest(rid, LetterType.OFFER))
    with services.ctx.uow() as uow:
        uow.session.execute(
            update(LetterRecord).where(LetterRecord.id == made.record.id).values(pdf=b"%PDF-x")
        )
        uow.commit()
    with pytest.raises(ValidationError, match="checksum"):
        services.letters.reopen(me, made.record.id)


def test_easy_read_is_chosen_for_a_recorded_need_or_on_request(
    started: tuple[Services, int],
) -> None:
    services, rid = started
    me = user(services, "practitioner")
    young = LetterRequest(rid, LetterType.REMINDER, Audience.YOUNG_PERSON)
    assert not services.letters.context(me, young).easy_read
    with services.ctx.uow() as uow:
        uow.session.execute(update(YoungPerson).values(communication_needs="Dyslexia"))
        uow.commit()
    assert services.letters.context(me, young).easy_read
    parent = LetterRequest(rid, LetterType.REMINDER, Audience.PARENT, easy_read=True)
    assert services.letters.context(me, parent).easy_read
    with services.ctx.uow() as uow:
        uow.session.execute(
            update(YoungPerson).values(communication_needs="", date_of_birth=date(2014, 6, 1))
        )
        uow.commit()
    ctx = services.letters.context(me, young)
    assert ctx.person.age == 12 and ctx.easy_read


def test_reminders_are_due_for_bookings_and_batched_once(started: tuple[Services, int]) -> None:
    services, _rid = started
    me = user(services, "practitioner")
    due = services.letters.due(me, date(2026, 12, 1), date(2026, 12, 31), LetterType.REMINDER)
    assert len(due) == 4  # assessment and three sessions, weekly from 1 December
    assert {d.source for d in due} == {"booking"}
    seen: list[tuple[int, int]] = []
    result = services.letters.batch(
        me,
        LetterType.REMINDER,
        date(2026, 12, 1),
        date(2026, 12, 10),
        lambda done, total: seen.append((done, total)) is None,
    )
    assert result.count == 2
    assert len(PdfReader(io.BytesIO(result.pdf)).pages) >= 2
    assert seen[-1] == (2, 2)  # each letter laid out once
    left = services.letters.due(me, date(2026, 12, 1), date(2026, 12, 31), LetterType.REMINDER)
    assert len(left) == 2
    assert len(services.letters.history(me)) == 2


def test_a_cancelled_batch_records_nothing(started: tuple[Services, int]) -> None:
    services, _rid = started
    me = user(services, "practitioner")
    with pytest.raises(Cancelled):
        services.letters.batch(
            me, LetterType.REMINDER, date(2026, 12, 1), date(2026, 12, 31), lambda d, t: d < 2
        )
    assert services.letters.history(me) == ()


def test_a_missed_session_queues_a_letter_that_leaves_the_list_when_made(
    started: tuple[Services, int], clock: FixedClock
) -> None:
    services, rid = started
    me = user(services, "practitioner")
    detail = services.programmes.get(me, rid)
    assert detail is not None
    first = detail.sessions[0]
    clock.now = datetime(2026, 12, 1, 18, 0)
    services.attendance.mark(
        me, first.id, first.version, Attendance.DID_NOT_ATTEND, reason="No contact"
    )
    queued = [d for d in services.letters.due(me) if d.source == "queue"]
    assert queued, "the delivery rules queue a letter for a missed session"
    item = queued[0]
    made = services.letters.make(me, item.request)
    assert item.letter_type is LetterType.MISSED
    text = " ".join(text_of(made.pdf).split())
    assert "did not attend the session on 1 December 2026" in text
    # The next appointment is the one after, never the one missed.
    following = detail.sessions[1].starts_at.date()
    assert f"The next appointment Date {following:%A} {following.day} {following:%B %Y}" in text
    assert item.key not in {d.key for d in services.letters.due(me)}
    sent = services.letters.mark_sent(me, made.record.id, "hand")
    assert sent.sent_method == "hand" and sent.sent_by == "practitioner"
    with services.ctx.uow() as uow:
        assert uow.session.get_one(LetterDue, item.queue_item_id).status == "sent"
    with pytest.raises(ValidationError):
        services.letters.mark_sent(me, made.record.id, "pigeon")


def test_refusals(started: tuple[Services, int]) -> None:
    services, rid = started
    panel = user(services, "panel")
    with pytest.raises(PermissionDenied):
        services.letters.make(panel, LetterRequest(rid, LetterType.OFFER))
    assert audit_rows(services, "make_letter")[-1][1] == "refused"
    other_team = new_referral(
        services, "43/26/3999", team="Windsor and Maidenhead Youth Offending Team", worker=None
    )
    with pytest.raises(NotFound):
        services.letters.make(
            user(services, "practitioner"), LetterRequest(other_team, LetterType.OFFER)
        )
    with pytest.raises(NotFound):
        services.letters.make_by_reference(user(services, "practitioner"), "nope", LetterType.OFFER)


def test_a_full_disk_records_no_letter_and_leaves_no_file(
    started: tuple[Services, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: the batch's PDF is written whole before its letters are recorded."""
    services, _rid = started
    me = user(services, "practitioner")
    out = tmp_path / "reminders.pdf"

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", full)
        with pytest.raises(OutputNotWritten, match="the disk is full"):
            services.letters.batch(
                me, LetterType.REMINDER, date(2026, 12, 1), date(2026, 12, 31), out=out
            )
    assert list(tmp_path.iterdir()) == []  # no PDF, no .part
    assert services.letters.history(me) == ()
    due = services.letters.due(me, date(2026, 12, 1), date(2026, 12, 31), LetterType.REMINDER)
    assert len(due) == 4  # still due for the retry
    again = services.letters.batch(
        me, LetterType.REMINDER, date(2026, 12, 1), date(2026, 12, 31), out=out
    )
    assert again.count == 4 and out.read_bytes() == again.pdf
    assert len(services.letters.history(me)) == 4


def test_a_schedule_lists_only_the_sessions_still_to_come(
    started: tuple[Services, int], clock: FixedClock
) -> None:
    """A family reads the schedule as appointments to keep: a date already past is not one.
    (Made later in a programme, it once listed the sessions attended and missed as well.)"""
    services, rid = started
    me = user(services, "practitioner")
    detail = services.programmes.get(me, rid)
    assert detail is not None and len(detail.sessions) >= 3
    first, second, third = detail.sessions[:3]
    clock.now = datetime.combine(second.starts_at.date(), datetime.min.time()).replace(hour=20)
    services.attendance.mark(me, first.id, first.version, Attendance.ATTENDED)
    services.attendance.mark(
        me, second.id, second.version, Attendance.DID_NOT_ATTEND, reason="No contact"
    )
    made = services.letters.make(me, LetterRequest(rid, LetterType.SCHEDULE))
    text = " ".join(text_of(made.pdf).split())  # the table wraps a date over two lines
    day = "{d:%A} {d.day} {d:%B %Y}".format
    assert day(d=third.starts_at.date()) in text
    assert day(d=first.starts_at.date()) not in text
    assert day(d=second.starts_at.date()) not in text
    last = services.programmes.get(me, rid)
    assert last is not None
    after = last.sessions[-1].starts_at.date() + timedelta(days=1)  # today is still to come
    clock.now = datetime.combine(after, datetime.min.time()).replace(hour=9)
    with pytest.raises(ValidationError) as refused:
        services.letters.make(me, LetterRequest(rid, LetterType.SCHEDULE))
    assert "no session is planned from today" in str(refused.value)


def test_a_reminder_that_post_may_bring_too_late_says_so(
    started: tuple[Services, int], clock: FixedClock
) -> None:
    services, rid = started
    me = user(services, "practitioner")
    detail = services.programmes.get(me, rid)
    assert detail is not None
    session = detail.sessions[1]
    day = session.starts_at.date()
    clock.now = datetime.combine(day - timedelta(days=2), datetime.min.time()).replace(hour=9)
    request = LetterRequest(rid, LetterType.REMINDER, session_id=session.id)
    warned = services.letters.make(me, request).warnings
    assert any("may not arrive before the appointment" in w for w in warned)
    assert services.letters.warnings(me, request) == warned  # the preview says it too
    clock.now = datetime.combine(day - timedelta(days=14), datetime.min.time()).replace(hour=9)
    assert services.letters.make(me, request).warnings == ()
