"""Folding names for search and matching: Łukasz, Siobhán, Nguyễn and O'Brien are normal.

Folding ignores case, accents, apostrophes and how hyphens and spaces are written, so
that typing "lukasz obrien" finds "Łukasz O'Brien". Names are always stored as entered.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Letters that Unicode does not decompose into a base letter plus a mark.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "ħ": "h",
        "ŧ": "t",
    }
)

# Apostrophes in their typed and typeset forms (O'Brien, O’Brien, Oʼ Brien).
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
# Hyphens and dashes of every kind, and whitespace, all become one space.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")


def fold(text: str) -> str:
    """Search form of a name: 'Łukasz' -> 'lukasz', 'Smith-Jones' -> 'smith jones'."""
    lowered = text.casefold().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Some compatibility forms only fold fully after decomposition.
    bare = bare.casefold().translate(_LETTERS)
    bare = _APOSTROPHES.sub("", bare)
    return _SEPARATORS.sub(" ", bare).strip()


def fold_compact(text: str) -> str:
    """Fold and drop spaces too, so 'Smith Jones', 'Smith-Jones' and 'SmithJones' agree."""
    return fold(text).replace(" ", "")


def name_parts(text: str) -> tuple[str, ...]:
    """The folded parts of a double or hyphenated name: 'García-López' -> ('garcia', 'lopez')."""
    return tuple(fold(text).split())


def person_match_key(first_name: str, last_name: str, date_of_birth: date) -> str:
    """Equal keys mean the same person for import linking: folded names plus date of birth."""
    return f"{fold_compact(first_name)}|{fold_compact(last_name)}|{date_of_birth.isoformat()}"
