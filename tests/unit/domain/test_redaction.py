"""Issue 12, point 2: a child's and family's identifiers never survive into pseudonymised free
text, however they are written, and places that are not the family's address stay.

The property tests write each identifier the ways people do (any case, accents on or off,
other separators, dates in other formats, shortened references, part addresses), put it in a
sentence of ordinary words and place names with punctuation around it, and check that:

- nothing of it is left: no word of it, and not its letters and digits run together either
  (the sentence's other words hold no digits, month names or name parts to confuse that);
- every place name of the sentence that is not the family's address is still there.

How many variants each test tried is printed at the end (run with -s).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yot_desktop.domain.redaction import (
    COMMON_WORDS,
    LABELS,
    Identifiers,
    Kind,
    Redactor,
    fold,
)

TRIED: Counter[str] = Counter()
EXAMPLES = 400

SCHEME = "Windsor and Maidenhead deferred prosecution scheme"
TEAM = "West Berkshire Youth Offending Team"
# Places that are not the family's: each must survive wherever it stands.
PLACES = (
    "Reading",
    "Windsor",
    "Slough",
    "Bracknell",
    "Newbury",
    "Wokingham",
    "Oxford",
    "Henley",
    "Marlow",
    "Ascot",
    "Basingstoke",
    "High Wycombe",
    "Maidenhead",
)
# Ordinary words: no digits, no month names, none of the family's names or streets.
FILLER_WORDS = (
    "seen at the station on Friday with her mum and the worker who spoke calmly about "
    "cannabis use after school hours agreed plan near youth club bus town centre shop "
    "said would attend sessions next week referral officer panel offer programme"
)
FILLER = FILLER_WORDS.split()

# (first name, surname): Latin with and without accents, apostrophes, double-barrelled and
# hyphenated names, Greek and Cyrillic.
FAMILIES = (
    ("Leo", "Papadopoulos"),
    ("Łukasz", "Nguyễn"),
    ("Zoë", "O'Brien"),
    ("Siobhán", "Ağaoğlu"),
    ("Anna-Maria", "Smith-Jones"),
    ("Dmitriy", "Иванов"),
    ("Αλέξανδρος", "Παπαδόπουλος"),
    ("Chiamaka", "Okonkwo-Adeyemi"),
    ("Björn", "Åström"),
)
STREETS = ("Acacia", "Kennet", "Larkspur", "Foxglove", "Rowan Tree", "Cherwell")
TYPES = {
    "Road": ("Road", "Rd", "ROAD", "rd."),
    "Avenue": ("Avenue", "Ave", "Av"),
    "Close": ("Close", "Cl"),
    "Street": ("Street", "St"),
    "Crescent": ("Crescent", "Cres"),
    "Gardens": ("Gardens", "Gdns"),
}
TOWNS = ("Thatcham", "Cookham", "Tilehurst", "Burghfield Common")
SCHOOLS = ("Kennet School", "St Bartholomew's Academy", "Trevelyan Middle School")


def squash(text: str) -> str:
    return "".join(re.findall(r"[^\W_]+", fold(text)))


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def leaks(text: str, forms: set[str]) -> set[str]:
    """Forms (squashed) found in ``text``: as a word, or as words run together."""
    ws = words(text)
    found = set()
    for i in range(len(ws)):
        for k in range(1, 6):
            joined = "".join(ws[i : i + k])
            if joined in forms:
                found.add(joined)
    return found


def place_counts(text: str) -> Counter[str]:
    return Counter(
        p for p in PLACES for _ in re.finditer(rf"(?<![^\W_]){re.escape(p)}(?![^\W_])", text)
    )


def strip_accents(text: str) -> str:
    special = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i"})
    decomposed = unicodedata.normalize("NFKD", text.translate(special))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@st.composite
def random_case(draw: st.DrawFn, text: str) -> str:
    how = draw(st.sampled_from(["as is", "upper", "lower", "title", "random"]))
    if how == "random":
        flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
        return "".join(c.upper() if f else c.lower() for c, f in zip(text, flips, strict=True))
    return {"as is": text, "upper": text.upper(), "lower": text.lower(), "title": text.title()}[how]


@st.composite
def in_a_sentence(draw: st.DrawFn, variant: str) -> str:
    """``variant`` among ordinary words and place names, with punctuation around it."""
    before = draw(st.lists(st.sampled_from(FILLER + list(PLACES)), max_size=6))
    after = draw(st.lists(st.sampled_from(FILLER + list(PLACES)), max_size=6))
    left = draw(st.sampled_from(["", "(", '"', "“", "[", "‘", "'", "-", "/"]))
    right = draw(st.sampled_from(["", ".", ",", ";", ":", "!", "?", ")", '"', "”", "’", "'s"]))
    return " ".join([*before, f"{left}{variant}{right}", *after])


def family_ids(first: str, last: str, **more: object) -> Identifiers:
    fields: dict[str, object] = {
        "names": (first, last, f"{first} {last}", "Margaret Papadopoulos-Kelly"),
        "keep": (SCHEME, TEAM),
    }
    fields.update(more)
    return Identifiers(**fields)  # type: ignore[arg-type]


def check(ids: Identifiers, sentence: str, forms: set[str], gone: set[str]) -> str:
    """Redact; nothing of ``forms`` (squashed) or the words ``gone`` is left, places stay."""
    out = Redactor(ids).redact(sentence)
    assert not leaks(out, forms), (sentence, out)
    assert not gone & set(words(out)), (sentence, out)
    assert place_counts(out) == place_counts(sentence), (sentence, out)
    return out


@pytest.fixture(scope="module", autouse=True)
def report_variants() -> Iterator[None]:
    yield
    print(f"\nRedaction variants tried: {sum(TRIED.values())} in all; {dict(TRIED)}")


# ---- names ------------------------------------------------------------------------------


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), family=st.sampled_from(FAMILIES), which=st.sampled_from(["first", "last"]))
def test_a_name_never_survives_in_any_case_or_script(
    data: st.DataObject, family: tuple[str, str], which: str
) -> None:
    first, last = family
    name = first if which == "first" else last
    written = data.draw(st.sampled_from([name, strip_accents(name)]))
    written = data.draw(random_case(written))
    # Apostrophes and hyphens as people type them, or left out.
    written = written.replace("'", data.draw(st.sampled_from(["'", "’", "", " "])))
    if "-" in written:
        part = data.draw(st.sampled_from(["whole", "first", "second", "dash", "space"]))
        a, b = written.split("-", 1)
        written = {"whole": written, "first": a, "second": b, "dash": f"{a}–{b}"}.get(
            part, f"{a} {b}"
        )
    sentence = data.draw(in_a_sentence(written))
    parts = {squash(p) for p in re.split(r"[\s'\-]+", name) if len(p) >= 2}
    # None is an everyday word ("Will", "Young"): those go only with a capital (tested below).
    assert not parts & COMMON_WORDS
    check(family_ids(first, last), sentence, parts | {squash(name)}, parts)
    TRIED["names"] += 1


# ---- dates of birth ---------------------------------------------------------------------

MONTHS = [date(2001, m, 1).strftime("%B") for m in range(1, 13)]


@st.composite
def date_written(draw: st.DrawFn, d: date) -> str:
    day = draw(st.sampled_from([str(d.day), f"{d.day:02d}"]))
    month = draw(st.sampled_from([str(d.month), f"{d.month:02d}"]))
    year = draw(st.sampled_from([str(d.year), f"{d.year % 100:02d}"]))
    sep = draw(st.sampled_from(["/", "-", ".", " ", " / ", "\\"]))
    name = MONTHS[d.month - 1]
    month_name = draw(st.sampled_from([name, name[:3], name[:3] + "."]))
    month_name = draw(random_case(month_name))
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    ordinal = draw(st.sampled_from([str(d.day), f"{d.day}{suffix}", f"{d.day}{suffix.upper()}"]))
    form = draw(
        st.sampled_from(
            [
                f"{day}{sep}{month}{sep}{year}",  # 20/1/09, 20-01-2009, 20.1.2009
                f"{d.year}-{d.month:02d}-{d.day:02d}",  # 2009-01-20
                f"{d.year}{sep}{month}{sep}{day}",
                f"{ordinal} {month_name} {d.year}",  # 20th January 2009
                f"{ordinal} of {month_name}, {year}",
                f"{month_name} {ordinal} {d.year}",  # January 20 2009
                f"{month_name} {ordinal}, {year}",
                f"{day}-{month_name}-{year}",
                f"{ordinal} {month_name}",  # the day and month alone
                f"{d:%d%m%Y}",
                f"{month}/{day}/{year}",  # month first, as in American dates
            ]
        )
    )
    return draw(st.sampled_from([form, f"born {form}", f"DOB: {form}", f"d.o.b. {form}"]))


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), dob=st.dates(date(1995, 1, 1), date(2020, 12, 31)))
def test_a_date_of_birth_never_survives_in_any_common_format(
    data: st.DataObject, dob: date
) -> None:
    written = data.draw(date_written(dob))
    sentence = data.draw(in_a_sentence(written))
    months = {fold(m) for m in MONTHS} | {fold(m[:3]) for m in MONTHS} | {"sept"}
    digits = {w for w in words(written) if w.isdigit() or w.rstrip("stndrh").isdigit()}
    out = check(family_ids("Leo", "Papadopoulos", dates_of_birth=(dob,)), sentence, set(), set())
    left = set(words(out))
    assert not left & (months | digits), (sentence, out)
    assert not any(w.isdigit() for w in left), (sentence, out)
    assert LABELS[Kind.DATE_OF_BIRTH] in out
    TRIED["dates of birth"] += 1


def test_a_date_that_is_not_the_birthday_stays() -> None:
    r = Redactor(family_ids("Leo", "Papadopoulos", dates_of_birth=(date(2009, 1, 20),)))
    text = "Seen on 21/1/09 and 20/2/2009; panel on 4 March 2026; offence on 2009-02-20."
    assert r.redact(text) == text


# ---- crime and person references --------------------------------------------------------


@st.composite
def reference_written(draw: st.DrawFn, force: int, year: int, number: int) -> tuple[str, str]:
    """(the reference as held, as written)."""
    held = f"{force}/{year:02d}/{number:07d}"
    sep = draw(st.sampled_from(["/", "-", " ", "", ".", " / ", "\\"]))
    num = draw(st.sampled_from([f"{number:07d}", str(number), f"{number:05d}"]))
    yy = f"{year:02d}"
    written = draw(
        st.sampled_from(
            [
                f"{force}{sep}{yy}{sep}{num}",  # 43-26-0000024, 43/26/24, 43 26 24
                f"{force}{sep}{yy}{sep}{number:07d}".replace(sep, ""),  # 43260000024
                f"{yy}{sep or '/'}{num}",  # 26/0000024: the force's number left off
                f"{number:07d}",  # 0000024 alone
            ]
        )
    )
    return held, written


@st.composite
def person_ref_written(draw: st.DrawFn, number: int) -> tuple[str, str]:
    held = f"YP{number:06d}"
    letters = draw(random_case("YP"))
    sep = draw(st.sampled_from(["", " ", "-", "/", "."]))
    num = draw(st.sampled_from([f"{number:06d}", str(number), f"{number:04d}"]))
    return held, f"{letters}{sep}{num}"


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    data=st.data(),
    force=st.integers(10, 99),
    year=st.integers(0, 99),
    number=st.integers(1, 9_999_999),
    person=st.integers(1, 999_999),
)
def test_a_reference_never_survives_in_any_spelling(
    data: st.DataObject, force: int, year: int, number: int, person: int
) -> None:
    crime_held, crime_written = data.draw(reference_written(force, year, number))
    person_held, person_written = data.draw(person_ref_written(person))
    written = data.draw(st.sampled_from([crime_written, person_written]))
    if written == f"{number:07d}":
        assume(number >= 10_000 or written.startswith("0"))  # a tail long enough to tell
    sentence = data.draw(in_a_sentence(f"ref {written}"))
    ids = family_ids("Leo", "Papadopoulos", references=(crime_held, person_held))
    forms = {squash(written), squash(crime_held), squash(person_held)}
    out = check(ids, sentence, forms, set())
    assert not any(any(c.isdigit() for c in w) for w in words(out)), (sentence, out)
    assert LABELS[Kind.REFERENCE] in out
    TRIED["references"] += 1


# ---- addresses, postcodes, phones, emails, school ---------------------------------------


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    data=st.data(),
    number=st.integers(1, 399),
    street=st.sampled_from(STREETS),
    kind=st.sampled_from(sorted(TYPES)),
    town=st.sampled_from(TOWNS),
    postcode=st.sampled_from(["SL6 1AB", "RG19 4QF", "OX1 2JD", "W1A 0AX", "RG4 7XY"]),
)
def test_an_address_or_any_part_of_it_never_survives(
    data: st.DataObject, number: int, street: str, kind: str, town: str, postcode: str
) -> None:
    line = f"{number} {street} {kind}"
    written_kind = data.draw(st.sampled_from(TYPES[kind]))
    comma = data.draw(st.sampled_from(["", ","]))
    outward, inward = postcode.split()
    postcode_written = data.draw(
        st.sampled_from([postcode, f"{outward}{inward}", f"{outward}  {inward}"])
    )
    written = data.draw(
        st.sampled_from(
            [
                f"{number}{comma} {street} {written_kind}",  # house number and street
                f"{street} {written_kind}",  # the street alone
                f"Flat 2, {number} {street} {written_kind}",
                f"{number} {street}",  # the number and the street's name
                town,  # the town line
                postcode_written,
                f"{number} {street} {written_kind}, {town} {postcode_written}",
            ]
        )
    )
    written = data.draw(random_case(written))
    sentence = data.draw(in_a_sentence(written))
    ids = family_ids(
        "Leo", "Papadopoulos", addresses=((line, "Flat 2" if number % 2 else "", town, postcode),)
    )
    forms = {squash(written), squash(postcode), squash(f"{street} {kind}")}
    gone = {fold(w) for w in (*street.split(), *town.split(), outward, inward)}
    if written.casefold() == town.casefold():
        gone = {fold(w) for w in town.split()}
    elif fold(written) in (fold(f"{street} {written_kind}"), fold(f"{number} {street}")):
        gone = {fold(street.split()[-1])}
    check(ids, sentence, forms, gone)
    TRIED["addresses and postcodes"] += 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), digits=st.text("0123456789", min_size=9, max_size=9))
def test_a_phone_number_never_survives_however_written(data: st.DataObject, digits: str) -> None:
    held = f"07{digits}"
    national = held[1:]
    a, b = national[:4], national[4:]
    written = data.draw(
        st.sampled_from(
            [
                held,
                f"0{a} {b}",
                f"0{a}-{b[:3]}-{b[3:]}",
                f"+44 {a} {b}",
                f"+44 (0){a} {b}",
                f"+44-{a}-{b}",
                f"0044 {a} {b}",
                f"(0{a}) {b[:3]} {b[3:]}",
                f"0{a}.{b}",
            ]
        )
    )
    sentence = data.draw(in_a_sentence(f"call {written}"))
    held_as = data.draw(st.sampled_from([held, f"+44{national}"]))
    ids = family_ids("Leo", "Papadopoulos", phones=(held_as,))
    out = check(ids, sentence, {squash(written), national}, set())
    assert not any(any(c.isdigit() for c in w) for w in words(out)), (sentence, out)
    TRIED["phones"] += 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), local=st.sampled_from(["zoe.obrien09", "siobhan_agaoglu", "mum4leo"]))
def test_an_email_never_survives(data: st.DataObject, local: str) -> None:
    held = f"{local}@example.org"
    written = data.draw(random_case(data.draw(st.sampled_from([held, f"mailto:{held}", local]))))
    sentence = data.draw(in_a_sentence(written))
    out = check(family_ids("Leo", "Papadopoulos", emails=(held,)), sentence, {squash(local)}, set())
    assert "@" not in out and fold(local) not in fold(out)
    TRIED["emails"] += 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), school=st.sampled_from(SCHOOLS))
def test_a_school_never_survives_whole_or_by_its_own_name(data: st.DataObject, school: str) -> None:
    own = [w for w in school.replace("'s", "").split() if w not in ("School", "Academy", "Middle")]
    written = data.draw(
        st.sampled_from([school, " ".join(own), school.replace("St ", "Saint "), school + "'s"])
    )
    written = data.draw(random_case(written))
    sentence = data.draw(in_a_sentence(written))
    gone = {fold(w) for w in own if w != "St"}
    check(family_ids("Leo", "Papadopoulos", schools=(school,)), sentence, set(), gone)
    TRIED["schools"] += 1


# ---- what the issue saw, and what stays -------------------------------------------------


def leo() -> Redactor:
    return Redactor(
        Identifiers(
            names=("Leo", "Papadopoulos", "Maria Papadopoulos"),
            dates_of_birth=(date(2009, 1, 20),),
            references=("43/26/0000024", "YP000023"),
            addresses=(("12 Windsor Road", "Maidenhead", "SL6 1AB"),),
            phones=("07700 900123",),
            emails=("maria.p@example.org",),
            schools=("Furze Platt Senior School",),
            keep=(SCHEME, TEAM),
        )
    )


def test_what_the_issue_saw_is_redacted() -> None:
    text = (
        "PAPADOPOULOS (born 20/1/09, ref 43-26-0000024, also 43/26/24, YP23) lives at "
        "12 Windsor Rd with his mum Maria; Leo's school is Furze Platt. Seen at Reading "
        f"station and in Windsor; the {SCHEME} applies."
    )
    assert leo().redact(text) == (
        "[name removed] (born [date of birth removed], ref [reference removed], also "
        "[reference removed], [reference removed]) lives at [address removed] with his mum "
        "[name removed]; [name removed]'s school is [school removed]. Seen at Reading station "
        f"and in Windsor; the {SCHEME} applies."
    )


def test_the_town_of_the_family_goes_and_other_towns_stay() -> None:
    r = Redactor(Identifiers(addresses=(("3 Kennet Close", "Reading", "RG1 2AB"),)))
    assert r.redact("Lives in Reading; seen in Slough; enjoys reading.") == (
        "Lives in [address removed]; seen in Slough; enjoys reading."
    )


def test_an_everyday_word_that_is_a_name_goes_only_with_a_capital() -> None:
    r = Redactor(Identifiers(names=("Will Young",)))
    assert r.redact("Will said he will attend; a young person; WILL YOUNG.") == (
        "[name removed] said he will attend; a young person; [name removed]."
    )


def test_a_long_name_with_a_slip_in_it_is_still_a_name() -> None:
    assert leo().redact("Papadopolous and Papadopoulous agreed; papers.") == (
        "[name removed] and [name removed] agreed; papers."
    )


def test_hidden_characters_do_not_hide_a_name() -> None:
    assert leo().redact("Papa\u200bdopoulos and L\u00adeo") == "[name removed] and [name removed]"


def test_redactions_are_reported_as_spans_of_the_text() -> None:
    text = "Zoë’s DOB is 20.01.2009"
    r = Redactor(Identifiers(names=("Zoë",), dates_of_birth=(date(2009, 1, 20),)))
    found = r.find(text)
    assert [(text[f.start : f.end], f.kind) for f in found] == [
        ("Zoë", Kind.NAME),
        ("20.01.2009", Kind.DATE_OF_BIRTH),
    ]
