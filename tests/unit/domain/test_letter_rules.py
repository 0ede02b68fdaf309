"""Issue 15: when a letter can arrive, the dates it asks for, who reads it, what the police
are told (domain/letter_rules.py)."""

from __future__ import annotations

from datetime import date

import pytest

from yot_desktop.domain import letter_rules as rules
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Audience, LetterType, ReferralStatus


def test_a_letter_arrives_three_working_days_after_posting_and_the_call_is_the_day_after() -> None:
    friday = date(2026, 12, 4)
    assert rules.arrives_on(friday) == date(2026, 12, 9)  # Wednesday
    assert rules.call_by(friday) == date(2026, 12, 10)  # Thursday: a day after it arrives


def test_christmas_bank_holidays_and_team_closures_are_not_counted() -> None:
    # Wed 23 Dec: Thu 24, then Christmas (Fri 25) and Boxing Day (Mon 28) are skipped.
    assert rules.arrives_on(date(2026, 12, 23)) == date(2026, 12, 30)
    assert rules.call_by(date(2026, 12, 23)) == date(2026, 12, 31)
    closed = WorkingCalendar(frozenset({date(2026, 12, 31)}))
    assert rules.call_by(date(2026, 12, 23), closed) == date(2027, 1, 4)


def test_the_reply_date_is_two_working_weeks_after_arrival() -> None:
    assert rules.reply_by(date(2026, 12, 4)) == date(2026, 12, 23)


@pytest.mark.parametrize(
    ("letter_type", "age", "reader"),
    [
        (LetterType.REMINDER, 15, Audience.PARENT),
        (LetterType.REMINDER, 17, Audience.PARENT),
        (LetterType.REMINDER, 18, Audience.YOUNG_PERSON),
        (LetterType.COMPLETION, 19, Audience.YOUNG_PERSON),
        (LetterType.CERTIFICATE, 12, Audience.YOUNG_PERSON),
        (LetterType.POLICE_OUTCOME, 15, Audience.POLICE),
        (LetterType.POLICE_OUTCOME, 19, Audience.POLICE),
    ],
)
def test_who_reads_a_letter_by_default(letter_type: LetterType, age: int, reader: Audience) -> None:
    assert rules.default_audience(letter_type, age) is reader


def test_a_parent_letter_about_an_adult_is_warned_about() -> None:
    warning = rules.adult_parent_warning(18, Audience.PARENT, "Leo Abbott")
    assert warning is not None and "Leo Abbott is 18" in warning and "Young person" in warning
    assert rules.adult_parent_warning(17, Audience.PARENT) is None
    assert rules.adult_parent_warning(19, Audience.YOUNG_PERSON) is None


def test_the_police_letter_prints_only_the_codes_the_yot_reports() -> None:
    done = ReferralStatus.COMPLETED
    assert rules.reported_outcome_code(done, "", "22") == "22"
    assert rules.reported_outcome_code(done, "21", "22") == "21"
    assert rules.reported_outcome_code(done, "1", "23") == "23"
    assert rules.reported_outcome_code(done, "1", "") == ""
    for ended in (ReferralStatus.NOT_ENGAGED, ReferralStatus.WITHDRAWN, ReferralStatus.DECLINED):
        assert rules.reported_outcome_code(ended, "1", "22") == ""
        assert rules.programme_finished(ended) is False
    assert rules.programme_finished(done) is True
    assert rules.programme_finished(ReferralStatus.IN_PROGRAMME) is None


def test_a_letter_that_may_arrive_after_its_appointment_is_flagged() -> None:
    """Second class can take three working days: a reminder posted on Friday 4 December for
    Tuesday 8 December may come too late; one for Thursday 10 December will not."""
    friday = date(2026, 12, 4)
    arrives = rules.arrives_on(friday)
    assert arrives == date(2026, 12, 9)
    warning = rules.late_post_warning(date(2026, 12, 8), friday, arrives)
    assert warning is not None
    assert "Tuesday 8 December" in warning and "Wednesday 9 December" in warning
    assert rules.late_post_warning(date(2026, 12, 9), friday, arrives) is not None  # same day
    assert rules.late_post_warning(date(2026, 12, 10), friday, arrives) is None
    assert rules.late_post_warning(date(2026, 12, 1), friday, arrives) is None  # already past
    assert rules.late_post_warning(None, friday, arrives) is None
    for kind in (LetterType.REMINDER, LetterType.INVITATION, LetterType.MISSED):
        assert kind in rules.NAMES_AN_APPOINTMENT
    assert LetterType.COMPLETION not in rules.NAMES_AN_APPOINTMENT
