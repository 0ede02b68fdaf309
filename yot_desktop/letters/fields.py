"""The named merge fields letter wording may use, and their values for one letter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from yot_desktop.domain.calendar import long_date, weekday_name
from yot_desktop.letters.data import LetterContext, SessionLine

if TYPE_CHECKING:
    from yot_desktop.letters.cldr import Language

ENGLISH = "en"

# Every field a template may name, with what it holds (shown to people editing wording).
MERGE_FIELDS: dict[str, str] = {
    "recipient_name": "the name the letter is addressed to",
    "first_name": "the young person's first name, exactly as recorded",
    "known_as": "the young person's preferred name, else their first name",
    "last_name": "the young person's last name",
    "full_name": "the young person's first and last name",
    "date_of_birth": "the young person's date of birth, like 3 May 2012",
    "age": "the young person's age in years",
    "scheme_name": "the diversion scheme's name",
    "provider": "the organisation that runs the sessions, like Cranstoun",
    "crime_reference": "the police crime reference",
    "person_reference": "the team's reference for the young person",
    "our_reference": "crime reference / person reference",
    "letter_date": "the date of the letter",
    "team_name": "the team's name from the letterhead",
    "team_phone": "the team's phone number (Administration, Teams and letterheads)",
    "team_email": "the team's email address",
    "worker_name": "the worker who signs the letter",
    "worker_role": "the worker's job title",
    "worker_phone": "the number to call the worker on: the team's phone",
    "worker_email": "the address to email the worker at: the team's email",
    "appointment_date": "the next appointment's day and date, like Tuesday 14 April 2026",
    "appointment_time": "the next appointment's start time, like 16:00",
    "appointment_end_time": "the time the next appointment ends",
    "appointment_length": "how long the next appointment lasts, like 1 hour",
    "appointment_place": "where the next appointment is",
    "appointment_worker": "who the young person will meet",
    "appointment_title": "what the next appointment is, like Drug education",
    "missed_date": "the date of the appointment that was missed",
    "deadline_date": "the date the programme must be finished by",
    "reply_by_date": "the date to reply by: two working weeks after the letter can arrive",
    "call_by_date": "the day and date to call by: one working day after the letter can "
    "arrive by second-class post, like Thursday 10 December 2026",
    "completion_date": "the date the programme was finished",
    "referral_date": "the date the police referred the young person",
    "offence_date": "the date of the police incident",
    "sessions_required": "how many sessions the programme has",
    "session_count": "how many sessions the letter lists",
    "session_length": "how long each session lasts, like 1 hour",
    "absence_limit": "how many missed sessions without a good reason the scheme allows",
    "outcome": "the outcome, in words",
    "outcome_code": "the Home Office outcome code, like 22",
    "officer_name": "the police officer who made the referral",
}

# Facts a section can name in `requires` beyond the merge fields: it is left out without them.
# "completed": the programme was completed; "not_completed": it ended without (police letter).
DATA_FACTS = frozenset({"sessions", "attendance", "reasons", "completed", "not_completed"})


def _locale(language: str) -> Language | None:
    """The CLDR data a translated letter's dates and times are written with; None for
    English (the house format below) and for a code CLDR does not know (English then)."""
    if not language or language == ENGLISH:
        return None
    from yot_desktop.letters.cldr import language as cldr_language  # only translated letters

    return cldr_language(language)


def right_to_left(language: str) -> bool:
    """Whether the language is written right to left (Urdu, Arabic, Farsi...)."""
    locale = _locale(language)
    return locale is not None and locale.right_to_left


def format_date(value: date, language: str = ENGLISH) -> str:
    """A prose date: 14 March 2026 in English (whatever the system locale); in another
    language, its own long form (14 marca 2026)."""
    locale = _locale(language)
    if locale is None:
        return long_date(value)
    from yot_desktop.letters import cldr

    return cldr.format_date(value, locale, "long")


def format_day(value: date, language: str = ENGLISH) -> str:
    """Day and date, as for an appointment: Tuesday 14 April 2026 (wtorek, 14 kwietnia 2026)."""
    locale = _locale(language)
    if locale is None:
        return f"{weekday_name(value)} {long_date(value)}"
    from yot_desktop.letters import cldr

    return cldr.format_date(value, locale, "full")


def format_short_date(value: date, language: str = ENGLISH) -> str:
    """Table date: Tue 14 Apr 2026 (wt., 14 kwi 2026)."""
    locale = _locale(language)
    if locale is None:
        day, month, year = long_date(value).split(" ")
        return f"{weekday_name(value)[:3]} {day} {month[:3]} {year}"
    from yot_desktop.letters import cldr

    return cldr.format_date(value, locale, "short")


def format_time(value: time, language: str = ENGLISH) -> str:
    """16:00 in English; the language's own short time otherwise."""
    locale = _locale(language)
    if locale is None:
        return f"{value.hour:02d}:{value.minute:02d}"
    from yot_desktop.letters import cldr

    return cldr.format_time(value, locale)


