"""Letters to families and the police, as PDF. Pure: frozen data in, PDF bytes out.

Services build a `LetterContext` per letter and call `render_letter` or `render_batch`;
`check_letter` says beforehand what a context lacks. Wording lives in resources/letters/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from yot_desktop.letters.compose import check_letter, compose_letter
from yot_desktop.letters.data import (
    AttendanceSummary,
    LetterContext,
    Letterhead,
    Person,
    Recipient,
    SessionLine,
    Worker,
)
from yot_desktop.letters.errors import Cancelled, TemplateError, TemplateProblem
from yot_desktop.letters.fields import MERGE_FIELDS, format_date
from yot_desktop.letters.templates import validate_template
from yot_desktop.letters.wording import clear_wording_cache, load_wording

if TYPE_CHECKING:
    from yot_desktop.letters.fonts import FONT, FONT_BOLD, register_fonts
    from yot_desktop.letters.render import render_batch, render_letter

# The renderer and its fonts (ReportLab, HarfBuzz, pypdf: about a third of a command's
# start-up) are imported when a letter is first laid out, not when the app or a command starts.
_LAZY = {
    "FONT": "yot_desktop.letters.fonts",
    "FONT_BOLD": "yot_desktop.letters.fonts",
    "register_fonts": "yot_desktop.letters.fonts",
    "render_batch": "yot_desktop.letters.render",
    "render_letter": "yot_desktop.letters.render",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FONT",
    "FONT_BOLD",
    "MERGE_FIELDS",
    "AttendanceSummary",
    "Cancelled",
    "LetterContext",
    "Letterhead",
    "Person",
    "Recipient",
    "SessionLine",
    "TemplateError",
    "TemplateProblem",
    "Worker",
    "check_letter",
    "clear_wording_cache",
    "compose_letter",
    "format_date",
    "load_wording",
    "register_fonts",
    "render_batch",
    "render_letter",
    "validate_template",
]
