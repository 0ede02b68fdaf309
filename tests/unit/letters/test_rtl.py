"""Right-to-left lines (letters/rtl.py): which piece goes where, and shaping."""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import SimpleDocTemplate

from yot_desktop.letters.fonts import ARABIC, FONT, FONT_BOLD, register_fonts
from yot_desktop.letters.rtl import RtlParagraph, has_rtl, line_words, visual_order


def drawn(text: str) -> list[str]:
    """The line's pieces from left to right, as they are drawn (R for an Urdu word)."""
    register_fonts()
    words = line_words(text, 12)
    return [
        "R" if words[i].direction == "R" else words[i].text
        for i in visual_order(words)
        if words[i].text != " "
    ]


def test_urdu_words_run_from_the_right_and_english_keeps_its_order() -> None:
    # محترم, then the name: the name's words stay in order, its comma goes at its left.
    assert drawn("محترم Imran Malik،") == ["،", "Imran", "Malik", "R"]
    # A phone number between Urdu words is not turned round.
    assert drawn("کو 01635 000000 پر") == ["R", "01635", "000000", "R"]
    # A date: the day on the right, the year on the left, as an Urdu reader reads it.
    assert drawn("4 دسمبر، 2026") == ["2026", "R", "4"]
    # Brackets round English words go with them.
    assert drawn("حوالہ: Pat Sample (continued)") == ["Pat", "Sample", "(continued)", "R"]


def test_an_urdu_word_is_shaped_in_the_urdu_font_and_english_stays_in_dejavu() -> None:
    register_fonts()
    urdu, _, name = line_words("ملاقاتیں Leo", 12)
    assert urdu.font == ARABIC and isinstance(urdu.text, ShapedStr)
    assert name.font == FONT and not has_rtl(name.text)
    (bold,) = line_words("Leo", 12, bold=True)
    assert bold.font == FONT_BOLD


def test_a_long_paragraph_breaks_into_lines_and_splits_between_pages() -> None:
    register_fonts()
    style = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=16)
    para = RtlParagraph(" ".join(["<b>براہ کرم</b> ہمیں فون کریں۔"] * 40), style)
    _, height = para.wrap(300, 1000)
    assert height > 16 * 5
    first, rest = para.split(300, 16 * 3 + 1)
    assert first.wrap(300, 1000)[1] == 16 * 3
    assert rest.wrap(300, 1000)[1] == height - 16 * 3
    out = io.BytesIO()
    SimpleDocTemplate(out).build([para])  # draws, over more than one page if it must
    assert out.getvalue().startswith(b"%PDF")