def format_minutes(minutes: int, language: str = ENGLISH) -> str:
    """1 hour 30 minutes; in another language with its own words and plurals (1 godzina
    30 minut)."""
    hours, rest = divmod(minutes, 60)
    locale = _locale(language)
    if locale is not None:
        from yot_desktop.letters import cldr

        units = [(hours, "hour")] if hours else []
        if rest or not hours:
            units.append((rest, "minute"))
        return " ".join(cldr.format_unit(n, unit, locale) for n, unit in units)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours != 1 else ""))
    if rest or not hours:
        parts.append(f"{rest} minutes")
    return " ".join(parts)


def place_words(session: SessionLine, labels: Mapping[str, str]) -> str:
    """Where a session is: its recorded place, else the kind of venue in the letter's words."""
    return session.place or labels.get(f"venue_{session.venue.value}") or session.venue.label


def end_time(session: SessionLine) -> time:
    start = datetime.combine(session.date, session.start)
    return (start + timedelta(minutes=session.minutes)).time()


def _clean(text: str) -> str:
    # Control characters could clash with the markers wording uses internally.
    return "".join(ch for ch in text if ch >= " " or ch == "\n").strip()


def merge_values(ctx: LetterContext, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """The value of every merge field this letter has facts for; missing facts are absent.
    Dates and times are written in the letter's language; `labels` (the wording's fixed
    phrases, default the language's shipped ones) give the job title and venue words."""
    if labels is None:
        from yot_desktop.letters.wording import load_wording  # wording.py imports this module

        labels = load_wording(ctx.language).labels
    language = ctx.language
    person = ctx.person
    values: dict[str, str] = {
        "recipient_name": ctx.recipient.name,
        "first_name": person.first_name,
        "known_as": person.known_as,
        "last_name": person.last_name,
        "full_name": person.full_name,
        "date_of_birth": format_date(person.date_of_birth, language),
        "age": str(person.age),
        "scheme_name": ctx.scheme_name,
        "provider": ctx.provider,
        "crime_reference": ctx.crime_reference,
        "person_reference": ctx.person_reference,
        "our_reference": f"{ctx.crime_reference}/{ctx.person_reference}",
        "letter_date": format_date(ctx.letter_date, language),
        "team_name": ctx.letterhead.team_name,
        "team_phone": ctx.letterhead.phone,
        "team_email": ctx.letterhead.email,
        "worker_name": ctx.worker.name,
        "worker_role": ctx.worker.role or labels.get("worker_role", ""),
        "worker_phone": ctx.worker.phone,
        "worker_email": ctx.worker.email,
        "outcome": ctx.outcome,
        "outcome_code": ctx.outcome_code,
        "officer_name": ctx.officer_name or ctx.recipient.name,
    }
    appt = ctx.next_appointment
    if appt is not None:
        values.update(
            appointment_date=format_day(appt.date, language),
            appointment_time=format_time(appt.start, language),
            appointment_end_time=format_time(end_time(appt), language),
            appointment_length=format_minutes(appt.minutes, language),
            appointment_place=place_words(appt, labels),
            appointment_worker=appt.worker,
            appointment_title=appt.title or labels.get("appointment", ""),
        )
    dates = {
        "missed_date": ctx.missed_date,
        "deadline_date": ctx.deadline,
        "reply_by_date": ctx.reply_by,
        "completion_date": ctx.completion_date,
        "referral_date": ctx.referral_date,
        "offence_date": ctx.offence_date,
    }
    values.update({k: format_date(v, language) for k, v in dates.items() if v is not None})
    if ctx.call_by is not None:
        values["call_by_date"] = format_day(ctx.call_by, language)
    if ctx.sessions_required is not None:
        values["sessions_required"] = str(ctx.sessions_required)
    if ctx.sessions:
        values["session_count"] = str(len(ctx.sessions))
    if ctx.session_minutes:
        values["session_length"] = format_minutes(ctx.session_minutes, language)
    if ctx.absence_limit is not None:
        values["absence_limit"] = str(ctx.absence_limit)
    return {k: _clean(v) for k, v in values.items() if v is not None and _clean(v)}


def available_facts(ctx: LetterContext, values: dict[str, str]) -> frozenset[str]:
    """Names a section's `requires` can test: merge fields with values plus data facts."""
    facts = set(values)
    if ctx.sessions:
        facts.add("sessions")
    if ctx.attendance is not None:
        facts.add("attendance")
    if ctx.not_eligible_reasons:
        facts.add("reasons")
    if ctx.finished is not None:
        facts.add("completed" if ctx.finished else "not_completed")
    return frozenset(facts)
