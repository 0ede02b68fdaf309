"""A batch's PDF cut back into its letters (letters/pdf_split.py, issue 13): each letter is
laid out once, and its own PDF reads exactly like render_letter's."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import yot_desktop.letters.render as letters_render
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.letters import LetterContext, render_batch, render_letter
from yot_desktop.letters.pdf_split import LetterInfo, letter_info, split_letters

_spec = importlib.util.spec_from_file_location("samples", Path(__file__).with_name("samples.py"))
assert _spec is not None and _spec.loader is not None
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)


def mixed() -> list[LetterContext]:
    """Two-page, landscape, large-print and easy-read letters, for different people."""
    return [
        samples.make_context(LetterType.OFFER, person_index=0),
        samples.make_context(LetterType.CERTIFICATE, Audience.YOUNG_PERSON, person_index=1),
        samples.make_context(LetterType.SCHEDULE, person_index=2, large_print=True),
        samples.make_context(LetterType.MISSED, Audience.YOUNG_PERSON, easy_read=True),
        samples.make_context(LetterType.REMINDER, person_index=4),
    ]


def pdf_of(contexts: list[LetterContext]) -> bytes:
    out = io.BytesIO()
    render_batch(contexts, out)
    return out.getvalue()


def one(ctx: LetterContext) -> bytes:
    out = io.BytesIO()
    render_letter(ctx, out)
    return out.getvalue()


def reading(pdf: bytes) -> tuple[object, ...]:
    """What a reader gets from a PDF: each page's text and size, the title, author and
    language, and the page count."""
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta is not None
    root = reader.trailer["/Root"].get_object()
    return (
        [(p.extract_text(), tuple(p.mediabox)) for p in reader.pages],
        meta.title,
        meta.author,
        root.get("/Lang"),
    )


@pytest.mark.parametrize("per_part", [100, 2])
def test_each_letter_cut_from_the_batch_reads_like_its_own_pdf(
    monkeypatch: pytest.MonkeyPatch, per_part: int
) -> None:
    monkeypatch.setattr(letters_render, "LETTERS_PER_PART", per_part)  # 2: a joined batch
    contexts = mixed()
    cut = list(split_letters(pdf_of(contexts), [letter_info(c) for c in contexts]))
    assert len(cut) == len(contexts)
    for ctx, pdf in zip(contexts, cut, strict=True):
        assert reading(pdf) == reading(one(ctx))


def test_a_title_in_any_script_is_kept() -> None:
    ctx = samples.make_context(LetterType.REMINDER)
    info = LetterInfo("Przypomnienie – Zoë Ağaoğlu (موعد)", "Youth Justice Service", "pl")
    (pdf,) = split_letters(pdf_of([ctx]), [info])
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == info.title
    assert reader.trailer["/Root"].get_object()["/Lang"] == "pl"


def test_letters_that_cannot_be_told_apart_are_refused_at_once() -> None:
    contexts = mixed()[:2]
    with pytest.raises(ValueError, match="2 letters, not 3"):
        split_letters(pdf_of(contexts), [letter_info(c) for c in [*contexts, contexts[0]]])


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_nothing_wrong(tmp_path: Path) -> None:
    contexts = mixed()
    for n, pdf in enumerate(split_letters(pdf_of(contexts), [letter_info(c) for c in contexts])):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(pdf)
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
