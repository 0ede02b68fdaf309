"""Wording a manager has edited, or translated, for one letter: checked before it is kept.

An edited template covers one letter type for one reader (parent or young person), in normal or
easy-read wording, in one language. It is written in the same TOML as the shipped files, for a
single variant and with no selector at the top:

    title = "Reminder: {known_as}'s next appointment"
    greeting = "Dear {recipient_name},"
    closing = "Yours sincerely,"

    [[section]]
    text = "This is a reminder of {known_as}'s next session."

    [[section]]
    heading = "The appointment"
    block = "appointment"

    [labels]            # optional: the layout's own words, for a translation
    date = "Data:"

Sections may still say `model = "voluntary"` or `second_chance = true`, `requires`, `unless`,
`block`, `new_page` and `lines`, as in resources/letters/README.md.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from yot_desktop.domain.enums import Audience, EligibilityReason, LetterType, SchemeModel
from yot_desktop.letters.errors import TemplateError, TemplateProblem
from yot_desktop.letters.fields import MERGE_FIELDS
from yot_desktop.letters.templates import Selector, VariantKey
from yot_desktop.letters.wording import (
    DEFAULT_CLOSING,
    DEFAULT_GREETING,
    DEFAULT_LANGUAGE,
    LABELS,
    POLICE_LABELS,
    Reader,
    Section,
    Variant,
    Wording,
    load_wording,
    read_variant,
)
from yot_desktop.resources import resource_path

_TOP_KEYS = frozenset({"title", "greeting", "closing", "section", "labels", "reasons"})
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}\Z")
_SNIPPET = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class TemplateKey:
    """Which wording an edited template replaces."""

    letter_type: LetterType
    audience: Audience
    easy_read: bool
    language: str = DEFAULT_LANGUAGE

    def describe(self) -> str:
        """Ids only (for audit details): offer/parent/easy_read/en."""
        reading = "easy_read" if self.easy_read else "standard"
        return f"{self.letter_type.value}/{self.audience.value}/{reading}/{self.language}"


@dataclass(frozen=True)
class EditedWording:
    """A checked edited template, ready for compose_letter (via LetterContext.edited)."""

    key: TemplateKey
    source: str
    variant: Variant
    labels: tuple[tuple[str, str], ...] = ()
    version: int | None = None
    # The not-eligible letter's reasons (common.toml [reasons]) in this wording's words.
    reasons: tuple[
        tuple[EligibilityReason, str], ...
    ] = ()  # the saved template's version, for the letter history
    compiled: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)


def valid_language_code(code: str) -> bool:
    """Two or three lower-case letters (ISO 639), like 'pl' or 'ckb'."""
    return bool(_LANGUAGE_CODE.match(code))


def shipped_languages() -> tuple[str, ...]:
    """Codes of the languages resources/letters/ has wording for (folders like en/, pl/)."""
    root = resource_path("letters")
    return tuple(
        sorted(p.name for p in root.iterdir() if p.is_dir() and valid_language_code(p.name))
    )


def shipped_language(code: str, letter_type: LetterType) -> bool:
    """Whether the app ships wording for this letter type in this language."""
    if not valid_language_code(code):
        return False
    return (resource_path("letters") / code / f"{letter_type.value}.toml").is_file()


def allowed_fields(wording: Wording | None = None) -> frozenset[str]:
    """Merge fields plus the names of shared wording from common.toml."""
    wording = wording or load_wording()
    return frozenset(MERGE_FIELDS) | {s.name for s in wording.snippets}


def _document_line(source: str, problem: TemplateProblem) -> TemplateProblem:
    """Point a problem in a field's wording at its line in the whole document, where we can
    find it, so the editor can say 'line 12' of what the manager sees."""
    if not problem.field:
        return problem
    at = source.find("{" + problem.field + "}")
    if at < 0:
        return problem
    line = source.count("\n", 0, at) + 1
    column = at - (source.rfind("\n", 0, at) + 1) + 1
    where = f" ({problem.where})" if problem.where else ""
    return TemplateProblem(problem.message + where, problem.field, line, column)


def check_edited(key: TemplateKey, source: str) -> list[TemplateProblem]:
    """Every problem in an edited template; [] when it can be saved and printed."""
    try:
        parse_edited(key, source)
    except TemplateError as exc:
        return exc.problems
    return []


def parse_edited(key: TemplateKey, source: str) -> EditedWording:
    """The edited template, checked: raises TemplateError listing every problem (unknown or
    misspelt merge fields with the nearest known name, unpaired braces, unknown keys)."""
    problems: list[TemplateProblem] = []
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(
            [
                TemplateProblem(
                    f"The wording is not in the right format ({exc}). Check that every piece "
                    'of text is in quotes, and that long text starts and ends with """.'
                )
            ]
        ) from None
    reader = Reader(Path(""), problems)
    reader.keys("top level", data, _TOP_KEYS)
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        reader.problem("title", 'give the letter a title, like title = "Your next appointment"')
    sections = data.get("section", [])
    if not isinstance(sections, list) or not all(isinstance(x, dict) for x in sections):
        reader.problem("section", "write each section as a [[section]] table")
        sections = []
    elif not sections:
        reader.problem("section", "add at least one [[section]] with the letter's text")
    variant = read_variant(
        reader,
        "",
        {k: data[k] for k in ("title", "greeting", "closing") if k in data} | {"section": sections},
        allowed_fields(),
    )
    labels = _labels(reader, data.get("labels", {}))
    reasons = _reasons(reader, data.get("reasons", {}))
    if problems:
        raise TemplateError([_document_line(source, p) for p in problems])
    fixed = Selector(audience=key.audience, easy_read=key.easy_read)
    return EditedWording(
        key,
        source,
        Variant(fixed, variant.title, variant.greeting, variant.closing, variant.sections),
        labels,
        reasons=reasons,
    )


