"""Translated letters (issue 15, point 7): dates, times, lengths, role and every fixed phrase
follow the letter's language; a phrase a translation lacks is printed in English, and the
template editor can list the phrases still in English. Read from the PDF's own text."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.letters_translated import POLISH_SCHEDULE, english_left, with_urdu_labels
from yot_desktop.domain.enums import Audience, LetterType, SchemeModel
from yot_desktop.letters import render_letter
from yot_desktop.letters.accessible import accessible_html
from yot_desktop.letters.edited import TemplateKey, parse_edited, shipped_source, untranslated
from yot_desktop.letters.fields import (
    format_date,
    format_day,
    format_minutes,
    format_short_date,
    format_time,
)
from yot_desktop.letters.sample import sample_context
from yot_desktop.letters.wording import clear_wording_cache, load_wording
from yot_desktop.resources import resource_path

SCHEDULE_PL = TemplateKey(LetterType.SCHEDULE, Audience.PARENT, False, "pl")
SCHEDULE_UR = TemplateKey(LetterType.SCHEDULE, Audience.PARENT, False, "ur")
# The sample's first session is ten days after the letter: Monday 16 November 2026.
LETTER_DAY = date(2026, 11, 6)


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


def rendered(key: TemplateKey, body: str, model: SchemeModel = SchemeModel.CONDITIONAL) -> str:
    ctx = sample_context(key, model, edited=parse_edited(key, body), today=LETTER_DAY)
    out = io.BytesIO()
    render_letter(ctx, out)
    return " ".join(text_of(out.getvalue()).split())


def test_dates_times_and_lengths_are_written_in_the_letters_language() -> None:
    day = date(2026, 11, 16)
    assert format_date(day, "pl") == "16 listopada 2026"
    assert format_day(day, "pl") == "poniedziałek, 16 listopada 2026"
    assert format_short_date(day, "pl") == "pon., 16 lis 2026"
    assert format_time(time(16, 0), "pl") == "16:00"
    assert format_minutes(90, "pl") == "1 godzina 30 minut"
    assert format_minutes(120, "pl") == "2 godziny"
    assert "نومبر" in format_date(day, "ur")  # November, in Urdu
    # English keeps the house style, whatever the system locale; an unknown code is English.
    assert format_date(day) == format_date(day, "xq") == "16 November 2026"
    assert format_day(day) == "Monday 16 November 2026"
    assert format_short_date(day) == "Mon 16 Nov 2026"
    assert format_minutes(90) == "1 hour 30 minutes"


@pytest.mark.parametrize("model", list(SchemeModel))
def test_a_full_polish_translation_prints_no_english_fixed_phrase(model: SchemeModel) -> None:
    text = rendered(SCHEDULE_PL, POLISH_SCHEDULE, model)
    assert english_left(text) == []
    assert "Data: 6 listopada 2026" in text
    assert "poniedziałek, 16 listopada 2026" in text  # the first session, in the table
    assert "16:00 do 17:00" in text
    assert "Data Godzina Miejsce Z kim spotkanie" in text  # the table's headings
    assert "Dotyczy: Sam Sample, ur. 3 maja 2012" in text
    assert "Opiekun ds. młodzieży" in text  # the job title under the signature
    assert "Prywatne i poufne" in text
    assert re.search(r"Najpóźniej: \w+, \d+ \w+ 2026", text)  # the call-by day, in Polish
    assert untranslated(SCHEDULE_PL, POLISH_SCHEDULE) == ()


def test_a_translated_letter_is_titled_in_its_language() -> None:
    ctx = sample_context(
        SCHEDULE_PL, edited=parse_edited(SCHEDULE_PL, POLISH_SCHEDULE), today=LETTER_DAY
    )
    out = io.BytesIO()
    render_letter(ctx, out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert reader.metadata is not None
    assert reader.metadata.title == "Spotkania: Sam \u2013 Sam Sample, 6 listopada 2026"
    assert "<title>Spotkania: Sam \u2013 Sam Sample, 6 listopada 2026</title>" in accessible_html(
        ctx
    )


def test_a_phrase_the_translation_lacks_is_printed_in_english_alone() -> None:
    body = POLISH_SCHEDULE.replace('worker_role = "Opiekun ds. młodzieży"\n', "")
    body = body.replace('closing = "Z wyrazami szacunku"\n', "")
    text = rendered(SCHEDULE_PL, body)
    assert english_left(text) == ["Yours sincerely", "Youth justice worker"]
    assert "Data: 6 listopada 2026" in text  # the rest stays Polish
    still = [(u.where, u.left_out) for u in untranslated(SCHEDULE_PL, body)]
    assert still == [("closing", True), ("label worker_role", True)]


def test_the_editor_lists_every_phrase_still_in_english_with_its_line() -> None:
    body = shipped_source(SCHEDULE_PL)  # a new translation starts from the English
    still = untranslated(SCHEDULE_PL, body)
    lines = body.splitlines()
    where = {u.where: u for u in still}
    assert {"title", "greeting", "closing", "section 2 heading", "label worker_role"} <= set(where)
    assert lines[where["label worker_role"].line - 1] == 'worker_role = "Youth justice worker"'
    assert lines[where["section 2 heading"].line - 1] == 'heading = "The sessions"'
    assert "label your_reference" not in where  # the police notice's words: never asked for
    # Translating a phrase takes it off the list; English wording has nothing to translate.
    body = body.replace('"Youth justice worker"', '"Opiekun ds. młodzieży"')
    assert "label worker_role" not in {u.where for u in untranslated(SCHEDULE_PL, body)}
    assert untranslated(replace(SCHEDULE_PL, language="en"), body) == ()


def test_urdu_labels_and_dates_come_from_the_language_and_the_page_says_right_to_left() -> None:
    key = SCHEDULE_UR
    body = with_urdu_labels(shipped_source(key))
    text = rendered(key, body)
    # The PDF: no English month, day or label. (Its Urdu words are shaped and set right to
    # left: tests/e2e/test_cli_letters_translated.py reads them back in order.)
    left = english_left(text)
    assert not {"November", "December", "Monday", "Tuesday"} & set(left)
    for translated in ("Private and confidential", "Our reference", "Youth justice worker"):
        assert translated not in left
    assert "About:" in left  # not translated yet: in English
    ctx = sample_context(key, edited=parse_edited(key, body), today=LETTER_DAY)
    page = accessible_html(ctx)
    assert '<html lang="ur" dir="rtl">' in page
    assert "یوتھ جسٹس کارکن" in page  # the job title
    assert "تاریخ: 6 نومبر، 2026" in page  # the letter's date: 6 November 2026
    assert "پیر، 16 نومبر، 2026" in page  # the first session: Monday 16 November 2026


def test_the_not_eligible_letters_reasons_are_translated_with_it() -> None:
    key = TemplateKey(LetterType.NOT_ELIGIBLE, Audience.PARENT, False, "pl")
    body = shipped_source(key)  # sample reason: the police think the drugs were for supply
    english = "The police think the drugs may have been for selling"
    assert "[reasons]" in body and "reason SUPPLY_SUSPECTED" in {
        u.where for u in untranslated(key, body)
    }
    assert english in rendered(key, body)
    polish = "Policja uważa, że narkotyki mogły być przeznaczone na sprzedaż."
    body = re.sub(r'(?m)^SUPPLY_SUSPECTED = ".*"$', f'SUPPLY_SUSPECTED = "{polish}"', body)
    text = rendered(key, body)
    assert polish in text and english not in text
    assert "reason SUPPLY_SUSPECTED" not in {u.where for u in untranslated(key, body)}


def test_a_shipped_translation_folder_lacking_a_label_prints_that_label_in_english(
    tmp_path: Path,
) -> None:
    shutil.copytree(resource_path("letters", "en"), tmp_path / "en")
    common = (tmp_path / "en" / "common.toml").read_text(encoding="utf-8")
    (tmp_path / "pl").mkdir()
    polish = common.replace('date = "Date:"', 'date = "Data:"').replace(
        'worker_role = "Youth justice worker"\n', ""
    )
    (tmp_path / "pl" / "common.toml").write_text(polish, encoding="utf-8")
    labels = load_wording("pl", base=tmp_path).labels
    assert labels["date"] == "Data:"
    assert labels["worker_role"] == "Youth justice worker"  # left out: English
    clear_wording_cache()
