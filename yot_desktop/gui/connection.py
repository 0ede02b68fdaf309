"""Choose the database: a local SQLite file or a shared PostgreSQL server."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from yot_desktop.gui.forms.ui_connection_dialog import Ui_ConnectionDialog
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.services.admin.connection import (
    ConnectionChoice,
    build_url,
    parse_url,
    test_connection,
)

SSL_MODES = [
    ("prefer", "Use encryption if the server offers it"),
    ("require", "Always encrypt"),
    ("verify-ca", "Encrypt and check the certificate was issued by our authority"),
    ("verify-full", "Encrypt and check the server's certificate"),
    ("disable", "Do not encrypt (only on a trusted network)"),
]


class ConnectionDialog(QDialog):
    def __init__(
        self,
        runner: TaskRunner,
        current_url: str,
        parent: QWidget | None = None,
        sslmode: str = "prefer",
        locked: frozenset[str] = frozenset(),
        locked_by: str = "",
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ConnectionDialog()
        self.ui.setupUi(self)
        # Settings IT has fixed for every computer (deployment.toml): shown, not changeable.
        self.locked = locked
        self.locked_by = locked_by
        self.runner = runner
        for mode, label in SSL_MODES:
            self.ui.sslCombo.addItem(label, mode)
        # The default for a new server connection (a saved URL carries its own).
        self.ui.sslCombo.setCurrentIndex(max(self.ui.sslCombo.findData(sslmode), 0))
        # The password goes to the system's password store when connecting, never to a file.
        self.ui.passwordEdit.setPlaceholderText("Kept in this computer's password store")
        self.ui.passwordEdit.setAccessibleDescription(
            "Kept in this computer's password store, never in a file. Leave it empty to use "
            "the one kept there."
        )
        self.ui.sqliteRadio.toggled.connect(self._kind_changed)
        self.ui.browseButton.clicked.connect(self._browse)
        self.ui.testButton.clicked.connect(self.test)
        self.ui.connectButton.clicked.connect(self._use)
        self.ui.cancelButton.clicked.connect(self.reject)
        self.chosen_url: str | None = None
        self._load(current_url)
        self._kind_changed()
        self._lock()

    def _lock(self) -> None:
        """Grey out what IT has set, and say so: the user may still give their password."""
        why = f"Set for every computer by your IT department ({self.locked_by})"
        if "database_url" in self.locked:
            for widget in (
                self.ui.sqliteRadio,
                self.ui.postgresRadio,
                self.ui.fileEdit,
                self.ui.browseButton,
                self.ui.hostEdit,
                self.ui.portSpin,
                self.ui.databaseEdit,
            ):
                widget.setEnabled(False)
                widget.setToolTip(why)
            self.ui.resultLabel.setText(
                "Your IT department has set which database this computer uses."
            )
        if "sslmode" in self.locked:
            self.ui.sslCombo.setEnabled(False)
            self.ui.sslCombo.setToolTip(why)

    def _load(self, url_text: str) -> None:
        choice = parse_url(url_text)
        if choice.is_sqlite:
            self.ui.sqliteRadio.setChecked(True)
            self.ui.fileEdit.setText(choice.sqlite_file)
        else:
            self.ui.postgresRadio.setChecked(True)
            self.ui.hostEdit.setText(choice.host)
            self.ui.portSpin.setValue(choice.port)
            self.ui.databaseEdit.setText(choice.database)
            self.ui.userEdit.setText(choice.user)
            index = self.ui.sslCombo.findData(choice.sslmode)
            self.ui.sslCombo.setCurrentIndex(max(index, 0))

    def _kind_changed(self) -> None:
        local = self.ui.sqliteRadio.isChecked()
        fixed = "database_url" in self.locked
        self.ui.fileEdit.setEnabled(local and not fixed)
        self.ui.browseButton.setEnabled(local and not fixed)
        self.ui.serverBox.setEnabled(not local)
        self.ui.resultLabel.clear()

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Choose or create a database file",
            self.ui.fileEdit.text(),
            "YOT Desktop database (*.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.ui.fileEdit.setText(name)

    def url(self) -> str:
        if self.ui.sqliteRadio.isChecked():
            return build_url(ConnectionChoice(sqlite_file=self.ui.fileEdit.text()))
        return build_url(
            ConnectionChoice(
                host=self.ui.hostEdit.text(),
                port=self.ui.portSpin.value(),
                database=self.ui.databaseEdit.text(),
                user=self.ui.userEdit.text(),
                password=self.ui.passwordEdit.text(),
                sslmode=str(self.ui.sslCombo.currentData()),
            )
        )

    def _problem(self) -> str:
        if self.ui.sqliteRadio.isChecked() and not self.ui.fileEdit.text().strip():
            return "Enter the database file, or choose one with Browse."
        if self.ui.postgresRadio.isChecked():
            if not self.ui.hostEdit.text().strip():
                return "Enter the server name, like yot-db.council.local."
            if not self.ui.databaseEdit.text().strip():
                return "Enter the database name, like yot."
        return ""

    def test(self) -> None:
        problem = self._problem()
        if problem:
            self.ui.resultLabel.setText(problem)
            return
        url = self.url()
        self.ui.testButton.setEnabled(False)
        self.ui.resultLabel.setText("Testing the connection…")
        self.runner.run(lambda: test_connection(url), self._tested, self._test_failed)

    def _tested(self, message: str) -> None:
        self.ui.testButton.setEnabled(True)
        self.ui.resultLabel.setText(message)

    def _test_failed(self, exc: BaseException, _tb: str) -> None:
        self.ui.testButton.setEnabled(True)
        self.ui.resultLabel.setText(str(exc))

    def _use(self) -> None:
        problem = self._problem()
        if problem:
            self.ui.resultLabel.setText(problem)
            return
        self.chosen_url = self.url()
        self.accept()
