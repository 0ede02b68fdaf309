"""What a panel case summary shows, and its pseudonymised form."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ParentCarer:
    name: str
    relationship: str
    parental_responsibility: bool = False
    phone: str = ""
    email: str = ""
    address: tuple[str, ...] = ()  # only when it differs from the child's


@dataclass(frozen=True)
class ChecklistItem:
    """One eligibility test: e.g. "Age at offence in range", passed, "14 at offence"."""

    label: str
    passed: bool
    explanation: str = ""


@dataclass(frozen=True)
class AttendanceRow:
    date: date
    time: time | None
    session: str
    status: str  # a label such as "Attended" or "Did not attend"


@dataclass(frozen=True)
class LetterSent:
    date: date
    letter_type: str  # a label such as "Invitation to first appointment"


@dataclass(frozen=True)
class PanelCase:
    person_ref: str
    scheme_name: str
    panel_date: date
    practitioner_name: str
    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    age: int | None = None
    address: tuple[str, ...] = ()  # lines, the postcode last
    school: str = ""
    parents: tuple[ParentCarer, ...] = ()
    crime_reference: str = ""
    background: str = ""
    offence_date: date | None = None
    offence_place: str = ""
    substance: str = ""
    quantity: str = ""  # with its unit, e.g. "3.5 g"
    eligibility: tuple[ChecklistItem, ...] = ()
    crafft_score: int | None = None
    crafft_positive: bool | None = None
    safeguarding_notes: str = ""
    plan: tuple[str, ...] = ()
    attendance: tuple[AttendanceRow, ...] = ()
    letters: tuple[LetterSent, ...] = ()
    recommendation: str = ""
    pseudonymised: bool = False
    # The reference the panel knows the child by: for this panel only, printed nowhere else
    # (services/reports_pseudonym.py). A pseudonymised case shows it instead of person_ref.
    panel_ref: str = ""
    referral_date: date | None = None
    status: str = ""  # the referral's status now, e.g. "Completed"
    outcome: str = ""  # the police outcome recorded, e.g. "22: Diversionary, ..."; "" if none
    closed: bool = False  # the case is closed (completed, not engaged, withdrawn, declined)
    # Names of the service's schemes and teams: places and teams, not personal data. They are
    # never scrubbed, and a place named in them is kept where it stands alone.
    place_names: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


def pseudonymise(case: PanelCase) -> PanelCase:
    """The case with everything that identifies the child removed: names, date of birth,
    address, school, parents' details, crime reference, offence place, and the person
    reference (printed on every letter: the panel sees its own ``panel_ref`` instead). Free
    text is scrubbed of those words too. Age, offence date, referral date and status remain,
    and so do the names of schemes, teams and places that are not the family's address (see
    Scrubber)."""
    if case.pseudonymised:
        return case
    scrubber = Scrubber.for_case(case)
    blanked = dataclasses.replace(
        case,
        person_ref=case.panel_ref or "Withheld",
        first_name="",
        last_name="",
        preferred_name="",
        date_of_birth=None,
        address=(),
        school="",
        parents=(),
        crime_reference="",
        offence_place="",
        pseudonymised=True,
    )
    return _scrub_strings(blanked, scrubber, keep=_NOT_PERSONAL)


# Fields that never hold the child's details: the reference, and the service's own names.
_NOT_PERSONAL = frozenset(
    {"person_ref", "panel_ref", "scheme_name", "practitioner_name", "place_names", "status"}
)


def _scrub_strings(value: T, scrubber: Scrubber, keep: frozenset[str] = frozenset()) -> T:
    """Every string inside ``value`` (nested dataclasses and tuples too), scrubbed."""
    result: Any
    if isinstance(value, str):
        result = scrubber.scrub(value)
    elif isinstance(value, tuple):
        result = tuple(_scrub_strings(v, scrubber) for v in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _scrub_strings(getattr(value, f.name), scrubber)
            for f in dataclasses.fields(value)
            if f.name not in keep
        }
        result = dataclasses.replace(value, **changes)
    else:
        result = value
    return result


# Letters with no decomposition to a base letter, folded by hand so "Lukasz" finds "Łukasz".
_FOLD = str.maketrans("łŁøØđĐßæÆœŒıþÞðÐ", "lLoOdDsaAoOitTdD")
# Words too common to scrub on their own: "Road" or "School" in a note identifies nobody.
_GENERIC_WORDS = """road street avenue lane close way drive court crescent place gardens grove
    hill park square terrace view walk flat house cottage farm the and of upper lower north
    south east
    west new old school academy college primary secondary high community church england
    saint st ce rc of infant junior learning centre unit pupil referral mother father mum dad
    carer grandmother grandfather aunt uncle foster town city centre station bus"""
_GENERIC = frozenset(_GENERIC_WORDS.split())


def fold(text: str) -> str:
    """Lower-case, accents off, one character out for each character in (so spans map back)."""
    out = []
    for ch in unicodedata.normalize("NFC", text).translate(_FOLD):
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


def _phrase_pattern(term: str) -> str | None:
    words = fold(term).split()
    if not words:
        return None
    return r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"


def _date_forms(d: date) -> list[str]:
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return [
        d.isoformat(),
        f"{d:%d/%m/%Y}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d:%d/%m/%y}",
        f"{d:%d.%m.%Y}",
        f"{d:%d-%m-%Y}",
        f"{d.day} {d:%B %Y}",
        f"{d.day}{suffix} {d:%B %Y}",
        f"{d.day} {d:%b %Y}",
        f"{d:%d %B %Y}",
    ]


class Scrubber:
    """Finds a person's identifying words in free text and replaces them with a label.

    ``protected`` phrases (the scheme's and teams' names) are left exactly as they are, even
    where an identifying word falls inside one: "12 Windsor Road" is the family's address,
    "Windsor and Maidenhead deferred prosecution scheme" is not."""

    def __init__(self, rules: Iterable[tuple[str, str]], protected: Iterable[str] = ()) -> None:
        # Longest patterns first, so "12 Acacia Avenue" goes before "Acacia".
        self._rules = [
            (re.compile(p), label)
            for p, label in sorted(set(rules), key=lambda r: (-len(r[0]), r[0], r[1]))
        ]
        patterns = sorted(
            {p for name in protected if (p := _phrase_pattern(name))}, key=lambda p: -len(p)
        )
        self._protected = re.compile("|".join(patterns)) if patterns else None

    @classmethod
    def for_case(cls, case: PanelCase) -> Scrubber:
        rules: list[tuple[str, str]] = []
        protected = [n for n in (case.scheme_name, *case.place_names) if n.strip()]
        # Words of those names are places or teams ("Windsor", "Maidenhead"): where one
        # stands alone it says nothing the scheme's name does not, so it is not scrubbed as
        # part of an address or offence place. (A child's or parent's name is, always.)
        place_words = {fold(w) for name in protected for w in re.findall(r"\w+", name)}

        def add_words(
            text: str, label: str, *, whole: bool = True, keep: frozenset[str] = frozenset()
        ) -> None:
            if whole and (p := _phrase_pattern(text)):
                rules.append((p, label))
            for word in re.split(r"[\s,]+", text):
                word = re.sub(r"(?:['’]s)$", "", word.strip(".()"))
                parts = [word, *word.split("-")] if "-" in word else [word]
                for part in parts:
                    if len(part) < 2 or part.isdigit() or fold(part) in _GENERIC | keep:
                        continue
                    if p := _phrase_pattern(part):
                        rules.append((p, label))

        def add_place(text: str, label: str) -> None:
            """An address line or place: the whole of it and the street without its number
            ("Windsor Road" of "12 Windsor Road"); single words unless they are places the
            service's names already give. A line of such places only (a town) is kept."""
            if all(fold(w) in place_words for w in re.findall(r"\w+", text)):
                return
            street = re.sub(r"^\s*(?:flat\s+)?[\d/]+[a-z]?\b[\s,]*", "", text, flags=re.I)
            if street != text and len(street.split()) > 1:
                add_words(street, label, keep=frozenset(place_words))
            add_words(text, label, keep=frozenset(place_words))

        def add_address(lines: Iterable[str]) -> None:
            for line in lines:
                postcode = re.sub(r"\s+", "", line)
                if re.fullmatch(r"[A-Za-z]{1,2}\d[A-Za-z\d]?\d[A-Za-z]{2}", postcode):
                    outward, inward = fold(postcode[:-3]), fold(postcode[-3:])
                    rules.append((rf"(?<!\w){outward}\s*{inward}(?!\w)", "[postcode removed]"))
                else:
                    add_place(line, "[address removed]")

        for name in (case.first_name, case.last_name, case.preferred_name, case.full_name):
            add_words(name, "[name removed]")
        add_address(case.address)
        add_words(case.school, "[school removed]")
        add_place(case.offence_place, "[place removed]")
        if case.crime_reference:
            rules.append((re.escape(fold(case.crime_reference)), "[reference removed]"))
        if case.person_ref and not case.pseudonymised:  # letters print it: it links
            person_ref = re.escape(fold(case.person_ref))
            rules.append((rf"(?<!\w){person_ref}(?!\w)", "[reference removed]"))
        if case.date_of_birth:
            for form in _date_forms(case.date_of_birth):
                rules.append((rf"(?<!\w){re.escape(fold(form))}(?!\w)", "[date removed]"))
        for parent in case.parents:
            add_words(parent.name, "[name removed]")
            add_address(parent.address)
            if parent.email:
                rules.append((re.escape(fold(parent.email)), "[email removed]"))
            digits = re.sub(r"\D", "", parent.phone)
            if len(digits) >= 6:
                national = digits[2:] if digits.startswith("44") else digits.lstrip("0")
                spaced = r"[\s-]*".join(national)
                rules.append((rf"(?:\+\s*44\s*(?:\(0\))?\s*|0){spaced}(?!\d)", "[phone removed]"))
        return cls(rules, protected)

    def scrub(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        if self._protected is None:
            return self._scrub_part(text)
        # Scrub around the protected names, never inside them.
        pieces, last = [], 0
        for m in self._protected.finditer(fold(text)):
            pieces += [self._scrub_part(text[last : m.start()]), text[m.start() : m.end()]]
            last = m.end()
        return "".join([*pieces, self._scrub_part(text[last:])])

    def _scrub_part(self, text: str) -> str:
        for pattern, label in self._rules:
            folded = fold(text)
            pieces, last = [], 0
            for m in pattern.finditer(folded):
                pieces += [text[last : m.start()], label]
                last = m.end()
            if pieces:
                text = "".join([*pieces, text[last:]])
        return text
