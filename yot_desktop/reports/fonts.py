"""The embedded Unicode font (DejaVu Sans) for reports, so Łukasz and Nguyễn print as written.

Same names as ``yot_desktop.letters.fonts``; registering twice is harmless.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from yot_desktop.resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_SYSTEM_DIR = Path("/usr/share/fonts/truetype/dejavu")
_lock = threading.Lock()
_done = False


def font_file(filename: str) -> Path:
    """The shipped font file, else the one a Linux system provides."""
    shipped = resource_path("fonts", filename)
    if shipped.is_file():
        return shipped
    system = _SYSTEM_DIR / filename
    if system.is_file():
        return system
    raise FileNotFoundError(f"font {filename} is in neither {shipped.parent} nor {_SYSTEM_DIR}")


def register_fonts() -> None:
    """Register the report fonts with ReportLab; safe to call often and from any thread."""
    global _done
    if _done:
        return
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(font_file(filename))))
        # <b> in paragraph markup picks the bold face.
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT)
        addMapping(FONT, 1, 1, FONT_BOLD)
        _done = True
