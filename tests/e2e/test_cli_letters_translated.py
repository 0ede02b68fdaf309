"""Translated letters through the command line (issue 15, point 7), as a manager and a
practitioner run it (a real subprocess), reading the PDF `letters render` wrote: a Polish
translation loaded with `letters templates load` prints Polish dates, weekdays, headings and
job title; a phrase it leaves out is printed in English and the load says so; Urdu dates."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.e2e.test_cli_delivery import Cli
from tests.integration.delivery_helpers import new_referral
from tests.letters_translated import (
    ENGLISH_DAYS,
    ENGLISH_MONTHS,
    POLISH_SCHEDULE,
    URDU_SCHEDULE,
    english_left,
    with_urdu_labels,
)
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.services.container import Services
from yot_desktop.storage.models import Carer, Referral

# A working day two weeks ahead: the first session is on it (a Saturday's would move to the
# Monday, and the letter would not show the date the test looks for).
START = WorkingCalendar().on_or_after(date.today() + timedelta(days=14))
# A Polish month as a date writes it (the genitive: "16 listopada 2026").
POLISH_MONTH = (
    "(stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października"
    "|listopada|grudnia)"
)
SCHEDULE = ["--type", "schedule", "--audience", "parent"]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """Two programmes: a Polish-speaking mother's son and an Urdu-speaking father's."""
    tmp = tmp_path_factory.mktemp("translated")
    url = f"sqlite:///{tmp / 'yot.db'}"
    run = Cli(tmp / "home", url)
    assert run("demo", "--people", "0").returncode == 0
    services = Services.open(url)
    try:
        for ref, carer, language in (
            ("43/26/0701", "Małgorzata Kowalska", "Polish"),
            ("43/26/0702", "Imran Malik", "ur"),
        ):
            rid = new_referral(services, ref, first_name="Leo", last_name="Abbott")
            with services.ctx.uow() as uow:
                person_id = uow.session.scalar(
                    select(Referral.young_person_id).where(Referral.id == rid)
                )
                uow.session.add(
                    Carer(
                        young_person_id=person_id,
                        name=carer,
                        address="3 Kennet Road\nNewbury\nRG14 5JA",
                        preferred_language=language,
                    )
                )
                uow.commit()
    finally:
        services.close()
    for ref, at in (("43/26/0701", "10:00"), ("43/26/0702", "14:00")):
        started = run(
            "programme", "start", "--referral", ref, "--start", START.isoformat(), "--time", at,
            user="practitioner",
        )  # fmt: skip
        assert started.returncode == 0, started.stderr
    return run


def load(cli: Cli, tmp: Path, language: str, name: str, body: str):  # type: ignore[no-untyped-def]
    wording = tmp / f"schedule-{language}.toml"
    wording.write_text(body, encoding="utf-8")
    return cli(
        "letters", "templates", "load", str(wording), *SCHEDULE, "--language", language,
        "--language-name", name, user="manager",
    )  # fmt: skip


def render(cli: Cli, tmp: Path, ref: str) -> str:
    out = tmp / f"schedule-{ref[-4:]}.pdf"
    done = cli(
        "letters", "render", "--referral", ref, *SCHEDULE, "--out", str(out),
        user="practitioner",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pages = PdfReader(io.BytesIO(out.read_bytes())).pages
    return " ".join("\n".join(p.extract_text() or "" for p in pages).split())


def test_a_polish_translation_prints_polish_dates_and_english_only_for_what_it_lacks(
    cli: Cli, tmp_path: Path
) -> None:
    exported = tmp_path / "pl.toml"
    done = cli(
        "letters", "templates", "export", *SCHEDULE, "--language", "pl", "--out", str(exported),
        user="manager",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert 'worker_role = "Youth justice worker"' in exported.read_text(encoding="utf-8")

    lacking = POLISH_SCHEDULE.replace('worker_role = "Opiekun ds. młodzieży"\n', "")
    loaded = load(cli, tmp_path, "pl", "Polish", lacking)
    assert loaded.returncode == 0, loaded.stderr
    assert "Still in English (1):" in loaded.stdout
    assert "label worker_role" in loaded.stdout and "printed in English" in loaded.stdout
    text = render(cli, tmp_path, "43/26/0701")
    assert english_left(text) == ["Youth justice worker"]  # that phrase only
    assert "Prywatne i poufne" in text and "Data Godzina Miejsce Z kim spotkanie" in text
    assert re.search(rf"Data: \d+ {POLISH_MONTH} \d{{4}}", text)
    when = START.strftime("%d").lstrip("0")
    assert re.search(rf"\w+, {when} {POLISH_MONTH} {START.year}", text)  # a session

    loaded = load(cli, tmp_path, "pl", "Polish", POLISH_SCHEDULE)
    assert loaded.returncode == 0, loaded.stderr
    assert "Still in English" not in loaded.stdout
    text = render(cli, tmp_path, "43/26/0701")
    assert english_left(text) == []
    assert "Opiekun ds. młodzieży" in text


def test_urdu_labels_and_dates_come_from_the_language(cli: Cli, tmp_path: Path) -> None:
    exported = tmp_path / "ur.toml"
    done = cli(
        "letters", "templates", "export", *SCHEDULE, "--language", "ur", "--out", str(exported),
        user="manager",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    body = with_urdu_labels(exported.read_text(encoding="utf-8"))
    loaded = load(cli, tmp_path, "ur", "Urdu", body)
    assert loaded.returncode == 0, loaded.stderr
    text = render(cli, tmp_path, "43/26/0702")
    left = set(english_left(text))
    assert not left & {"Private and confidential", "Our reference", "Youth justice worker"}
    assert not left & {*ENGLISH_MONTHS, *ENGLISH_DAYS}  # no English dates
    assert "Dear " in left  # the letter's own text is not translated yet: English


def _pdftotext(pdf: Path, *args: str) -> str:
    done = subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_an_urdu_letter_is_shaped_set_right_to_left_and_reads_in_order(
    cli: Cli, tmp_path: Path
) -> None:
    """Issue 15: an Urdu letter prints joined letters, right to left, in an embedded font
    that has every Urdu letter; its own text reads back in reading order."""
    exported = tmp_path / "ur.toml"
    done = cli(
        "letters", "templates", "export", *SCHEDULE, "--language", "ur", "--out", str(exported),
        user="manager",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    labels = with_urdu_labels(exported.read_text(encoding="utf-8")).split("[labels]")[1]
    loaded = load(cli, tmp_path, "ur", "Urdu", f"{URDU_SCHEDULE}\n[labels]{labels}")
    assert loaded.returncode == 0, loaded.stderr
    pdf = tmp_path / "urdu.pdf"
    done = cli(
        "letters", "render", "--referral", "43/26/0702", *SCHEDULE, "--out", str(pdf),
        user="practitioner",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr

    # The words in reading order (pdftotext turns the drawn, visual order back). The marks
    # it adds around embedded left-to-right text, and the spaces it moves beside them, are
    # left out of the comparison.
    marks = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u200d"))
    text = "".join(_pdftotext(pdf).translate(marks).split())
    for words in (
        "Leo کی ملاقاتیں",  # the title, its lam-alef given back as its two letters
        "نجی اور خفیہ",
        "یوتھ جسٹس کارکن",
        "کو یہ پروگرام",
        "تک مکمل کرنا ہے۔",
        "پر فون کریں، اور ہمیں وجہ بتائیں۔",
    ):
        assert "".join(words.split()) in text, words
    # The greeting: the Urdu word, then the name (pdftotext puts the comma after the name,
    # drawn at its left, before it).
    assert re.search("محترم،?ImranMalik", text)

    # Right to left: the greeting's first word is right of the name, flush with the margin.
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        _pdftotext(pdf, "-bbox", "-f", "1", "-l", "1"),
    )
    # (-bbox gives each word's letters as drawn: an Urdu word's from the left, reversed)
    at = {w: (float(x0), float(x1)) for x0, _, x1, w in words}
    at.update({w[::-1]: (float(x0), float(x1)) for x0, _, x1, w in words})
    assert at["محترم"][0] > at["Imran"][1]
    assert at["01635"][1] < at["000000"][0]  # a phone number keeps its order among Urdu words
    assert at["محترم"][1] == pytest.approx(595.3 - 56.7, abs=2)  # A4 less the 20 mm margin

    # Shaped: a letter takes different forms at the start, middle and end of a word, so the
    # same letter is drawn with more than one glyph; the Urdu font is embedded.
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    naskh = [f.get_object() for f in fonts.values() if "NotoNaskhArabic" in f["/BaseFont"]]
    assert naskh and all("/FontFile2" in f["/FontDescriptor"] for f in naskh)
    glyphs_for: dict[str, set[tuple[str, str]]] = {}
    for font in naskh:
        cmap = font["/ToUnicode"].get_data().decode("latin-1")
        for code, letters in re.findall(r"<([0-9A-F]{2})> <((?:[0-9A-F]{4})+)>", cmap):
            text_of = bytes.fromhex(letters).decode("utf-16-be")
            glyphs_for.setdefault(text_of, set()).add((font["/BaseFont"], code))
    assert len(glyphs_for["م"]) >= 2 and len(glyphs_for["ی"]) >= 2
