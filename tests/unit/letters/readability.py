"""Reading a rendered letter as its reader does: the words of the letter (from the PDF's own
text), their Flesch–Kincaid grade, and the size of every piece of type on the page."""

from __future__ import annotations

import io
import re
import subprocess

from pypdf import PdfReader

_WORD = re.compile(r"[A-Za-zÀ-ɏ']+")
_VOWELS = re.compile(r"[aeiouy]+")
_CLOSINGS = ("Yours sincerely", "Best wishes", "Yours faithfully")


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e: the usual estimate behind FK calculators."""
    w = word.lower().strip("'")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(_VOWELS.findall(w)))


def fk_grade(text: str, one_sentence_a_line: bool = False) -> float:
    """Flesch–Kincaid grade: 0.39 words/sentence + 11.8 syllables/word − 15.59."""
    parts = re.split(r"[.!?]+\s|\n" if one_sentence_a_line else r"[.!?]+(?:\s|$)", text)
    sentences = [p for p in parts if _WORD.search(p)]
    words = _WORD.findall(text)
    if not words or not sentences:
        return 0.0
    total = sum(syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * total / len(words) - 15.59


def letter_words(pdf: bytes) -> str:
    """The letter's own words as the PDF holds them: from the greeting to the closing,
    without the tables' cells, labels and headings (short lines with no full stop)."""
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Dear ")), 0)
    end = next((i for i, line in enumerate(lines) if line.startswith(_CLOSINGS)), len(lines))
    kept = []
    for line in lines[start + 1 : end]:
        line = line.strip()
        if not line or line.startswith(("Page ", "Our reference")):
            continue
        if not re.search(r"[.!?:]$", line) and len(_WORD.findall(line)) < 4:
            continue  # a heading or a table cell
        kept.append(line)
    return "\n".join(kept)


def font_sizes(pdf: bytes) -> list[tuple[str, float]]:
    """(text, size in points) of every piece of text drawn, forms (page numbers) included."""
    runs: list[tuple[str, float]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(text: str, cm: list[float], tm: list[float], _f: object, size: float) -> None:
            if text.strip():
                runs.append((text.strip(), round(size * (tm[3] or 1) * (cm[3] or 1), 1)))

        page.extract_text(visitor_text=visit)
    return runs


def pdf_fonts(path: str) -> list[str]:
    """pdffonts' table: one line per font the PDF names."""
    out = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[2:]
