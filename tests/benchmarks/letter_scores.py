"""The letters as their readers meet them, in one table (issue 15's closing table). On demand:

    uv run python tests/benchmarks/letter_scores.py

Every letter type × audience × variant (standard, easy read, large print), rendered as the CLI
and the GUI render them (`render_letter`), read back from the PDF's own text: Flesch–Kincaid
grade of the letter's words, the smallest and largest type on the page, and the PDF's /Lang.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.unit.letters import samples
from tests.unit.letters.readability import fk_grade, font_sizes, letter_words
from yot_desktop.domain.enums import FAMILY_AUDIENCES, Audience, LetterType
from yot_desktop.letters import render_letter

VARIANTS = ("standard", "easy read", "large print")


def render(letter_type: LetterType, audience: Audience, variant: str) -> bytes:
    ctx = samples.make_context(
        letter_type, audience, variant == "easy read", large_print=variant == "large print"
    )
    out = io.BytesIO()
    render_letter(ctx, out)
    return out.getvalue()


def main() -> int:
    rows = []
    for letter_type in LetterType:
        audiences = (
            [Audience.POLICE] if letter_type is LetterType.POLICE_OUTCOME else FAMILY_AUDIENCES
        )
        for audience in audiences:
            variants = ("standard",) if audience is Audience.POLICE else VARIANTS
            for variant in variants:
                pdf = render(letter_type, audience, variant)
                words = letter_words(pdf)
                grade = fk_grade(words, one_sentence_a_line=variant == "easy read")
                sizes = [size for _text, size in font_sizes(pdf)]
                lang = PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang", "none")
                rows.append(
                    (
                        letter_type.value,
                        audience.value,
                        variant,
                        grade,
                        min(sizes),
                        max(sizes),
                        lang,
                    )
                )
    print("| Letter | Audience | Variant | FK grade | Smallest pt | Largest pt | /Lang |")
    print("|---|---|---|---|---|---|---|")
    for t, a, v, g, lo, hi, lang in rows:
        print(f"| {t} | {a} | {v} | {g:.1f} | {lo:g} | {hi:g} | {lang} |")
    family = [r for r in rows if r[1] != "police"]
    print(
        f"\n{len(rows)} letters; family grade {min(r[3] for r in family):.1f}–"
        f"{max(r[3] for r in family):.1f}; large print smallest "
        f"{min(r[4] for r in rows if r[2] == 'large print'):g} pt; "
        f"all with /Lang: {all(r[6] != 'none' for r in rows)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
