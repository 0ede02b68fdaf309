"""Every letter type renders for every reader, and says what it must, in the PDF's text."""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from yot_desktop.domain.enums import FAMILY_AUDIENCES, Audience, LetterType, SchemeModel
from yot_desktop.domain.errors import ValidationError
from yot_desktop.letters import (
    MERGE_FIELDS,
    Cancelled,
    render_batch,
    render_letter,
    validate_template,
)

_spec = importlib.util.spec_from_file_location("samples", Path(__file__).with_name("samples.py"))
assert _spec is not None and _spec.loader is not None
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)


def pdf_of(ctx: object) -> bytes:
    buf = io.BytesIO()
    render_letter(ctx, buf)  # type: ignore[arg-type]
    return buf.getvalue()


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("audience", FAMILY_AUDIENCES)
@pytest.mark.parametrize("letter_type", list(LetterType))
def test_every_letter_names_the_child_exactly(
    letter_type: LetterType, audience: Audience, easy_read: bool
) -> None:
    ctx = samples.make_context(letter_type, audience, easy_read)
    data = pdf_of(ctx)
    assert data.startswith(b"%PDF")
    text = flat(text_of(data))
    # Unicode names come back exactly from the embedded font.
    assert "Łukasz" in text
    if letter_type is not LetterType.CERTIFICATE:
        assert ctx.recipient.name in text
        assert "14 March 2026" in text
        assert "43/1234/26" in text
        assert "Siobhán Ağaoğlu" in text  # the worker to contact
    else:
        assert "Łukasz Nguyễn" in text


@pytest.mark.parametrize("audience", FAMILY_AUDIENCES)
def test_offer_wording_follows_the_scheme_model(audience: Audience) -> None:
    conditional = flat(text_of(pdf_of(samples.make_context(LetterType.OFFER, audience))))
    voluntary = flat(
        text_of(
            pdf_of(samples.make_context(LetterType.OFFER, audience, model=SchemeModel.VOLUNTARY))
        )
    )
    assert "prosecution" in conditional
    assert "prosecution" not in voluntary
    # One chance: said in both, since second_chance is false in the sample scheme.
    assert "second diversion" in conditional and "second diversion" in voluntary


def test_second_chance_scheme_does_not_threaten_one_chance() -> None:
    ctx = samples.make_context(LetterType.OFFER, model=SchemeModel.VOLUNTARY, second_chance=True)
    assert "no second diversion" not in flat(text_of(pdf_of(ctx)))


def test_schedule_lists_every_session() -> None:
    ctx = samples.make_context(LetterType.SCHEDULE, session_count=5)
    text = flat(text_of(pdf_of(ctx)))
    for session in ctx.sessions:
        assert f"{session.date.day} " in text
    assert text.count("16:00") >= 5


def test_not_eligible_letter_explains_each_reason() -> None:
    ctx = samples.make_context(LetterType.NOT_ELIGIBLE)
    text = flat(text_of(pdf_of(ctx))).lower()
    assert "supply" in text or "selling" in text or "sell" in text


def font_sizes(data: bytes) -> list[float]:
    sizes: list[float] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.append(abs(size * tm[3]) if tm[3] else size)

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_is_16_point_or_more() -> None:
    standard = font_sizes(pdf_of(samples.make_context(LetterType.REMINDER)))
    large = font_sizes(pdf_of(samples.make_context(LetterType.REMINDER, large_print=True)))
    body = sorted(large)[len(large) // 2]
    assert body >= 16
    assert sorted(standard)[len(standard) // 2] < 16


def test_easy_read_uses_larger_type_than_standard() -> None:
    standard = font_sizes(pdf_of(samples.make_context(LetterType.INVITATION)))
    easy = font_sizes(pdf_of(samples.make_context(LetterType.INVITATION, easy_read=True)))
    assert sorted(easy)[len(easy) // 2] > sorted(standard)[len(standard) // 2]


def test_page_numbers_only_when_longer_than_a_page() -> None:
    short = text_of(pdf_of(samples.make_context(LetterType.REMINDER)))
    long = PdfReader(io.BytesIO(pdf_of(samples.make_context(LetterType.OFFER))))
    assert "Page 1 of" not in short
    assert len(long.pages) >= 2
    pages = len(long.pages)
    for number, page in enumerate(long.pages, start=1):
        assert f"Page {number} of {pages}" in page.extract_text()


def test_certificate_is_one_landscape_page() -> None:
    reader = PdfReader(io.BytesIO(pdf_of(samples.make_context(LetterType.CERTIFICATE))))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert box.width > box.height


def test_batch_puts_every_letter_in_one_pdf() -> None:
    contexts = [samples.make_context(LetterType.REMINDER, person_index=i) for i in range(6)]
    buf = io.BytesIO()
    seen: list[int] = []
    assert render_batch(contexts, buf, lambda done: seen.append(done) is None) == 6
    assert seen == [1, 2, 3, 4, 5, 6]
    text = text_of(buf.getvalue())
    for name in ("Łukasz", "Zoë", "Ally"):
        assert name in text


def test_cancelled_batch_writes_nothing() -> None:
    contexts = [samples.make_context(LetterType.REMINDER, person_index=i) for i in range(6)]
    buf = io.BytesIO()
    with pytest.raises(Cancelled):
        render_batch(contexts, buf, lambda done: done < 3)
    assert buf.getvalue() == b""


def test_a_letter_missing_a_fact_names_it() -> None:
    ctx = samples.replace(samples.make_context(LetterType.SCHEDULE), sessions=())
    with pytest.raises(ValidationError, match="sessions"):
        pdf_of(ctx)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dear {frist_name},", "frist_name"),
        ("See you on {appointment_dat}.", "appointment_dat"),
        ("Unclosed {first_name", "{"),
        ("Stray } brace", "}"),
    ],
)
def test_template_validation_rejects_bad_fields(text: str, expected: str) -> None:
    problems = validate_template(text, MERGE_FIELDS)
    assert problems, f"{text!r} should be refused"
    assert any(expected in str(p) for p in problems)


def test_template_validation_accepts_known_fields() -> None:
    assert validate_template("Dear {first_name}, see you soon.", MERGE_FIELDS) == []
