"""Help > Settings on this computer: each setting, its value and where it came from.

IT deploys machine-wide settings (deployment.toml); a user's own choices live in their
settings file; the rest are built-in defaults. When something behaves unexpectedly, this is
where a user, or IT on the phone, finds out which one is in force and whether it is locked.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.widgets import configure_item_view, named
from yot_desktop.settings import FROM_DEFAULT, Settings

LABELS = {
    "database_url": "Database",
    "sslmode": "Connection encryption (sslmode)",
    "idle_lock_minutes": "Screen lock after (minutes)",
    "update_channel": "Update channel",
}


@dataclass(frozen=True)
class SettingRow:
    label: str
    source: str
    value: str


def setting_rows(settings: Settings) -> list[SettingRow]:
    """The rows the dialog shows; a database address is shown without any password."""
    from urllib.parse import urlsplit

    url = settings.database_url
    parts = urlsplit(url)
    if parts.password:  # never on screen
        url = url.replace(f":{parts.password}@", ":***@", 1)
    values = {
        "database_url": url,
        "sslmode": settings.sslmode,
        "idle_lock_minutes": str(settings.idle_lock_minutes),
        "update_channel": settings.update_channel,
    }
    return [
        SettingRow(LABELS[key], settings.sources.get(key, FROM_DEFAULT), values[key])
        for key in LABELS
    ]


class SettingsSourcesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsSourcesDialog")
        self.setAccessibleName("Settings on this computer")
        self.setWindowTitle("Settings on this computer")
        self.resize(860, 300)
        layout = QVBoxLayout(self)
        if settings.deployment_file is not None:
            where = (
                "Your IT department sets some of these for every computer, in its deployment "
                f"file {settings.deployment_file}. Locked ones cannot be changed here."
            )
        else:
            where = (
                "Your IT department sets none of these on this computer: each is your own "
                "choice or the built-in default."
            )
        where += f" Your own settings are kept in {settings.config_file}."
        intro = QLabel(where)
        intro.setObjectName("settingsSourcesIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model: RowsModel[SettingRow] = RowsModel(
            [
                ("Setting", lambda r: r.label),
                ("Where it comes from", lambda r: r.source),
                ("Value", lambda r: r.value),
            ],
            self,
        )
        self.model.set_rows(setting_rows(settings))
        self.table = configure_item_view(
            named(QTableView(), "settingsSourcesTable", "Settings and where they come from")
        )
        self.table.setModel(self.model)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "closeSettingsSourcesButton", "Close")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
