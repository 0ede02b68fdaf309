"""Issue 12, point 2: every free-text field of a pseudonymised case, and the summary and pack
made from it, hold none of the child's or family's identifiers in the forms people write
them ('PAPADOPOULOS', 'born 20/1/09', 'ref 43-26-0000024', '43/26/24', part addresses)."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

from pypdf import PdfReader

from yot_desktop.reports.data import ChecklistItem, PanelCase, ParentCarer, pseudonymise
from yot_desktop.reports.panel import render_panel_pack, render_panel_summary

SCHEME = "West Berkshire youth drug diversion"
WORDS = (
    "PAPADOPOULOS (born 20/1/09, DOB 20th Jan 2009, ref 43-26-0000024 or 43/26/24, YP42) "
    "lives at 12 Windsor Rd, sl6 1ab, with his mum MARIA (call +44 7700 900-123, "
    "maria.p@example.org); leo's school is Furze Platt. Seen at Reading station."
)
LEAKS = (
    "papadopoulos",
    "20/1/09",
    "20th jan 2009",
    "43-26-0000024",
    "43/26/24",
    "yp42",
    "windsor rd",
    "sl6 1ab",
    "maria",
    "7700 900-123",
    "maria.p@example.org",
    "furze platt",
    "leo",
)


def case() -> PanelCase:
    return PanelCase(
        person_ref="YP000042",
        scheme_name=SCHEME,
        panel_date=date(2026, 3, 4),
        practitioner_name="Priya Practitioner",
        first_name="Leo",
        last_name="Papadopoulos",
        date_of_birth=date(2009, 1, 20),
        age=17,
        address=("12 Windsor Road", "Maidenhead", "SL6 1AB"),
        school="Furze Platt Senior School",
        parents=(
            ParentCarer(
                "Maria Papadopoulos",
                "Mother",
                True,
                phone="07700 900123",
                email="maria.p@example.org",
            ),
        ),
        crime_reference="43/26/0000024",
        background=WORDS,
        eligibility=(ChecklistItem("Age at offence in range", True, WORDS),),
        safeguarding_notes=WORDS,
        plan=(f"Family session: {WORDS}",),
        recommendation=WORDS,
        place_names=(SCHEME,),
    )


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [s for v in value for s in strings(v)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    return []


def flat(text: str) -> str:
    return " ".join(text.casefold().split())


def test_no_free_text_field_keeps_any_form_of_an_identifier() -> None:
    p = pseudonymise(case())
    texts = [flat(s) for s in strings(p)]
    for leak in LEAKS:
        assert not [t for t in texts if re.search(rf"(?<!\w){re.escape(leak)}(?!\w)", t)], leak
    assert p.recommendation == (
        "[name removed] (born [date of birth removed], DOB [date of birth removed], ref "
        "[reference removed] or [reference removed], [reference removed]) lives at "
        "[address removed], [postcode removed], with his mum [name removed] (call "
        "[phone removed], [email removed]); [name removed]'s school is [school removed]. "
        "Seen at Reading station."
    )


def test_the_summary_and_the_pack_hold_none_of_it() -> None:
    for render in ("summary", "pack"):
        out = io.BytesIO()
        if render == "summary":
            render_panel_summary(case(), out, pseudonymised=True)
        else:
            render_panel_pack(date(2026, 3, 4), [case()], out)
        text = flat("\n".join(p.extract_text() for p in PdfReader(out).pages))
        for leak in LEAKS:
            assert not re.search(rf"(?<!\w){re.escape(leak)}(?!\w)", text), (render, leak)
        assert "seen at reading station" in text
