"""Redaction of free text (issue 12, point 2): how long it takes.

    uv run python tests/benchmarks/bench_redaction.py

Prints the median time to build one family's Redactor, to redact a recommendation at its
longest (4,000 characters) written plainly and written thick with identifiers, to
pseudonymise a whole panel case (every free-text field), and to get through hostile text.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date

from yot_desktop.domain.redaction import Identifiers, Redactor
from yot_desktop.reports.data import ChecklistItem, PanelCase, ParentCarer, pseudonymise
from yot_desktop.services.intake.panel_recommendations import MAX_LENGTH

IDS = Identifiers(
    names=("Leo", "Papadopoulos", "Leo Papadopoulos", "Maria Papadopoulos"),
    dates_of_birth=(date(2009, 1, 20),),
    references=("43/26/0000024", "YP000023"),
    addresses=(("12 Windsor Road", "Maidenhead", "SL6 1AB"), ("4 Kennet Close", "RG19 4QF")),
    phones=("07700 900123",),
    emails=("maria.p@example.org",),
    schools=("Furze Platt Senior School",),
    places=("Railway station, Maidenhead",),
    keep=("Windsor and Maidenhead deferred prosecution scheme",),
)
PLAIN_WORDS = (
    "He has been open about using cannabis with friends after school and agreed to attend "
    "the sessions; his mother will bring him and the worker will meet them at the office. "
)
PLAIN = PLAIN_WORDS.split()
THICK_WORDS = (
    "Leo was seen on 20/1/09 at 12 Windsor Rd with Maria; call 07700 900 123; ref 43/26/24. "
    "PAPADOPOULOS said he will attend in Reading next week, YP23, sl6 1ab, 20th January 2009."
)
THICK = THICK_WORDS.split()


def timed(label: str, fn: Callable[[], object], runs: int = 20) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label}: median {statistics.median(times):.2f} ms of {runs}")


def text_of(words: list[str]) -> str:
    rng = random.Random(1)
    out = ""
    while len(out) < MAX_LENGTH:
        out += rng.choice(words) + " "
    return out[:MAX_LENGTH]


def main() -> None:
    timed("Build one family's Redactor", lambda: Redactor(IDS), runs=200)
    redactor = Redactor(IDS)
    plain, thick = text_of(PLAIN), text_of(THICK)
    timed(f"Redact {len(plain):,} characters of plain words", lambda: redactor.redact(plain))
    found = len(redactor.find(thick))
    timed(
        f"Redact {len(thick):,} characters thick with identifiers ({found} found)",
        lambda: redactor.redact(thick),
    )
    note = " ".join(THICK)
    case = PanelCase(
        person_ref="YP000023",
        scheme_name="Windsor and Maidenhead deferred prosecution scheme",
        panel_date=date(2026, 3, 4),
        practitioner_name="Priya Practitioner",
        first_name="Leo",
        last_name="Papadopoulos",
        date_of_birth=date(2009, 1, 20),
        address=("12 Windsor Road", "Maidenhead", "SL6 1AB"),
        school="Furze Platt Senior School",
        parents=(ParentCarer("Maria Papadopoulos", "Mother", True, "07700 900123"),),
        crime_reference="43/26/0000024",
        background=note,
        eligibility=tuple(ChecklistItem(f"Check {i}", True, note) for i in range(6)),
        safeguarding_notes=note,
        plan=(note, note),
        recommendation=text_of(PLAIN),
    )
    timed("Pseudonymise one panel case (every free-text field)", lambda: pseudonymise(case))
    # Hostile text: nothing may take seconds (a run of 4,000 digits once took 6.5 s).
    for label, text in (
        ("4,000 digits", "4" * 4000),
        ("'1 ' x 2,000", "1 " * 2000),
        ("'43/26/' x 660", "43/26/" * 660),
        ("'flat 1, ' x 500", "flat 1, " * 500),
        ("'+44 (0) ' x 500", "+44 (0) " * 500),
    ):
        timed(f"Hostile text: {label}", lambda text=text: redactor.redact(text), runs=3)


if __name__ == "__main__":
    main()
