# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'change_password_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

class Ui_ChangePasswordDialog(object):
    def setupUi(self, changePasswordDialog):
        if not changePasswordDialog.objectName():
            changePasswordDialog.setObjectName(u"changePasswordDialog")
        self.formLayout = QFormLayout(changePasswordDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.introLabel = QLabel(changePasswordDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.introLabel)

        self.currentPasswordLabel = QLabel(changePasswordDialog)
        self.currentPasswordLabel.setObjectName(u"currentPasswordLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.currentPasswordLabel)

        self.currentPasswordEdit = QLineEdit(changePasswordDialog)
        self.currentPasswordEdit.setObjectName(u"currentPasswordEdit")
        self.currentPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.currentPasswordEdit)

        self.newPasswordLabel = QLabel(changePasswordDialog)
        self.newPasswordLabel.setObjectName(u"newPasswordLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.newPasswordLabel)

        self.newPasswordEdit = QLineEdit(changePasswordDialog)
        self.newPasswordEdit.setObjectName(u"newPasswordEdit")
        self.newPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.newPasswordEdit)

        self.confirmPasswordLabel = QLabel(changePasswordDialog)
        self.confirmPasswordLabel.setObjectName(u"confirmPasswordLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.confirmPasswordLabel)

        self.confirmPasswordEdit = QLineEdit(changePasswordDialog)
        self.confirmPasswordEdit.setObjectName(u"confirmPasswordEdit")
        self.confirmPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.confirmPasswordEdit)

        self.changePasswordProblem = QLabel(changePasswordDialog)
        self.changePasswordProblem.setObjectName(u"changePasswordProblem")
        self.changePasswordProblem.setWordWrap(True)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.changePasswordProblem)

        self.buttonBox = QDialogButtonBox(changePasswordDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setOrientation(Qt.Orientation.Horizontal)
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.SpanningRole, self.buttonBox)

#if QT_CONFIG(shortcut)
        self.currentPasswordLabel.setBuddy(self.currentPasswordEdit)
        self.newPasswordLabel.setBuddy(self.newPasswordEdit)
        self.confirmPasswordLabel.setBuddy(self.confirmPasswordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.currentPasswordEdit, self.newPasswordEdit)
        QWidget.setTabOrder(self.newPasswordEdit, self.confirmPasswordEdit)

        self.retranslateUi(changePasswordDialog)
    # setupUi

    def retranslateUi(self, changePasswordDialog):
        changePasswordDialog.setWindowTitle(QCoreApplication.translate("ChangePasswordDialog", u"Choose a new password", None))
#if QT_CONFIG(accessibility)
        changePasswordDialog.setAccessibleName(QCoreApplication.translate("ChangePasswordDialog", u"Choose a new password", None))
#endif // QT_CONFIG(accessibility)
        self.introLabel.setText(QCoreApplication.translate("ChangePasswordDialog", u"Your password was set by an administrator. Choose your own now: 12 or more characters that you do not use anywhere else.", None))
        self.currentPasswordLabel.setText(QCoreApplication.translate("ChangePasswordDialog", u"Current password", None))
#if QT_CONFIG(accessibility)
        self.currentPasswordEdit.setAccessibleName(QCoreApplication.translate("ChangePasswordDialog", u"Current password", None))
#endif // QT_CONFIG(accessibility)
        self.newPasswordLabel.setText(QCoreApplication.translate("ChangePasswordDialog", u"New password", None))
#if QT_CONFIG(accessibility)
        self.newPasswordEdit.setAccessibleName(QCoreApplication.translate("ChangePasswordDialog", u"New password", None))
#endif // QT_CONFIG(accessibility)
        self.confirmPasswordLabel.setText(QCoreApplication.translate("ChangePasswordDialog", u"Confirm new password", None))
#if QT_CONFIG(accessibility)
        self.confirmPasswordEdit.setAccessibleName(QCoreApplication.translate("ChangePasswordDialog", u"Confirm new password", None))
#endif // QT_CONFIG(accessibility)
        self.changePasswordProblem.setText("")
#if QT_CONFIG(accessibility)
        self.changePasswordProblem.setAccessibleDescription(QCoreApplication.translate("ChangePasswordDialog", u"Problem with the new password", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

