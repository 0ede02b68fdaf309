"""The scheme editor chooses the team that runs a scheme (issue 11, point 5): from the teams
there are, or none (the importer's team)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.gui.test_intake_screens import assert_named
from yot_desktop.gui.screens.scheme_editor import IMPORTERS_TEAM, SchemeEditorDialog
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

WM_TEAM = "Windsor and Maidenhead Youth Offending Team"


def test_the_scheme_editor_sets_and_clears_the_team_that_runs_a_scheme(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    admin = demo_services.auth.sign_in("admin", "demo")
    dialog = SchemeEditorDialog(demo_services, admin, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.refresh("WB")
    teams = [dialog.team.itemText(i) for i in range(dialog.team.count())]
    assert teams[0] == IMPORTERS_TEAM and WM_TEAM in teams
    assert dialog.team.currentText() == IMPORTERS_TEAM  # the shipped WB names no team

    dialog.team.setCurrentIndex(dialog.team.findText(WM_TEAM))
    dialog.save()
    assert "Saved WB" in dialog.status.text()
    assert demo_services.schemes.get("WB").team == WM_TEAM
    dialog.grab().save(str(tmp_path / "scheme_editor_team.png"))

    dialog.refresh("WM")  # another scheme shows its own (none)...
    assert dialog.team.currentText() == IMPORTERS_TEAM
    dialog.refresh("WB")  # ...and WB the team saved
    assert dialog.team.currentText() == WM_TEAM
    dialog.team.setCurrentIndex(0)
    dialog.save()
    assert demo_services.schemes.get("WB").team == ""
    assert_named(dialog)
