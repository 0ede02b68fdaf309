"""Issue 15: letters as their readers meet them, read from the rendered PDF's own text.

Readability (Flesch–Kincaid) of every family letter, large print that is large everywhere,
"Private and confidential" where the envelope window shows it, no stray fonts, and a PDF
that states its language and a title a person recognises. The CLI renders with the same
`render_letter` (tests/e2e/test_cli_letters_issue15.py drives the CLI itself).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.unit.letters import samples
from tests.unit.letters.readability import fk_grade, font_sizes, letter_words, pdf_fonts
from yot_desktop.domain.enums import (
    FAMILY_AUDIENCES,
    Attendance,
    Audience,
    LetterType,
    SchemeModel,
)
from yot_desktop.letters import render_batch, render_letter
from yot_desktop.letters.accessible import accessible_html, plain_text

MM = 72 / 25.4
PAGE_H = 841.89
FAMILY_TYPES = [t for t in LetterType if t is not LetterType.POLICE_OUTCOME]
VARIANTS = ["standard", "easy read", "large print"]


def render(ctx: samples.LetterContext) -> bytes:  # type: ignore[name-defined]
    out = io.BytesIO()
    render_letter(ctx, out)
    return out.getvalue()


def make(letter_type: LetterType, audience: Audience, variant: str, **kw: object) -> bytes:
    ctx = samples.make_context(
        letter_type,
        audience,
        variant == "easy read",
        large_print=variant == "large print",
        **kw,  # type: ignore[arg-type]
    )
    return render(ctx)


@pytest.mark.parametrize("model", list(SchemeModel))
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("audience", FAMILY_AUDIENCES)
@pytest.mark.parametrize("letter_type", FAMILY_TYPES)
def test_every_family_letter_reads_at_grade_6_or_below(
    letter_type: LetterType, audience: Audience, variant: str, model: SchemeModel
) -> None:
    words = letter_words(make(letter_type, audience, variant, model=model))
    assert len(words.split()) > 8, words
    grade = fk_grade(words, one_sentence_a_line=variant == "easy read")
    assert grade <= 6.0, f"grade {grade:.1f}: {words}"
    if variant == "easy read":  # the certificate too: it has its own easy-read wording
        assert grade <= 4.0, f"easy read at grade {grade:.1f}: {words}"


@pytest.mark.parametrize("easy_read", [False, True], ids=["large", "large-easy-read"])
@pytest.mark.parametrize("letter_type", list(LetterType))
def test_large_print_prints_every_word_at_16_point_or_more(
    letter_type: LetterType, easy_read: bool
) -> None:
    """Letterhead, phone, notice, address, reference, body, tables and page numbers."""
    audience = Audience.POLICE if letter_type is LetterType.POLICE_OUTCOME else Audience.PARENT
    ctx = samples.make_context(letter_type, audience, easy_read, large_print=True)
    if letter_type is LetterType.POLICE_OUTCOME:  # an address the window holds at 16 pt
        ctx = samples.replace(
            ctx,
            recipient=samples.Recipient(
                "PC Gareth Hughes", ("Thames Valley Police", "Kidlington"), "OX5 2NX"
            ),
        )
    runs = font_sizes(render(ctx))
    small = [(text, size) for text, size in runs if size < 16]
    assert small == []
    texts = " ".join(text for text, _ in runs)
    if letter_type is not LetterType.CERTIFICATE:
        for word in ("Private and confidential", ctx.letterhead.phone, ctx.letterhead.team_name):
            assert word in texts


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large-print"])
def test_private_and_confidential_shows_in_the_window_above_the_address(
    large_print: bool,
) -> None:
    ctx = samples.make_context(LetterType.MISSED, large_print=large_print)
    first = PdfReader(io.BytesIO(render(ctx))).pages[0]
    found: dict[str, tuple[float, float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], _f: object, size: float) -> None:
        if text.strip() and text.strip() not in found:
            found[text.strip()] = (cm[4] + tm[4], cm[5] + tm[5], size)

    first.extract_text(visitor_text=visit)
    x, y, size = found["Private and confidential"]
    top_of_notice = PAGE_H - y - 0.8 * size  # from the top of the page, in points
    assert top_of_notice >= 45 * MM  # not hidden above the DL window (45 mm from the top)
    assert PAGE_H - y <= 80 * MM and 20 * MM <= x <= 110 * MM
    _name_x, name_y, _ = found[ctx.recipient.name]
    assert name_y < y  # the name and address follow it
    postcode_y = found[ctx.recipient.postcode][1]
    assert PAGE_H - postcode_y <= 80 * MM  # the whole address is in the window (45-80 mm)


def test_a_large_print_invitation_fills_its_first_page() -> None:
    pdf = make(LetterType.INVITATION, Audience.PARENT, "large print")
    first = PdfReader(io.BytesIO(pdf)).pages[0]
    lowest: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _f: object, size: float) -> None:
        if text.strip() and not text.strip().startswith("Page "):
            lowest.append(cm[5] + tm[5])

    first.extract_text(visitor_text=visit)
    # The body's last line on page 1 is within 40 mm of the footer, not half-way down.
    assert min(lowest) < 60 * MM
    assert "The appointment" in (first.extract_text() or "")


def test_no_letter_carries_an_unused_unembedded_helvetica(tmp_path: Path) -> None:
    contexts = [
        samples.make_context(t, a, e, large_print=lp)
        for t in LetterType
        for a in (FAMILY_AUDIENCES if t is not LetterType.POLICE_OUTCOME else (Audience.POLICE,))
        for e in (False, True)
        for lp in (False, True)
    ]
    for n, ctx in enumerate(contexts[:12]):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(render(ctx))
        fonts = pdf_fonts(str(path))
        assert fonts and all("Helvetica" not in line for line in fonts), fonts
        assert all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded
    batch = tmp_path / "batch.pdf"
    with batch.open("wb") as out:
        render_batch(contexts, out)
    fonts = pdf_fonts(str(batch))
    assert fonts and all("Helvetica" not in line for line in fonts)


def test_every_pdf_states_its_language_and_a_title_a_person_recognises() -> None:
    ctx = samples.make_context(LetterType.INVITATION)
    reader = PdfReader(io.BytesIO(render(ctx)))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == "Appointment letter for Łukasz Nguyễn, 14 March 2026"
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/DisplayDocTitle"]  # viewers show the title, not the file name
    # A batch, in parts joined page by page, too.
    many = [samples.make_context(LetterType.REMINDER, person_index=i % 3) for i in range(3)]
    out = io.BytesIO()
    render_batch(many, out)
    joined = PdfReader(io.BytesIO(out.getvalue()))
    assert joined.trailer["/Root"]["/Lang"] == "en-GB"
    assert joined.metadata is not None
    assert joined.metadata.title == "Appointment reminders, 14 March 2026"


def test_a_large_batch_joined_from_parts_keeps_its_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from yot_desktop.letters import render as render_module

    monkeypatch.setattr(render_module, "LETTERS_PER_PART", 2)
    many = [samples.make_context(LetterType.REMINDER, person_index=i % 3) for i in range(5)]
    out = io.BytesIO()
    assert render_batch(many, out) == 5
    joined = PdfReader(io.BytesIO(out.getvalue()))
    assert joined.trailer["/Root"]["/Lang"] == "en-GB"
    assert joined.metadata is not None and joined.metadata.title.startswith("Appointment reminders")


@pytest.mark.parametrize("letter_type", list(LetterType))
def test_the_accessible_version_has_the_letters_words_in_reading_order(
    letter_type: LetterType,
) -> None:
    audience = Audience.POLICE if letter_type is LetterType.POLICE_OUTCOME else Audience.PARENT
    ctx = samples.make_context(letter_type, audience)
    page = accessible_html(ctx)
    assert '<html lang="en-GB">' in page
    assert "<title>" in page and ctx.person.full_name in page
    assert page.count("<h1>") == 1
    text = plain_text(page)
    assert "<" not in text
    pdf_words = letter_words(render(ctx)).split()
    for word in pdf_words[:12]:  # the same words as the PDF
        assert word.strip(".,:;!?*") in text


def test_the_missed_letter_asks_for_a_call_by_a_date_not_within_a_working_day() -> None:
    for audience in FAMILY_AUDIENCES:
        for variant in VARIANTS:
            text = " ".join(
                (
                    PdfReader(io.BytesIO(make(LetterType.MISSED, audience, variant)))
                    .pages[0]
                    .extract_text()
                    or ""
                ).split()
            )
            assert "by Friday 20 March 2026" in text
            assert "working day" not in text


def test_the_police_notice_names_each_session_so_an_attended_assessment_is_not_a_puzzle() -> None:
    """The summary counts the programme's sessions; the table lists the assessment too. An
    officer reading 'Sessions attended 0' beside a row 'Attended' saw a contradiction: each row
    now says what the session was (the family's letters keep the place)."""
    ctx = samples.make_context(LetterType.POLICE_OUTCOME, Audience.POLICE, False)
    first, *rest = ctx.sessions
    assessment = samples.replace(first, title="Assessment", attendance=Attendance.ATTENDED)
    ctx = samples.replace(ctx, sessions=(assessment, *rest))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(ctx))).pages).replace(
        "\n", " "
    )
    assert "Date Time Session Attendance" in text
    # Each row: what the session was, then where (as before).
    assert "Assessment Newbury YOT office" in text and "Drug education Trinity School" in text
    family = samples.make_context(LetterType.SCHEDULE, Audience.PARENT, False)
    family_text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render(family))).pages
    ).replace("\n", " ")
    assert "Date Time Place Who you will meet" in family_text
