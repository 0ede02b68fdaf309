"""Edited templates: checked before they are kept, and used in place of the shipped wording."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from yot_desktop.domain.enums import FAMILY_AUDIENCES, Audience, LetterType, SchemeModel
from yot_desktop.letters import TemplateError, render_letter
from yot_desktop.letters.edited import (
    TemplateKey,
    check_edited,
    parse_edited,
    shipped_language,
    shipped_languages,
    shipped_source,
    valid_language_code,
)
from yot_desktop.letters.sample import sample_context

REMINDER = TemplateKey(LetterType.REMINDER, Audience.PARENT, False)


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text() or "" for p in pages).split())


def rendered(key: TemplateKey, body: str | None = None, **kw: object) -> str:
    edited = parse_edited(key, body) if body is not None else None
    out = io.BytesIO()
    render_letter(sample_context(key, edited=edited, **kw), out)  # type: ignore[arg-type]
    return text_of(out.getvalue())


def test_a_misspelt_field_is_refused_with_the_nearest_known_name_and_its_line() -> None:
    body = 'title = "Hello"\n\n[[section]]\ntext = """\nDear parent,\nSee you, {frist_name}.\n"""\n'
    problems = check_edited(REMINDER, body)
    assert len(problems) == 1
    assert problems[0].field == "frist_name"
    assert "Unknown merge field {frist_name}. Did you mean {first_name}?" in str(problems[0])
    assert (problems[0].line, problems[0].column) == (6, 10)  # where the editor shows it


def test_an_unknown_field_with_nothing_near_is_refused_without_a_guess() -> None:
    problems = check_edited(REMINDER, 'title = "Hi {shoe_size}"\n[[section]]\ntext = "x"\n')
    assert [p.field for p in problems] == ["shoe_size"]
    assert "Did you mean" not in problems[0].message


def test_unbalanced_braces_are_refused() -> None:
    body = (
        'title = "Hi"\n[[section]]\ntext = "Dear {first_name, see you"\n[[section]]\ntext = "}"\n'
    )
    messages = [p.message for p in check_edited(REMINDER, body)]
    assert any("is not closed by a '}'" in m for m in messages)
    assert any("has no '{' before it" in m for m in messages)


def test_broken_format_unknown_keys_and_missing_title_are_refused() -> None:
    assert "not in the right format" in check_edited(REMINDER, 'title = "open')[0].message
    problems = [str(p) for p in check_edited(REMINDER, 'colour = "red"\n[[section]]\nblok = "x"')]
    assert any("unknown key 'colour'" in p for p in problems)
    assert any("unknown key 'blok'" in p for p in problems)
    assert any("give the letter a title" in p for p in problems)
    assert any("at least one [[section]]" in str(p) for p in check_edited(REMINDER, 'title = "x"'))


def test_parse_raises_every_problem_at_once() -> None:
    with pytest.raises(TemplateError) as caught:
        parse_edited(REMINDER, 'title = "{frist_name}"\n[[section]]\ntext = "{lst_name}"\n')
    assert {p.field for p in caught.value.problems} == {"frist_name", "lst_name"}


def test_edited_wording_replaces_the_shipped_wording_in_the_pdf() -> None:
    body = shipped_source(REMINDER).replace(
        "This is a reminder of", "Just a friendly note, {recipient_name}, about"
    )
    text = rendered(REMINDER, body)
    assert "Just a friendly note, Pat Sample, about Sam's next session" in text
    assert "This is a reminder of" not in text
    assert "This is a reminder of" in rendered(REMINDER)


def test_edited_wording_for_another_letter_is_not_used_silently() -> None:
    edited = parse_edited(REMINDER, shipped_source(REMINDER))
    other = TemplateKey(LetterType.MISSED, Audience.PARENT, False)
    with pytest.raises(ValueError, match="another letter"):
        render_letter(sample_context(other, edited=edited), io.BytesIO())


def test_labels_can_be_translated() -> None:
    key = TemplateKey(LetterType.REMINDER, Audience.PARENT, False, "pl")
    body = shipped_source(key)
    assert "[labels]" in body
    text = rendered(key, body.replace('date = "Date:"', 'date = "Data:"'))
    assert "Data: 14 marca 2026" in text  # and the date in Polish (issue 15, point 7)


def test_labels_are_checked_too() -> None:
    body = shipped_source(REMINDER) + '\n[labels]\npage = "Strona {pgae} z {pages}"\nfoo = "x"\n'
    problems = [str(p) for p in check_edited(REMINDER, body)]
    assert any("{pgae}" in p and "Did you mean {page}?" in p for p in problems)
    assert any("unknown key 'foo'" in p for p in problems)


@pytest.mark.parametrize("letter_type", list(LetterType))
@pytest.mark.parametrize("audience", FAMILY_AUDIENCES)
@pytest.mark.parametrize("easy_read", [False, True])
def test_the_shipped_wording_opened_in_the_editor_prints_the_same_letter(
    letter_type: LetterType, audience: Audience, easy_read: bool
) -> None:
    key = TemplateKey(letter_type, audience, easy_read)
    body = shipped_source(key)
    assert check_edited(key, body) == []
    model = SchemeModel.VOLUNTARY if easy_read else SchemeModel.CONDITIONAL
    assert rendered(key, body, model=model) == rendered(key, model=model)


def test_shared_wording_that_differs_by_scheme_model_is_written_out_for_each() -> None:
    key = TemplateKey(LetterType.NOT_ENGAGED, Audience.PARENT, False)
    body = shipped_source(key)
    assert 'model = "conditional"' in body and 'model = "voluntary"' in body
    assert "{if_not_engaged}" not in body


def test_language_codes() -> None:
    assert valid_language_code("pl") and valid_language_code("ckb")
    assert not valid_language_code("Polish") and not valid_language_code("PL")
    assert shipped_languages() == ("en",)
    assert shipped_language("en", LetterType.OFFER)
    assert not shipped_language("pl", LetterType.OFFER)
    assert not shipped_language("../en", LetterType.OFFER)
