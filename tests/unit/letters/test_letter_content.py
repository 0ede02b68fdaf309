"""What each letter says: the facts of its type, the scheme's rules, and where things print."""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from yot_desktop.domain.enums import (
    FAMILY_AUDIENCES,
    Audience,
    EligibilityReason,
    LetterType,
    SchemeModel,
)
from yot_desktop.domain.errors import ValidationError
from yot_desktop.letters import check_letter, format_date, render_batch, render_letter

_spec = importlib.util.spec_from_file_location("samples", Path(__file__).with_name("samples.py"))
assert _spec is not None and _spec.loader is not None
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)

MM = 72 / 25.4
PAGE_H = 297 * MM
NAMES = ("Łukasz Nguyễn", "Zoë O'Brien", "Aaliyah Smith-Jones")


def pdf(ctx: object) -> bytes:
    buf = io.BytesIO()
    render_letter(ctx, buf)  # type: ignore[arg-type]
    return buf.getvalue()


def pages_text(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def flat(data: bytes) -> str:
    return " ".join(pages_text(data))


# Facts each letter type must state (besides names and references), from the sample context.
TYPE_FACTS: dict[LetterType, tuple[str, ...]] = {
    LetterType.INVITATION: ("Tuesday 24 March 2026", "16:00 to 17:00", "Newbury YOT office"),
    LetterType.OFFER: ("5 June 2026", "28 March 2026", "Consent form", "signature"),
    LetterType.SCHEDULE: (
        "Tuesday 24 March 2026",
        "Tuesday 31 March 2026",
        "Tuesday 7 April 2026",
        "Tuesday 14 April 2026",
        "Trinity School",
    ),
    LetterType.REMINDER: ("Tuesday 24 March 2026", "16:00 to 17:00"),
    LetterType.MISSED: ("10 March 2026", "did not"),
    LetterType.FINAL_WARNING: ("10 March 2026", "final warning"),
    LetterType.COMPLETION: ("finished",),
    LetterType.CERTIFICATE: ("Certificate", "West Berkshire youth drug diversion"),
    LetterType.NOT_ENGAGED: ("no longer on the programme",),
    LetterType.NOT_ELIGIBLE: ("selling", "more than this scheme"),
    LetterType.POLICE_OUTCOME: (
        "Outcome code: 22",
        "Completed the diversion programme",
        "Crime reference: 43/1234/26",
        "Referral date: 2 March 2026",
        "Sessions attended",
    ),
}


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("audience", FAMILY_AUDIENCES)
@pytest.mark.parametrize("letter_type", list(LetterType))
def test_every_letter_states_its_facts(
    letter_type: LetterType, audience: Audience, easy_read: bool
) -> None:
    index = list(LetterType).index(letter_type)  # spread the three names over the types
    ctx = samples.make_context(letter_type, audience, easy_read, person_index=index)
    text = flat(pdf(ctx))
    assert ctx.person.full_name in text
    assert ctx.person.full_name in NAMES
    for fact in TYPE_FACTS[letter_type]:
        assert fact.lower() in text.lower(), f"{fact!r} missing"
    if letter_type is not LetterType.CERTIFICATE:
        assert f"Our reference: 43/1234/26/{ctx.person_reference}" in text
        assert "Date: 14 March 2026" in text
        assert ctx.recipient.name in text
        assert "Siobhán Ağaoğlu" in text
        assert "01635 503091" in text
    assert "DNA" not in text  # plain words: "did not attend"


def test_the_three_unicode_names_print_exactly() -> None:
    for index, name in enumerate(NAMES):
        ctx = samples.make_context(LetterType.INVITATION, person_index=index)
        assert name in flat(pdf(ctx))
    worker = samples.make_context(LetterType.REMINDER)
    assert "Siobhán Ağaoğlu" in flat(pdf(worker))


MODEL_TYPES = [
    LetterType.INVITATION,
    LetterType.OFFER,
    LetterType.SCHEDULE,
    LetterType.REMINDER,
    LetterType.MISSED,
    LetterType.FINAL_WARNING,
    LetterType.NOT_ENGAGED,
]


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("audience", FAMILY_AUDIENCES)
@pytest.mark.parametrize("letter_type", MODEL_TYPES)
def test_wording_follows_the_scheme_model(
    letter_type: LetterType, audience: Audience, easy_read: bool
) -> None:
    conditional = flat(pdf(samples.make_context(letter_type, audience, easy_read))).lower()
    voluntary = flat(
        pdf(samples.make_context(letter_type, audience, easy_read, model=SchemeModel.VOLUNTARY))
    ).lower()
    # After a case ends without the programme (not engaged), the prosecution may *now* go ahead.
    assert re.search("the police may (now )?go ahead with the prosecution", conditional)
    assert "let the police know" in voluntary
    assert "prosecution" not in voluntary
    if letter_type in (LetterType.INVITATION, LetterType.OFFER):
        assert "support is offered" in voluntary
        assert "support is offered" not in conditional


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("audience", FAMILY_AUDIENCES)
def test_one_chance_wording_follows_the_second_chance_setting(
    audience: Audience, easy_read: bool
) -> None:
    one = flat(pdf(samples.make_context(LetterType.OFFER, audience, easy_read)))
    two = flat(pdf(samples.make_context(LetterType.OFFER, audience, easy_read, second_chance=True)))
    assert "only get this chance once" in one
    assert "not certain" not in one
    assert "only get this chance once" not in two
    assert "not certain" in two


@pytest.mark.parametrize("model", list(SchemeModel))
def test_police_outcome_is_businesslike_and_states_the_model(model: SchemeModel) -> None:
    ctx = samples.make_context(LetterType.POLICE_OUTCOME, model=model)
    text = flat(pdf(ctx))
    assert f"This is a {model.value} scheme" in text
    assert "Dear PC Gareth Hughes," in text
    assert "Did not attend" in text  # the session table says it in words


def test_not_eligible_lists_only_the_given_reasons() -> None:
    ctx = samples.replace(
        samples.make_context(LetterType.NOT_ELIGIBLE),
        not_eligible_reasons=(EligibilityReason.PRIOR_DIVERSION,),
    )
    text = flat(pdf(ctx))
    assert "only one chance" in text
    assert "selling" not in text


def body_runs(data: bytes) -> list[tuple[str, float, float, float]]:
    """(text, font size, x, y) of every text run."""
    runs: list[tuple[str, float, float, float]] = []
    for page in PdfReader(io.BytesIO(data)).pages:

        def visit(text: str, cm: list[float], tm: list[float], _f: object, size: float) -> None:
            if text.strip():
                x = cm[4] + tm[4] * cm[0]
                y = cm[5] + tm[5] * cm[3]
                runs.append((text.strip(), size * (tm[3] or 1), x, y))

        page.extract_text(visitor_text=visit)
    return runs


def first_page_only(data: bytes) -> bytes:
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(data)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("letter_type", [t for t in LetterType if t is not LetterType.CERTIFICATE])
def test_large_print_body_text_is_16_point_or_more(
    letter_type: LetterType, easy_read: bool
) -> None:
    ctx = samples.make_context(letter_type, Audience.PARENT, easy_read, large_print=True)
    runs = body_runs(pdf(ctx))
    # Below the address window and above the footer: the body of every page.
    body = [r for r in runs if 20 * MM < r[3] < PAGE_H - 86 * MM]
    assert body
    small = [r for r in body if r[1] < 16]
    assert not small, small[:3]


def test_standard_letter_body_is_12_point() -> None:
    runs = body_runs(pdf(samples.make_context(LetterType.REMINDER)))
    greeting = [r for r in runs if r[0].startswith("Dear ")]
    assert greeting and greeting[0][1] == 12


def test_address_sits_in_the_dl_envelope_window() -> None:
    ctx = samples.make_context(LetterType.INVITATION)
    runs = body_runs(pdf(ctx))
    lines = (ctx.recipient.name, *ctx.recipient.address_lines, ctx.recipient.postcode)
    for line in lines:
        # (the letterhead, top right, also says "Newbury": look on the left half)
        (x, y) = next((r[2], r[3]) for r in runs if r[0] == line and r[2] < 105 * MM)
        assert 20 * MM <= x <= 30 * MM
        assert 45 * MM <= PAGE_H - y <= 80 * MM


def test_a_long_address_still_fits_the_window() -> None:
    ctx = samples.make_context(LetterType.POLICE_OUTCOME)
    long = samples.replace(
        ctx,
        recipient=samples.Recipient(
            "PC Gareth Hughes 4471", ("A", "B", "C", "D", "E", "F", "G"), "RG14 5QS"
        ),
    )
    first_page = first_page_only(pdf(long))
    runs = [r for r in body_runs(first_page) if r[2] < 105 * MM and PAGE_H - r[3] < 86 * MM]
    # Below the letterhead (and the later pages' running header), above the body.
    window = [r for r in runs if PAGE_H - r[3] > 40 * MM]
    # Lines are joined ("F, G") before the type gets small; every word is in the window.
    printed = " ".join(r[0] for r in window)
    for word in ("Private and confidential", "PC Gareth Hughes 4471", "G", "RG14 5QS"):
        assert word in printed
    for _text, size, _x, y in window:
        assert PAGE_H - y - size * 0.8 >= 45 * MM and PAGE_H - y <= 80 * MM


def test_batch_numbers_pages_per_letter_only_when_longer_than_a_page() -> None:
    short = samples.make_context(LetterType.REMINDER)
    long = samples.make_context(LetterType.OFFER, person_index=1)
    buf = io.BytesIO()
    assert render_batch([short, long, short], buf) == 3
    texts = pages_text(buf.getvalue())
    long_pages = len(texts) - 2
    assert long_pages >= 2
    assert "Page " not in texts[0] and "Page " not in texts[-1]
    for number, text in enumerate(texts[1:-1], start=1):
        assert f"Page {number} of {long_pages}" in text
    # Each letter starts on its own page, with its own letterhead and reference.
    assert texts[0].startswith("West Berkshire Youth Justice Service")
    assert texts[1].startswith("West Berkshire Youth Justice Service")
    assert "P1001" in texts[1]


def test_batch_mixing_the_certificate_switches_page_orientation() -> None:
    buf = io.BytesIO()
    contexts = [
        samples.make_context(LetterType.COMPLETION, Audience.YOUNG_PERSON),
        samples.make_context(LetterType.CERTIFICATE, Audience.YOUNG_PERSON),
        samples.make_context(LetterType.REMINDER),
    ]
    render_batch(contexts, buf)
    boxes = [p.mediabox for p in PdfReader(io.BytesIO(buf.getvalue())).pages]
    assert [b.width > b.height for b in boxes] == [False, True, False]


def test_batch_reads_contexts_lazily_and_stops_when_cancelled() -> None:
    taken: list[int] = []

    def feed() -> object:
        for i in range(100):
            taken.append(i)
            yield samples.make_context(LetterType.REMINDER, person_index=i)

    buf = io.BytesIO()
    with pytest.raises(samples.Cancelled) as info:
        render_batch(feed(), buf, lambda done: done < 2)  # type: ignore[arg-type]
    assert info.value.done == 2
    assert len(taken) <= 3
    assert buf.getvalue() == b""


def test_empty_batch_writes_nothing() -> None:
    buf = io.BytesIO()
    assert render_batch([], buf) == 0
    assert buf.getvalue() == b""


def test_missing_fact_is_named_before_rendering() -> None:
    ctx = samples.replace(samples.make_context(LetterType.MISSED), missed_date=None)
    problems = check_letter(ctx)
    assert [p.field for p in problems] == ["missed_date"]
    with pytest.raises(ValidationError, match="missed_date"):
        pdf(ctx)
    assert check_letter(samples.make_context(LetterType.MISSED)) == []


def test_optional_sections_drop_out_without_their_facts() -> None:
    ctx = samples.replace(samples.make_context(LetterType.OFFER), reply_by=None, deadline=None)
    text = flat(pdf(ctx))
    assert "as soon as you can" in text
    assert "5 June 2026" not in text


def test_dates_are_british_prose() -> None:
    from datetime import date

    assert format_date(date(2026, 3, 14)) == "14 March 2026"
    assert format_date(date(2026, 12, 1)) == "1 December 2026"


def test_markup_in_names_is_printed_not_obeyed() -> None:
    ctx = samples.make_context(LetterType.REMINDER)
    odd = samples.replace(ctx, person=samples.replace(ctx.person, first_name="<b>Tom & Jo"))
    assert "<b>Tom & Jo" in flat(pdf(odd))
