"""The embedded Unicode font (DejaVu Sans), so names like Łukasz Nguyễn print as written."""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from yot_desktop.resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


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
        # <b> in paragraph markup picks the bold face; there is no italic face on purpose.
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT)
        addMapping(FONT, 1, 1, FONT_BOLD)
        _registered = True
