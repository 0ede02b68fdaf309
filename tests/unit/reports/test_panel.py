"""Panel summaries: identifiable and pseudonymised PDFs, the pack, and pseudonymise()."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from yot_desktop.reports.data import PanelCase, pseudonymise
from yot_desktop.reports.panel import render_panel_pack, render_panel_summary

IDENTIFYING = [
    "Łukasz",
    "Nguyễn",
    "Siobhán",
    "Ağaoğlu",
    "Acacia",
    "RG19 4QF",
    "Thatcham",
    "1 March 2010",
    "01/03/2010",
    "Kennet Valley",
    "07700 900123",
    "07700 900 123",
    "siobhan.agaoglu@example.org",
    "43/12345/25",
    # The person reference is printed on every letter: a police member of the panel could
    # link it to the child (issue 15, point 10). The panel sees its own reference.
    "P-0042",
]


def pdf_pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def render(case: PanelCase, pseudonymised: bool) -> list[str]:
    out = io.BytesIO()
    render_panel_summary(case, out, pseudonymised=pseudonymised)
    return pdf_pages(out.getvalue())


def folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_identifiable_summary_shows_the_child(panel_case: PanelCase) -> None:
    text = folded("\n".join(render(panel_case, pseudonymised=False)))
    # Everything the pseudonymised version must not show is here, so that test can fail.
    for s in [*IDENTIFYING, "Łukasz Nguyễn", "Siobhán Ağaoğlu", "12 Acacia Avenue"]:
        assert folded(s) in text, s


def test_pseudonymised_summary_has_nothing_identifying(panel_case: PanelCase) -> None:
    pages = render(panel_case, pseudonymised=True)
    text = folded("\n".join(pages))
    for s in IDENTIFYING:
        assert folded(s) not in text, s
    # Folded forms a note might use are caught too.
    for s in ("Lukasz", "Nguyen", "Siobhan", "Agaoglu"):
        assert s.casefold() not in text, s
    assert "withheld" in text  # no panel reference given: none is made up
    assert "age 14" in text
    # The offence date is not an identifier, and the panel needs it (issue 15, point 12).
    assert "offence date 18 january 2025" in text
    assert "pseudonymised" in text


@pytest.mark.parametrize("pseudonymised", [False, True])
def test_every_page_is_marked_and_numbered(panel_case: PanelCase, pseudonymised: bool) -> None:
    pages = render(panel_case, pseudonymised)
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") == 2
        assert f"Page {number} of {len(pages)}" in page


def test_headings_in_order(panel_case: PanelCase) -> None:
    text = "\n".join(render(panel_case, pseudonymised=False))
    headings = [
        "Background",
        "Offence and substance",
        "Eligibility",
        "Screening",
        "Safeguarding",
        "Plan",
        "Attendance",
        "Letters sent",
        "Recommendation",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Did not attend" in text


def test_pseudonymise_keeps_reference_and_age_only(panel_case: PanelCase) -> None:
    p = pseudonymise(panel_case)
    assert (p.person_ref, p.age) == ("Withheld", 14)
    assert (p.first_name, p.last_name, p.preferred_name, p.school) == ("", "", "", "")
    assert p.date_of_birth is None
    assert p.offence_date == date(2025, 1, 18)
    assert (p.address, p.parents, p.crime_reference, p.offence_place) == ((), (), "", "")
    assert p.background.startswith("[name removed] lives with his mother [name removed]")
    assert "at [address removed], [postcode removed], and" in p.background
    assert "Born [date of birth removed]." in p.background
    assert "[phone removed]" in p.background
    assert p.eligibility[0].explanation == "[name removed] was 14 at the offence"
    assert p.safeguarding_notes.startswith("[name removed] family")
    assert p.plan[1] == "Family session with [name removed]"
    assert pseudonymise(p) == p


def test_scrubbing_leaves_ordinary_words(panel_case: PanelCase) -> None:
    p = pseudonymise(panel_case)
    assert p.plan[0] == "Assessment with Cranstoun"
    assert p.substance == "Cannabis"
    assert p.attendance == panel_case.attendance


def test_pack_has_agenda_then_each_case_on_a_new_page(panel_case: PanelCase) -> None:
    other = PanelCase(
        person_ref="P-0077",
        scheme_name="Windsor and Maidenhead",
        panel_date=date(2025, 3, 4),
        practitioner_name="Priya Shah",
        first_name="Zoë",
        last_name="O'Brien",
        age=15,
        recommendation="Close as completed. All sessions attended.",
    )
    calls: list[tuple[int, int]] = []
    out = io.BytesIO()
    render_panel_pack(
        date(2025, 3, 4),
        [panel_case, other],
        out,
        progress=lambda done, total: calls.append((done, total)),
        pseudonymised=False,
    )
    pages = pdf_pages(out.getvalue())
    assert "Agenda" in pages[0]
    assert "P-0042" in pages[0]
    assert "P-0077" in pages[0]
    assert "Zoë O'Brien" in pages[0]
    starts = [i for i, page in enumerate(pages) if "Item " in page and "case summary" in page]
    assert len(starts) >= 2
    assert "Item 1: panel case summary" in pages[1]
    assert any(page.find("Item 2: panel case summary") != -1 for page in pages[2:])
    assert calls == [(1, 2), (2, 2)]


def test_pack_is_pseudonymised_by_default(panel_case: PanelCase) -> None:
    out = io.BytesIO()
    render_panel_pack(date(2025, 3, 4), [panel_case], out)
    text = folded("\n".join(pdf_pages(out.getvalue())))
    for s in IDENTIFYING:
        assert folded(s) not in text, s


def test_empty_pack(panel_case: PanelCase) -> None:
    out = io.BytesIO()
    render_panel_pack(date(2025, 3, 4), [], out)
    assert "No cases are listed" in pdf_pages(out.getvalue())[0]


def test_the_panel_sees_its_own_reference_never_the_person_reference(
    panel_case: PanelCase,
) -> None:
    """Issue 15, point 10: the pseudonymised summary and pack show the panel's reference;
    the person reference (on every letter) is gone, from free text too."""
    case = dataclasses.replace(
        panel_case,
        panel_ref="KX4T9Q",
        recommendation="Continue: P-0042 has engaged well (letters to P-0042 went out).",
    )
    text = folded("\n".join(render(case, pseudonymised=True)))
    assert "p-0042" not in text
    assert "panel reference kx4t9q" in text
    assert "[reference removed] has engaged well" in text
    out = io.BytesIO()
    render_panel_pack(date(2025, 3, 4), [case], out)
    pack = folded("\n".join(pdf_pages(out.getvalue())))
    assert "p-0042" not in pack and "kx4t9q" in pack
    # Identifiable, both show, so the practitioner can follow the panel's discussion.
    shown = folded("\n".join(render(case, pseudonymised=False)))
    assert "person reference p-0042 (panel reference kx4t9q)" in shown


@pytest.mark.parametrize("pseudonymised", [False, True])
def test_the_summary_says_where_the_case_stands(panel_case: PanelCase, pseudonymised: bool) -> None:
    """Issue 15, point 12: status or outcome now, referral date and offence date; a closed
    case never reads 'Not screened yet'."""
    closed = dataclasses.replace(
        panel_case,
        referral_date=date(2025, 1, 20),
        status="Completed",
        outcome="22: Diversionary, educational or intervention activity",
        closed=True,
        crafft_score=None,
        crafft_positive=None,
    )
    text = folded("\n".join(render(closed, pseudonymised)))
    assert (
        "status now completed (police outcome 22: diversionary, educational or intervention "
        "activity)" in text
    )
    assert "referral date 20 january 2025" in text
    assert "offence date 18 january 2025" in text
    assert "not screened yet" not in text
    assert "no screening was recorded for this referral. the case is closed: completed" in text
    open_case = dataclasses.replace(closed, status="In programme", outcome="", closed=False)
    text = folded("\n".join(render(open_case, pseudonymised)))
    assert "status now in programme" in text and "not screened yet" in text
