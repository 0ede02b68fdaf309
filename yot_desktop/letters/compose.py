"""From a letter's context to its content: styled paragraphs and tables as plain data.

Composing knows the wording but not the page: layout.py and render.py turn the blocks into
ReportLab flowables. Keeping the two apart lets services check a letter can be made (every
merge field has a value) before a long batch starts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.letters.data import LetterContext, SessionLine, VenuePlace
from yot_desktop.letters.edited import EditedWording
from yot_desktop.letters.fields import (
    available_facts,
    end_time,
    format_day,
    format_time,
    merge_values,
    place_words,
)
from yot_desktop.letters.templates import (
    CompiledText,
    VariantKey,
    compile_line,
    compile_paragraphs,
)
from yot_desktop.letters.wording import Section, Wording, load_wording


@dataclass(frozen=True)
class Para:
    """A paragraph of ReportLab markup in one of the styles of styles.py."""

    style: str
    markup: str


@dataclass(frozen=True)
class NewPage:
    pass


@dataclass(frozen=True)
class KeyValueTable:
    """Label and value rows: an appointment's details, an attendance summary."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GridTable:
    """A table with a heading row, like the list of sessions."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the frame width


@dataclass(frozen=True)
class Signatures:
    """Lines to sign or write on, one per label."""

    labels: tuple[str, ...]


@dataclass(frozen=True)
class SignOff:
    """The closing words, space to sign, and the worker's name and contact details: laid out
    as one unbreakable piece so it never starts on one page and ends on the next."""

    closing: str
    name: str
    details: tuple[str, ...]


Block = Para | NewPage | KeyValueTable | GridTable | Signatures | SignOff


@dataclass(frozen=True)
class ComposedLetter:
    ctx: LetterContext
    certificate: bool
    blocks: tuple[Block, ...]
    labels: Mapping[str, str]
    # Our reference, the date and who the letter is about: beside the address, or at the top
    # of the body in large print.
    reference: tuple[Para, ...] = ()


@dataclass(frozen=True)
class _CompiledSection:
    source: Section
    heading: CompiledText | None
    paragraphs: tuple[CompiledText, ...]


@dataclass(frozen=True)
class _CompiledVariant:
    title: CompiledText
    greeting: CompiledText
    closing: CompiledText
    sections: tuple[_CompiledSection, ...]


_INDENT = "\u00a0" * 4  # no-break spaces: a paragraph keeps them at the start of a line
_FIELD = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_]*)\}")


def _expand(text: str, snippets: Mapping[str, str]) -> str:
    """Put snippet wording in place of {snippet_name}; merge fields stay for filling."""

    def swap(match: re.Match[str]) -> str:
        name = match.group(1)
        return snippets[name].strip() if name in snippets else match.group(0)

    return _FIELD.sub(swap, text)


def _compiled(
    wording: Wording, letter_type: LetterType, key: VariantKey, edited: EditedWording | None
) -> _CompiledVariant:
    store = edited.compiled if edited is not None else wording.compiled
    cache_key = (wording.language, letter_type, key)
    found = store.get(cache_key)
    if isinstance(found, _CompiledVariant):
        return found
    if edited is not None:
        variant = edited.variant
    else:
        variant = wording.letters[letter_type].variant_for(key)
    snippets = wording.snippet_texts(key)
    sections = tuple(
        _CompiledSection(
            s,
            compile_line(_expand(s.heading, snippets)) if s.heading else None,
            compile_paragraphs(
                _expand(s.text, snippets),
                key.easy_read or s.lines or s.block == "signatures",
            ),
        )
        for s in variant.sections
        if s.selector.matches(key)
    )
    result = _CompiledVariant(
        compile_line(_expand(variant.title, snippets)),
        compile_line(_expand(variant.greeting, snippets)),
        compile_line(_expand(variant.closing, snippets)),
        sections,
    )
    store[cache_key] = result
    return result


def variant_key(ctx: LetterContext) -> VariantKey:
    return VariantKey(ctx.audience, ctx.easy_read, ctx.scheme_model, ctx.second_chance)


def compose_letter(ctx: LetterContext, wording: Wording | None = None) -> ComposedLetter:
    """The content of one letter. Raises ValidationError naming any fact the wording needs
    that the context does not have (like missed_date for a missed-appointment letter)."""
    wording = wording or load_wording(ctx.language)
    key = variant_key(ctx)
    edited = _edited_for(ctx)
    compiled = _compiled(wording, ctx.letter_type, key, edited)
    # A translation's labels; a phrase it leaves out is the shipped one (English).
    labels = {**wording.labels, **dict(edited.labels)} if edited else wording.labels
    values = merge_values(ctx, labels)
    facts = available_facts(ctx, values)
    where = f"{ctx.letter_type.value} letter"
    certificate = ctx.letter_type is LetterType.CERTIFICATE
    blocks: list[Block] = []
    text_style = "cert_text" if certificate else "body"

    if certificate:
        blocks.append(Para("cert_title", compiled.title.fill(values, where)))
    else:
        blocks.append(Para("title", compiled.title.fill(values, where)))
        blocks.append(Para("body", compiled.greeting.fill(values, where)))

    signed = False
    last = compiled.sections[-1] if compiled.sections else None
    for section in compiled.sections:
        src = section.source
        if certificate and section is last:
            text_style = "cert_signed"  # the certificate's last lines: who gives it, and when
            blocks.append(Para("cert_gap", ""))
        if any(r not in facts for r in src.requires) or any(u in facts for u in src.unless):
            continue
        if src.new_page:
            # What follows is an enclosure (the consent form): the letter is signed first.
            if not certificate and not signed:
                blocks.append(_sign_off(compiled.closing.fill(values, where), ctx, labels))
                signed = True
            blocks.append(NewPage())
        if section.heading is not None:
            blocks.append(Para("heading", section.heading.fill(values, where)))
        if src.block == "signatures":
            blocks.append(Signatures(tuple(p.fill(values, where) for p in section.paragraphs)))
            continue
        for para in section.paragraphs:
            style = "bullet" if para.bullet and not certificate else text_style
            if src.lines and not certificate and not para.bullet:
                style = "meta"  # a list of facts, one a line: no space between
            blocks.append(Para(style, para.fill(values, where)))
        if src.block:
            blocks.extend(_data_block(src.block, ctx, values, wording, labels, where))

    if not certificate and not signed:
        blocks.append(_sign_off(compiled.closing.fill(values, where), ctx, labels))
    reference = () if certificate else tuple(_reference_lines(ctx, values, labels))
    return ComposedLetter(ctx, certificate, tuple(blocks), labels, reference)


def _edited_for(ctx: LetterContext) -> EditedWording | None:
    """The context's edited wording, when it is for this very letter."""
    edited = ctx.edited
    if edited is None:
        return None
    k = edited.key
    # The police letter has one reader: its wording is edited under any reader's name.
    police = ctx.letter_type is LetterType.POLICE_OUTCOME
    if (k.letter_type, k.easy_read, k.language) != (
        ctx.letter_type,
        ctx.easy_read,
        ctx.language,
    ) or (k.audience is not ctx.audience and not police):
        raise ValueError(f"edited wording for {k.describe()} given for another letter")
    return edited


