"""A refusal names the field as the form labels it, never a command-line option (issue 13,
point 5).

Services once wrote "--referral: no referral has the crime reference ..." for the command
line, and the window showed it as it was. Now they say the form's words ("Crime reference")
and the command line turns them into its options (tests/e2e/test_cli_delivery.py keeps
"--referral: ...").
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPushButton

from tests.journeys.conftest import MANAGER, Journey

UNKNOWN = "43/99/9999"


def test_an_unknown_crime_reference_is_refused_in_the_forms_words(set_up_app: Journey) -> None:
    j = set_up_app
    j.sign_in(MANAGER[0], MANAGER[2])
    reports = j.go("Reports")
    j.type_into(j.find(QLineEdit, "panelReferral", reports), UNKNOWN)
    j.click(j.find(QPushButton, "panelOpen", reports))

    boxes = j.message_boxes()
    assert [(b.windowTitle(), b.text()) for b in boxes] == [
        ("Not found", f"Crime reference: no referral has the reference '{UNKNOWN}'")
    ]
    assert "--" not in boxes[0].text()
    j.screenshot(boxes[0], "unknown-crime-reference")
    j.click_button(boxes[0], "OK")
    j.assert_no_error_shown()