def _labels(reader: Reader, raw: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, dict):
        reader.problem("labels", "write the labels as a [labels] table")
        return ()
    reader.keys("labels", raw, LABELS)
    out: list[tuple[str, str]] = []
    for name in sorted(set(raw) & LABELS):
        text = reader.text("labels", raw, name)
        reader.wording(
            f"labels {name}", text, frozenset({"page", "pages"} if name == "page" else ())
        )
        if text.strip():
            out.append((name, text))
    return tuple(out)


def _reasons(reader: Reader, raw: object) -> tuple[tuple[EligibilityReason, str], ...]:
    if not isinstance(raw, dict):
        reader.problem("reasons", "write the reasons as a [reasons] table")
        return ()
    reader.keys("reasons", raw, frozenset(r.value for r in EligibilityReason))
    out: list[tuple[EligibilityReason, str]] = []
    for reason in EligibilityReason:
        if reason.value not in raw:
            continue
        text = reader.text("reasons", raw, reason.value)
        reader.wording(f"reasons {reason.value}", text, frozenset(MERGE_FIELDS))
        if text.strip():
            out.append((reason, text))
    return tuple(out)


def _expanded(text: str, snippets: Mapping[str, str]) -> str:
    return _SNIPPET.sub(lambda m: snippets.get(m.group(1), m.group(0)).strip(), text)


def shipped_source(
    key: TemplateKey,
    with_labels: bool | None = None,
    translated: Mapping[str, str] | None = None,
) -> str:
    """The shipped wording for `key` in the edited-template format: the language's own if
    shipped, else English. Shared wording ({if_not_engaged} and the like) is written out in
    full, per scheme model where it differs, so the editor shows every word the letter prints.
    `with_labels` (default: for a language other than English) adds the layout's labels;
    `translated` gives labels already translated (in another letter of the language)."""
    wording = load_wording(key.language)
    letter = wording.letters[key.letter_type]
    combos = [(m, sc) for m in SchemeModel for sc in (False, True)]
    first = VariantKey(key.audience, key.easy_read, combos[0][0], combos[0][1])
    variant = letter.variant_for(first)
    snippets = {c: wording.snippet_texts(VariantKey(*_k(key), *c)) for c in combos}
    doc: dict[str, Any] = {
        "title": _expanded(variant.title, snippets[combos[0]]),
        "greeting": _expanded(variant.greeting, snippets[combos[0]]),
        "closing": _expanded(variant.closing, snippets[combos[0]]),
        "section": [],
    }
    for section in variant.sections:
        doc["section"].extend(_sections_for(section, key, combos, snippets))
    if with_labels if with_labels is not None else key.language != DEFAULT_LANGUAGE:
        names = _labels_for(key.letter_type)
        labels = {**wording.labels, **(translated or {})}
        doc["labels"] = {k: v for k, v in sorted(labels.items()) if k in names}
        if key.letter_type is LetterType.NOT_ELIGIBLE:  # the reasons it can give, to translate
            doc["reasons"] = {r.value: text.strip() for r, text in wording.reasons.items()}
    return _ARRAY.sub(_inline_array, tomli_w.dumps(doc, multiline_strings=True))