def check_letter(ctx: LetterContext) -> list[FieldProblem]:
    """What stops this letter being made, as problems a user can act on; [] when none."""
    try:
        compose_letter(ctx)
    except ValidationError as exc:
        return list(exc.problems)
    return []


def _reference_lines(
    ctx: LetterContext, values: Mapping[str, str], labels: Mapping[str, str]
) -> list[Para]:
    lines = []
    if ctx.letter_type is LetterType.POLICE_OUTCOME:  # the officer files it by the crime
        lines.append(
            Para("meta", f"{escape(labels['your_reference'])} {escape(values['crime_reference'])}")
        )
    lines += [
        Para("meta", f"{escape(labels['our_reference'])} {escape(values['our_reference'])}"),
        Para("meta", f"{escape(labels['date'])} {escape(values['letter_date'])}"),
    ]
    if ctx.audience is Audience.PARENT and ctx.letter_type is not LetterType.POLICE_OUTCOME:
        about = f"{values['full_name']}, {labels['born']} {values['date_of_birth']}"
        lines.append(Para("meta", f"{escape(labels['about'])} {escape(about)}"))
    if ctx.large_print:  # the letterhead keeps out of the address window: the contact is here
        head = ctx.letterhead
        for label, value in (("phone", head.phone), ("email", head.email)):
            if value:
                lines.append(Para("meta", f"{escape(labels[label])} {escape(value)}"))
    return lines


def _sign_off(closing: str, ctx: LetterContext, labels: Mapping[str, str]) -> SignOff:
    role = ctx.worker.role or labels["worker_role"]
    details = [escape(role)] if role else []
    if ctx.worker.phone:
        details.append(f"{escape(labels['phone'])} {escape(ctx.worker.phone)}")
    if ctx.worker.email:
        details.append(f"{escape(labels['email'])} {escape(ctx.worker.email)}")
    return SignOff(closing, escape(ctx.worker.name), tuple(details))


def _session_time(session: SessionLine, labels: Mapping[str, str], language: str) -> str:
    start, end = format_time(session.start, language), format_time(end_time(session), language)
    return f"{start} {labels['to']} {end}"


