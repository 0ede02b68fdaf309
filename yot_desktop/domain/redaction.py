"""Taking a child's and family's identifiers out of free text (issue 12, point 2).

A practitioner's words go to the joint decision-making panel pseudonymised. People write the
same fact many ways, so each identifier is looked for in every common form of it:

- names in any case and script, accents folded ("Łukasz", "LUKASZ", "lukasz"), with their
  possessive ("Leo's"), and each part of a hyphenated or double-barrelled name; a long
  surname written with a slip of one letter (two in a long one) when it is capitalised;
- dates of birth as 20/1/09, 20-01-2009, 20.1.2009, 20 Jan 2009, 20th January 2009,
  January 20 2009, 2009-01-20, 20012009, the day and month without the year, and after
  "born" or "DOB" the day and month or the month and year alone;
- crime and person references with any separator (/ - . space or none), leading zeros
  dropped ("43/26/24" for 43/26/0000024, "YP23" for YP000023), and their tails
  ("26/0000024", "0000024");
- address lines: the whole line, the house number and street, the street alone with its
  type written in full or short ("Windsor Rd"); postcodes with or without their space;
- phone numbers however spaced, with +44, (0) or dashes; email addresses; the school,
  whole or by its own name without "School", "Academy" and the like.

Place names that are not the family's address line stay ("seen at Reading station"), and
so do the service's own names (``Identifiers.keep``: schemes and teams), whole, even where
one of the family's words falls inside one. A single word that is also an everyday English
word ("Will", "Young", "Reading") is removed only where it is written with a capital.

Pure: no database, no Qt. ``Redactor(ids).redact(text)`` gives the text with each
identifier replaced by a label such as "[name removed]"; ``find`` gives the spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from yot_desktop.domain.edit_distance import osa


class Kind(StrEnum):
    NAME = "name"
    DATE_OF_BIRTH = "date of birth"
    REFERENCE = "reference"
    ADDRESS = "address"
    POSTCODE = "postcode"
    PHONE = "phone"
    EMAIL = "email"
    SCHOOL = "school"
    PLACE = "place"


LABELS: dict[Kind, str] = {kind: f"[{kind.value} removed]" for kind in Kind}
# The labels in a redacted text, for showing them (e.g. highlighted in a preview).
LABEL_PATTERN = re.compile("|".join(re.escape(label) for label in LABELS.values()))


@dataclass(frozen=True)
class Identifiers:
    """What identifies one child and their family. Any field may be empty."""

    names: tuple[str, ...] = ()  # the child's names, carers', siblings'
    dates_of_birth: tuple[date, ...] = ()
    references: tuple[str, ...] = ()  # crime reference, person reference
    addresses: tuple[tuple[str, ...], ...] = ()  # each address as its lines
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # other places tied to the child, e.g. the offence's
    # The service's own names (schemes, teams): never personal, kept whole; a town named in
    # one is not removed where it stands alone as a town line of an address.
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class Redaction:
    start: int
    end: int
    kind: Kind


# ---- folding ------------------------------------------------------------------------------

_SPECIAL = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ß": "ss",
    "ẞ": "ss",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
    "þ": "th",
    "ħ": "h",
    "ŧ": "t",
    "ŀ": "l",
}
_APOSTROPHES = frozenset("'’‘ʼ`´′ʻ‛")
_DASHES = frozenset("-‐‑‒–—―−﹣－")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DASHES:
        return "-"
    low = ch.casefold()
    if low in _SPECIAL:
        return _SPECIAL[low]
    bare = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return "".join(_SPECIAL.get(c, c) for c in bare.casefold())


def fold(text: str) -> str:
    """Case, accents, apostrophe and dash forms folded: 'Łukasz O’Brien' -> "lukasz o'brien"."""
    return "".join(_fold_char(ch) for ch in text)


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index it came from."""
    if text.isascii():  # the usual case, one character for one
        return text.lower().replace("`", "'"), list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


# Not preceded / followed by a letter or digit (an underscore or apostrophe is a boundary).
_B0 = r"(?<![^\W_])"
_B1 = r"(?![^\W_])"


