"""How the Letters screen words a letter: its type, and how and when it was sent."""

from __future__ import annotations

from yot_desktop.domain.enums import LetterType
from yot_desktop.gui.delivery_common import dmy
from yot_desktop.services.letters.service import LetterRecordRow

# How a letter can be sent: the words shown, and the value kept in the letter history.
SENT_METHODS = [("Post", "post"), ("Email", "email"), ("By hand", "hand")]


def type_words(t: LetterType) -> str:
    return t.value.replace("_", " ").capitalize()


def sent_words(r: LetterRecordRow) -> str:
    if r.sent_at is None:
        return "Not yet sent"
    method = {v: k for k, v in SENT_METHODS}.get(r.sent_method, r.sent_method)
    return f"{method}, {dmy(r.sent_at.date())}"