def _venue_rows(place: VenuePlace, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """A venue as rows of markup: the place and its address (or how to join online), how to
    get there and the access notes, each only when recorded."""
    address = () if place.online else (*place.address_lines, place.postcode)
    where = [f"<b>{escape(place.name)}</b>", *(escape(x) for x in address if x)]
    rows = [(escape(labels["session_place"]), "<br/>".join(where))]
    if place.online:
        join = [f"<b>{escape(place.join_link)}</b>"] if place.join_link else []
        join += [escape(x) for x in place.join_instructions.splitlines() if x.strip()]
        if join:
            rows.append((escape(labels["venue_join"]), "<br/>".join(join)))
    for key, text in (
        ("venue_directions", place.directions),
        ("venue_access", place.accessibility),
    ):
        if text.strip() and not (place.online and key == "venue_directions"):
            lines = (escape(x) for x in text.splitlines() if x.strip())
            rows.append((escape(labels[key]), "<br/>".join(lines)))
    return rows


def _data_block(
    name: str,
    ctx: LetterContext,
    values: Mapping[str, str],
    wording: Wording,
    labels: Mapping[str, str],
    where: str,
) -> list[Block]:
    if name == "name":
        return [Para("cert_name", escape(ctx.person.full_name))]
    if name == "appointment":
        appt = ctx.next_appointment
        if appt is None:
            raise ValidationError(
                FieldProblem("Next appointment", f"the {where} needs the next appointment")
            )
        rows = [
            (labels["session_date"], format_day(appt.date, ctx.language)),
            (labels["session_time"], _session_time(appt, labels, ctx.language)),
        ]
        place = [(escape(labels["session_place"]), escape(place_words(appt, labels)))]
        if appt.where is not None:
            place = _venue_rows(appt.where, labels)
        cells = [(escape(a), escape(b)) for a, b in rows if b]
        cells += place
        if appt.worker:
            cells.append((escape(labels["session_worker"]), escape(appt.worker)))
        return [KeyValueTable(tuple(cells))]
    if name == "sessions":
        with_attendance = ctx.letter_type is LetterType.POLICE_OUTCOME
        if not ctx.sessions and not with_attendance:
            # A family's schedule lists the sessions still to come (letter_facts.appointments).
            raise ValidationError(
                FieldProblem(
                    "Sessions",
                    f"no session is planned from today: book the sessions "
                    f"before making the {where}",
                )
            )
        if not ctx.sessions:
            raise ValidationError(FieldProblem("Sessions", f"the {where} needs the sessions"))
        # The police read what each session was (the assessment is not one of the programme's
        # sessions the attendance counts) and where; the family, where and whom they will meet.
        third = labels["session_title"] if with_attendance else labels["session_place"]
        header = [labels["session_date"], labels["session_time"], third]
        header.append(labels["session_attendance"] if with_attendance else labels["session_worker"])

        def what(s: SessionLine) -> str:
            place = escape(place_words(s, labels))
            return f"{escape(s.title)}<br/>{place}" if with_attendance and s.title else place

        grid = tuple(
            (
                escape(format_day(s.date, ctx.language)),
                escape(_session_time(s, labels, ctx.language)),
                what(s),
                escape(
                    (s.attendance.label if s.attendance else "") if with_attendance else s.worker
                ),
            )
            for s in ctx.sessions
        )
        widths = (0.3, 0.2, 0.3, 0.2) if with_attendance else (0.3, 0.19, 0.3, 0.21)
        blocks: list[Block] = [GridTable(tuple(escape(h) for h in header), grid, widths)]
        if not with_attendance:  # the family: where each place is (the police need not know)
            places = list(dict.fromkeys(s.where for s in ctx.sessions if s.where is not None))
            if places:
                blocks.append(Para("heading", escape(labels["venue_where"])))
                blocks.extend(KeyValueTable(tuple(_venue_rows(p, labels))) for p in places)
        return blocks
    if name == "attendance":
        a = ctx.attendance
        if a is None:
            raise ValidationError(FieldProblem("Attendance", f"the {where} needs attendance"))
        pairs = [
            (labels["sessions_required"], a.sessions_required),
            (labels["attended"], a.attended),
            (f"{_INDENT}{labels['late']}", a.late),
            (labels["did_not_attend"], a.did_not_attend),
            (f"{_INDENT}{labels['unexplained']}", a.unexplained_absences),
            (labels["cancelled"], a.cancelled),
        ]
        return [KeyValueTable(tuple((escape(k), str(v)) for k, v in pairs))]
    if name == "reasons":  # in the edited wording's words (a translation's) where it has them
        reasons = {**wording.reasons, **dict(ctx.edited.reasons)} if ctx.edited else wording.reasons
        return [
            Para("bullet", p.fill(values, where))
            for reason in ctx.not_eligible_reasons
            for p in compile_paragraphs(reasons[reason], True)
        ]
    raise ValueError(f"unknown block {name!r}")
