"""The managers' letter template editor: pick a letter, its reader, reading level and language;
edit the wording with merge fields; see a live preview of the pages; save (refused with the
problem shown when a field is unknown or misspelt), reset to the shipped wording, translate.

Checking, rendering and turning pages into images all run on the TaskRunner, a moment after
typing stops: the GUI thread only shows the images it is handed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Audience, LetterType, SchemeModel
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.save_keys import save_keys
from yot_desktop.gui.screens.template_pages import (
    PAGE_WIDTH_PX,
    Preview,
    ask_discard,
    ask_language,
    page_images,
)
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import (
    configure_item_view,
    fit_to_screen,
    named,
    screen_room,
    style_as_error,
)
from yot_desktop.letters import MERGE_FIELDS
from yot_desktop.letters.edited import TemplateKey, untranslated, valid_language_code
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.templates import Language, TemplateText

PREVIEW_DELAY_MS = 600
_LINE = re.compile(r"line (\d+)")


def type_words(t: LetterType) -> str:
    return t.value.replace("_", " ").capitalize()


class TemplateEditor(QDialog):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        named(self, "templateEditor", "Letter wording editor")
        self.setWindowTitle("Letter wording")
        self.services, self.user, self.runner = services, user, runner
        self.opened: TemplateText | None = None
        self.generation = 0
        self.pages: list[QLabel] = []
        self._loading = False
        # Dialog hooks (tests replace these).
        self.confirm_discard: Callable[[str], bool] = self._ask_discard
        self.ask_language: Callable[[], tuple[str, str] | None] = self._ask_language

        self.letter_type = named(QComboBox(), "templateType", "Letter type")
        for t in LetterType:
            self.letter_type.addItem(type_words(t), t.value)
        self.audience = named(QComboBox(), "templateAudience", "Who reads the letter")
        self.audience.addItem("Parent or carer", Audience.PARENT.value)
        self.audience.addItem("Young person", Audience.YOUNG_PERSON.value)
        self.reading = named(QComboBox(), "templateReading", "Standard or easy read")
        self.reading.addItem("Standard wording", False)
        self.reading.addItem("Easy read", True)
        self.language = named(QComboBox(), "templateLanguage", "Language of the wording")
        self.new_language = named(
            QPushButton("New translation…"), "templateNewLanguage", "Start a translation"
        )
        choose = QHBoxLayout()
        for w in (self.letter_type, self.audience, self.reading, self.language):
            choose.addWidget(w)
        choose.addWidget(self.new_language)
        choose.addStretch(1)

        self.editor = named(QPlainTextEdit(), "templateText", "Letter wording")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.problems = named(QLabel(""), "templateProblems", "Problems in the wording")
        self.problems.setWordWrap(True)
        style_as_error(self.problems)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.untranslated_label = named(
            QLabel(""), "templateUntranslatedLabel", "Phrases still in English"
        )
        self.untranslated_label.setWordWrap(True)
        self.untranslated = named(
            QListWidget(), "templateUntranslated", "Phrases of the translation still in English"
        )
        configure_item_view(self.untranslated)
        self.untranslated.setMaximumHeight(130)
        self.untranslated_label.setBuddy(self.untranslated)
        self.fields = named(QListWidget(), "templateFields", "Merge fields to insert")
        configure_item_view(self.fields)
        for name, meaning in MERGE_FIELDS.items():
            item = QListWidgetItem(f"{{{name}}}  {meaning}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.fields.addItem(item)
        self.insert_button = named(
            QPushButton("Insert field"), "templateInsert", "Insert the chosen merge field"
        )
        help_text = named(
            QLabel(
                'Put text in quotes; long text between three quotes ("""). A blank line '
                "starts a new paragraph, **words** are bold, a line starting '- ' is a bullet. "
                "Merge fields like {first_name} are filled in for each letter."
            ),
            "templateHelp",
            "How to write wording",
        )
        help_text.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(help_text)
        left_layout.addWidget(self.editor, 3)
        left_layout.addWidget(self.problems)
        left_layout.addWidget(self.untranslated_label)
        left_layout.addWidget(self.untranslated)
        fields_label = named(
            QLabel("Merge fields: double-click one, or choose it and Insert field"),
            "templateFieldsLabel",
            "Merge fields",
        )
        fields_label.setBuddy(self.fields)
        left_layout.addWidget(fields_label)
        fields_row = QHBoxLayout()
        fields_row.addWidget(self.fields, 1)
        fields_row.addWidget(self.insert_button, 0, Qt.AlignmentFlag.AlignTop)
        left_layout.addLayout(fields_row, 1)

        self.model = named(QComboBox(), "templatePreviewModel", "Scheme model for the preview")
        self.model.addItem("Preview: conditional scheme", SchemeModel.CONDITIONAL.value)
        self.model.addItem("Preview: voluntary scheme", SchemeModel.VOLUNTARY.value)
        self.large_print = named(
            QCheckBox("Large print"), "templatePreviewLarge", "Preview in large print"
        )
        self.preview_status = named(QLabel(""), "templatePreviewStatus", "Preview status")
        self.preview_status.setWordWrap(True)
        self.page_box = QWidget()
        self.page_layout = QVBoxLayout(self.page_box)
        self.page_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_area = named(QScrollArea(), "templatePreview", "Preview of the letter's pages")
        self.preview_area.setWidget(self.page_box)
        self.preview_area.setWidgetResizable(True)
        # A narrower page on a small screen (1920×1080 at 200%), so editor and preview fit.
        self.page_width = max(320, min(PAGE_WIDTH_PX, screen_room(self).width() - 480))
        self.preview_area.setMinimumWidth(self.page_width + 40)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        preview_options = QHBoxLayout()
        preview_options.addWidget(self.model)
        preview_options.addWidget(self.large_print)
        preview_options.addStretch(1)
        right_layout.addLayout(preview_options)
        right_layout.addWidget(self.preview_area, 1)
        right_layout.addWidget(self.preview_status)

        splitter = named(QSplitter(Qt.Orientation.Horizontal), "templateSplitter", "Editor")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 620])

        self.state = named(QLabel(""), "templateState", "Whose wording this is")
        self.state.setWordWrap(True)
        self.reset_button = named(
            QPushButton("Reset to the shipped wording…"), "templateReset", "Reset the wording"
        )
        self.save_button = named(QPushButton("Save"), "templateSave", "Save the wording")
        save_keys(self, self.save_button, enter=False)  # Ctrl+S while writing the wording
        self.close_button = named(QPushButton("Close"), "templateClose", "Close the editor")
        self.save_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        for b in (self.reset_button, self.close_button, self.save_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        self.edited_list = named(
            QLabel(""), "templateEditedList", "Letters whose wording has been edited"
        )
        self.edited_list.setWordWrap(True)
        layout.addLayout(choose)
        layout.addWidget(self.edited_list)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1240, 860)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)
        self.editor.textChanged.connect(self._edited)
        for combo in (self.letter_type, self.audience, self.reading, self.language):
            combo.currentIndexChanged.connect(lambda *_: self.open_chosen())
        self.model.currentIndexChanged.connect(lambda *_: self.refresh_preview())
        self.large_print.toggled.connect(lambda *_: self.refresh_preview())
        self.fields.itemDoubleClicked.connect(lambda *_: self.insert_field())
        self.insert_button.clicked.connect(self.insert_field)
        self.untranslated.itemClicked.connect(lambda item: self.go_to_phrase(item))
        self.untranslated.itemActivated.connect(lambda item: self.go_to_phrase(item))
        self.new_language.clicked.connect(self.start_translation)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.close_button.clicked.connect(self.close)
        self._languages: tuple[Language, ...] = ()
        self._shown_key: TemplateKey | None = None
        self._new_names: dict[str, str] = {}  # languages started here, not yet saved
        self._saved_note = ""  # "Saved..." until the wording changes again
        self.load_languages()

    # --- choosing ------------------------------------------------------------------------
    def key(self) -> TemplateKey:
        return TemplateKey(
            LetterType(self.letter_type.currentData()),
            Audience(self.audience.currentData()),
            bool(self.reading.currentData()),
            self.language.currentData() or "en",
        )

    def load_languages(self, select: str = "en") -> None:
        def load() -> tuple[Language, ...]:
            return self.services.letter_templates.languages(self.user)

        self.runner.run(load, lambda found: self._set_languages(found, select), self._failed)

    def _set_languages(self, found: tuple[Language, ...], select: str, name: str = "") -> None:
        self._languages = found
        self._loading = True
        self.language.clear()
        for language in found:
            self.language.addItem(f"{language.name} ({language.code})", language.code)
        if select not in [x.code for x in found]:
            self.language.addItem(f"{name} ({select}), new", select)
        self.language.setCurrentIndex(self.language.findData(select))
        self._loading = False
        self.open_chosen()

    def dirty(self) -> bool:
        return self.opened is not None and self.editor.toPlainText() != self.opened.body

    def open_chosen(self) -> None:
        if self._loading:
            return
        key = self.key()
        language_name = self._new_names.get(key.language, "")
        if key == self._shown_key:
            return
        if self.dirty() and not self.confirm_discard(self._what(self._shown_key)):
            self._choose(self._shown_key)
            return

        self._saved_note = ""  # another letter: its own state

        def load() -> TemplateText:
            return self.services.letter_templates.open(self.user, key, language_name)

        self.runner.run(load, self._opened, self._failed)

    def _choose(self, key: TemplateKey | None) -> None:
        if key is None:
            return
        self._loading = True
        self.letter_type.setCurrentIndex(self.letter_type.findData(key.letter_type.value))
        self.audience.setCurrentIndex(self.audience.findData(key.audience.value))
        self.reading.setCurrentIndex(self.reading.findData(key.easy_read))
        self.language.setCurrentIndex(self.language.findData(key.language))
        self._loading = False

    def refresh_edited(self) -> None:
        """Say which letters have edited wording, so a manager knows what differs."""

        def load() -> tuple[TemplateText, ...]:
            return self.services.letter_templates.edited(self.user)

        def show(rows: tuple[TemplateText, ...]) -> None:
            names = {x.code: x.name for x in self._languages}
            parts = []
            for row in rows:
                k = row.key
                language = names.get(k.language, row.language_name)
                parts.append(f"{self._what(k)[4:]}, {language}")
            self.edited_list.setText(
                "Edited wording in use: " + "; ".join(parts) + "."
                if parts
                else "Every letter uses the shipped wording."
            )

        self.runner.run(load, show, self._failed)

    def _opened(self, text: TemplateText) -> None:
        self.opened = text
        self._shown_key = text.key
        self.editor.blockSignals(True)
        self.editor.setPlainText(text.body)
        self.editor.blockSignals(False)
        self._describe()
        self.problems.setText("")
        self.untranslated_label.hide()  # until the preview says which phrases, if any
        self.untranslated.hide()
        self.refresh_preview()
        self.refresh_edited()

    def _describe(self) -> None:
        text = self.opened
        if text is None:
            return
        if text.edited and text.updated_at is not None:
            when = text.updated_at.strftime("%d/%m/%Y %H:%M")
            words = f"Edited wording, version {text.version}, saved by {text.updated_by} {when}."
        else:
            words = "The shipped wording, not edited."
        if text.key.language != "en" and not text.edited:
            words = f"A new {text.language_name} translation: start from the English wording."
        if self.dirty():
            words += " Not saved yet."
        self.state.setText(words)
        self.reset_button.setEnabled(text.edited)
        self.save_button.setEnabled(self.dirty())
        self.save_button.setToolTip(
            "Save the wording" if self.dirty() else "Nothing to save yet: change the wording first"
        )

    @staticmethod
    def _what(key: TemplateKey | None) -> str:
        if key is None:
            return "this letter"
        reader = "parent or carer" if key.audience is Audience.PARENT else "young person"
        reading = ", easy read" if key.easy_read else ""
        return f"the {type_words(key.letter_type).lower()} letter ({reader}{reading})"

    # --- editing -------------------------------------------------------------------------
    def _edited(self) -> None:
        self._saved_note = ""
        self._describe()
        self.timer.start()

    def insert_field(self) -> None:
        item = self.fields.currentItem()
        if item is None:
            return
        self.editor.insertPlainText("{" + item.data(Qt.ItemDataRole.UserRole) + "}")
        self.editor.setFocus()

    def start_translation(self) -> None:
        answer = self.ask_language()
        if answer is None:
            return
        code, name = answer[0].strip().lower(), answer[1].strip()
        if not valid_language_code(code) or not name:
            show_error(
                self,
                ValidationError(
                    FieldProblem(
                        "language",
                        "give the two- or three-letter ISO 639 code (like pl) and the "
                        "language's name (like Polish)",
                    )
                ),
            )
            return
        self._new_names[code] = name
        self._set_languages(self._languages, code, name)

    # --- preview -------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Check and render the wording on the task runner; only the newest result is shown."""
        self.timer.stop()
        if self.opened is None:
            return
        self.generation += 1
        generation, key, body = self.generation, self.opened.key, self.editor.toPlainText()
        model, large = SchemeModel(self.model.currentData()), self.large_print.isChecked()
        width, scale = self.page_width, self.devicePixelRatioF()  # sharp at 200% too
        self.preview_status.setText("Updating the preview…")

        def render() -> Preview:
            still = tuple((u.line, str(u)) for u in untranslated(key, body))
            try:
                pdf = self.services.letter_templates.preview(
                    self.user, key, body, model, large_print=large
                )
            except ValidationError as exc:
                return Preview(generation, None, exc.problems, still)
            return Preview(generation, page_images(pdf, width, scale), [], still)

        self.runner.run(render, self._previewed, self._failed)

    def _previewed(self, preview: Preview) -> None:
        if preview.generation != self.generation:
            return  # the wording changed again meanwhile
        self._show_untranslated(preview.untranslated)
        if preview.images is None:
            self._show_problems(preview.problems)
            self.preview_status.setText(
                "The preview shows the last wording without problems. Fix the problems above."
            )
            return
        self.problems.setText("")
        for label in self.pages:  # out of the layout now; deleted when Qt is ready
            self.page_layout.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.pages = []
        for number, image in enumerate(preview.images, start=1):
            label = named(QLabel(), f"templatePage{number}", f"Page {number} of the preview")
            label.setPixmap(QPixmap.fromImage(image))
            label.setFixedSize(image.deviceIndependentSize().toSize())  # never squeezed
            label.setStyleSheet("border: 1px solid #8a8a8a; background: white;")
            self.page_layout.addWidget(label)
            self.pages.append(label)
        count = len(preview.images)
        self.preview_status.setText(
            self._saved_note
            + f"Preview about an invented young person, Sam Sample: {count} "
            + ("page." if count == 1 else "pages.")
        )

    def _show_untranslated(self, phrases: tuple[tuple[int, str], ...]) -> None:
        """For a translation: the phrases still in English, each a click from its line."""
        translation = self.opened is not None and self.opened.key.language != "en"
        self.untranslated_label.setVisible(translation)
        self.untranslated.setVisible(translation and bool(phrases))
        if not translation:
            return
        count = len(phrases)
        self.untranslated_label.setText(
            f"Still in English: {count} phrase{'' if count == 1 else 's'} (click one to go "
            "to its line)"
            if count
            else "Every phrase is translated."
        )
        self.untranslated.clear()
        for line, words in phrases:
            item = QListWidgetItem(words)
            item.setData(Qt.ItemDataRole.UserRole, line)
            self.untranslated.addItem(item)

    def go_to_phrase(self, item: QListWidgetItem) -> None:
        """Put the cursor at the start of the phrase's line, ready to translate it."""
        line = int(item.data(Qt.ItemDataRole.UserRole) or 0)
        if not line:
            return  # left out of the wording: nothing to go to
        block = self.editor.document().findBlockByNumber(line - 1)
        self.editor.setTextCursor(QTextCursor(block))
        self.editor.centerCursor()
        self.editor.setFocus()

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        self.problems.setText("\n".join(f"• {p.message}" for p in problems))

    # --- saving --------------------------------------------------------------------------
    def save(self) -> None:
        opened = self.opened
        if opened is None:
            return
        body = self.editor.toPlainText()

        def store() -> TemplateText:
            return self.services.letter_templates.save(
                self.user, opened.key, body, opened.version, opened.language_name
            )

        def stored(text: TemplateText) -> None:
            # Kept until the next change: the preview that follows the save must not hide it.
            self._saved_note = "Saved. New letters use this wording. "
            self._opened(text)
            self.preview_status.setText(self._saved_note.strip())
            if text.key.language not in [x.code for x in self._languages]:
                self.load_languages(text.key.language)

        self.runner.run(store, stored, self._save_failed)

    def _save_failed(self, exc: BaseException, tb: str) -> None:
        if isinstance(exc, ValidationError):
            self._show_problems(exc.problems)
            self.state.setText("Not saved: fix the problems shown under the wording.")
            self._go_to_problem(exc.problems)
            return
        self._failed(exc, tb)

    def _go_to_problem(self, problems: list[FieldProblem]) -> None:
        for problem in problems:
            found = _LINE.search(problem.message)
            if found:
                block = self.editor.document().findBlockByNumber(int(found.group(1)) - 1)
                cursor = QTextCursor(block)
                self.editor.setTextCursor(cursor)
                self.editor.setFocus()
                return

    def reset(self) -> None:
        opened = self.opened
        if opened is None or not opened.edited:
            return
        if not self.confirm_discard(f"the edited wording of {self._what(opened.key)}"):
            return

        def undo() -> TemplateText:
            return self.services.letter_templates.reset(self.user, opened.key, opened.version or 0)

        self.runner.run(undo, self._opened, self._failed)

    # --- leaving -------------------------------------------------------------------------
    def _ask_discard(self, what: str) -> bool:
        return ask_discard(self, what)

    def _ask_language(self) -> tuple[str, str] | None:
        return ask_language(self)

    def reject(self) -> None:
        """Close (Esc, the Close button or the window's own): unsaved wording is never lost
        without asking."""
        if self.dirty() and not self.confirm_discard(self._what(self._shown_key)):
            return
        super().reject()