_ARRAY = re.compile(r'\[\n((?:    "[^"\n]*",\n)+)\]')


def _inline_array(match: re.Match[str]) -> str:
    """requires = ["missed_date"] on one line, as people write it."""
    items = [line.strip().rstrip(",") for line in match.group(1).splitlines()]
    return "[" + ", ".join(items) + "]"


def _labels_for(letter_type: LetterType) -> frozenset[str]:
    """The labels a letter of this type can print."""
    return LABELS if letter_type is LetterType.POLICE_OUTCOME else LABELS - POLICE_LABELS


def _k(key: TemplateKey) -> tuple[Audience, bool]:
    return key.audience, key.easy_read


def _sections_for(
    section: Section,
    key: TemplateKey,
    combos: list[tuple[SchemeModel, bool]],
    snippets: Mapping[tuple[SchemeModel, bool], Mapping[str, str]],
) -> list[dict[str, Any]]:
    """One section as tables: one, or one per scheme model (and second-chance rule) where its
    shared wording differs between them."""
    texts: dict[tuple[str, str], list[tuple[SchemeModel, bool]]] = {}
    for combo in combos:
        if not section.selector.matches(VariantKey(*_k(key), *combo)):
            continue
        words = (
            _expanded(section.heading, snippets[combo]),
            _expanded(section.text, snippets[combo]),
        )
        texts.setdefault(words, []).append(combo)
    out: list[dict[str, Any]] = []
    for (heading, text), where in texts.items():
        for selector in _selectors(set(where), combos):
            out.append(_section_table(section, heading, text, selector))
    return out


def _selectors(
    group: set[tuple[SchemeModel, bool]], combos: list[tuple[SchemeModel, bool]]
) -> list[dict[str, Any]]:
    """The fewest selector keys that pick out exactly `group` of the scheme combinations; one
    table per combination when no single selector does."""
    for model in (None, *SchemeModel):
        for second in (None, False, True):
            picked = {
                c
                for c in combos
                if (model is None or c[0] is model) and (second is None or c[1] == second)
            }
            if picked == group:
                table: dict[str, Any] = {}
                if model is not None:
                    table["model"] = model.value
                if second is not None:
                    table["second_chance"] = second
                return [table]
    return [{"model": m.value, "second_chance": sc} for m, sc in sorted(group)]


def _section_table(
    section: Section, heading: str, text: str, selector: dict[str, Any]
) -> dict[str, Any]:
    table = dict(selector)
    if heading:
        table["heading"] = heading
    if text:
        table["text"] = text.strip() + "\n" if "\n" in text.strip() else text.strip()
    if section.block:
        table["block"] = section.block
    if section.requires:
        table["requires"] = list(section.requires)
    if section.unless:
        table["unless"] = list(section.unless)
    if section.new_page:
        table["new_page"] = True
    if section.lines:
        table["lines"] = True
    return table


@dataclass(frozen=True)
class Untranslated:
    """A phrase of a translation still in English: left out (the letter prints the English
    words for it) or the same words as the English wording."""

    where: str  # "title", "greeting", "section 3 heading", "label worker_role"
    english: str
    left_out: bool
    line: int = 0  # where it is in the wording (0: left out)

    def __str__(self) -> str:
        words = " ".join(self.english.split())
        words = words if len(words) <= 60 else words[:57].rstrip() + "…"
        at = f"line {self.line}, " if self.line else ""
        how = " (left out: printed in English)" if self.left_out else ""
        return f"{at}{self.where}: \u201c{words}\u201d{how}"


