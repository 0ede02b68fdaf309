"""Panel case summaries and the panel pack, as A4 PDFs marked OFFICIAL-SENSITIVE."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from yot_desktop.reports.data import PanelCase, ParentCarer, pseudonymise
from yot_desktop.reports.layout import (
    BODY,
    CONTENT_WIDTH,
    HEADING,
    SMALL,
    TITLE,
    build_pdf,
    para,
    table,
)

# progress(done, total): returning False stops the work (PackCancelled); None carries on.
Progress = Callable[[int, int], object]


class PackCancelled(Exception):
    """The person preparing a panel pack stopped it. Nothing was saved."""

    def __init__(self, done: int) -> None:
        self.done = done
        super().__init__(f"Panel pack stopped after {done} cases; nothing was saved.")


_WITHHELD = "Withheld: this summary is pseudonymised."


def long_date(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else "Not recorded"


def case_status(c: PanelCase) -> str:
    """What is true of the case now: 'In programme', 'Completed (police outcome 22: ...)'."""
    status = c.status or "Not recorded"
    return f"{status} (police outcome {c.outcome})" if c.outcome else status


def _screening_missing(c: PanelCase) -> str:
    if c.closed:
        return f"No screening was recorded for this referral. The case is closed: {case_status(c)}."
    return "Not screened yet."


def render_panel_summary(case: PanelCase, stream: BinaryIO, pseudonymised: bool) -> None:
    """One case summary for the joint decision-making panel."""
    shown = pseudonymise(case) if pseudonymised else case
    build_pdf(
        stream,
        case_story(shown),
        title=f"Panel case summary {shown.person_ref}",
        subject="Joint decision-making panel: case summary",
    )


def render_panel_pack(
    panel_date: date,
    cases: Sequence[PanelCase],
    stream: BinaryIO,
    progress: Progress | None = None,
    *,
    pseudonymised: bool = True,
) -> None:
    """An agenda cover sheet listing the cases, then each case summary from a new page.

    ``progress(done, total)`` is called as each case is laid out; returning False stops
    (PackCancelled). Pseudonymised unless the caller asks otherwise, as exports are by
    default.
    """
    shown = [pseudonymise(c) if pseudonymised else c for c in cases]
    story = _agenda(panel_date, shown)
    for number, case in enumerate(shown, start=1):
        story += [PageBreak(), *case_story(case, item=number)]
        if progress is not None:
            story.append(_ProgressMark(progress, number, len(shown)))
    build_pdf(
        stream,
        story,
        title=f"Panel pack {long_date(panel_date)}",
        subject="Joint decision-making panel: pack",
    )


class _ProgressMark(Flowable):
    """Takes no room; reports progress when the layout reaches it."""

    def __init__(self, callback: Progress, done: int, total: int) -> None:
        super().__init__()
        self._callback, self._done, self._total = callback, done, total

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        if self._callback(self._done, self._total) is False:
            raise PackCancelled(self._done)


def _agenda(panel_date: date, cases: Sequence[PanelCase]) -> list[Flowable]:
    identifiable = any(not c.pseudonymised for c in cases)
    header = ["No.", "Person", "Age", "Scheme", "Status", "Recommendation"]
    rows = [header]
    for number, c in enumerate(cases, start=1):
        who = c.person_ref if c.pseudonymised else f"{c.full_name}\n{c.person_ref}"
        rows.append(
            [
                str(number),
                who,
                _age(c),
                c.scheme_name,
                case_status(c),
                _first_sentence(c.recommendation),
            ]
        )
    widths = [12 * mm, 34 * mm, 12 * mm, 34 * mm, 30 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    story: list[Flowable] = [
        para("Joint decision-making panel", TITLE),
        para(f"Panel date: {long_date(panel_date)}"),
        para(f"Cases: {len(cases)}"),
        Spacer(1, 3 * mm),
        para(
            "Identifiable pack: handle and store as OFFICIAL-SENSITIVE."
            if identifiable
            else "Pseudonymised pack: names and other identifying details are removed."
        ),
        para("Agenda", HEADING),
    ]
    if cases:
        story.append(table(rows, widths))
    else:
        story.append(para("No cases are listed for this panel."))
    return story


def _first_sentence(text: str, limit: int = 140) -> str:
    sentence = text.strip().split(". ")[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _age(c: PanelCase) -> str:
    return "" if c.age is None else str(c.age)


def _facts(rows: Sequence[tuple[str, str]]) -> Flowable:
    return table([list(r) for r in rows], [48 * mm, CONTENT_WIDTH - 48 * mm], header=False)


def _parents(parents: Sequence[ParentCarer]) -> Flowable:
    rows = [["Parent or carer", "Relationship", "Parental responsibility", "Contact"]]
    for p in parents:
        contact = "\n".join(x for x in (p.phone, p.email, ", ".join(p.address)) if x)
        rows.append([p.name, p.relationship, "Yes" if p.parental_responsibility else "No", contact])
    widths = [42 * mm, 26 * mm, 38 * mm]
    return table(rows, [*widths, CONTENT_WIDTH - sum(widths)])


def case_story(case: PanelCase, item: int | None = None) -> list[Flowable]:
    """The flowables of one case summary (used alone and in a pack)."""
    title = "Panel case summary"
    if item is not None:
        title = f"Item {item}: {title.lower()}"
    if not case.pseudonymised and case.full_name:
        title += f": {case.full_name}"
    reference = (
        f"Panel reference {case.person_ref}"
        if case.pseudonymised
        else (
            f"Person reference {case.person_ref}"
            + (f" (panel reference {case.panel_ref})" if case.panel_ref else "")
        )
    )
    story: list[Flowable] = [
        para(title, TITLE),
        para(
            f"{reference} · {case.scheme_name} · "
            f"panel on {long_date(case.panel_date)} · practitioner {case.practitioner_name}",
            SMALL,
        ),
    ]
    if case.pseudonymised:
        story.append(
            para(
                "Pseudonymised: names and identifying details are removed. The panel "
                "reference is used for this panel only.",
                SMALL,
            )
        )
    story.append(
        _facts(
            [
                ("Status now", case_status(case)),
                ("Referral date", long_date(case.referral_date)),
                ("Offence date", long_date(case.offence_date)),
            ]
        )
    )

    story.append(para("Background", HEADING))
    if case.pseudonymised:
        facts = [("Panel reference", case.person_ref), ("Age", _age(case))]
        facts.append(("Name, address, school, family", _WITHHELD))
    else:
        name = case.full_name
        if case.preferred_name:
            name += f" (known as {case.preferred_name})"
        facts = [
            ("Person reference", case.person_ref),
            ("Name", name),
            ("Date of birth", long_date(case.date_of_birth)),
            ("Age", _age(case)),
            ("Address", ", ".join(case.address) or "Not recorded"),
            ("School or education", case.school or "Not recorded"),
        ]
    story.append(_facts(facts))
    if case.parents and not case.pseudonymised:
        story += [Spacer(1, 2 * mm), _parents(case.parents)]
    if case.background:
        story += [Spacer(1, 2 * mm), para(case.background)]

    story.append(para("Offence and substance", HEADING))
    offence = []
    if not case.pseudonymised:
        offence += [
            ("Crime reference", case.crime_reference or "Not recorded"),
            ("Place", case.offence_place or "Not recorded"),
        ]
    offence += [
        ("Substance", case.substance or "Not recorded"),
        ("Quantity", case.quantity or "Not recorded"),
    ]
    story.append(_facts(offence))

    story.append(para("Eligibility", HEADING))
    if case.eligibility:
        rows = [["Check", "Result", "Explanation"]]
        rows += [
            [i.label, "Met" if i.passed else "Not met", i.explanation] for i in case.eligibility
        ]
        story.append(table(rows, [60 * mm, 20 * mm, CONTENT_WIDTH - 80 * mm]))
    else:
        story.append(para("No eligibility checks recorded."))

    story.append(para("Screening", HEADING))
    if case.crafft_score is None:
        story.append(para(_screening_missing(case)))
    else:
        result = "positive" if case.crafft_positive else "negative"
        story.append(
            para(f"CRAFFT 2.1 score {case.crafft_score} of 6: {result} (2 or more is positive).")
        )

    story.append(para("Safeguarding", HEADING))
    story.append(para(case.safeguarding_notes or "No concerns recorded."))

    story.append(para("Plan", HEADING))
    if case.plan:
        story += [para(f"• {item_text}") for item_text in case.plan]
    else:
        story.append(para("No plan recorded."))

    story.append(para("Attendance", HEADING))
    if case.attendance:
        rows = [["Date", "Time", "Session", "Attendance"]]
        rows += [
            [long_date(a.date), a.time.strftime("%H:%M") if a.time else "", a.session, a.status]
            for a in case.attendance
        ]
        date_w, time_w, status_w = 36 * mm, 16 * mm, 40 * mm
        session_w = CONTENT_WIDTH - date_w - time_w - status_w
        story.append(table(rows, [date_w, time_w, session_w, status_w]))
    else:
        story.append(para("No sessions yet."))

    story.append(para("Letters sent", HEADING))
    if case.letters:
        rows = [["Date", "Letter"]] + [[long_date(x.date), x.letter_type] for x in case.letters]
        story.append(table(rows, [34 * mm, CONTENT_WIDTH - 34 * mm]))
    else:
        story.append(para("No letters sent."))

    closing: list[Flowable] = [
        para("Recommendation", HEADING),
        para(case.recommendation or "No recommendation recorded.", BODY),
        Spacer(1, 2 * mm),
        para(f"Prepared by {case.practitioner_name}.", SMALL),
    ]
    if case.pseudonymised and case.recommendation:
        closing.append(
            para(
                "The practitioner's words are shown with names, addresses, dates of birth and "
                "other identifying details taken out.",
                SMALL,
            )
        )
    story.append(KeepTogether(closing))
    return story
