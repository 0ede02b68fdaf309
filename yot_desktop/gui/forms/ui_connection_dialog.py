# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'connection_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QSizePolicy, QSpacerItem, QSpinBox, QVBoxLayout, QWidget

class Ui_ConnectionDialog(object):
    def setupUi(self, ConnectionDialog):
        if not ConnectionDialog.objectName():
            ConnectionDialog.setObjectName(u"ConnectionDialog")
        ConnectionDialog.resize(520, 420)
        self.mainLayout = QVBoxLayout(ConnectionDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.sqliteRadio = QRadioButton(ConnectionDialog)
        self.sqliteRadio.setObjectName(u"sqliteRadio")
        self.sqliteRadio.setChecked(True)

        self.mainLayout.addWidget(self.sqliteRadio)

        self.fileLayout = QHBoxLayout()
        self.fileLayout.setObjectName(u"fileLayout")
        self.fileEdit = QLineEdit(ConnectionDialog)
        self.fileEdit.setObjectName(u"fileEdit")

        self.fileLayout.addWidget(self.fileEdit)

        self.browseButton = QPushButton(ConnectionDialog)
        self.browseButton.setObjectName(u"browseButton")
        self.browseButton.setAutoDefault(False)

        self.fileLayout.addWidget(self.browseButton)


        self.mainLayout.addLayout(self.fileLayout)

        self.postgresRadio = QRadioButton(ConnectionDialog)
        self.postgresRadio.setObjectName(u"postgresRadio")

        self.mainLayout.addWidget(self.postgresRadio)

        self.serverBox = QWidget(ConnectionDialog)
        self.serverBox.setObjectName(u"serverBox")
        self.serverLayout = QFormLayout(self.serverBox)
        self.serverLayout.setObjectName(u"serverLayout")
        self.hostLabel = QLabel(self.serverBox)
        self.hostLabel.setObjectName(u"hostLabel")

        self.serverLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.hostLabel)

        self.hostEdit = QLineEdit(self.serverBox)
        self.hostEdit.setObjectName(u"hostEdit")

        self.serverLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.hostEdit)

        self.portLabel = QLabel(self.serverBox)
        self.portLabel.setObjectName(u"portLabel")

        self.serverLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.portLabel)

        self.portSpin = QSpinBox(self.serverBox)
        self.portSpin.setObjectName(u"portSpin")
        self.portSpin.setMinimum(1)
        self.portSpin.setMaximum(65535)
        self.portSpin.setValue(5432)

        self.serverLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.portSpin)

        self.databaseNameLabel = QLabel(self.serverBox)
        self.databaseNameLabel.setObjectName(u"databaseNameLabel")

        self.serverLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.databaseNameLabel)

        self.databaseEdit = QLineEdit(self.serverBox)
        self.databaseEdit.setObjectName(u"databaseEdit")

        self.serverLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.databaseEdit)

        self.userLabel = QLabel(self.serverBox)
        self.userLabel.setObjectName(u"userLabel")

        self.serverLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.userLabel)

        self.userEdit = QLineEdit(self.serverBox)
        self.userEdit.setObjectName(u"userEdit")

        self.serverLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.userEdit)

        self.passwordLabel = QLabel(self.serverBox)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.serverLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(self.serverBox)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.serverLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.sslLabel = QLabel(self.serverBox)
        self.sslLabel.setObjectName(u"sslLabel")

        self.serverLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.sslLabel)

        self.sslCombo = QComboBox(self.serverBox)
        self.sslCombo.setObjectName(u"sslCombo")

        self.serverLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.sslCombo)


        self.mainLayout.addWidget(self.serverBox)

        self.resultLabel = QLabel(ConnectionDialog)
        self.resultLabel.setObjectName(u"resultLabel")
        self.resultLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.resultLabel)

        self.verticalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.testButton = QPushButton(ConnectionDialog)
        self.testButton.setObjectName(u"testButton")
        self.testButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.testButton)

        self.horizontalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.horizontalSpacer)

        self.cancelButton = QPushButton(ConnectionDialog)
        self.cancelButton.setObjectName(u"cancelButton")
        self.cancelButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.cancelButton)

        self.connectButton = QPushButton(ConnectionDialog)
        self.connectButton.setObjectName(u"connectButton")

        self.buttonLayout.addWidget(self.connectButton)


        self.mainLayout.addLayout(self.buttonLayout)

