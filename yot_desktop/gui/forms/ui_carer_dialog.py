# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'carer_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

class Ui_CarerDialog(object):
    def setupUi(self, carerDialog):
        if not carerDialog.objectName():
            carerDialog.setObjectName(u"carerDialog")
        self.formLayout = QFormLayout(carerDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.carerNameLabel = QLabel(carerDialog)
        self.carerNameLabel.setObjectName(u"carerNameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.carerNameLabel)

        self.carer_name = QLineEdit(carerDialog)
        self.carer_name.setObjectName(u"carer_name")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.carer_name)

        self.carerRelationshipLabel = QLabel(carerDialog)
        self.carerRelationshipLabel.setObjectName(u"carerRelationshipLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.carerRelationshipLabel)

        self.carer_relationship = QLineEdit(carerDialog)
        self.carer_relationship.setObjectName(u"carer_relationship")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.carer_relationship)

        self.carer_pr = QCheckBox(carerDialog)
        self.carer_pr.setObjectName(u"carer_pr")
        self.carer_pr.setChecked(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.carer_pr)

        self.carerAddressLabel = QLabel(carerDialog)
        self.carerAddressLabel.setObjectName(u"carerAddressLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.carerAddressLabel)

        self.carer_address = QLineEdit(carerDialog)
        self.carer_address.setObjectName(u"carer_address")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.carer_address)

        self.carerPhoneLabel = QLabel(carerDialog)
        self.carerPhoneLabel.setObjectName(u"carerPhoneLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.carerPhoneLabel)

        self.carer_phone = QLineEdit(carerDialog)
        self.carer_phone.setObjectName(u"carer_phone")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.carer_phone)

        self.carerEmailLabel = QLabel(carerDialog)
        self.carerEmailLabel.setObjectName(u"carerEmailLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.carerEmailLabel)

        self.carer_email = QLineEdit(carerDialog)
        self.carer_email.setObjectName(u"carer_email")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.carer_email)

        self.carerLanguageLabel = QLabel(carerDialog)
        self.carerLanguageLabel.setObjectName(u"carerLanguageLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.carerLanguageLabel)

        self.carer_language = QLineEdit(carerDialog)
        self.carer_language.setObjectName(u"carer_language")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.carer_language)

        self.carerLettersLabel = QLabel(carerDialog)
        self.carerLettersLabel.setObjectName(u"carerLettersLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.carerLettersLabel)

        self.carer_letters = QComboBox(carerDialog)
        self.carer_letters.setObjectName(u"carer_letters")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.carer_letters)

        self.dialogButtons = QDialogButtonBox(carerDialog)
        self.dialogButtons.setObjectName(u"dialogButtons")
        self.dialogButtons.setOrientation(Qt.Orientation.Horizontal)
        self.dialogButtons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.formLayout.setWidget(8, QFormLayout.ItemRole.SpanningRole, self.dialogButtons)

#if QT_CONFIG(shortcut)
        self.carerNameLabel.setBuddy(self.carer_name)
        self.carerRelationshipLabel.setBuddy(self.carer_relationship)
        self.carerAddressLabel.setBuddy(self.carer_address)
        self.carerPhoneLabel.setBuddy(self.carer_phone)
        self.carerEmailLabel.setBuddy(self.carer_email)
        self.carerLanguageLabel.setBuddy(self.carer_language)
        self.carerLettersLabel.setBuddy(self.carer_letters)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.carer_name, self.carer_relationship)
        QWidget.setTabOrder(self.carer_relationship, self.carer_pr)
        QWidget.setTabOrder(self.carer_pr, self.carer_address)
        QWidget.setTabOrder(self.carer_address, self.carer_phone)
        QWidget.setTabOrder(self.carer_phone, self.carer_email)
        QWidget.setTabOrder(self.carer_email, self.carer_language)
        QWidget.setTabOrder(self.carer_language, self.carer_letters)

        self.retranslateUi(carerDialog)
    # setupUi

    def retranslateUi(self, carerDialog):
        carerDialog.setWindowTitle(QCoreApplication.translate("CarerDialog", u"Add a parent or carer", None))
#if QT_CONFIG(accessibility)
        carerDialog.setAccessibleName(QCoreApplication.translate("CarerDialog", u"Parent or carer", None))
#endif // QT_CONFIG(accessibility)
        self.carerNameLabel.setText(QCoreApplication.translate("CarerDialog", u"Name", None))
#if QT_CONFIG(accessibility)
        self.carer_name.setAccessibleName(QCoreApplication.translate("CarerDialog", u"Name", None))
#endif // QT_CONFIG(accessibility)
        self.carerRelationshipLabel.setText(QCoreApplication.translate("CarerDialog", u"Relationship", None))
#if QT_CONFIG(accessibility)
        self.carer_relationship.setAccessibleName(QCoreApplication.translate("CarerDialog", u"Relationship", None))
#endif // QT_CONFIG(accessibility)
        self.carer_relationship.setPlaceholderText(QCoreApplication.translate("CarerDialog", u"like Mother, Grandparent, Foster carer", None))
        self.carer_pr.setText(QCoreApplication.translate("CarerDialog", u"Has parental responsibility", None))
#if QT_CONFIG(accessibility)
        self.carer_pr.setAccessibleName(QCoreApplication.translate("CarerDialog", u"Parental responsibility", None))
#endif // QT_CONFIG(accessibility)
        self.carerAddressLabel.setText(QCoreApplication.translate("CarerDialog", u"Address if different", None))
#if QT_CONFIG(accessibility)
        self.carer_address.setAccessibleName(QCoreApplication.translate("CarerDialog", u"Address, if different", None))
#endif // QT_CONFIG(accessibility)
        self.carerPhoneLabel.setText(QCoreApplication.translate("CarerDialog", u"Phone", None))
#if QT_CONFIG(accessibility)
        self.carer_phone.setAccessibleName(QCoreApplication.translate("CarerDialog", u"Phone", None))
#endif // QT_CONFIG(accessibility)
        self.carer_phone.setPlaceholderText(QCoreApplication.translate("CarerDialog", u"like 07700 900123", None))
        self.carerEmailLabel.setText(QCoreApplication.translate("CarerDialog", u"Email", None))
#if QT_CONFIG(accessibility)
        self.carer_email.setAccessibleName(QCoreApplication.translate("CarerDialog", u"Email", None))
#endif // QT_CONFIG(accessibility)
        self.carerLanguageLabel.setText(QCoreApplication.translate("CarerDialog", u"Preferred language", None))
        self.carer_language.setText(QCoreApplication.translate("CarerDialog", u"English", None))
#if QT_CONFIG(accessibility)
        self.carer_language.setAccessibleName(QCoreApplication.translate("CarerDialog", u"Preferred language", None))
#endif // QT_CONFIG(accessibility)
        self.carerLettersLabel.setText(QCoreApplication.translate("CarerDialog", u"Letters", None))
#if QT_CONFIG(accessibility)
        self.carer_letters.setAccessibleName(QCoreApplication.translate("CarerDialog", u"How they want letters", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

