"""Rules for letters that do not depend on wording: who reads a letter, when it can arrive,
the dates a family is asked to act by, and what the police are told (issue 15)."""

from __future__ import annotations

from datetime import date

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Audience, LetterType, ReferralStatus

# Second-class post: delivered within three working days of posting (Royal Mail's aim).
POST_WORKING_DAYS = 3
# After a missed session: the family has one full working day after the letter arrives.
CALL_WORKING_DAYS = 1
# An offer's consent form: two working weeks after the letter arrives.
REPLY_WORKING_DAYS = 10
# A young person this old or older on the letter's date reads their own letters.
ADULT_AGE = 18
# The outcome codes the YOT reports to the police (Home Office Crime Outcomes): 21 and 22 are
# outcome codes of a diversion or deferred prosecution, 23 a prosecution not in the public
# interest. Any other code (like 1, charged) is the police's decision, never the YOT's.
YOT_OUTCOME_CODES = frozenset({"21", "22", "23"})
# Letter types whose natural reader is the young person whatever their age.
_YOUNG_PERSON_TYPES = frozenset({LetterType.CERTIFICATE})


def arrives_on(letter_date: date, calendar: WorkingCalendar | None = None) -> date:
    """The day a letter posted second class on `letter_date` can be counted on to arrive."""
    return (calendar or WorkingCalendar()).add_working_days(letter_date, POST_WORKING_DAYS)


# Letter types whose wording names the next appointment (the "appointment" block); the
# schedule lists the sessions to come, the first of them the next.
NAMES_AN_APPOINTMENT = frozenset(
    {
        LetterType.INVITATION,
        LetterType.REMINDER,
        LetterType.MISSED,
        LetterType.FINAL_WARNING,
        LetterType.SCHEDULE,
    }
)


def late_post_warning(appointment: date | None, letter_date: date, arrives: date) -> str | None:
    """A warning when a letter names an appointment on or before the day second-class post can
    be counted on to arrive (`arrives`, from `arrives_on`): posted, it may come too late. None
    otherwise, and for an appointment already past (a letter about what happened)."""
    if appointment is None or appointment < letter_date or appointment > arrives:
        return None
    return (
        f"Sent second class, this letter may not arrive before the appointment it names "
        f"({appointment:%A} {appointment.day} {appointment:%B}): post can take until "
        f"{arrives:%A} {arrives.day} {arrives:%B}. Hand it over or send it first class, and "
        "phone the family as well."
    )


def call_by(letter_date: date, calendar: WorkingCalendar | None = None) -> date:
    """The date a family is asked to call by after a missed session: one working day after
    the letter arrives, so the deadline has never passed when the letter is read."""
    cal = calendar or WorkingCalendar()
    return cal.add_working_days(arrives_on(letter_date, cal), CALL_WORKING_DAYS)


def reply_by(letter_date: date, calendar: WorkingCalendar | None = None) -> date:
    """The date to send a consent form back by: two working weeks after the letter arrives."""
    cal = calendar or WorkingCalendar()
    return cal.add_working_days(arrives_on(letter_date, cal), REPLY_WORKING_DAYS)


def is_adult(age: int) -> bool:
    return age >= ADULT_AGE


def default_audience(letter_type: LetterType, age: int | None = None) -> Audience:
    """Who a letter goes to when nobody chose: the police for the outcome letter; the young
    person for their certificate, and for every letter once they are 18 or over; otherwise
    the parent or carer."""
    if letter_type is LetterType.POLICE_OUTCOME:
        return Audience.POLICE
    if letter_type in _YOUNG_PERSON_TYPES or (age is not None and is_adult(age)):
        return Audience.YOUNG_PERSON
    return Audience.PARENT


def adult_parent_warning(age: int, audience: Audience, full_name: str = "") -> str | None:
    """A warning when a letter to a parent or carer is about a young person who is an adult
    on the letter's date; None otherwise. The letter may still be made: a recorded consent
    or reason can make it right, and the person making it knows whether there is one."""
    if audience is not Audience.PARENT or not is_adult(age):
        return None
    who = full_name.strip() or "The young person"
    return (
        f"{who} is {age}, an adult: letters go to them, not to a parent or carer, unless "
        "they have agreed to it or there is a recorded reason. Choose Young person as the "
        "reader unless you have that consent or reason."
    )


def reported_outcome_code(status: ReferralStatus, *codes: str) -> str:
    """The outcome code the police letter may print: the first of `codes` (the referral's,
    then the scheme's) that the YOT reports, and only for a programme that was completed.
    '' when there is none: the case goes back to the police for their decision."""
    if status is not ReferralStatus.COMPLETED:
        return ""
    return next((c.strip() for c in codes if c and c.strip() in YOT_OUTCOME_CODES), "")


def programme_finished(status: ReferralStatus) -> bool | None:
    """True: completed; False: ended without completion (the police decide); None: the
    programme has not ended."""
    if status is ReferralStatus.COMPLETED:
        return True
    if status in (ReferralStatus.NOT_ENGAGED, ReferralStatus.WITHDRAWN, ReferralStatus.DECLINED):
        return False
    return None
