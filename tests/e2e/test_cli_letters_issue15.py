"""Issue 15 through `letters render`, as a practitioner runs it (a real subprocess), reading
the PDF the CLI wrote: dated deadlines, what happens next under each scheme model, the
police letter, letters about adults, --no-easy-read, and the accessible copy in the history.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.e2e.test_cli_delivery import Cli
from tests.integration.delivery_helpers import new_referral
from yot_desktop.domain import letter_rules as rules
from yot_desktop.domain.enums import Attendance
from yot_desktop.letters.fields import format_day
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.common import team_calendar
from yot_desktop.storage.models import ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_letters import LetterRecord

TODAY = date.today()
# crime reference: (scheme, status, outcome code recorded, age)
CASES = {
    "43/26/0101": ("WB", "received", "", 11),  # voluntary; a programme with a missed session
    "43/26/0102": ("WM", "completed", "", 15),  # conditional, finished
    "43/26/0103": ("WM", "not_engaged", "1", 15),  # conditional; "1" (charge) recorded
    "43/26/0104": ("WB", "completed", "", 15),  # voluntary, finished
    "43/26/0105": ("WB", "not_engaged", "", 15),  # voluntary, not engaged
    "43/26/0106": ("WB", "completed", "", 19),  # an adult now
}


def years_ago(age: int) -> date:
    try:
        return TODAY.replace(year=TODAY.year - age) - (TODAY - TODAY.replace(day=1))
    except ValueError:  # 29 February
        return TODAY.replace(year=TODAY.year - age, day=28)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, str]:
    tmp = tmp_path_factory.mktemp("issue15")
    url = f"sqlite:///{tmp / 'yot.db'}"
    run = Cli(tmp / "home", url)
    done = run("demo", "--people", "0")
    assert done.returncode == 0, done.stderr
    services = Services.open(url)
    try:
        for ref, (scheme, status, code, age) in CASES.items():
            rid = new_referral(
                services,
                ref,
                scheme=scheme,
                status=status,
                first_name="Leo",
                last_name=f"Abbott{ref[-1]}",
            )
            with services.ctx.uow() as uow:
                referral = uow.session.get_one(Referral, rid)
                referral.outcome_code = code
                person = uow.session.get_one(YoungPerson, referral.young_person_id)
                person.date_of_birth = years_ago(age)
                uow.commit()
    finally:
        services.close()
    started = run(
        "programme",
        "start",
        "--referral",
        "43/26/0101",
        "--start",
        TODAY.isoformat(),
        user="practitioner",
    )
    assert started.returncode == 0, started.stderr
    services = Services.open(url)
    try:
        with services.ctx.uow() as uow:
            first = uow.session.scalars(select(ProgrammeSession).order_by(ProgrammeSession.id))
            session = next(iter(first))
            session.status = Attendance.DID_NOT_ATTEND.value
            uow.commit()
    finally:
        services.close()
    return run, url


def render(setup: tuple[Cli, str], tmp: Path, ref: str, kind: str, *extra: str):  # type: ignore[no-untyped-def]
    cli, _url = setup
    out = tmp / f"{kind}-{ref.replace('/', '-')}.pdf"
    done = cli(
        "letters",
        "render",
        "--referral",
        ref,
        "--type",
        kind,
        "--out",
        str(out),
        *extra,
        user="practitioner",
    )
    assert done.returncode == 0, done.stderr
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    return done, text, reader


def test_the_missed_session_letter_asks_for_a_call_by_a_date_after_it_arrives(
    setup: tuple[Cli, str], tmp_path: Path
) -> None:
    services = Services.open(setup[1])
    try:
        with services.ctx.uow() as uow:
            team_id = uow.session.scalar(
                select(Referral.team_id).where(Referral.crime_reference == "43/26/0101")
            )
            expected = rules.call_by(TODAY, team_calendar(uow.session, team_id))
    finally:
        services.close()
    for extra in ((), ("--audience", "young_person"), ("--easy-read",)):
        _done, text, _r = render(setup, tmp_path, "43/26/0101", "missed", *extra)
        assert f"by {format_day(expected)}" in text
        assert "working day" not in text
        # Three working days in the post, then a working day to call: never a day gone by.
        assert rules.arrives_on(TODAY) < expected


@pytest.mark.parametrize(
    ("ref", "kind", "says", "never"),
    [
        ("43/26/0102", "completion", "will not go ahead with the prosecution", "may now go ahead"),
        ("43/26/0104", "completion", "no further action", "prosecution"),
        ("43/26/0103", "not_engaged", "may now go ahead with the prosecution", "no further"),
        ("43/26/0105", "not_engaged", "will now decide what happens next", "prosecution"),
    ],
)
def test_family_letters_say_what_happens_next_under_the_scheme_model(
    setup: tuple[Cli, str], tmp_path: Path, ref: str, kind: str, says: str, never: str
) -> None:
    for extra in ((), ("--easy-read",), ("--audience", "young_person")):
        _done, text, _r = render(setup, tmp_path, ref, kind, *extra)
        lowered = text.lower()
        if "--easy-read" in extra and says == "no further action":
            assert "no more action" in lowered
        else:
            assert says in lowered, text
        assert never not in lowered


def test_the_police_letter_for_a_case_not_engaged_returns_it_to_the_police(
    setup: tuple[Cli, str], tmp_path: Path
) -> None:
    done, text, _r = render(setup, tmp_path, "43/26/0103", "police_outcome")
    assert "Outcome code: 1" not in text  # "charge" is the police's decision, not a fact here
    assert "returned to the police for a decision" in text
    assert "the prosecution may now go ahead" in text
    # Addressed to the officer at the force, with the referral's reference.
    assert "PC Example" in text and "Thames Valley Police" in text and "OX5 2NX" in text
    assert "Your reference: 43/26/0103" in text
    assert "(police)" in done.stdout
    services = Services.open(setup[1])
    try:
        with services.ctx.uow() as uow:
            kept = uow.session.scalars(
                select(LetterRecord.audience).where(LetterRecord.letter_type == "police_outcome")
            ).all()
    finally:
        services.close()
    assert kept and set(kept) == {"police"}  # the history says police, never "parent"


def test_the_police_letter_for_a_finished_programme_gives_the_yot_code(
    setup: tuple[Cli, str], tmp_path: Path
) -> None:
    _done, text, _r = render(setup, tmp_path, "43/26/0102", "police_outcome")
    assert "Outcome code: 23" in text  # Windsor and Maidenhead reports 23
    assert "the prosecution will not go ahead" in text
    assert "returned to the police" not in text
    _done, text, _r = render(setup, tmp_path, "43/26/0104", "police_outcome")
    assert "Outcome code: 22" in text and "no further action" in text


def test_letters_about_an_adult_go_to_them_and_a_parent_letter_is_warned_about(
    setup: tuple[Cli, str], tmp_path: Path
) -> None:
    done, text, _r = render(setup, tmp_path, "43/26/0106", "completion")
    assert "(young_person" in done.stdout and "Warning" not in done.stderr
    assert "Dear Leo," in text and "About:" not in text
    done, text, _r = render(setup, tmp_path, "43/26/0106", "completion", "--audience", "parent")
    assert "(parent" in done.stdout  # made, as asked: a recorded consent may allow it
    assert "Warning:" in done.stderr and "19, an adult" in done.stderr
    # A child's letter goes to the parent, with no warning.
    done, _text, _r = render(setup, tmp_path, "43/26/0104", "completion")
    assert "(parent" in done.stdout and "Warning" not in done.stderr


def test_no_easy_read_gives_a_child_under_13_the_standard_letter(
    setup: tuple[Cli, str], tmp_path: Path
) -> None:
    args = ("--audience", "young_person")
    done, easy, _r = render(setup, tmp_path, "43/26/0101", "reminder", *args)
    assert "easy read" in done.stdout  # chosen for an 11-year-old
    done, standard, _r = render(setup, tmp_path, "43/26/0101", "reminder", *args, "--no-easy-read")
    assert "easy read" not in done.stdout
    assert "Cannot come?" in easy and "Cannot come?" not in standard
    assert "If you cannot come, please call" in standard
    cli, _url = setup
    both = cli(
        "letters",
        "render",
        "--referral",
        "43/26/0101",
        "--type",
        "reminder",
        "--easy-read",
        "--no-easy-read",
        "--out",
        str(tmp_path / "x.pdf"),
        user="practitioner",
    )
    assert both.returncode == 2 and "not allowed with" in both.stderr


def test_the_pdf_states_language_and_title_and_an_accessible_copy_is_kept(
    setup: tuple[Cli, str], tmp_path: Path
) -> None:
    html = tmp_path / "letter.html"
    done, _text, reader = render(setup, tmp_path, "43/26/0101", "invitation", "--text", str(html))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == f"Appointment letter for Leo Abbott1, {TODAY.day} " + (
        f"{TODAY:%B %Y}"
    )
    page = html.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in page and "<h1>" in page and "Leo Abbott1" in page
    assert str(html) in done.stdout
    plain = tmp_path / "letter.txt"
    render(setup, tmp_path, "43/26/0101", "invitation", "--text", str(plain))
    words = plain.read_text(encoding="utf-8")
    assert "<" not in words and "Dear " in words
    # Kept in the letter history beside the PDF.
    services = Services.open(setup[1])
    try:
        with services.ctx.uow() as uow:
            kept = uow.session.scalars(
                select(LetterRecord.accessible_html).where(LetterRecord.letter_type == "invitation")
            ).all()
    finally:
        services.close()
    assert kept and all(k and '<html lang="en-GB">' in k for k in kept)