def _no_space_script(word: str) -> bool:
    """Scripts written without spaces between words (Chinese, Japanese, Thai)."""
    return bool(word) and all(
        unicodedata.name(c, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI")) for c in word
    )


def _bounded(body: str, word: str) -> str:
    return body if _no_space_script(word) else f"{_B0}(?:{body}){_B1}"


# ---- word lists ---------------------------------------------------------------------------

# Everyday English words that are also first names, surnames or places: removed only where
# written with a capital ("Will said", not "she will"). Folded.
_COMMON_WORDS = """
    will may mark rose grace hope faith joy june april august summer dawn eve bill frank
    pat ray sue art amber ruby pearl jade holly ivy iris daisy lily heather crystal honey
    penny rob drew chase chance chip dean earl grant guy hunter jack mason miles rich
    rocky rusty sandy skip victor violet angel autumn brook brooke cliff dale glen lane
    young brown white black green grey gray long short king hill wood woods field fields
    hall page price cook baker turner walker parker fisher carpenter butcher
    bishop knight bird fox lamb rice bell bush stone moor marsh pool banks bank brook
    little small large rich strong sharp swift gold silver steel cash best good well
    love lord law day night north south east west street road lane park church chapel
    mill mills ford bridge cross gate hay holt may march reading bath sandwich over
    wells cheddar mole ware deal eye street send box slough march ash oak elm birch
    hazel willow heath moss reed rush bay cole cook judge may noble page pope porter
    post power rush sage sole spring stay storm summers town tower wise wild wolf worth
    """
COMMON_WORDS = frozenset(_COMMON_WORDS.split())
_PARTICLE_WORDS = """van von de der den da das di do dos du del della la le el al bin bint ibn
    ben mac mc st ap af y e o a"""
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
_TITLE_WORDS = "mr mrs ms miss mx dr prof sir dame rev"
_TITLES = frozenset(_TITLE_WORDS.split())
# Street types as written in full and short; the first is the full form.
_STREET_TYPES: tuple[tuple[str, ...], ...] = (
    ("road", "rd"),
    ("street", "st"),
    ("avenue", "ave", "av", "avn"),
    ("lane", "ln"),
    ("close", "cl"),
    ("drive", "dr", "drv"),
    ("court", "ct"),
    ("crescent", "cres", "cresc", "crs"),
    ("place", "pl"),
    ("gardens", "gdns", "gdn"),
    ("terrace", "terr", "tce"),
    ("square", "sq"),
    ("grove", "gro", "gr"),
    ("park", "pk"),
    ("parade", "pde"),
    ("estate", "est"),
    ("mews",),
    ("way",),
    ("walk", "wlk"),
    ("row",),
    ("rise",),
    ("hill",),
    ("green", "grn"),
    ("view",),
)
_STREET_TYPE = {v: t for t in _STREET_TYPES for v in t}
# Words of a school's name that say what kind of school it is, not which one.
_SCHOOL_KIND_WORDS = """school schools academy college primary secondary high grammar
    community church
    england ce c of e rc catholic roman infant infants junior juniors nursery upper lower
    middle free studio sixth form centre center learning pupil referral unit trust
    technology technical sports language science arts girls boys girls' boys' the and
    foundation voluntary aided controlled special educational needs sen send senior
    comprehensive prep preparatory independent international university utc pru federation
    all through mixed day"""
_SCHOOL_WORDS = frozenset(_SCHOOL_KIND_WORDS.split())


# ---- patterns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    kind: Kind
    proper_only: bool = False  # an everyday word: only where written with a capital
    word_start: bool = False  # must not follow a letter or digit


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['\-.][^\W_]+)*", fold(text))


def _phrase(words: Sequence[str], sep: str = r"[\s,]+") -> str:
    return sep.join(re.escape(w) for w in words)


_NAME_JOIN = r"[\s'\-.]?"  # O'Brien, O Brien, OBrien, O-Brien


def _name_word(word: str) -> str:
    return _NAME_JOIN.join(re.escape(p) for p in re.split(r"['\-.]+", word) if p)


def _name_rules(name: str) -> Iterator[_Rule]:
    words = [w for w in _words(name) if w.strip("'.-") not in _TITLES]
    if not words:
        return
    if len(words) > 1:  # the whole name, particles and all: "Ludwig van Beethoven"
        whole = r"\s+".join(_name_word(w) for w in words)
        yield _Rule(re.compile(_bounded(whole, words[0])), Kind.NAME)
    for word in words:
        parts = [p for p in re.split(r"['\-.]+", word) if p]
        candidates = [word] if len(parts) > 1 else []
        candidates += parts
        for part in candidates:
            bare = re.sub(r"['\-.]", "", part)
            if bare in _PARTICLES or (len(bare) < 2 and not _no_space_script(bare)):
                continue
            yield _Rule(
                re.compile(_bounded(_name_word(part), part)),
                Kind.NAME,
                proper_only=bare in COMMON_WORDS,
            )


def _street_type_pattern(word: str) -> str | None:
    variants = _STREET_TYPE.get(word.rstrip("."))
    if variants is None:
        return None
    return "(?:" + "|".join(sorted(variants, key=len, reverse=True)) + ")"


_NUMBER = r"(?:(?:flat|apartment|apt|unit|room)\s*[\w/]{1,8}[\s,]*)?(?:no\.?\s*)?\d{1,5}\s?[a-z]?"
_LEADING_NUMBER = re.compile(
    r"^(?:(?:flat|apartment|apt|unit|room)\s*[\w/]+[\s,]*)?(?:no\.?\s*)?"
    r"(?P<num>\d+\s?[a-z]?(?:[-/]\d+[a-z]?)?)(?![^\W_])[\s,]*(?P<rest>.*)$"
)
_POSTCODE = re.compile(
    r"(?<![^\W_])([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})(?![^\W_])",
)


def _postcode_rule(outward: str, inward: str) -> _Rule:
    chars = r"\s?".join(re.escape(c) for c in outward)
    tail = r"\s?".join(re.escape(c) for c in inward)
    return _Rule(re.compile(rf"{_B0}{chars}[\s\-]*{tail}{_B1}"), Kind.POSTCODE)


def _address_rules(
    lines: Iterable[str], kind: Kind, place_words: frozenset[str], *, towns: bool = True
) -> Iterator[_Rule]:
    """An address's lines (or a place's parts): each whole, the house number and street,
    the street with its type in any form; postcodes wherever they stand. ``towns`` False
    leaves out a part that is one word alone (the town of an offence)."""
    for line in lines:
        for piece in fold(line).split(","):
            for m in _POSTCODE.finditer(piece):
                yield _postcode_rule(m.group(1), m.group(2))
            piece = _POSTCODE.sub(" ", piece)
            words = _words(piece)
            if not words:
                continue
            number = _LEADING_NUMBER.match(" ".join(words))
            rest = _words(number.group("rest")) if number else words
            if not rest:
                continue
            if all(w in place_words for w in rest) and not number:
                continue  # a town the service's own names give ("Maidenhead")
            if len(rest) == 1 and not number and not towns:
                continue
            type_pattern = _street_type_pattern(rest[-1]) if len(rest) > 1 else None
            name = rest[:-1] if type_pattern else rest
            body = _phrase(name, r"\s+")
            street = f"{body}\\s*,?\\s*{type_pattern}" if type_pattern else body
            single = len(rest) == 1
            proper = single and rest[0] in COMMON_WORDS
            if number:
                num = re.escape(number.group("num")).replace(r"\ ", r"\s?")
                # "12 Windsor Road", "12, Windsor Rd", "Flat 2, 12 Windsor Road", "12 Windsor"
                yield _Rule(re.compile(rf"{_B0}(?:{_NUMBER}[\s,]+)?{num}[\s,]+{body}{_B1}"), kind)
                if not single:  # the street without its number: "Windsor Road"
                    yield _Rule(re.compile(rf"{_B0}(?:{_NUMBER}[\s,]+)?{street}{_B1}"), kind)
            else:  # a line of its own: "Kennet Close", "Thatcham", "Hillside Estate"
                yield _Rule(re.compile(rf"{_B0}(?:{_NUMBER}[\s,]+)?{street}{_B1}"), kind, proper)


def _school_rules(school: str, place_words: frozenset[str]) -> Iterator[_Rule]:
    words = [w for w in _words(school)]
    if not words:
        return

    def word_pattern(w: str) -> str:
        bare = w[:-2] if w.endswith("'s") else w
        if bare in ("st", "saint", "st."):
            return r"(?:saint|st\.?)"
        return _name_word(bare) + r"(?:'?s)?"

    whole = r"[\s,\-]*".join(word_pattern(w) for w in words)
    yield _Rule(re.compile(_bounded(whole, words[0])), Kind.SCHOOL)
    own = [w for w in words if w not in _SCHOOL_WORDS]
    if not own or own == words:
        return
    core = r"[\s\-]*".join(word_pattern(w) for w in own)
    kinds = "|".join(
        re.escape(k)
        for k in sorted(_SCHOOL_WORDS - {"the", "and", "c", "e", "of"}, key=len, reverse=True)
    )
    if all(w in place_words for w in own):
        # "Maidenhead College": the town stays, "Maidenhead College" and "Maidenhead
        # Academy" go.
        yield _Rule(re.compile(rf"{_B0}{core}(?:[\s\-]+(?:{kinds}))+{_B1}"), Kind.SCHOOL)
        return
    proper = len(own) == 1 and own[0] in COMMON_WORDS
    yield _Rule(re.compile(_bounded(core, own[0])), Kind.SCHOOL, proper)


def _email_rules(email: str) -> Iterator[_Rule]:
    e = fold(email.strip())
    if "@" not in e:
        return
    yield _Rule(re.compile(rf"{_B0}{re.escape(e)}{_B1}"), Kind.EMAIL)
    local = e.split("@", 1)[0]
    if len(local) >= 4 and re.search(r"[._\-+\d]", local):  # a handle: "zoe.obrien09"
        yield _Rule(re.compile(rf"{_B0}{re.escape(local)}{_B1}"), Kind.EMAIL)


# ---- dates --------------------------------------------------------------------------------

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_M = "(?P<m>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_Y = r"(?P<y>'?\d{4}|'?\d{2})"
_TSEP = r"[\s\-./,]*"
_NSEP = r"(?:\s*[./\-\\]\s*|\s+)"
# Anchored at a digit or at a word's start.
_DM = rf"(?P<d>\d{{1,2}})\s*{_ORD}(?:\s*of)?{_TSEP}{_M}"
_MD = rf"{_M}{_TSEP}(?P<d>\d{{1,2}})\s*{_ORD}"
# With the year, and (tried too, so that "20 Jan 15 times" is still found) without it.
_TEXTUAL = tuple(
    re.compile(p)
    for p in (
        rf"{_DM}{_TSEP}{_Y}{_B1}",
        rf"{_MD}{_TSEP}{_Y}{_B1}",
        rf"{_DM}{_B1}",
        rf"{_MD}{_B1}",
    )
)
_NUMERIC = re.compile(rf"(?P<a>\d{{1,4}}){_NSEP}(?P<b>\d{{1,2}}){_NSEP}(?P<c>'?\d{{1,4}})(?!\d)")
_COMPACT = re.compile(r"(?P<n>\d{6}|\d{8})(?!\d)")
_CUE = re.compile(
    rf"{_B0}(?:born|dob|d\.\s?o\.\s?b\.?|date\s+of\s+birth|birth\s*date|birthday)"
    r"[\s:,\-]*(?:(?:is|was|on|in|of|the)\s+)*"
)
_CUE_DAY_MONTH = re.compile(r"(?P<d>\d{1,2})\s*[./\-\\]\s*(?P<m>\d{1,2})(?![\d./\-\\])")
_CUE_MONTH_YEAR = re.compile(rf"{_M}{_TSEP}{_Y}{_B1}")
_CUE_NUM_MONTH_YEAR = re.compile(r"(?P<m>\d{1,2})\s*[./\-\\]\s*(?P<y>\d{4})(?!\d)")


# Where a date may start: a number, or a word beginning like a month's name.
_DATE_START = re.compile(
    r"(?<!\d)\d|(?<![^\W_])(?:" + "|".join(sorted({m[:3] for m in _MONTHS})) + ")"
)


def _year_is(text: str | None, dob: date) -> bool:
    if not text:
        return False
    digits = text.lstrip("'")
    return int(digits) == (dob.year if len(digits) == 4 else dob.year % 100)


def _month_of(text: str) -> int:
    return _MONTHS.get(text) or int(text)


class _DateFinder:
    def __init__(self, dates: Iterable[date]) -> None:
        self.dates = tuple(dict.fromkeys(dates))

    def find(self, folded: str) -> Iterator[tuple[int, int]]:
        if not self.dates:
            return
        for m in _DATE_START.finditer(folded):
            yield from self._at(folded, m.start())
        for cue in _CUE.finditer(folded):
            yield from self._after_cue(folded, cue.end())

    def _at(self, s: str, pos: int) -> Iterator[tuple[int, int]]:
        for pattern in _TEXTUAL:
            m = pattern.match(s, pos)
            if m and any(self._textual(m, d) for d in self.dates):
                yield m.start(), m.end()
        m = _NUMERIC.match(s, pos)
        if m and any(self._numeric(m, d) for d in self.dates):
            yield m.start(), m.end()
        m = _COMPACT.match(s, pos)
        if m and any(self._compact(m.group("n"), d) for d in self.dates):
            yield m.start(), m.end()

    @staticmethod
    def _textual(m: re.Match[str], dob: date) -> bool:
        if int(m.group("d")) != dob.day or _MONTHS[m.group("m")] != dob.month:
            return False
        year = m.groupdict().get("y")
        return year is None or _year_is(year, dob)

    @staticmethod
    def _numeric(m: re.Match[str], dob: date) -> bool:
        a, b, c = m.group("a"), m.group("b"), m.group("c")
        if len(a) == 4 and not c.startswith("'"):  # 2009-01-20
            return (int(a), int(b), int(c)) == (dob.year, dob.month, dob.day)
        if len(a) > 2 or len(c.lstrip("'")) not in (2, 4) or not _year_is(c, dob):
            return False
        # Day first as written here, or month first as in American dates.
        return (int(a), int(b)) in ((dob.day, dob.month), (dob.month, dob.day))

    @staticmethod
    def _compact(n: str, dob: date) -> bool:
        if len(n) == 8:
            return n in (f"{dob:%d%m%Y}", f"{dob:%Y%m%d}", f"{dob:%m%d%Y}")
        return n in (f"{dob:%d%m%y}", f"{dob:%y%m%d}")

    def _after_cue(self, s: str, pos: int) -> Iterator[tuple[int, int]]:
        m = _CUE_DAY_MONTH.match(s, pos)
        if m and any(
            (int(m.group("d")), int(m.group("m"))) in ((d.day, d.month), (d.month, d.day))
            for d in self.dates
        ):
            yield m.start(), m.end()
        for pattern in (_CUE_MONTH_YEAR, _CUE_NUM_MONTH_YEAR):
            m = pattern.match(s, pos)
            if m and any(
                _month_of(m.group("m")) == d.month and _year_is(m.group("y"), d) for d in self.dates
            ):
                yield m.start(), m.end()


def date_forms(d: date) -> list[str]:
    """Common ways of writing ``d`` (for tests and scans; finding does not rely on them)."""
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return [
        d.isoformat(),
        f"{d:%d/%m/%Y}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d:%d/%m/%y}",
        f"{d.day}/{d.month}/{d:%y}",
        f"{d:%d.%m.%Y}",
        f"{d.day}.{d.month}.{d.year}",
        f"{d:%d-%m-%Y}",
        f"{d.day} {d:%B %Y}",
        f"{d.day}{suffix} {d:%B %Y}",
        f"{d.day} {d:%b %Y}",
        f"{d:%d %B %Y}",
        f"{d:%B} {d.day} {d.year}",
        f"{d:%B} {d.day}{suffix}, {d.year}",
    ]


# ---- references and phone numbers ---------------------------------------------------------

_GROUP = re.compile(r"\d+|[^\W\d_]+")
_REF_GAP = re.compile(r"[\s/\\\-.:_#|]{0,3}")
_PHONE_GAP = re.compile(r"[\s\-./()]{0,4}")


def _groups(folded: str) -> list[re.Match[str]]:
    return list(_GROUP.finditer(folded))


def _runs(
    folded: str, groups: Sequence[re.Match[str]], gap: re.Pattern[str], limit: int
) -> Iterator[tuple[int, int]]:
    """Every (first, last) pair of groups joined only by short separators."""
    for i in range(len(groups)):
        j = i
        while True:
            yield i, j
            if j + 1 >= len(groups) or j - i + 1 >= limit:
                break
            if not gap.fullmatch(folded, groups[j].end(), groups[j + 1].start()):
                break
            j += 1


def _stripped(group: str) -> str:
    return (group.lstrip("0") or "0") if group.isdigit() else group


def _squashed_pattern(groups: Sequence[str]) -> str:
    """The groups run together, each number with any leading zeros or none."""
    return "".join(f"0*{_stripped(g)}" if g.isdigit() else re.escape(g) for g in groups)


class _ReferenceFinder:
    def __init__(self, references: Iterable[str]) -> None:
        squashed: list[str] = []  # every letter and digit, nothing between
        self.grouped: set[tuple[str, ...]] = set()  # group by group, leading zeros off
        self.exact_tail: set[str] = set()
        for ref in references:
            groups = [g.group() for g in _groups(fold(ref))]
            if not groups or len("".join(groups)) < 3:
                continue
            squashed.append(_squashed_pattern(groups))
            self.grouped.add(tuple(_stripped(g) for g in groups))
            if len(groups) >= 3:  # "26/0000024", "26/24": the force's number left off
                self.grouped.add(tuple(_stripped(g) for g in groups[-2:]))
                squashed.append(_squashed_pattern(groups[-2:]))
            if len(groups) >= 2 and groups[-1].isdigit() and len(groups[-1]) >= 5:
                self.exact_tail.add(groups[-1])  # "0000024", "000023"
        self.squashed = re.compile("|".join(squashed)) if squashed else None
        self.longest = max((len(g) for g in self.grouped), default=0)
        # Letter groups a reference may start with ("yp"): any other word starts none.
        self.letters = {g[0] for g in self.grouped if not g[0].isdigit()}

    def find(self, folded: str) -> Iterator[tuple[int, int]]:
        if self.squashed is None:
            return
        groups = _groups(folded)
        texts = [g.group() for g in groups]
        stripped = [_stripped(t) for t in texts]
        for i in range(len(groups)):
            if not texts[i].isdigit() and texts[i] not in self.letters:
                continue
            squashed = ""
            parts: tuple[str, ...] = ()
            for j in range(i, min(i + self.longest, len(groups))):
                if j > i and not _REF_GAP.fullmatch(folded, groups[j - 1].end(), groups[j].start()):
                    break
                squashed += texts[j]
                parts += (stripped[j],)
                if (
                    parts in self.grouped
                    or (i == j and squashed in self.exact_tail)
                    or (len(squashed) >= 4 and self.squashed.fullmatch(squashed))
                ):
                    yield groups[i].start(), groups[j].end()


def _national(digits: str) -> str:
    if digits.startswith("00"):
        digits = digits[2:]
        if digits.startswith("44"):
            digits = digits[2:]
    elif digits.startswith("44") and len(digits) >= 11:
        digits = digits[2:]
    return digits.lstrip("0")


class _PhoneFinder:
    def __init__(self, phones: Iterable[str]) -> None:
        self.numbers = {n for p in phones if len(n := _national(re.sub(r"\D", "", fold(p)))) >= 6}

    def find(self, folded: str) -> Iterator[tuple[int, int]]:
        if not self.numbers:
            return
        groups = [g for g in _groups(folded) if g.group().isdigit()]
        for i, j in _runs(folded, groups, _PHONE_GAP, 8):
            digits = "".join(g.group() for g in groups[i : j + 1])
            number = _national(digits)
            if number in self.numbers or (
                len(number) >= 9
                and any(n.endswith(number) and len(n) - len(number) <= 3 for n in self.numbers)
            ):
                start = groups[i].start()
                if start and folded[start - 1] == "+":
                    start -= 1
                yield start, groups[j].end()


# ---- the redactor -------------------------------------------------------------------------


def _matches(rule: _Rule, folded: str) -> Iterator[tuple[int, int]]:
    pos = 0
    while (m := rule.pattern.search(folded, pos)) is not None:
        a, b = m.span()
        pos = a + 1
        if b <= a or (rule.word_start and a and (folded[a - 1].isalnum())):
            continue
        pos = b
        yield a, b


class Redactor:
    """Finds one family's identifiers in free text and replaces them with labels."""

    def __init__(self, ids: Identifiers) -> None:
        keep = [k for k in ids.keep if k.strip()]
        self.place_words = frozenset(w for k in keep for w in _words(k))
        place_words = self.place_words
        rules: list[_Rule] = []
        for name in ids.names:
            rules += _name_rules(name)
        for address in ids.addresses:
            rules += _address_rules(address, Kind.ADDRESS, place_words)
        for school in ids.schools:
            rules += _school_rules(school, place_words)
        for place in ids.places:
            rules += _address_rules((place,), Kind.PLACE, place_words, towns=False)
        for email in ids.emails:
            rules += _email_rules(email)
        unique = {(r.pattern.pattern, r.kind): r for r in rules}.values()
        # A pattern that starts with a letter searches far faster than one that starts with
        # a look-behind, so the word's start is checked here instead (see _matches).
        self._rules = [
            _Rule(re.compile(r.pattern.pattern[len(_B0) :]), r.kind, r.proper_only, True)
            if r.pattern.pattern.startswith(_B0)
            else r
            for r in unique
        ]
        self._keep = [
            re.compile(_bounded(_phrase(ws, r"[\s,\-]+"), ws[0])) for k in keep if (ws := _words(k))
        ]
        self._dates = _DateFinder(ids.dates_of_birth)
        self._references = _ReferenceFinder(ids.references)
        self._phones = _PhoneFinder(ids.phones)
        # Long surnames and first names, for slips of a letter or two ("Papadopolous").
        self._fuzzy = sorted(
            {
                part
                for name in ids.names
                for part in re.split(r"[\s'\-.]+", fold(name))
                if len(part) >= 6 and part not in COMMON_WORDS and part.isalpha()
            }
        )

    def find(self, text: str) -> list[Redaction]:
        """The identifiers in ``text``, in order, never overlapping, as spans of ``text``."""
        folded, where = _fold_with_map(text)
        if not folded:
            return []
        found: list[tuple[int, int, Kind]] = []
        for rule in self._rules:
            for a, b in _matches(rule, folded):
                if rule.proper_only and not text[where[a]].isupper():
                    continue
                found.append((a, b, rule.kind))
        found += [(a, b, Kind.DATE_OF_BIRTH) for a, b in self._dates.find(folded)]
        found += [(a, b, Kind.REFERENCE) for a, b in self._references.find(folded)]
        found += [(a, b, Kind.PHONE) for a, b in self._phones.find(folded)]
        found += [(a, b, Kind.NAME) for a, b in self._near_names(text, folded, where)]
        kept = bytearray(len(folded))  # inside a scheme's or team's name: that stays whole
        for p in self._keep:
            for m in p.finditer(folded):
                kept[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        taken = bytearray(kept)
        chosen: list[tuple[int, int, Kind]] = []
        # Longest first: "12 Windsor Road" before "Windsor Road"; a date before its year.
        for a, b, kind in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
            if not any(taken[a:b]):
                chosen.append((a, b, kind))
                taken[a:b] = b"\x01" * (b - a)
        chosen.sort()
        return self._merged(text, [self._original(text, where, *c) for c in chosen])

    def _near_names(self, text: str, folded: str, where: list[int]) -> Iterator[tuple[int, int]]:
        if not self._fuzzy:
            return
        for m in re.finditer(r"[^\W\d_]{5,}", folded):
            word = m.group()
            if word in COMMON_WORDS or not text[where[m.start()]].isupper():
                continue
            for part in self._fuzzy:
                allowed = 1 if len(part) < 10 else 2
                if abs(len(part) - len(word)) > allowed:
                    continue
                if osa(word, part, allowed) <= allowed:
                    yield m.start(), m.end()
                    break

    @staticmethod
    def _original(text: str, where: list[int], a: int, b: int, kind: Kind) -> Redaction:
        start, end = where[a], where[b - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        return Redaction(start, end, kind)

    @staticmethod
    def _merged(text: str, spans: list[Redaction]) -> list[Redaction]:
        """Next-door spans of one kind, with only spaces between, as one: "[name removed]"
        for "Zoë O'Brien", not two labels."""
        out: list[Redaction] = []
        for r in spans:
            if out and out[-1].kind == r.kind and not text[out[-1].end : r.start].strip():
                out[-1] = Redaction(out[-1].start, r.end, r.kind)
            else:
                out.append(r)
        return out

    def redact(self, text: str) -> str:
        pieces, last = [], 0
        for r in self.find(text):
            pieces += [text[last : r.start], LABELS[r.kind]]
            last = r.end
        return "".join([*pieces, text[last:]])