#if QT_CONFIG(shortcut)
        self.hostLabel.setBuddy(self.hostEdit)
        self.portLabel.setBuddy(self.portSpin)
        self.databaseNameLabel.setBuddy(self.databaseEdit)
        self.userLabel.setBuddy(self.userEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.sslLabel.setBuddy(self.sslCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.sqliteRadio, self.fileEdit)
        QWidget.setTabOrder(self.fileEdit, self.browseButton)
        QWidget.setTabOrder(self.browseButton, self.postgresRadio)
        QWidget.setTabOrder(self.postgresRadio, self.hostEdit)
        QWidget.setTabOrder(self.hostEdit, self.portSpin)
        QWidget.setTabOrder(self.portSpin, self.databaseEdit)
        QWidget.setTabOrder(self.databaseEdit, self.userEdit)
        QWidget.setTabOrder(self.userEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.sslCombo)
        QWidget.setTabOrder(self.sslCombo, self.testButton)
        QWidget.setTabOrder(self.testButton, self.connectButton)
        QWidget.setTabOrder(self.connectButton, self.cancelButton)

        self.retranslateUi(ConnectionDialog)

        self.connectButton.setDefault(True)

    # setupUi

    def retranslateUi(self, ConnectionDialog):
        ConnectionDialog.setWindowTitle(QCoreApplication.translate("ConnectionDialog", u"Connect to a database", None))
#if QT_CONFIG(accessibility)
        ConnectionDialog.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Connect to a database", None))
#endif // QT_CONFIG(accessibility)
        self.sqliteRadio.setText(QCoreApplication.translate("ConnectionDialog", u"A file on &this computer (SQLite, for one person)", None))
#if QT_CONFIG(accessibility)
        self.sqliteRadio.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"SQLite file on this computer", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.fileEdit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Database file", None))
#endif // QT_CONFIG(accessibility)
        self.browseButton.setText(QCoreApplication.translate("ConnectionDialog", u"&Browse\u2026", None))
#if QT_CONFIG(accessibility)
        self.browseButton.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Browse for a database file", None))
#endif // QT_CONFIG(accessibility)
        self.postgresRadio.setText(QCoreApplication.translate("ConnectionDialog", u"A shared &server (PostgreSQL, for a team)", None))
#if QT_CONFIG(accessibility)
        self.postgresRadio.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Shared PostgreSQL server", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.serverBox.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Server details", None))
#endif // QT_CONFIG(accessibility)
        self.hostLabel.setText(QCoreApplication.translate("ConnectionDialog", u"&Server", None))
#if QT_CONFIG(accessibility)
        self.hostEdit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Server name", None))
#endif // QT_CONFIG(accessibility)
        self.hostEdit.setPlaceholderText(QCoreApplication.translate("ConnectionDialog", u"yot-db.council.local", None))
        self.portLabel.setText(QCoreApplication.translate("ConnectionDialog", u"P&ort", None))
#if QT_CONFIG(accessibility)
        self.portSpin.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Port", None))
#endif // QT_CONFIG(accessibility)
        self.databaseNameLabel.setText(QCoreApplication.translate("ConnectionDialog", u"Data&base", None))
#if QT_CONFIG(accessibility)
        self.databaseEdit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Database name", None))
#endif // QT_CONFIG(accessibility)
        self.databaseEdit.setText(QCoreApplication.translate("ConnectionDialog", u"yot", None))
        self.userLabel.setText(QCoreApplication.translate("ConnectionDialog", u"Database &user", None))
#if QT_CONFIG(accessibility)
        self.userEdit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Database user", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("ConnectionDialog", u"Database pass&word", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Database password", None))
#endif // QT_CONFIG(accessibility)
        self.sslLabel.setText(QCoreApplication.translate("ConnectionDialog", u"&Encryption", None))
#if QT_CONFIG(accessibility)
        self.sslCombo.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Connection encryption (sslmode)", None))
#endif // QT_CONFIG(accessibility)
        self.resultLabel.setText("")
#if QT_CONFIG(accessibility)
        self.resultLabel.setAccessibleDescription(QCoreApplication.translate("ConnectionDialog", u"Connection test result", None))
#endif // QT_CONFIG(accessibility)
        self.testButton.setText(QCoreApplication.translate("ConnectionDialog", u"&Test connection", None))
#if QT_CONFIG(accessibility)
        self.testButton.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Test connection", None))
#endif // QT_CONFIG(accessibility)
        self.cancelButton.setText(QCoreApplication.translate("ConnectionDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.cancelButton.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
        self.connectButton.setText(QCoreApplication.translate("ConnectionDialog", u"&Use this database", None))
#if QT_CONFIG(accessibility)
        self.connectButton.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Use this database", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

