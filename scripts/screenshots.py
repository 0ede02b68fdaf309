"""Screenshots of the running app for the README: `uv run python scripts/screenshots.py`.

Builds a demo database in a temporary folder, signs in as each kind of user and grabs each
screen offscreen into docs/screenshots/.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from yot_desktop.demo import fill_demo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from yot_desktop.app import apply_style
    from yot_desktop.gui.first_run import FirstRunWizard
    from yot_desktop.gui.login import LoginDialog
    from yot_desktop.gui.main_window import MainWindow
    from yot_desktop.gui.tasks import SyncTaskRunner
    from yot_desktop.services.container import Services

    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)  # type: ignore[arg-type]
    runner = SyncTaskRunner()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Services.open(f"sqlite:///{tmp}/empty.db")
        empty.database.upgrade()
        wizard = FirstRunWizard(empty, runner)
        wizard.resize(640, 460)
        wizard.show()
        app.processEvents()
        wizard.grab().save(str(OUT / "first-run.png"))
        wizard.close()
        empty.close()

        services = Services.open(f"sqlite:///{tmp}/demo.db")
        services.database.upgrade()
        fill_demo(services, 400, seed=7)
        info = services.database.info()
        login = LoginDialog(
            services, runner, f"{info.kind} database: {info.location}", "practitioner"
        )
        login.show()
        app.processEvents()
        login.grab().save(str(OUT / "sign-in.png"))
        login.close()
        for username in ("practitioner", "admin", "panel"):
            user = services.auth.sign_in(username, "demo")
            window = MainWindow(services, user, runner, info)
            window.resize(1280, 800)
            window.show()
            for i, key in enumerate(window.screen_keys):
                window.nav.setCurrentRow(i)
                if key == "caseload" and window.caseload is not None:
                    window.caseload.table.selectRow(0)
                reports = window.reports
                if key == "reports" and reports is not None and reports.evaluation_box is not None:
                    reports.preview()  # the evaluation, its table and chart
                app.processEvents()
                window.grab().save(str(OUT / f"{username}-{key}.png"))
            window.close()
        services.close()
    print(f"Screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
