"""A calm bar for the administrator when the app's database login could rewrite the audit
trail (issue 12, point 6): a PostgreSQL superuser, or the owner of the audit tables.

Asked once after an administrator signs in, off the GUI thread (services.audit
.privilege_warning); nothing shows for anyone else, on SQLite, or for a login that owns nothing
(scripts/postgres_roles.sql). The administrator may hide it for this sitting.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser


class AuditGuardBar(QFrame):
    def __init__(
        self,
        runner: TaskRunner,
        services: Services,
        user: CurrentUser,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditGuardBar")
        self.setAccessibleName("Audit trail warning")
        self.setStyleSheet(
            "QFrame#auditGuardBar { background: #fff4ce; border-bottom: 1px solid #c8a600; }"
        )
        self.label = QLabel()
        self.label.setObjectName("auditGuardText")
        self.label.setWordWrap(True)
        self.hide_button = named(
            QPushButton("Hide"), "auditGuardHide", "Hide the audit trail warning"
        )
        self.hide_button.clicked.connect(lambda: self.hide())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.hide_button)
        self.hide()
        runner.run(
            lambda: services.audit.privilege_warning(user),
            self._show,
            lambda _exc, _tb: None,  # a check that cannot run says nothing: the work goes on
        )

    def _show(self, warning: str | None) -> None:
        if warning:
            self.label.setText(warning)
            self.setAccessibleDescription(warning)
            self.show()
