# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'confirm_deletion_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

class Ui_ConfirmDeletionDialog(object):
    def setupUi(self, confirmDeletionDialog):
        if not confirmDeletionDialog.objectName():
            confirmDeletionDialog.setObjectName(u"confirmDeletionDialog")
        confirmDeletionDialog.setMinimumSize(QSize(520, 0))
        self.mainLayout = QVBoxLayout(confirmDeletionDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.confirmDeletionSummary = QLabel(confirmDeletionDialog)
        self.confirmDeletionSummary.setObjectName(u"confirmDeletionSummary")
        self.confirmDeletionSummary.setWordWrap(True)

        self.mainLayout.addWidget(self.confirmDeletionSummary)

        self.confirmDeletionProblem = QLabel(confirmDeletionDialog)
        self.confirmDeletionProblem.setObjectName(u"confirmDeletionProblem")
        self.confirmDeletionProblem.setWordWrap(True)

        self.mainLayout.addWidget(self.confirmDeletionProblem)

        self.reasonLabel = QLabel(confirmDeletionDialog)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.mainLayout.addWidget(self.reasonLabel)

        self.retentionReasonEdit = QLineEdit(confirmDeletionDialog)
        self.retentionReasonEdit.setObjectName(u"retentionReasonEdit")

        self.mainLayout.addWidget(self.retentionReasonEdit)

        self.reasonHint = QLabel(confirmDeletionDialog)
        self.reasonHint.setObjectName(u"reasonHint")
        self.reasonHint.setWordWrap(True)

        self.mainLayout.addWidget(self.reasonHint)

        self.confirmDeletionButtons = QDialogButtonBox(confirmDeletionDialog)
        self.confirmDeletionButtons.setObjectName(u"confirmDeletionButtons")
        self.confirmDeletionButtons.setOrientation(Qt.Orientation.Horizontal)

        self.mainLayout.addWidget(self.confirmDeletionButtons)


        self.retranslateUi(confirmDeletionDialog)
    # setupUi

    def retranslateUi(self, confirmDeletionDialog):
        confirmDeletionDialog.setWindowTitle(QCoreApplication.translate("ConfirmDeletionDialog", u"Delete records for good", None))
#if QT_CONFIG(accessibility)
        confirmDeletionDialog.setAccessibleName(QCoreApplication.translate("ConfirmDeletionDialog", u"Delete records for good", None))
#endif // QT_CONFIG(accessibility)
        self.confirmDeletionSummary.setText(QCoreApplication.translate("ConfirmDeletionDialog", u"You are about to delete \u2026", None))
#if QT_CONFIG(accessibility)
        self.confirmDeletionSummary.setAccessibleDescription(QCoreApplication.translate("ConfirmDeletionDialog", u"What will be lost", None))
#endif // QT_CONFIG(accessibility)
        self.confirmDeletionProblem.setText("")
#if QT_CONFIG(accessibility)
        self.confirmDeletionProblem.setAccessibleDescription(QCoreApplication.translate("ConfirmDeletionDialog", u"Why records were not deleted", None))
#endif // QT_CONFIG(accessibility)
        self.reasonLabel.setText(QCoreApplication.translate("ConfirmDeletionDialog", u"Reason for deleting", None))
        self.retentionReasonEdit.setText(QCoreApplication.translate("ConfirmDeletionDialog", u"Retention period over", None))
#if QT_CONFIG(accessibility)
        self.retentionReasonEdit.setAccessibleName(QCoreApplication.translate("ConfirmDeletionDialog", u"Reason for deleting", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.retentionReasonEdit.setAccessibleDescription(QCoreApplication.translate("ConfirmDeletionDialog", u"Kept in the audit log after the record has gone: do not write names or references", None))
#endif // QT_CONFIG(accessibility)
        self.reasonHint.setText(QCoreApplication.translate("ConfirmDeletionDialog", u"Kept in the audit log after the record has gone: do not write names or references.", None))
    # retranslateUi

