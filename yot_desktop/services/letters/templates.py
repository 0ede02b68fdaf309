"""Managers' letter templates (issue 5): edit the wording of a letter, check it, preview it on
an invented young person, save it (versioned and audited), reset it to the shipped wording, and
translate it. The letters service asks a `WordingChooser` which language and wording to use.

An unknown or misspelt merge field is refused when the wording is saved, naming the field and
the nearest known one, so a letter never prints a blank where a name should be.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import Audience, LetterType, SchemeModel
from yot_desktop.domain.errors import ConflictError, FieldProblem, NotFound, ValidationError
from yot_desktop.domain.names import fold
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import is_plain
from yot_desktop.letters import TemplateError, TemplateProblem
from yot_desktop.letters.edited import (
    EditedWording,
    TemplateKey,
    parse_edited,
    shipped_language,
    shipped_languages,
    shipped_source,
    valid_language_code,
)
from yot_desktop.letters.sample import sample_context
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models_letters import LetterTemplate

ENGLISH = ("en", "English")
# Names of the languages the app ships wording for (English only, for now).
SHIPPED_NAMES = {"en": "English"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str


@dataclass(frozen=True)
class TemplateText:
    """The wording the editor opens: the saved edit, or the shipped wording."""

    key: TemplateKey
    body: str
    edited: bool
    version: int | None
    language_name: str
    updated_by: str = ""
    updated_at: datetime | None = None


def problems_to_fields(problems: list[TemplateProblem]) -> ValidationError:
    """Template problems as a refusal every front end can show, one line each."""
    return ValidationError([FieldProblem(p.field or "wording", str(p)) for p in problems])


def parse_or_refuse(key: TemplateKey, body: str) -> EditedWording:
    try:
        return parse_edited(key, body)
    except TemplateError as exc:
        raise problems_to_fields(exc.problems) from None


def _row(s: Session, key: TemplateKey) -> LetterTemplate | None:
    return s.scalar(
        select(LetterTemplate).where(
            LetterTemplate.letter_type == key.letter_type.value,
            LetterTemplate.audience == key.audience.value,
            LetterTemplate.easy_read == key.easy_read,
            LetterTemplate.language == key.language,
        )
    )


def known_languages(s: Session) -> tuple[Language, ...]:
    """English, the languages shipped, then those managers have translated into."""
    found: dict[str, str] = {code: SHIPPED_NAMES.get(code, code) for code in shipped_languages()}
    for code, name in s.execute(
        select(LetterTemplate.language, LetterTemplate.language_name).distinct()
    ):
        found.setdefault(code, name)
    found.pop(ENGLISH[0], None)
    rest = sorted((Language(c, n) for c, n in found.items()), key=lambda x: fold(x.name))
    return (Language(*ENGLISH), *rest)


def edited_wording(s: Session, key: TemplateKey) -> EditedWording | None:
    """The saved edit for `key` (with its version), checked again: wording saved before a merge
    field was withdrawn is refused rather than printed with a blank."""
    row = _row(s, key)
    if row is None:
        return None
    try:
        return replace(parse_edited(key, row.body), version=row.version)
    except TemplateError as exc:
        raise ValidationError(
            FieldProblem(
                "template",
                f"the edited wording of the {key.letter_type.value.replace('_', ' ')} letter "
                f"needs correcting in the template editor first: {exc.problems[0]}",
            )
        ) from None


class WordingChooser:
    """Which language and which edited wording each letter uses, read once per unit of work:
    a batch of a thousand letters parses each edited template once (and compiles it once)."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._languages: tuple[Language, ...] | None = None
        self._edited: dict[TemplateKey, EditedWording | None] = {}

    def languages(self) -> tuple[Language, ...]:
        if self._languages is None:
            self._languages = known_languages(self.s)
        return self._languages

    def edited(self, key: TemplateKey) -> EditedWording | None:
        if key not in self._edited:
            self._edited[key] = edited_wording(self.s, key)
        return self._edited[key]

    def language(self, key: TemplateKey, preferred: str) -> str:
        """The language code for a letter: the reader's preferred language (a name like
        'Polish' or a code like 'pl') when this letter has wording in it, else English."""
        wanted = fold(preferred.strip())
        for language in self.languages() if wanted else ():
            if wanted not in (language.code, fold(language.name)):
                continue
            if language.code == ENGLISH[0]:
                break
            translated = replace(key, language=language.code)
            if self.edited(translated) is not None or shipped_language(
                language.code, key.letter_type
            ):
                return language.code
        return ENGLISH[0]


