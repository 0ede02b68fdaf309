# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'consent_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDialogButtonBox, QFormLayout, QLabel, QWidget

class Ui_ConsentDialog(object):
    def setupUi(self, consentDialog):
        if not consentDialog.objectName():
            consentDialog.setObjectName(u"consentDialog")
        self.formLayout = QFormLayout(consentDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.consentPartyLabel = QLabel(consentDialog)
        self.consentPartyLabel.setObjectName(u"consentPartyLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.consentPartyLabel)

        self.consentParty = QComboBox(consentDialog)
        self.consentParty.setObjectName(u"consentParty")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.consentParty)

        self.consentGivenByLabel = QLabel(consentDialog)
        self.consentGivenByLabel.setObjectName(u"consentGivenByLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.consentGivenByLabel)

        self.consentGivenBy = QComboBox(consentDialog)
        self.consentGivenBy.setObjectName(u"consentGivenBy")
        self.consentGivenBy.setEditable(True)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.consentGivenBy)

        self.consentAgreed = QCheckBox(consentDialog)
        self.consentAgreed.setObjectName(u"consentAgreed")
        self.consentAgreed.setChecked(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.consentAgreed)

        self.consentDateLabel = QLabel(consentDialog)
        self.consentDateLabel.setObjectName(u"consentDateLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.consentDateLabel)

        self.consentDate = QDateEdit(consentDialog)
        self.consentDate.setObjectName(u"consentDate")
        self.consentDate.setCalendarPopup(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.consentDate)

        self.consentBasisLabel = QLabel(consentDialog)
        self.consentBasisLabel.setObjectName(u"consentBasisLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.consentBasisLabel)

        self.consentBasis = QComboBox(consentDialog)
        self.consentBasis.setObjectName(u"consentBasis")
        self.consentBasis.setEditable(True)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.consentBasis)

        self.dialogButtons = QDialogButtonBox(consentDialog)
        self.dialogButtons.setObjectName(u"dialogButtons")
        self.dialogButtons.setOrientation(Qt.Orientation.Horizontal)
        self.dialogButtons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.SpanningRole, self.dialogButtons)

#if QT_CONFIG(shortcut)
        self.consentPartyLabel.setBuddy(self.consentParty)
        self.consentGivenByLabel.setBuddy(self.consentGivenBy)
        self.consentDateLabel.setBuddy(self.consentDate)
        self.consentBasisLabel.setBuddy(self.consentBasis)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.consentParty, self.consentGivenBy)
        QWidget.setTabOrder(self.consentGivenBy, self.consentAgreed)
        QWidget.setTabOrder(self.consentAgreed, self.consentDate)
        QWidget.setTabOrder(self.consentDate, self.consentBasis)

        self.retranslateUi(consentDialog)
    # setupUi

    def retranslateUi(self, consentDialog):
        consentDialog.setWindowTitle(QCoreApplication.translate("ConsentDialog", u"Record consent to the programme", None))
#if QT_CONFIG(accessibility)
        consentDialog.setAccessibleName(QCoreApplication.translate("ConsentDialog", u"Record consent", None))
#endif // QT_CONFIG(accessibility)
        self.consentPartyLabel.setText(QCoreApplication.translate("ConsentDialog", u"Whose consent", None))
#if QT_CONFIG(accessibility)
        self.consentParty.setAccessibleName(QCoreApplication.translate("ConsentDialog", u"Whose consent", None))
#endif // QT_CONFIG(accessibility)
        self.consentGivenByLabel.setText(QCoreApplication.translate("ConsentDialog", u"Name", None))
#if QT_CONFIG(accessibility)
        self.consentGivenBy.setAccessibleName(QCoreApplication.translate("ConsentDialog", u"Name of the person consenting", None))
#endif // QT_CONFIG(accessibility)
        self.consentAgreed.setText(QCoreApplication.translate("ConsentDialog", u"They agreed to the programme", None))
#if QT_CONFIG(accessibility)
        self.consentAgreed.setAccessibleName(QCoreApplication.translate("ConsentDialog", u"Agreed", None))
#endif // QT_CONFIG(accessibility)
        self.consentDateLabel.setText(QCoreApplication.translate("ConsentDialog", u"Date", None))
        self.consentDate.setDisplayFormat(QCoreApplication.translate("ConsentDialog", u"dd/MM/yyyy", None))
#if QT_CONFIG(accessibility)
        self.consentDate.setAccessibleName(QCoreApplication.translate("ConsentDialog", u"Date consent was given", None))
#endif // QT_CONFIG(accessibility)
        self.consentBasisLabel.setText(QCoreApplication.translate("ConsentDialog", u"Lawful basis", None))
#if QT_CONFIG(accessibility)
        self.consentBasis.setAccessibleName(QCoreApplication.translate("ConsentDialog", u"Lawful basis", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

