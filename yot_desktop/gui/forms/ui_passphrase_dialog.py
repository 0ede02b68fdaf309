# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'passphrase_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_PassphraseDialog(object):
    def setupUi(self, passphraseDialog):
        if not passphraseDialog.objectName():
            passphraseDialog.setObjectName(u"passphraseDialog")
        passphraseDialog.setMinimumSize(QSize(460, 0))
        self.mainLayout = QVBoxLayout(passphraseDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(passphraseDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.passphraseLabel = QLabel(passphraseDialog)
        self.passphraseLabel.setObjectName(u"passphraseLabel")

        self.mainLayout.addWidget(self.passphraseLabel)

        self.databasePassphraseEdit = QLineEdit(passphraseDialog)
        self.databasePassphraseEdit.setObjectName(u"databasePassphraseEdit")
        self.databasePassphraseEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.mainLayout.addWidget(self.databasePassphraseEdit)

        self.rememberPassphraseCheck = QCheckBox(passphraseDialog)
        self.rememberPassphraseCheck.setObjectName(u"rememberPassphraseCheck")

        self.mainLayout.addWidget(self.rememberPassphraseCheck)

        self.passphraseProblem = QLabel(passphraseDialog)
        self.passphraseProblem.setObjectName(u"passphraseProblem")
        self.passphraseProblem.setWordWrap(True)

        self.mainLayout.addWidget(self.passphraseProblem)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.otherDatabaseButton = QPushButton(passphraseDialog)
        self.otherDatabaseButton.setObjectName(u"otherDatabaseButton")

        self.buttonLayout.addWidget(self.otherDatabaseButton)

        self.horizontalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.horizontalSpacer)

        self.passphraseCancel = QPushButton(passphraseDialog)
        self.passphraseCancel.setObjectName(u"passphraseCancel")

        self.buttonLayout.addWidget(self.passphraseCancel)

        self.passphraseOpen = QPushButton(passphraseDialog)
        self.passphraseOpen.setObjectName(u"passphraseOpen")

        self.buttonLayout.addWidget(self.passphraseOpen)


        self.mainLayout.addLayout(self.buttonLayout)

        QWidget.setTabOrder(self.databasePassphraseEdit, self.rememberPassphraseCheck)
        QWidget.setTabOrder(self.rememberPassphraseCheck, self.otherDatabaseButton)
        QWidget.setTabOrder(self.otherDatabaseButton, self.passphraseCancel)
        QWidget.setTabOrder(self.passphraseCancel, self.passphraseOpen)

        self.retranslateUi(passphraseDialog)

        self.passphraseOpen.setDefault(True)

    # setupUi

    def retranslateUi(self, passphraseDialog):
        passphraseDialog.setWindowTitle(QCoreApplication.translate("PassphraseDialog", u"Encrypted database", None))
#if QT_CONFIG(accessibility)
        passphraseDialog.setAccessibleName(QCoreApplication.translate("PassphraseDialog", u"Encrypted database", None))
#endif // QT_CONFIG(accessibility)
        self.introLabel.setText(QCoreApplication.translate("PassphraseDialog", u"The database at \u2026 is encrypted. Enter its passphrase to open it.", None))
        self.passphraseLabel.setText(QCoreApplication.translate("PassphraseDialog", u"Passphrase", None))
#if QT_CONFIG(accessibility)
        self.databasePassphraseEdit.setAccessibleName(QCoreApplication.translate("PassphraseDialog", u"Database passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.rememberPassphraseCheck.setText(QCoreApplication.translate("PassphraseDialog", u"Remember it on this computer (in the system's password store)", None))
#if QT_CONFIG(accessibility)
        self.rememberPassphraseCheck.setAccessibleName(QCoreApplication.translate("PassphraseDialog", u"Remember the passphrase on this computer", None))
#endif // QT_CONFIG(accessibility)
        self.passphraseProblem.setText("")
#if QT_CONFIG(accessibility)
        self.passphraseProblem.setAccessibleDescription(QCoreApplication.translate("PassphraseDialog", u"Problem", None))
#endif // QT_CONFIG(accessibility)
        self.otherDatabaseButton.setText(QCoreApplication.translate("PassphraseDialog", u"Choose another database\u2026", None))
#if QT_CONFIG(accessibility)
        self.otherDatabaseButton.setAccessibleName(QCoreApplication.translate("PassphraseDialog", u"Choose another", None))
#endif // QT_CONFIG(accessibility)
        self.passphraseCancel.setText(QCoreApplication.translate("PassphraseDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.passphraseCancel.setAccessibleName(QCoreApplication.translate("PassphraseDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
        self.passphraseOpen.setText(QCoreApplication.translate("PassphraseDialog", u"Open", None))
#if QT_CONFIG(accessibility)
        self.passphraseOpen.setAccessibleName(QCoreApplication.translate("PassphraseDialog", u"Open the database", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

