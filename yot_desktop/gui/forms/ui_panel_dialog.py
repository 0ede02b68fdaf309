# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'panel_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

class Ui_PanelDialog(object):
    def setupUi(self, panelDialog):
        if not panelDialog.objectName():
            panelDialog.setObjectName(u"panelDialog")
        self.formLayout = QFormLayout(panelDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.panelDateLabel = QLabel(panelDialog)
        self.panelDateLabel.setObjectName(u"panelDateLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.panelDateLabel)

        self.panelDate = QDateEdit(panelDialog)
        self.panelDate.setObjectName(u"panelDate")
        self.panelDate.setCalendarPopup(True)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.panelDate)

        self.panelDecisionLabel = QLabel(panelDialog)
        self.panelDecisionLabel.setObjectName(u"panelDecisionLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.panelDecisionLabel)

        self.panelDecision = QLineEdit(panelDialog)
        self.panelDecision.setObjectName(u"panelDecision")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.panelDecision)

        self.dialogButtons = QDialogButtonBox(panelDialog)
        self.dialogButtons.setObjectName(u"dialogButtons")
        self.dialogButtons.setOrientation(Qt.Orientation.Horizontal)
        self.dialogButtons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.SpanningRole, self.dialogButtons)

#if QT_CONFIG(shortcut)
        self.panelDateLabel.setBuddy(self.panelDate)
        self.panelDecisionLabel.setBuddy(self.panelDecision)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.panelDate, self.panelDecision)

        self.retranslateUi(panelDialog)
    # setupUi

    def retranslateUi(self, panelDialog):
        panelDialog.setWindowTitle(QCoreApplication.translate("PanelDialog", u"Joint decision panel", None))
#if QT_CONFIG(accessibility)
        panelDialog.setAccessibleName(QCoreApplication.translate("PanelDialog", u"Joint decision panel", None))
#endif // QT_CONFIG(accessibility)
        self.panelDateLabel.setText(QCoreApplication.translate("PanelDialog", u"Panel date", None))
        self.panelDate.setDisplayFormat(QCoreApplication.translate("PanelDialog", u"dd/MM/yyyy", None))
#if QT_CONFIG(accessibility)
        self.panelDate.setAccessibleName(QCoreApplication.translate("PanelDialog", u"Date the panel met", None))
#endif // QT_CONFIG(accessibility)
        self.panelDecisionLabel.setText(QCoreApplication.translate("PanelDialog", u"Decision", None))
#if QT_CONFIG(accessibility)
        self.panelDecision.setAccessibleName(QCoreApplication.translate("PanelDialog", u"Panel decision", None))
#endif // QT_CONFIG(accessibility)
        self.panelDecision.setPlaceholderText(QCoreApplication.translate("PanelDialog", u"For example: offer the programme", None))
    # retranslateUi

