"""A batch longer than one part: laid out part by part, joined, and read exactly like one
document; progress, cancel and missing facts behave as for a short batch."""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import yot_desktop.letters.render as letters_render
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.domain.errors import ValidationError
from yot_desktop.letters import Cancelled, render_batch

_spec = importlib.util.spec_from_file_location("samples", Path(__file__).with_name("samples.py"))
assert _spec is not None and _spec.loader is not None
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)


@pytest.fixture
def parts_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(letters_render, "LETTERS_PER_PART", 2)


def mixed() -> list[object]:
    """Short, long (two pages or more), the landscape certificate, and the names that matter."""
    return [
        samples.make_context(LetterType.REMINDER, person_index=0),
        samples.make_context(LetterType.OFFER, person_index=1),
        samples.make_context(LetterType.CERTIFICATE, Audience.YOUNG_PERSON, person_index=2),
        samples.make_context(LetterType.SCHEDULE, person_index=3, large_print=True),
        samples.make_context(LetterType.MISSED, Audience.YOUNG_PERSON, person_index=4),
    ]


def batch(contexts: list[object]) -> bytes:
    buf = io.BytesIO()
    assert render_batch(contexts, buf) == len(contexts)  # type: ignore[arg-type]
    return buf.getvalue()


def pages(data: bytes) -> list[tuple[str, bool]]:
    reader = PdfReader(io.BytesIO(data), strict=True)
    return [
        (re.sub(r"\s+", " ", p.extract_text()), p.mediabox.width > p.mediabox.height)
        for p in reader.pages
    ]


def font_descriptors(data: bytes) -> int:
    reader = PdfReader(io.BytesIO(data), strict=True)
    found = (reader.get_object(n) for n in range(1, int(reader.trailer["/Size"])))
    return sum(
        isinstance(o, DictionaryObject) and o.get("/Type") == "/FontDescriptor" for o in found
    )


def test_a_batch_in_parts_reads_exactly_like_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = pages(batch(mixed()))  # five letters: one part at the usual size
    monkeypatch.setattr(letters_render, "LETTERS_PER_PART", 2)
    joined = pages(batch(mixed()))
    assert joined == whole
    assert [landscape for _text, landscape in joined].count(True) == 1
    text = " ".join(t for t, _ in joined)
    for name in ("Łukasz", "Zoë", "Siobhán Ağaoğlu", "O'Brien"):
        assert name in text


@pytest.mark.usefixtures("parts_of_two")
def test_page_numbers_count_each_letter_across_part_boundaries() -> None:
    long = [samples.make_context(LetterType.OFFER, person_index=i) for i in range(3)]
    texts = [t for t, _ in pages(batch(long))]
    per_letter = len(texts) // 3
    assert per_letter >= 2 and len(texts) == 3 * per_letter
    for index, text in enumerate(texts):
        number = index % per_letter + 1
        assert f"Page {number} of {per_letter}" in text
        assert f"P{1000 + index // per_letter}" in text  # whose letter the page belongs to


@pytest.mark.usefixtures("parts_of_two")
def test_progress_counts_every_letter_once_across_parts() -> None:
    seen: list[int] = []
    buf = io.BytesIO()
    count = render_batch(mixed(), buf, lambda done: seen.append(done) is None)  # type: ignore[arg-type]
    assert count == 5
    assert seen == [1, 2, 3, 4, 5]


@pytest.mark.usefixtures("parts_of_two")
def test_cancelling_in_a_later_part_writes_nothing() -> None:
    taken: list[int] = []

    def feed() -> object:
        for i in range(20):
            taken.append(i)
            yield samples.make_context(LetterType.REMINDER, person_index=i)

    buf = io.BytesIO()
    with pytest.raises(Cancelled) as info:
        render_batch(feed(), buf, lambda done: done < 5)  # type: ignore[arg-type]
    assert info.value.done == 5
    assert len(taken) <= 6
    assert buf.getvalue() == b""


@pytest.mark.usefixtures("parts_of_two")
def test_a_letter_missing_a_fact_in_a_later_part_writes_nothing() -> None:
    contexts = mixed()
    contexts[3] = samples.replace(samples.make_context(LetterType.MISSED), missed_date=None)
    buf = io.BytesIO()
    with pytest.raises(ValidationError, match="missed_date"):
        render_batch(contexts, buf)  # type: ignore[arg-type]
    assert buf.getvalue() == b""


@pytest.mark.usefixtures("parts_of_two")
def test_fonts_are_embedded_once_a_part() -> None:
    reminders = [samples.make_context(LetterType.REMINDER, person_index=i) for i in range(5)]
    assert font_descriptors(batch(reminders[:2])) == 2  # one part: regular and bold
    assert font_descriptors(batch(reminders)) == 6  # three parts


@pytest.mark.usefixtures("parts_of_two")
def test_a_batch_that_fills_exactly_one_part_is_not_joined() -> None:
    reminders = [samples.make_context(LetterType.REMINDER, person_index=i) for i in range(2)]
    data = batch(reminders)
    assert b"ReportLab Generated PDF document" in data[:100]
    assert len(pages(data)) == 2
