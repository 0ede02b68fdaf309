"""The letter template editor driven with qtbot: live preview, merge fields, refused saves,
translations, reset, and only for managers and administrators."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from tests.integration.delivery_helpers import set_up_team, user
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.gui.screens.letters import LettersScreen
from yot_desktop.gui.screens.template_editor import TemplateEditor
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.letters.edited import TemplateKey
from yot_desktop.services.container import Services


def editor(qtbot: QtBot, services: Services, runner: SyncTaskRunner) -> TemplateEditor:
    set_up_team(services)
    dialog = TemplateEditor(services, user(services, "manager"), runner)
    dialog.confirm_discard = lambda what: True  # never a blocking question in a test
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(dialog: TemplateEditor, letter_type: LetterType, audience: Audience) -> None:
    dialog.letter_type.setCurrentIndex(dialog.letter_type.findData(letter_type.value))
    dialog.audience.setCurrentIndex(dialog.audience.findData(audience.value))


def preview_images(dialog: TemplateEditor) -> list[object]:
    return [label.pixmap().toImage() for label in dialog.pages]


def test_opens_the_shipped_wording_with_a_preview_of_its_pages(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = editor(qtbot, empty_services, runner)
    assert dialog.key() == TemplateKey(LetterType.INVITATION, Audience.PARENT, False)
    assert 'title = "' in dialog.editor.toPlainText()
    assert dialog.pages and not dialog.pages[0].pixmap().isNull()
    assert "Sam Sample" in dialog.preview_status.text()
    assert "shipped wording" in dialog.state.text()
    assert not dialog.save_button.isEnabled() and not dialog.reset_button.isEnabled()
    for widget in dialog.findChildren(object):
        name = getattr(widget, "objectName", lambda: "")()
        if name.startswith("template") and hasattr(widget, "accessibleName"):
            # A label is heard by its text; its title is the description (widgets.named).
            heard = widget.accessibleDescription() if isinstance(widget, QLabel) else ""
            assert widget.accessibleName() or heard, name
    if os.environ.get("YOT_SCREENSHOTS"):
        dialog.grab().save(os.environ["YOT_SCREENSHOTS"] + "/template-editor.png")


def test_the_preview_follows_the_typing_after_a_pause(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = editor(qtbot, empty_services, runner)
    choose(dialog, LetterType.REMINDER, Audience.PARENT)
    before = preview_images(dialog)
    text = dialog.editor.toPlainText().replace("This is a reminder of", "Please remember")
    dialog.editor.setPlainText(text)
    assert dialog.timer.isActive()  # debounced: nothing rendered while typing
    assert preview_images(dialog) == before
    qtbot.waitUntil(lambda: preview_images(dialog) != before)
    assert dialog.save_button.isEnabled()
    assert "Not saved yet" in dialog.state.text()


def test_a_misspelt_field_is_shown_and_refused_on_saving(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = editor(qtbot, empty_services, runner)
    choose(dialog, LetterType.REMINDER, Audience.PARENT)
    good = dialog.editor.toPlainText()
    dialog.editor.setPlainText(good.replace("{scheme_name}", "{schem_name}"))
    dialog.refresh_preview()
    assert "Did you mean {scheme_name}?" in dialog.problems.text()
    assert "last wording without problems" in dialog.preview_status.text()

    dialog.save_button.click()
    assert "Not saved" in dialog.state.text()
    assert "{schem_name}" in dialog.editor.textCursor().block().text()  # the cursor is there
    services = empty_services
    manager = user(services, "manager")
    assert not services.letter_templates.edited(manager)


def test_insert_a_field_save_and_reset(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = editor(qtbot, empty_services, runner)
    choose(dialog, LetterType.REMINDER, Audience.PARENT)
    cursor = dialog.editor.textCursor()
    cursor.setPosition(dialog.editor.toPlainText().index("This is a reminder"))
    dialog.editor.setTextCursor(cursor)
    names = [
        dialog.fields.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.fields.count())
    ]
    dialog.fields.setCurrentRow(names.index("worker_name"))
    dialog.insert_button.click()
    dialog.editor.insertPlainText(" writes: ")
    dialog.save_button.click()

    manager = user(empty_services, "manager")
    saved = empty_services.letter_templates.edited(manager)
    assert len(saved) == 1 and "{worker_name} writes: This is a reminder" in saved[0].body
    assert "version 1" in dialog.state.text()
    assert dialog.reset_button.isEnabled()
    assert "reminder letter (parent or carer), English" in dialog.edited_list.text()

    dialog.confirm_discard = lambda what: True
    dialog.reset_button.click()
    assert not empty_services.letter_templates.edited(manager)
    assert "{worker_name} writes" not in dialog.editor.toPlainText()
    assert dialog.edited_list.text() == "Every letter uses the shipped wording."


def test_unsaved_wording_is_not_lost_without_asking(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = editor(qtbot, empty_services, runner)
    dialog.editor.insertPlainText("# a note\n")
    asked: list[str] = []
    dialog.confirm_discard = lambda what: asked.append(what) is not None and False
    choose(dialog, LetterType.MISSED, Audience.PARENT)
    assert asked == ["the invitation letter (parent or carer)"]
    assert dialog.key().letter_type is LetterType.INVITATION  # stayed put
    assert dialog.editor.toPlainText().startswith("# a note")
    dialog.close()
    assert dialog.isVisible() and len(asked) == 2
    dialog.confirm_discard = lambda what: True


def test_a_new_translation_starts_from_english_and_is_used_once_saved(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = editor(qtbot, empty_services, runner)
    choose(dialog, LetterType.REMINDER, Audience.PARENT)
    dialog.ask_language = lambda: ("pl", "Polish")
    dialog.new_language.click()
    assert dialog.key().language == "pl"
    assert "Polish translation" in dialog.state.text()
    assert "[labels]" in dialog.editor.toPlainText()
    dialog.editor.setPlainText(
        dialog.editor.toPlainText().replace('date = "Date:"', 'date = "Data:"')
    )
    dialog.save_button.click()
    manager = user(empty_services, "manager")
    assert [x.name for x in empty_services.letter_templates.languages(manager)] == [
        "English",
        "Polish",
    ]
    assert dialog.language.currentText() == "Polish (pl)"


def test_only_those_who_manage_templates_see_the_editor_button(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    practitioner = team_with_programmes(empty_services)
    screen = LettersScreen(empty_services, practitioner, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.templates_button.isVisible()

    manager = LettersScreen(empty_services, user(empty_services, "manager"), runner)
    qtbot.addWidget(manager)
    manager.show()
    assert manager.templates_button.isVisible()
    opened = manager.open_template_editor()
    assert opened.isVisible() and opened.editor.toPlainText()
    opened.close()
    assert manager.template_editor is None
