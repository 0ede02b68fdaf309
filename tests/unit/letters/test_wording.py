"""Letter wording: merge fields are checked, shipped wording is valid, languages fall back."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.letters import (
    MERGE_FIELDS,
    TemplateError,
    compose_letter,
    load_wording,
    validate_template,
)
from yot_desktop.letters.templates import all_variant_keys
from yot_desktop.resources import resource_path

_spec = importlib.util.spec_from_file_location("samples", Path(__file__).with_name("samples.py"))
assert _spec is not None and _spec.loader is not None
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)


def messages(text: str) -> list[str]:
    return [str(p) for p in validate_template(text, MERGE_FIELDS)]


def test_misspelt_field_is_named_with_a_suggestion() -> None:
    [problem] = validate_template("Dear {frist_name},", MERGE_FIELDS)
    assert problem.field == "frist_name"
    assert "Unknown merge field {frist_name}" in problem.message
    assert "Did you mean {first_name}?" in problem.message
    assert (problem.line, problem.column) == (1, 6)


def test_unknown_field_is_refused() -> None:
    [problem] = validate_template("Your {favourite_colour} day", MERGE_FIELDS)
    assert problem.field == "favourite_colour"
    assert "Unknown merge field {favourite_colour}." in problem.message


def test_unclosed_brace_is_refused_with_its_place() -> None:
    [problem] = validate_template("Hello\nDear {first_name,\nbye", MERGE_FIELDS)
    assert "'{' is not closed" in problem.message
    assert problem.line == 2


def test_stray_closing_brace_is_refused() -> None:
    assert any("'}' has no '{'" in m for m in messages("Costs 5} pounds"))


def test_doubled_braces_print_a_brace() -> None:
    assert messages("Use {{ and }} for braces, {first_name}.") == []


def test_attribute_access_and_format_specs_are_not_fields() -> None:
    assert messages("{first_name.__class__}")
    assert messages("{first_name:>20}")
    assert messages("{0}")


def test_unclosed_bold_is_refused() -> None:
    assert any("**" in m for m in messages("This is **important."))
    assert messages("This is **important**.") == []


def test_shipped_english_wording_is_valid_for_every_reader_and_scheme() -> None:
    wording = load_wording("en")  # raises TemplateError listing every problem
    assert set(wording.letters) == set(LetterType)
    for letter_type in LetterType:
        for key in all_variant_keys():
            wording.letters[letter_type].variant_for(key)  # no gap in the variants


@pytest.fixture
def wording_copy(tmp_path: Path) -> Path:
    shutil.copytree(resource_path("letters", "en"), tmp_path / "en")
    return tmp_path


def test_a_misspelt_field_in_a_file_stops_loading_and_says_where(wording_copy: Path) -> None:
    path = wording_copy / "en" / "reminder.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{worker_phone}", "{worker_phnoe}", 1),
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as info:
        load_wording("en", base=wording_copy)
    text = str(info.value)
    assert "reminder.toml" in text
    assert "{worker_phnoe}" in text and "Did you mean {worker_phone}?" in text


def test_an_unknown_key_or_block_is_reported(wording_copy: Path) -> None:
    path = wording_copy / "en" / "missed.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('block = "appointment"', 'block = "calendar"', 1)
        + '\n[[variant]]\nadience = "parent"\ntitle = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as info:
        load_wording("en", base=wording_copy)
    text = str(info.value)
    assert "block must be one of" in text
    assert "unknown key 'adience'" in text


def test_a_missing_variant_is_reported(wording_copy: Path) -> None:
    path = wording_copy / "en" / "completion.toml"
    text = path.read_text(encoding="utf-8")
    # Keep only the first variant (parent, standard print).
    path.write_text(text[: text.index("[[variant]]", text.index("[[variant]]") + 1)], "utf-8")
    with pytest.raises(TemplateError, match="no variant for audience"):
        load_wording("en", base=wording_copy)


def test_a_language_without_a_translation_falls_back_to_english(wording_copy: Path) -> None:
    (wording_copy / "pl").mkdir()
    source = (wording_copy / "en" / "reminder.toml").read_text(encoding="utf-8")
    (wording_copy / "pl" / "reminder.toml").write_text(
        source.replace("Reminder: {known_as}'s next appointment", "Przypomnienie: {known_as}"),
        encoding="utf-8",
    )
    wording = load_wording("pl", base=wording_copy)
    assert wording.letters[LetterType.REMINDER].language == "pl"
    assert wording.letters[LetterType.OFFER].language == "en"
    reminder = samples.replace(samples.make_context(LetterType.REMINDER), language="pl")
    titles = [
        b for b in compose_letter(reminder, wording).blocks if getattr(b, "style", "") == "title"
    ]
    assert titles[0].markup == "Przypomnienie: Łukasz"  # type: ignore[attr-defined]
    offer = samples.replace(samples.make_context(LetterType.OFFER), language="pl")
    assert compose_letter(offer, wording).blocks


def test_language_codes_cannot_point_outside_the_wording_folder() -> None:
    with pytest.raises(ValueError, match="language"):
        load_wording("../en")


def test_easy_read_wording_has_one_idea_a_line() -> None:
    ctx = samples.make_context(LetterType.INVITATION, Audience.YOUNG_PERSON, easy_read=True)
    paragraphs = [b for b in compose_letter(ctx).blocks if getattr(b, "style", "") == "body"]
    for para in paragraphs:
        sentences = [s for s in para.markup.split(". ") if s]  # type: ignore[attr-defined]
        assert len(sentences) <= 2, para
