"""An invented letter for previewing wording in the template editor: no real person's data."""

from __future__ import annotations

from datetime import date, time, timedelta

from yot_desktop.domain.enums import (
    Attendance,
    Audience,
    EligibilityReason,
    LetterType,
    SchemeModel,
    Venue,
)
from yot_desktop.letters.data import (
    AttendanceSummary,
    LetterContext,
    Letterhead,
    Person,
    Recipient,
    SessionLine,
    Worker,
)
from yot_desktop.letters.edited import EditedWording, TemplateKey

SAMPLE_LETTERHEAD = Letterhead(
    team_name="Youth Justice Service",
    address_lines=("Council Offices", "Market Street", "Newbury RG14 5LD"),
    phone="01234 567890",
    email="yjs@example.gov.uk",
)


def sample_context(
    key: TemplateKey,
    model: SchemeModel = SchemeModel.CONDITIONAL,
    second_chance: bool = False,
    edited: EditedWording | None = None,
    letterhead: Letterhead | None = None,
    today: date = date(2026, 3, 14),
) -> LetterContext:
    """A complete letter about an invented young person (every fact filled in), so that any
    wording can be previewed."""
    person = Person("Sam", "Sample", date(today.year - 14, 5, 3), 14)
    worker = Worker("Alex Example", "01234 567891", "alex.example@example.gov.uk")
    first = today + timedelta(days=10)
    sessions = tuple(
        SessionLine(
            date=first + timedelta(weeks=i),
            start=time(16, 0),
            minutes=60,
            venue=Venue.YOT_OFFICE,
            place="Youth Justice Service, Market Street",
            worker=worker.name,
            title="Drug education",
            attendance=(Attendance.ATTENDED, Attendance.DID_NOT_ATTEND, Attendance.LATE)[i % 3],
        )
        for i in range(4)
    )
    if key.letter_type is LetterType.POLICE_OUTCOME:
        recipient = Recipient(
            "PC Jo Officer 1234", ("Example Police", "Police Station", "Mill Lane"), "RG14 5QS"
        )
    elif key.audience is Audience.PARENT:
        recipient = Recipient("Pat Sample", ("1 Example Road", "Newbury"), "RG14 1AA")
    else:
        recipient = Recipient(person.full_name, ("1 Example Road", "Newbury"), "RG14 1AA")
    return LetterContext(
        letter_type=key.letter_type,
        audience=key.audience,
        scheme_name="Youth drug diversion scheme",
        scheme_model=model,
        second_chance=second_chance,
        crime_reference="00/0000/26",
        person_reference="P0000",
        person=person,
        recipient=recipient,
        letterhead=letterhead or SAMPLE_LETTERHEAD,
        worker=worker,
        letter_date=today,
        easy_read=key.easy_read,
        language=key.language,
        provider="Cranstoun",
        sessions_required=3,
        session_minutes=60,
        absence_limit=2,
        referral_date=today - timedelta(days=12),
        offence_date=today - timedelta(days=15),
        sessions=sessions,
        next_appointment=sessions[0],
        missed_date=today - timedelta(days=4),
        deadline=today + timedelta(weeks=12),
        reply_by=today + timedelta(days=14),
        call_by=today + timedelta(days=6),
        finished=True,
        completion_date=today + timedelta(weeks=10),
        not_eligible_reasons=(EligibilityReason.SUPPLY_SUSPECTED,),
        outcome="Completed the diversion programme",
        outcome_code="22",
        officer_name="PC Jo Officer",
        attendance=AttendanceSummary(3, 3, 1, 1, 0, 0),
        edited=edited,
    )