def _line_of(source: str, key: str, text: str, after: int = 0) -> int:
    """The line (from 1) where `key = ...` holding `text` starts, at or after line `after`."""
    first = next((x.strip() for x in text.splitlines() if x.strip()), "")
    lines = source.splitlines()
    for n in range(max(after - 1, 0), len(lines)):
        line = lines[n]
        if line.lstrip().startswith(key) and line.split("=", 1)[0].strip() == key:
            # a long text starts on the next line, after its three quotes
            window = "\n".join(lines[n : n + 2])
            if first in window:
                return n + 1
    return 0


_FIELD_NAME = re.compile(r"\{\{|\}\}|\{[a-z][a-z0-9_]*\}")


def _same_words(text: str) -> str:
    return " ".join(text.split())


def _has_words(text: str) -> bool:
    """Whether wording has words of its own beside merge fields (a translator's work)."""
    return any(ch.isalpha() for ch in _FIELD_NAME.sub("", text))


def _variant_texts(doc: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for name in ("title", "greeting", "closing"):
        value = doc.get(name)
        if isinstance(value, str):
            yield name, value
    sections = doc.get("section", [])
    for i, section in enumerate(sections if isinstance(sections, list) else [], start=1):
        for part in ("heading", "text"):
            value = section.get(part) if isinstance(section, dict) else None
            if isinstance(value, str):
                yield f"section {i} {part}", value


def untranslated(key: TemplateKey, source: str) -> tuple[Untranslated, ...]:
    """The phrases of a translation (`key.language` is not English) still in English: the
    title, greeting, closing, each section's heading and text, and each of the layout's
    labels. A phrase left out is printed in English; one written as the English wording has
    it is listed too (it may need no translation, like "Online"). English wording: ()."""
    if key.language == DEFAULT_LANGUAGE:
        return ()
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError:
        return ()  # the problems under the wording say what to fix first
    english_key = replace(key, language=DEFAULT_LANGUAGE)
    english_doc = tomllib.loads(shipped_source(english_key, with_labels=False))
    english = {_same_words(text) for _, text in _variant_texts(english_doc)}
    english |= {_same_words(DEFAULT_GREETING), _same_words(DEFAULT_CLOSING)}
    out: list[Untranslated] = []
    for name, default in (("greeting", DEFAULT_GREETING), ("closing", DEFAULT_CLOSING)):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            out.append(Untranslated(name, default, left_out=True))
    at = 0
    for where, text in _variant_texts(data):
        at = _line_of(source, where.rsplit(" ", 1)[-1], text, at + 1) or at
        if _has_words(text) and _same_words(text) in english:
            out.append(Untranslated(where, text, left_out=False, line=at))
    english_labels = load_wording(DEFAULT_LANGUAGE).labels
    raw = data.get("labels")
    labels = raw if isinstance(raw, dict) else {}
    out += _untranslated_reasons(key, source, data.get("reasons"))
    after = next((n for n, x in enumerate(source.splitlines(), 1) if x.strip() == "[labels]"), 0)
    for name in sorted(_labels_for(key.letter_type)):
        value = labels.get(name)
        english_words = english_labels[name]
        if not isinstance(value, str) or not value.strip():
            out.append(Untranslated(f"label {name}", english_words, left_out=True))
        elif _same_words(value) == _same_words(english_words):
            line = _line_of(source, name, value, after) if after else 0
            out.append(Untranslated(f"label {name}", english_words, left_out=False, line=line))
    return tuple(out)


def _untranslated_reasons(key: TemplateKey, source: str, raw: object) -> list[Untranslated]:
    """The not-eligible letter's reasons still in English."""
    if key.letter_type is not LetterType.NOT_ELIGIBLE:
        return []
    english = load_wording(DEFAULT_LANGUAGE).reasons
    given = raw if isinstance(raw, dict) else {}
    after = next((n for n, x in enumerate(source.splitlines(), 1) if x.strip() == "[reasons]"), 0)
    out = []
    for reason in EligibilityReason:
        value = given.get(reason.value)
        words = english[reason]
        if not isinstance(value, str) or not value.strip():
            out.append(Untranslated(f"reason {reason.value}", words, left_out=True))
        elif _same_words(value) == _same_words(words):
            line = _line_of(source, reason.value, value, after) if after else 0
            out.append(Untranslated(f"reason {reason.value}", words, left_out=False, line=line))
    return out
