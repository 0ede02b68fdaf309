"""An administrator signs in where the app's database login could rewrite the audit trail
(issue 12, point 6): on PostgreSQL as the server's superuser, a calm bar says so and how to
put it right; on SQLite (no roles) and for a manager nothing is shown."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel

from tests.journeys.conftest import ADMIN, MANAGER, Journey


def test_the_administrator_is_warned_about_a_superuser_login(set_up_app: Journey) -> None:
    j = set_up_app
    on_postgres = j.db_url.startswith("postgresql")
    window = j.sign_in(ADMIN[0], ADMIN[2])
    j.settle()
    bar = window.findChild(QFrame, "auditGuardBar")
    assert bar is not None
    if not on_postgres:
        assert not bar.isVisible()  # SQLite has no roles to warn about
        return
    assert bar.isVisible()
    text = j.find(QLabel, "auditGuardText", window).text()
    assert text.startswith(
        "The app signs in to the database as postgres, a superuser: it could switch off the "
        "audit trail's protection and rewrite the trail without a trace in the app."
    )
    assert "scripts/postgres_roles.sql" in text and "audit verify" in text
    j.screenshot(window, "audit-guard-bar")
    j.click_button(window, "auditGuardHide")
    assert not bar.isVisible()
    j.assert_no_error_shown()

    j.sign_out()  # a manager is not told: it is the administrator's to put right
    window = j.sign_in(MANAGER[0], MANAGER[2])
    j.settle()
    assert window.findChild(QFrame, "auditGuardBar") is None
