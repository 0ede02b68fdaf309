"""Loading letter wording from resources/letters/<language>/*.toml, checked as it loads.

One file per letter type plus common.toml (snippets shared by letters, eligibility reasons).
A language folder needs only the files it translates: any missing file comes from English.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from yot_desktop.domain.enums import Audience, EligibilityReason, LetterType, SchemeModel
from yot_desktop.letters.errors import TemplateError, TemplateProblem
from yot_desktop.letters.fields import DATA_FACTS, MERGE_FIELDS
from yot_desktop.letters.templates import Selector, VariantKey, all_variant_keys, validate_template
from yot_desktop.resources import resource_path

DEFAULT_LANGUAGE = "en"
BLOCKS = frozenset({"appointment", "sessions", "attendance", "reasons", "signatures", "name"})
LABELS = frozenset(
    {
        "our_reference", "date", "about", "born", "page", "private", "continued",
        "session_date", "session_time", "session_place", "session_worker", "session_attendance",
        "sessions_required", "attended", "late", "did_not_attend", "unexplained", "cancelled",
        "to", "phone", "email", "your_reference", "worker_role", "appointment",
        "venue_yot_office", "venue_school", "venue_home_visit", "venue_provider", "venue_online",
        "venue_where", "venue_join", "venue_directions", "venue_access", "session_title",
    }
)  # fmt: skip
# Labels only the police outcome notice prints (it is always in English): a family letter's
# translation has no need of them.
POLICE_LABELS = frozenset(
    {
        "your_reference", "session_attendance", "sessions_required", "attended", "late",
        "did_not_attend", "unexplained", "cancelled", "session_title",
    }
)  # fmt: skip
# What a letter says when its wording gives no greeting or closing.
DEFAULT_GREETING = "Dear {recipient_name},"
DEFAULT_CLOSING = "Yours sincerely,"
_PAGE_FIELDS = frozenset({"page", "pages"})
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\Z")
_SELECTOR_KEYS = frozenset({"audience", "easy_read", "model", "second_chance"})
_SECTION_KEYS = _SELECTOR_KEYS | {
    "heading",
    "text",
    "block",
    "requires",
    "unless",
    "new_page",
    "lines",
}
_VARIANT_KEYS = _SELECTOR_KEYS | {"title", "greeting", "closing", "section"}


@dataclass(frozen=True)
class Section:
    selector: Selector
    heading: str = ""
    text: str = ""
    block: str = ""
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    new_page: bool = False
    lines: bool = False


@dataclass(frozen=True)
class Variant:
    selector: Selector
    title: str
    greeting: str
    closing: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Snippet:
    name: str
    selector: Selector
    text: str


@dataclass(frozen=True)
class LetterWording:
    letter_type: LetterType
    language: str
    variants: tuple[Variant, ...]

    def variant_for(self, key: VariantKey) -> Variant:
        return _most_specific(self.variants, key)


@dataclass(frozen=True)
class Wording:
    """All wording for one language (with English where it has no translation)."""

    language: str
    letters: Mapping[LetterType, LetterWording]
    snippets: tuple[Snippet, ...]
    reasons: Mapping[EligibilityReason, str]
    labels: Mapping[str, str]
    # Compiled wording per letter type and variant key, filled by compose.py as it goes.
    compiled: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def snippet_texts(self, key: VariantKey) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in sorted({s.name for s in self.snippets}):
            try:
                out[name] = _most_specific([s for s in self.snippets if s.name == name], key).text
            except LookupError:
                continue  # family wording only (the police letter uses none of it)
        return out


_Choice = TypeVar("_Choice", Variant, Snippet)
_Enum = TypeVar("_Enum", Audience, SchemeModel)


def _most_specific(items: list[_Choice] | tuple[_Choice, ...], key: VariantKey) -> _Choice:
    best: _Choice | None = None
    for item in items:
        if item.selector.matches(key) and (
            best is None or item.selector.specificity > best.selector.specificity
        ):
            best = item
    if best is None:
        raise LookupError(f"no wording for {key}")
    return best


class Reader:
    """Reads one TOML file, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path, problems: list[TemplateProblem], name: str = "") -> None:
        self.path = path
        self.problems = problems
        self.name = name or path.name  # how problems name the file

    def problem(self, where: str, message: str) -> None:
        self.problems.append(TemplateProblem(message, where=self._where(where)))

    def _where(self, where: str) -> str:
        return f"{self.name}, {where}" if self.name else where

    def load(self) -> dict[str, Any]:
        try:
            with self.path.open("rb") as fh:
                return tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            self.problems.append(TemplateProblem(f"cannot read: {exc}", where=self.path.name))
            return {}

    def keys(self, where: str, table: Mapping[str, Any], allowed: frozenset[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(where, f"unknown key '{key}'; use one of {', '.join(sorted(allowed))}")

    def text(self, where: str, table: Mapping[str, Any], key: str, default: str = "") -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            self.problem(where, f"'{key}' must be text in quotes")
            return default
        return value

    def flag(self, where: str, table: Mapping[str, Any], key: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problem(where, f"'{key}' must be true or false")
            return False
        return value

    def facts(self, where: str, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        names = table.get(key, [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            self.problem(where, f"'{key}' must be a list of names in quotes")
            return ()
        for name in names:
            if name not in MERGE_FIELDS and name not in DATA_FACTS:
                self.problem(where, f"'{key}' names an unknown fact {name!r}")
        return tuple(names)

    def wording(self, where: str, text: str, allowed: frozenset[str]) -> None:
        for p in validate_template(text, allowed):
            self.problems.append(
                TemplateProblem(p.message, p.field, p.line, p.column, where=self._where(where))
            )

    def selector(self, where: str, table: Mapping[str, Any]) -> Selector:
        def flag(key: str) -> bool | None:
            value = table.get(key)
            if value is not None and not isinstance(value, bool):
                self.problem(where, f"'{key}' must be true or false")
                return None
            return value

        def choice(key: str, enum: type[_Enum]) -> _Enum | None:
            value = table.get(key)
            if value is None:
                return None
            try:
                return enum(value)
            except ValueError:
                options = ", ".join(e.value for e in enum)
                self.problem(where, f"'{key}' must be one of {options}, not {value!r}")
                return None

        return Selector(
            audience=choice("audience", Audience),
            easy_read=flag("easy_read"),
            model=choice("model", SchemeModel),
            second_chance=flag("second_chance"),
        )


def _language_dir(base: Path, language: str) -> Path:
    if not _LANGUAGE.match(language):
        raise ValueError(f"language must be a code like 'en' or 'pl', not {language!r}")
    return base / language


def _source(base: Path, language: str, filename: str) -> Path:
    """The translated file if there is one, else the English one."""
    translated = _language_dir(base, language) / filename
    return translated if translated.is_file() else base / DEFAULT_LANGUAGE / filename


def _read_common(
    path: Path, problems: list[TemplateProblem], english: Mapping[str, str] | None = None
) -> tuple[tuple[Snippet, ...], dict[EligibilityReason, str], dict[str, str]]:
    """common.toml; in a translation, `english` gives each label it leaves out."""
    reader = Reader(path, problems)
    data = reader.load()
    reader.keys("top level", data, frozenset({"snippet", "reasons", "labels"}))
    raw_labels = data.get("labels", {})
    reader.keys("labels", raw_labels, LABELS)
    labels: dict[str, str] = {}
    for key in sorted(LABELS):
        labels[key] = reader.text("labels", raw_labels, key)
        if not labels[key] and english is not None:
            labels[key] = english[key]  # not translated yet: that phrase in English
        elif not labels[key]:
            reader.problem("labels", f"give wording for {key}")
        allowed = _PAGE_FIELDS if key == "page" else frozenset()
        reader.wording(f"labels {key}", labels[key], allowed)
    snippets: list[Snippet] = []
    for i, raw in enumerate(data.get("snippet", []), start=1):
        where = f"snippet {i}"
        reader.keys(where, raw, _SELECTOR_KEYS | {"name", "text"})
        name = reader.text(where, raw, "name")
        if name in MERGE_FIELDS or not re.match(r"[a-z][a-z0-9_]*\Z", name):
            reader.problem(where, f"name {name!r} must be new, in lower_case_with_underscores")
        text = reader.text(where, raw, "text")
        reader.wording(f"snippet {name}", text, frozenset(MERGE_FIELDS))
        snippets.append(Snippet(name, reader.selector(where, raw), text))
    reasons: dict[EligibilityReason, str] = {}
    raw_reasons = data.get("reasons", {})
    reader.keys("reasons", raw_reasons, frozenset(r.value for r in EligibilityReason))
    for reason in EligibilityReason:
        text = reader.text("reasons", raw_reasons, reason.value)
        if not text:
            reader.problem("reasons", f"give wording for {reason.value}")
        reader.wording(f"reasons {reason.value}", text, frozenset(MERGE_FIELDS))
        reasons[reason] = text
    names = {s.name for s in snippets}
    for name in sorted(names):
        same = [s for s in snippets if s.name == name]
        for variant_key in all_variant_keys():
            try:
                _most_specific(same, variant_key)
            except LookupError:
                reader.problem(f"snippet {name}", f"no wording for {_describe(variant_key)}")
                break
    return tuple(snippets), reasons, labels


def _describe(key: VariantKey) -> str:
    return (
        f"audience {key.audience.value}, easy_read {str(key.easy_read).lower()}, "
        f"model {key.model.value}, second_chance {str(key.second_chance).lower()}"
    )


def read_variant(
    reader: Reader, where: str, raw: Mapping[str, Any], allowed: frozenset[str]
) -> Variant:
    """One variant table: its title, greeting, closing and sections, checked as it is read."""
    reader.keys(where, raw, _VARIANT_KEYS)
    title = reader.text(where, raw, "title")
    greeting = reader.text(where, raw, "greeting", DEFAULT_GREETING)
    closing = reader.text(where, raw, "closing", DEFAULT_CLOSING)
    for key, value in (("title", title), ("greeting", greeting), ("closing", closing)):
        reader.wording(f"{where} {key}".strip(), value, allowed)
    sections: list[Section] = []
    for s, sraw in enumerate(raw.get("section", []), start=1):
        swhere = f"{where}, section {s}" if where else f"section {s}"
        reader.keys(swhere, sraw, _SECTION_KEYS)
        heading = reader.text(swhere, sraw, "heading")
        text = reader.text(swhere, sraw, "text")
        block = reader.text(swhere, sraw, "block")
        reader.wording(f"{swhere} heading", heading, allowed)
        reader.wording(f"{swhere} text", text, allowed)
        if block and block not in BLOCKS:
            reader.problem(swhere, f"block must be one of {', '.join(sorted(BLOCKS))}")
        sections.append(
            Section(
                reader.selector(swhere, sraw),
                heading,
                text,
                block,
                reader.facts(swhere, sraw, "requires"),
                reader.facts(swhere, sraw, "unless"),
                reader.flag(swhere, sraw, "new_page"),
                reader.flag(swhere, sraw, "lines"),
            )
        )
    return Variant(reader.selector(where, raw), title, greeting, closing, tuple(sections))


def _read_letter(
    letter_type: LetterType,
    path: Path,
    allowed: frozenset[str],
    problems: list[TemplateProblem],
) -> LetterWording:
    reader = Reader(path, problems)
    data = reader.load()
    reader.keys("top level", data, frozenset({"variant"}))
    variants = [
        read_variant(reader, f"variant {v}", raw, allowed)
        for v, raw in enumerate(data.get("variant", []), start=1)
    ]
    wording = LetterWording(letter_type, path.parent.name, tuple(variants))
    for variant_key in all_variant_keys():
        try:
            wording.variant_for(variant_key)
        except LookupError:
            reader.problem("variants", f"no variant for {_describe(variant_key)}")
            break
    return wording


def load_wording(language: str = DEFAULT_LANGUAGE, base: Path | None = None) -> Wording:
    """All letter wording for a language, validated; raises TemplateError listing every
    problem in every file. Cached: call `clear_wording_cache()` after editing files."""
    root = base or resource_path("letters")
    cache_key = (str(root), language)
    with _cache_lock:
        cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    problems: list[TemplateProblem] = []
    common = _source(root, language, "common.toml")
    english = None
    if common.parent.name != DEFAULT_LANGUAGE:  # a translated common.toml
        english = load_wording(DEFAULT_LANGUAGE, root).labels
    snippets, reasons, labels = _read_common(common, problems, english)
    allowed = frozenset(MERGE_FIELDS) | {s.name for s in snippets}
    letters = {
        t: _read_letter(t, _source(root, language, f"{t.value}.toml"), allowed, problems)
        for t in LetterType
    }
    if problems:
        raise TemplateError(problems)
    wording = Wording(language, letters, snippets, reasons, labels)
    with _cache_lock:
        _cache[cache_key] = wording
    return wording


_cache: dict[tuple[str, str], Wording] = {}
_cache_lock = threading.Lock()


def clear_wording_cache() -> None:
    with _cache_lock:
        _cache.clear()
