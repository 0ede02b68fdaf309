"""The log file never receives a database error's message: it may quote a child's details."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from yot_desktop.gui.errors import loggable, show_error
from yot_desktop.gui.tasks import TaskRunner

ROW = "new row violates check constraint DETAIL: Failing row contains (7, Ottoline, Vexbridge)"


KEY = "Key (crime_reference)=(43/26/1) already exists"


class FakeDatabaseError(Exception):
    pass


def failing() -> None:
    try:
        raise ValueError(KEY)
    except ValueError as err:
        raise FakeDatabaseError(ROW) from err


def caught() -> BaseException:
    with pytest.raises(FakeDatabaseError) as info:
        failing()
    return info.value


def test_loggable_keeps_the_stack_and_types_but_no_message() -> None:
    text = loggable(caught())
    assert "Ottoline" not in text
    assert "43/26/1" not in text
    assert "FakeDatabaseError" in text
    assert "ValueError" in text
    assert "in failing" in text  # the frame is there for whoever reads the log


def test_unexpected_error_dialog_logs_without_the_message(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    exc = caught()
    with caplog.at_level(logging.ERROR, logger="yot_desktop"):
        box = show_error(None, exc, details="Traceback ... Ottoline Vexbridge")
    qtbot.addWidget(box)
    assert caplog.records
    assert "Ottoline" not in caplog.text
    assert "FakeDatabaseError" in caplog.text


def test_background_task_failure_logs_without_the_message(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    runner = TaskRunner()
    with caplog.at_level(logging.ERROR, logger="yot_desktop"):
        runner.run(failing)
        runner.wait()
        qtbot.waitUntil(lambda: bool(caplog.records))
    assert "Ottoline" not in caplog.text
    assert "FakeDatabaseError" in caplog.text
