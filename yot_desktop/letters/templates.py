"""Letter wording: named merge fields like {first_name}, checked before anything is printed.

Wording is plain text. `{field}` inserts a merge field, `{{` and `}}` print a brace, `**bold**`
marks words to stress (on one line), and a line starting with "- " is a bullet point.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from yot_desktop.domain.enums import FAMILY_AUDIENCES, Audience, SchemeModel
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.letters.errors import TemplateProblem

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|\{|\}")
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_BOLD_OPEN, _BOLD_CLOSE = "\x01", "\x02"


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def validate_template(text: str, allowed_fields: Collection[str]) -> list[TemplateProblem]:
    """Every problem in one piece of wording: unknown or misspelt merge fields, braces that do
    not pair up, and ** that is not closed on the same line. An empty list means usable."""
    problems: list[TemplateProblem] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        line, column = _position(text, match.start())
        name = match.group(1)
        if token == "{":
            problems.append(
                TemplateProblem(
                    "A '{' is not closed by a '}' on the same line. Close the field, "
                    "like {first_name}, or write {{ to print a brace.",
                    line=line,
                    column=column,
                )
            )
        elif token == "}":
            problems.append(
                TemplateProblem(
                    "A '}' has no '{' before it. Remove it, or write }} to print a brace.",
                    line=line,
                    column=column,
                )
            )
        elif name is not None and name not in allowed_fields:
            problems.append(_unknown_field(name, allowed_fields, line, column))
    for number, line_text in enumerate(text.split("\n"), start=1):
        if line_text.count("**") % 2:
            problems.append(
                TemplateProblem(
                    "Bold text started with ** is not closed with ** on the same line.",
                    line=number,
                    column=line_text.rfind("**") + 1,
                )
            )
    return problems


def _unknown_field(name: str, allowed: Collection[str], line: int, column: int) -> TemplateProblem:
    if not _NAME.match(name):
        message = (
            f"{{{name}}} is not a merge field name: use lower-case letters, digits and "
            "underscores only, like {first_name}."
        )
    else:
        message = f"Unknown merge field {{{name}}}."
    close = difflib.get_close_matches(name.strip().lower(), sorted(allowed), n=1, cutoff=0.6)
    if close:
        message += f" Did you mean {{{close[0]}}}?"
    return TemplateProblem(message, field=name, line=line, column=column)


@dataclass(frozen=True)
class Field:
    name: str


@dataclass(frozen=True)
class CompiledText:
    """Wording split into literal markup and merge fields, ready to fill many times."""

    parts: tuple[str | Field, ...]
    bullet: bool = False

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(p.name for p in self.parts if isinstance(p, Field))

    def fill(self, values: Mapping[str, str], where: str = "") -> str:
        """Paragraph markup (XML-escaped) with every field replaced by its value."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, Field):
                try:
                    out.append(escape(values[part.name]))
                except KeyError:
                    raise missing_value(part.name, where) from None
            else:
                out.append(part)
        return "".join(out)


def missing_value(field: str, where: str) -> ValidationError:
    return ValidationError(
        FieldProblem(
            field,
            f"the {where} wording needs {{{field}}}, but the letter has no value for it",
        )
    )


def _compile_unit(unit: str) -> CompiledText:
    bullet = unit.startswith("- ")
    if bullet:
        unit = unit[2:].lstrip()
    # Turn ** pairs into markers first, so bold may wrap a merge field.
    pieces = unit.split("**")
    unit = (
        "".join(
            piece + (_BOLD_OPEN if i % 2 == 0 else _BOLD_CLOSE)
            for i, piece in enumerate(pieces[:-1])
        )
        + pieces[-1]
    )
    parts: list[str | Field] = []
    last = 0
    for match in _TOKEN.finditer(unit):
        literal = unit[last : match.start()]
        token = match.group(0)
        if token in ("{{", "}}"):
            literal += token[0]
        elif match.group(1) is not None:
            parts.append(_literal(literal))
            parts.append(Field(match.group(1)))
            literal = ""
        else:  # validation reports stray braces; print them as they are
            literal += token
        parts.append(_literal(literal))
        last = match.end()
    parts.append(_literal(unit[last:]))
    merged: list[str | Field] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return CompiledText(tuple(merged), bullet)


def _literal(text: str) -> str:
    return escape(text).replace(_BOLD_OPEN, "<b>").replace(_BOLD_CLOSE, "</b>")


@lru_cache(maxsize=4096)
def compile_paragraphs(text: str, one_per_line: bool) -> tuple[CompiledText, ...]:
    """Split wording into paragraphs. Normal wording: blank lines separate paragraphs and
    lines within one are joined. Easy read: every line is its own paragraph (one idea a line).
    Bullet lines ("- ") are always paragraphs of their own."""
    units: list[str] = []
    current: list[str] = []
    for raw in text.strip().split("\n"):
        line = raw.strip()
        if not line or one_per_line or line.startswith("- "):
            if current:
                units.append(" ".join(current))
                current = []
            if line:
                units.append(line)
        else:
            current.append(line)
    if current:
        units.append(" ".join(current))
    return tuple(_compile_unit(u) for u in units)


@lru_cache(maxsize=1024)
def compile_line(text: str) -> CompiledText:
    """One line of wording (a title, a greeting) as a single paragraph."""
    return _compile_unit(" ".join(text.split()))


@dataclass(frozen=True)
class VariantKey:
    """What wording depends on: the reader, easy read, and the scheme's rules."""

    audience: Audience
    easy_read: bool
    model: SchemeModel
    second_chance: bool


def all_variant_keys() -> Iterable[VariantKey]:
    for audience in FAMILY_AUDIENCES:
        for easy in (False, True):
            for model in SchemeModel:
                for second in (False, True):
                    yield VariantKey(audience, easy, model, second)


@dataclass(frozen=True)
class Selector:
    """Conditions a piece of wording applies under; None matches anything."""

    audience: Audience | None = None
    easy_read: bool | None = None
    model: SchemeModel | None = None
    second_chance: bool | None = None

    def matches(self, key: VariantKey) -> bool:
        return (
            (self.audience is None or self.audience is key.audience)
            and (self.easy_read is None or self.easy_read == key.easy_read)
            and (self.model is None or self.model is key.model)
            and (self.second_chance is None or self.second_chance == key.second_chance)
        )

    @property
    def specificity(self) -> int:
        return sum(
            v is not None for v in (self.audience, self.easy_read, self.model, self.second_chance)
        )
