"""The embedded Unicode fonts: DejaVu Sans, so names like Łukasz Nguyễn print as written, and
Noto Naskh Arabic for letters in Urdu, Arabic or Farsi (letters/rtl.py shapes its words)."""

from __future__ import annotations

import re
import threading
import unicodedata

import uharfbuzz  # type: ignore[import-untyped]
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from yot_desktop.resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
ARABIC = "NotoNaskhArabic"
ARABIC_BOLD = "NotoNaskhArabic-Bold"

_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    ARABIC: "NotoNaskhArabic-Regular.ttf",
    ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf",
}
_lock = threading.Lock()
_registered = False
# The shaping fonts by their PostScript name (as a PDF subset names them), for the text map.
_SHAPED: dict[str, TTFont] = {}
_UNI = re.compile(r"uni((?:[0-9A-F]{4})+)\Z|u([0-9A-F]{5,6})\Z")
_JOINER = "\u200d"  # an invisible joiner: a glyph that is only a join between letters


# Glyph id -> the letters it was shaped from, by font name (remember_glyph_letters).
_GLYPH_LETTERS: dict[str, dict[int, str]] = {}


def remember_glyph_letters(font_name: str, word: str) -> None:
    """Note which letters of `word` each glyph the font's shaping gives for it stands for,
    for the glyphs the font's character map does not reach (ligatures, alternates)."""
    font = pdfmetrics.getFont(font_name)
    known = _GLYPH_LETTERS.setdefault(font.face.name.decode("latin-1"), {})
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(word)
    buf.guess_segment_properties()
    uharfbuzz.shape(font.hbFont(10), buf, {"kern": True, "liga": True, "dlig": True})
    starts = sorted({info.cluster for info in buf.glyph_infos})
    ends = dict(zip(starts, [*starts[1:], len(word)], strict=True))
    for info in buf.glyph_infos:
        gid = info.codepoint
        if gid not in known and not any(
            c < 0xE000 or c > 0xF8FF for c in font.face.glyphToChar.get(gid, ())
        ):
            known[gid] = word[info.cluster : ends[info.cluster]]


def _glyph_letters(font: TTFont, code: int) -> str:
    """The letters a shaped glyph stands for: ReportLab gives a glyph the font's character
    map does not reach (a lam-alef half, the Allah ligature) a private-use code, and a
    joined form its presentation form (U+FEE3); a text extractor should get the letters
    themselves ("ل", "ا", "م"), from what the glyph was shaped from, else from its name."""
    if 0xE000 <= code <= 0xF8FF:
        gid = font.face.charToGlyph.get(code)
        if gid is None:
            return chr(code)
        shaped = _GLYPH_LETTERS.get(font.face.name.decode("latin-1"), {}).get(gid)
        if shaped:
            return shaped
        letters = ""
        for part in font.hbFont().glyph_to_string(gid).split(".")[0].split("_"):
            m = _UNI.match(part)
            if m is None:
                return _JOINER
            hexes = m.group(1) or ""
            letters += "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))
            letters += chr(int(m.group(2), 16)) if m.group(2) else ""
        return unicodedata.normalize("NFKC", letters) or _JOINER
    if 0xFB50 <= code <= 0xFEFF:
        return unicodedata.normalize("NFKC", chr(code)) or chr(code)
    return chr(code)


_plain_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with the shaping fonts' glyphs mapped to their letters."""
    font = _SHAPED.get(fontname.split("+", 1)[-1])
    text = _plain_cmap(fontname, subset)
    if font is None:
        return text
    plain = [f"<{i:02X}> <{v:04X}>" for i, v in enumerate(subset)]
    mapped = [
        f"<{i:02X}> <{_glyph_letters(font, v).encode('utf-16-be').hex().upper()}>"
        for i, v in enumerate(subset)
    ]
    return text.replace("\n".join(plain), "\n".join(mapped))


def _is_registered(name: str) -> bool:
    return name in pdfmetrics.getRegisteredFontNames()


def register_fonts() -> None:
    """Register the letter fonts with ReportLab. Safe to call any number of times, from
    any thread; letters and reports both call it before building a PDF."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            if not _is_registered(name):
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
        for name in (ARABIC, ARABIC_BOLD):
            font = pdfmetrics.getFont(name)
            _SHAPED[font.face.name.decode("latin-1")] = font
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        # <b> in paragraph markup picks the bold face; there is no italic face on purpose.
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT)
        addMapping(FONT, 1, 1, FONT_BOLD)
        addMapping(ARABIC, 0, 0, ARABIC)
        addMapping(ARABIC, 1, 0, ARABIC_BOLD)
        addMapping(ARABIC, 0, 1, ARABIC)
        addMapping(ARABIC, 1, 1, ARABIC_BOLD)
        _registered = True