class LetterTemplateService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def languages(self, user: CurrentUser) -> tuple[Language, ...]:
        self.ctx.require(user, Permission.MANAGE_TEMPLATES, "letter_template_languages")
        with self.ctx.uow() as uow:
            return known_languages(uow.session)

    def edited(self, user: CurrentUser) -> tuple[TemplateText, ...]:
        """Every saved edit and translation."""
        self.ctx.require(user, Permission.MANAGE_TEMPLATES, "list_letter_templates")
        with self.ctx.uow() as uow:
            rows = uow.session.scalars(
                select(LetterTemplate).order_by(
                    LetterTemplate.language, LetterTemplate.letter_type, LetterTemplate.id
                )
            ).all()
            return tuple(_text(r) for r in rows)

    def open(self, user: CurrentUser, key: TemplateKey, language_name: str = "") -> TemplateText:
        """The wording to edit: the saved edit, else the shipped wording (for a new language,
        the English wording with the layout's labels, ready to translate)."""
        self.ctx.require(user, Permission.MANAGE_TEMPLATES, "open_letter_template")
        _check_language(key.language, language_name, required=False)
        with self.ctx.uow() as uow:
            row = _row(uow.session, key)
            if row is not None:
                return _text(row)
            names = {x.code: x.name for x in known_languages(uow.session)}
            start = _starting_source(uow.session, key)
        name = names.get(key.language) or language_name.strip() or key.language
        return TemplateText(key, start, False, None, name)

    def check(self, user: CurrentUser, key: TemplateKey, body: str) -> None:
        """Raise ValidationError listing every problem; return quietly when it can be saved."""
        self.ctx.require(user, Permission.MANAGE_TEMPLATES, "check_letter_template")
        parse_or_refuse(key, body)

    def preview(
        self,
        user: CurrentUser,
        key: TemplateKey,
        body: str,
        model: SchemeModel = SchemeModel.CONDITIONAL,
        second_chance: bool = False,
        large_print: bool = False,
    ) -> bytes:
        """The draft wording as a PDF letter about an invented young person (nothing saved,
        no case data read). Refused, with every problem, when the wording has any."""
        self.ctx.require(user, Permission.MANAGE_TEMPLATES, "preview_letter_template")
        edited = parse_or_refuse(key, body)
        today = self.ctx.clock().date()
        ctx = sample_context(key, model, second_chance, edited=edited, today=today)
        ctx = replace(ctx, large_print=large_print)
        from yot_desktop.letters.render import render_letter  # ReportLab: when previewed

        out = io.BytesIO()
        render_letter(ctx, out)
        return out.getvalue()

    def save(
        self,
        user: CurrentUser,
        key: TemplateKey,
        body: str,
        version: int | None,
        language_name: str = "",
    ) -> TemplateText:
        """Keep the edited wording. `version` is the one opened (None: it was the shipped
        wording); a save over someone else's newer edit is a ConflictError."""
        self.ctx.require(user, Permission.MANAGE_TEMPLATES, "save_letter_template")
        _check_language(key.language, language_name, required=False)
        parse_or_refuse(key, body)
        with self.ctx.uow() as uow:
            s = uow.session
            row = _row(s, key)
            if row is None and version is not None:  # the edit opened was reset meanwhile
                raise ConflictError("letter template", 0)
            if row is not None and version is None:  # someone saved an edit meanwhile
                raise ConflictError("letter template", row.id, changed_by=row.updated_by)
            if row is not None:
                uow.saw(row, version, "letter template", lambda r: r.updated_by)
            if row is None:
                names = {x.code: x.name for x in known_languages(s)}
                name = names.get(key.language) or language_name.strip()
                if not name:
                    raise ValidationError(
                        FieldProblem("language name", "give the language's name, like Polish")
                    )
                row = LetterTemplate(
                    letter_type=key.letter_type.value,
                    audience=key.audience.value,
                    easy_read=key.easy_read,
                    language=key.language,
                    language_name=name,
                    body=body,
                    updated_by=user.username,
                    updated_at=self.ctx.clock(),
                )
                s.add(row)
            else:
                row.body = body
                row.updated_by = user.username
                row.updated_at = self.ctx.clock()
            s.flush()
            self.ctx.audit(
                s, user, "save_letter_template", "letter_template", row.id, detail=key.describe()
            )
            uow.commit()
            return _text(row)

    def reset(self, user: CurrentUser, key: TemplateKey, version: int) -> TemplateText:
        """Remove the edit: letters use the shipped wording again (for a translation with no
        shipped wording, English). Returns the wording now in use."""
        self.ctx.require(user, Permission.MANAGE_TEMPLATES, "reset_letter_template")
        with self.ctx.uow() as uow:
            s = uow.session
            row = _row(s, key)
            if row is None:
                raise NotFound("This wording has not been edited: it is the shipped wording.")
            uow.saw(row, version, "letter template", lambda r: r.updated_by)
            name = row.language_name
            self.ctx.audit(
                s, user, "reset_letter_template", "letter_template", row.id, detail=key.describe()
            )
            s.delete(row)
            uow.commit()
        with self.ctx.uow() as uow:
            start = _starting_source(uow.session, key)
        return TemplateText(key, start, False, None, name)


def _starting_source(s: Session, key: TemplateKey) -> str:
    """The wording a new edit starts from: the shipped wording; for a translation, with the
    labels ("Private and confidential", the job title...) already translated in the newest
    saved letter of that language, so a translator does them once."""
    if key.language == ENGLISH[0]:
        return shipped_source(key)
    rows = s.scalars(
        select(LetterTemplate)
        .where(LetterTemplate.language == key.language)
        .order_by(LetterTemplate.updated_at.desc(), LetterTemplate.id.desc())
    ).all()
    for row in rows:
        other = _text(row).key
        try:
            labels = dict(parse_edited(other, row.body).labels)
        except TemplateError:
            continue  # wording saved before a field was withdrawn: the next one, if any
        if labels:
            return shipped_source(key, translated=labels)
    return shipped_source(key)


def _check_language(code: str, name: str, required: bool) -> None:
    problems = []
    if not valid_language_code(code):
        problems.append(
            FieldProblem(
                "language code",
                "enter the language's two- or three-letter ISO 639 code in lower case, "
                "like pl for Polish or ur for Urdu",
            )
        )
    if (required and not name.strip()) or len(name.strip()) > 60 or not is_plain(name):
        problems.append(
            FieldProblem("language name", "give the language's name in up to 60 letters")
        )
    if problems:
        raise ValidationError(problems)


def _text(row: LetterTemplate) -> TemplateText:
    key = TemplateKey(
        LetterType(row.letter_type), Audience(row.audience), row.easy_read, row.language
    )
    return TemplateText(
        key, row.body, True, row.version, row.language_name, row.updated_by, row.updated_at
    )
