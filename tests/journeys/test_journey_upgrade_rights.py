"""Staff start the app on a PostgreSQL database an older version left, through the app's
everyday login, which may not change tables: the window says to ask the administrator for
`db upgrade` as the owner, instead of PostgreSQL's "must be owner of table" (issue 16)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.integration.storage.test_postgres_upgrade_rights import (
    Behind,
    behind_database,
    what_to_do,
)
from tests.journeys.conftest import Journey
from yot_desktop.gui.connection import ConnectionDialog

pytestmark = pytest.mark.postgres


@pytest.fixture
def behind() -> Iterator[Behind]:
    yield from behind_database("yot_journey_behind")


def test_the_app_login_on_an_older_database_is_told_whom_to_ask(
    behind: Behind, journey_factory: Callable[[str], Journey]
) -> None:
    j = journey_factory(behind.app)
    dialog = j.modal(ConnectionDialog)

    said = dialog.ui.resultLabel.text()
    assert said.startswith(what_to_do(behind)), said
    assert "must be owner" not in said and "cannot open" not in said
    assert dialog.ui.resultLabel.isVisible()
    j.screenshot(dialog, "upgrade_not_allowed")
