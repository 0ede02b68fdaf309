# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'decision_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget

class Ui_DecisionDialog(object):
    def setupUi(self, decisionDialog):
        if not decisionDialog.objectName():
            decisionDialog.setObjectName(u"decisionDialog")
        decisionDialog.setMinimumSize(QSize(480, 0))
        self.mainLayout = QVBoxLayout(decisionDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.decisionFacts = QLabel(decisionDialog)
        self.decisionFacts.setObjectName(u"decisionFacts")
        self.decisionFacts.setWordWrap(True)

        self.mainLayout.addWidget(self.decisionFacts)

        self.decisionNotEngaged = QRadioButton(decisionDialog)
        self.decisionNotEngaged.setObjectName(u"decisionNotEngaged")

        self.mainLayout.addWidget(self.decisionNotEngaged)

        self.consequenceLayout = QVBoxLayout()
        self.consequenceLayout.setObjectName(u"consequenceLayout")
        self.consequenceLayout.setContentsMargins(24, -1, -1, 6)
        self.decisionConsequence = QLabel(decisionDialog)
        self.decisionConsequence.setObjectName(u"decisionConsequence")
        self.decisionConsequence.setWordWrap(True)

        self.consequenceLayout.addWidget(self.decisionConsequence)


        self.mainLayout.addLayout(self.consequenceLayout)

        self.decisionContinue = QRadioButton(decisionDialog)
        self.decisionContinue.setObjectName(u"decisionContinue")

        self.mainLayout.addWidget(self.decisionContinue)

        self.reasonLabel = QLabel(decisionDialog)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.mainLayout.addWidget(self.reasonLabel)

        self.decisionReason = QPlainTextEdit(decisionDialog)
        self.decisionReason.setObjectName(u"decisionReason")
        self.decisionReason.setMinimumSize(QSize(0, 80))
        self.decisionReason.setMaximumSize(QSize(16777215, 80))

        self.mainLayout.addWidget(self.decisionReason)

        self.decisionProblem = QLabel(decisionDialog)
        self.decisionProblem.setObjectName(u"decisionProblem")

        self.mainLayout.addWidget(self.decisionProblem)

        self.buttonBox = QDialogButtonBox(decisionDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setOrientation(Qt.Orientation.Horizontal)
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

        QWidget.setTabOrder(self.decisionNotEngaged, self.decisionContinue)
        QWidget.setTabOrder(self.decisionContinue, self.decisionReason)

        self.retranslateUi(decisionDialog)
    # setupUi

    def retranslateUi(self, decisionDialog):
        decisionDialog.setWindowTitle(QCoreApplication.translate("DecisionDialog", u"Decide about engagement", None))
#if QT_CONFIG(accessibility)
        decisionDialog.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Decide about engagement", None))
#endif // QT_CONFIG(accessibility)
        self.decisionFacts.setText(QCoreApplication.translate("DecisionDialog", u"<b>Name</b> (reference) has missed \u2026 sessions without a good reason.", None))
        self.decisionNotEngaged.setText(QCoreApplication.translate("DecisionDialog", u"Close the programme: not engaged", None))
#if QT_CONFIG(accessibility)
        self.decisionNotEngaged.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Close the programme as not engaged", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.decisionNotEngaged.setAccessibleDescription(QCoreApplication.translate("DecisionDialog", u"The police are told", None))
#endif // QT_CONFIG(accessibility)
        self.decisionConsequence.setText(QCoreApplication.translate("DecisionDialog", u"The police are told the young person did not engage. Planned sessions are cancelled.", None))
        self.decisionContinue.setText(QCoreApplication.translate("DecisionDialog", u"Continue the programme", None))
#if QT_CONFIG(accessibility)
        self.decisionContinue.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Continue the programme", None))
#endif // QT_CONFIG(accessibility)
        self.reasonLabel.setText(QCoreApplication.translate("DecisionDialog", u"Reason", None))
#if QT_CONFIG(accessibility)
        self.decisionReason.setAccessibleName(QCoreApplication.translate("DecisionDialog", u"Reason for the decision", None))
#endif // QT_CONFIG(accessibility)
        self.decisionReason.setPlaceholderText(QCoreApplication.translate("DecisionDialog", u"Why? Needed to continue; recorded for the panel.", None))
        self.decisionProblem.setText("")
#if QT_CONFIG(accessibility)
        self.decisionProblem.setAccessibleDescription(QCoreApplication.translate("DecisionDialog", u"Problem with the decision", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

