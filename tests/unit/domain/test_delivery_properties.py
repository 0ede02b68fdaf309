"""Properties that hold for any dates, closures and attendance records."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from yot_desktop.domain.attendance import AttendanceMark
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.engagement import (
    engagement_state,
    letters_due,
    unexplained_absences,
)
from yot_desktop.domain.enums import Attendance, Engagement, LetterType

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
closures = st.frozensets(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)), max_size=60
)


@settings(max_examples=150, deadline=None)
@given(
    start=days,
    count=st.integers(0, 16),
    interval=st.integers(1, 4),
    closed=closures,
)
def test_weekly_series_is_working_days_strictly_increasing(
    start: date, count: int, interval: int, closed: frozenset[date]
) -> None:
    cal = WorkingCalendar(closed)
    series = cal.weekly_series(start, count, interval_weeks=interval)
    assert len(series) == count
    assert all(cal.is_working_day(d) for d in series)
    assert all(a < b for a, b in itertools.pairwise(series))
    assert all(d >= start for d in series)


@settings(max_examples=150, deadline=None)
@given(start=days, count=st.integers(1, 16))
def test_weekly_series_without_closures_stays_in_its_week(start: date, count: int) -> None:
    series = WorkingCalendar().weekly_series(start, count)
    for i, d in enumerate(series):
        nominal = start + timedelta(weeks=i)
        assert nominal - timedelta(days=6) <= d < nominal + timedelta(weeks=1)


@settings(max_examples=150, deadline=None)
@given(start=days, n=st.integers(-30, 30), closed=closures)
def test_add_working_days_and_working_days_between_agree(
    start: date, n: int, closed: frozenset[date]
) -> None:
    cal = WorkingCalendar(closed)
    end = cal.add_working_days(start, n)
    if n != 0:
        assert cal.is_working_day(end)
    assert cal.working_days_between(start, end) == n


@settings(max_examples=150, deadline=None)
@given(d=days, closed=closures)
def test_next_working_day_is_the_first_working_day_after(d: date, closed: frozenset[date]) -> None:
    cal = WorkingCalendar(closed)
    nxt = cal.next_working_day(d)
    assert nxt > d
    assert cal.is_working_day(nxt)
    assert cal.working_days_between(d, nxt) == 1


marks = st.lists(
    st.builds(
        AttendanceMark,
        value=st.sampled_from(list(Attendance)),
        reason=st.just("r"),
        evidence_received=st.booleans(),
        marked_by=st.just("sam"),
        marked_at=st.just(datetime(2026, 3, 17, 17, 0)),
    ),
    max_size=30,
)


@given(marks=marks)
def test_unexplained_never_exceeds_marks_or_absences(marks: list[AttendanceMark]) -> None:
    count = unexplained_absences(marks)
    assert 0 <= count <= len(marks)
    assert count <= sum(1 for m in marks if m.value is Attendance.DID_NOT_ATTEND)


@given(previous=st.integers(0, 10), new=st.integers(0, 10), limit=st.integers(0, 6))
def test_letters_sent_at_most_one_and_final_warning_only_on_reaching_limit(
    previous: int, new: int, limit: int
) -> None:
    letters = letters_due(previous, new, limit)
    assert len(letters) <= 1
    effective = max(limit, 1)
    assert (LetterType.FINAL_WARNING in letters) == (previous < effective <= new)
    if LetterType.MISSED in letters:
        assert new > previous
        assert engagement_state(previous + 1, limit, True) is Engagement.AT_RISK


@given(unexplained=st.integers(0, 10), limit=st.integers(0, 6))
def test_state_only_worsens_as_absences_grow(unexplained: int, limit: int) -> None:
    order = [Engagement.ON_TRACK, Engagement.AT_RISK, Engagement.THRESHOLD_REACHED]
    now = engagement_state(unexplained, limit, True)
    later = engagement_state(unexplained + 1, limit, True)
    assert now is not None
    assert later is not None
    assert order.index(later) >= order.index(now)
    assert later is not Engagement.ON_TRACK
