# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'add_user_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

class Ui_AddUserDialog(object):
    def setupUi(self, addUserDialog):
        if not addUserDialog.objectName():
            addUserDialog.setObjectName(u"addUserDialog")
        self.formLayout = QFormLayout(addUserDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.displayNameLabel = QLabel(addUserDialog)
        self.displayNameLabel.setObjectName(u"displayNameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.displayNameLabel)

        self.newDisplayNameEdit = QLineEdit(addUserDialog)
        self.newDisplayNameEdit.setObjectName(u"newDisplayNameEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.newDisplayNameEdit)

        self.usernameLabel = QLabel(addUserDialog)
        self.usernameLabel.setObjectName(u"usernameLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.usernameLabel)

        self.newUsernameEdit = QLineEdit(addUserDialog)
        self.newUsernameEdit.setObjectName(u"newUsernameEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.newUsernameEdit)

        self.roleLabel = QLabel(addUserDialog)
        self.roleLabel.setObjectName(u"roleLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.roleLabel)

        self.newRoleCombo = QComboBox(addUserDialog)
        self.newRoleCombo.setObjectName(u"newRoleCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.newRoleCombo)

        self.teamLabel = QLabel(addUserDialog)
        self.teamLabel.setObjectName(u"teamLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.teamLabel)

        self.newTeamCombo = QComboBox(addUserDialog)
        self.newTeamCombo.setObjectName(u"newTeamCombo")
        self.newTeamCombo.setEditable(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.newTeamCombo)

        self.passwordLabel = QLabel(addUserDialog)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.newPasswordEdit = QLineEdit(addUserDialog)
        self.newPasswordEdit.setObjectName(u"newPasswordEdit")
        self.newPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.newPasswordEdit)

        self.passwordHintLabel = QLabel(addUserDialog)
        self.passwordHintLabel.setObjectName(u"passwordHintLabel")
        self.passwordHintLabel.setWordWrap(True)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.SpanningRole, self.passwordHintLabel)

        self.addUserProblem = QLabel(addUserDialog)
        self.addUserProblem.setObjectName(u"addUserProblem")
        self.addUserProblem.setWordWrap(True)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.addUserProblem)

        self.buttonBox = QDialogButtonBox(addUserDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setOrientation(Qt.Orientation.Horizontal)
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.formLayout.setWidget(7, QFormLayout.ItemRole.SpanningRole, self.buttonBox)

#if QT_CONFIG(shortcut)
        self.displayNameLabel.setBuddy(self.newDisplayNameEdit)
        self.usernameLabel.setBuddy(self.newUsernameEdit)
        self.roleLabel.setBuddy(self.newRoleCombo)
        self.teamLabel.setBuddy(self.newTeamCombo)
        self.passwordLabel.setBuddy(self.newPasswordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.newDisplayNameEdit, self.newUsernameEdit)
        QWidget.setTabOrder(self.newUsernameEdit, self.newRoleCombo)
        QWidget.setTabOrder(self.newRoleCombo, self.newTeamCombo)
        QWidget.setTabOrder(self.newTeamCombo, self.newPasswordEdit)

        self.retranslateUi(addUserDialog)
    # setupUi

    def retranslateUi(self, addUserDialog):
        addUserDialog.setWindowTitle(QCoreApplication.translate("AddUserDialog", u"Add a staff account", None))
#if QT_CONFIG(accessibility)
        addUserDialog.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Add a staff account", None))
#endif // QT_CONFIG(accessibility)
        self.displayNameLabel.setText(QCoreApplication.translate("AddUserDialog", u"Full name", None))
#if QT_CONFIG(accessibility)
        self.newDisplayNameEdit.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Full name", None))
#endif // QT_CONFIG(accessibility)
        self.usernameLabel.setText(QCoreApplication.translate("AddUserDialog", u"User name", None))
#if QT_CONFIG(accessibility)
        self.newUsernameEdit.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"User name", None))
#endif // QT_CONFIG(accessibility)
        self.roleLabel.setText(QCoreApplication.translate("AddUserDialog", u"Role", None))
#if QT_CONFIG(accessibility)
        self.newRoleCombo.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Role", None))
#endif // QT_CONFIG(accessibility)
        self.teamLabel.setText(QCoreApplication.translate("AddUserDialog", u"Team", None))
#if QT_CONFIG(accessibility)
        self.newTeamCombo.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Team", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("AddUserDialog", u"First password", None))
#if QT_CONFIG(accessibility)
        self.newPasswordEdit.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"First password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.newPasswordEdit.setAccessibleDescription(QCoreApplication.translate("AddUserDialog", u"They must change it when they first sign in", None))
#endif // QT_CONFIG(accessibility)
        self.passwordHintLabel.setText(QCoreApplication.translate("AddUserDialog", u"12 or more characters. They will be asked to change it when they sign in.", None))
        self.addUserProblem.setText("")
#if QT_CONFIG(accessibility)
        self.addUserProblem.setAccessibleDescription(QCoreApplication.translate("AddUserDialog", u"Problem with these details", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

