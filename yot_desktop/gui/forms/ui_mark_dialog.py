# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'mark_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QWidget

class Ui_MarkDialog(object):
    def setupUi(self, markDialog):
        if not markDialog.objectName():
            markDialog.setObjectName(u"markDialog")
        markDialog.setMinimumSize(QSize(460, 0))
        self.formLayout = QFormLayout(markDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.markDialogSession = QLabel(markDialog)
        self.markDialogSession.setObjectName(u"markDialogSession")
        self.markDialogSession.setWordWrap(True)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.markDialogSession)

        self.markValueLabel = QLabel(markDialog)
        self.markValueLabel.setObjectName(u"markValueLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.markValueLabel)

        self.markValueCombo = QComboBox(markDialog)
        self.markValueCombo.setObjectName(u"markValueCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.markValueCombo)

        self.markReasonLabel = QLabel(markDialog)
        self.markReasonLabel.setObjectName(u"markReasonLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.markReasonLabel)

        self.markReasonEdit = QPlainTextEdit(markDialog)
        self.markReasonEdit.setObjectName(u"markReasonEdit")
        self.markReasonEdit.setMinimumSize(QSize(0, 70))
        self.markReasonEdit.setMaximumSize(QSize(16777215, 70))

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.markReasonEdit)

        self.markReasonHint = QLabel(markDialog)
        self.markReasonHint.setObjectName(u"markReasonHint")
        self.markReasonHint.setWordWrap(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.markReasonHint)

        self.markEvidenceCheck = QCheckBox(markDialog)
        self.markEvidenceCheck.setObjectName(u"markEvidenceCheck")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.markEvidenceCheck)

        self.markNoteLabel = QLabel(markDialog)
        self.markNoteLabel.setObjectName(u"markNoteLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.markNoteLabel)

        self.markCorrectionNote = QPlainTextEdit(markDialog)
        self.markCorrectionNote.setObjectName(u"markCorrectionNote")
        self.markCorrectionNote.setMinimumSize(QSize(0, 60))
        self.markCorrectionNote.setMaximumSize(QSize(16777215, 60))

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.markCorrectionNote)

        self.markProblem = QLabel(markDialog)
        self.markProblem.setObjectName(u"markProblem")
        self.markProblem.setWordWrap(True)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.markProblem)

        self.markButtons = QDialogButtonBox(markDialog)
        self.markButtons.setObjectName(u"markButtons")
        self.markButtons.setOrientation(Qt.Orientation.Horizontal)
        self.markButtons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.formLayout.setWidget(7, QFormLayout.ItemRole.SpanningRole, self.markButtons)

#if QT_CONFIG(shortcut)
        self.markValueLabel.setBuddy(self.markValueCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.markValueCombo, self.markReasonEdit)
        QWidget.setTabOrder(self.markReasonEdit, self.markEvidenceCheck)
        QWidget.setTabOrder(self.markEvidenceCheck, self.markCorrectionNote)

        self.retranslateUi(markDialog)
    # setupUi

    def retranslateUi(self, markDialog):
        markDialog.setWindowTitle(QCoreApplication.translate("MarkDialog", u"Correct the attendance mark", None))
#if QT_CONFIG(accessibility)
        markDialog.setAccessibleName(QCoreApplication.translate("MarkDialog", u"Correct the attendance mark", None))
#endif // QT_CONFIG(accessibility)
        self.markDialogSession.setText(QCoreApplication.translate("MarkDialog", u"<b>Name</b> \u2014 session, date and time", None))
        self.markValueLabel.setText(QCoreApplication.translate("MarkDialog", u"What happened", None))
#if QT_CONFIG(accessibility)
        self.markValueCombo.setAccessibleName(QCoreApplication.translate("MarkDialog", u"What happened", None))
#endif // QT_CONFIG(accessibility)
        self.markReasonLabel.setText(QCoreApplication.translate("MarkDialog", u"Reason", None))
#if QT_CONFIG(accessibility)
        self.markReasonEdit.setAccessibleName(QCoreApplication.translate("MarkDialog", u"Reason", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.markReasonEdit.setAccessibleDescription(QCoreApplication.translate("MarkDialog", u"Why the young person missed the session, in a few words", None))
#endif // QT_CONFIG(accessibility)
        self.markReasonEdit.setPlaceholderText(QCoreApplication.translate("MarkDialog", u"For example: ill, family said he forgot, no answer", None))
        self.markReasonHint.setText("")
        self.markEvidenceCheck.setText(QCoreApplication.translate("MarkDialog", u"Evidence received (for example a doctor's note)", None))
#if QT_CONFIG(accessibility)
        self.markEvidenceCheck.setAccessibleName(QCoreApplication.translate("MarkDialog", u"Evidence received", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.markEvidenceCheck.setAccessibleDescription(QCoreApplication.translate("MarkDialog", u"Tick when the young person gave proof of a good reason", None))
#endif // QT_CONFIG(accessibility)
        self.markNoteLabel.setText(QCoreApplication.translate("MarkDialog", u"Why correct it", None))
#if QT_CONFIG(accessibility)
        self.markCorrectionNote.setAccessibleName(QCoreApplication.translate("MarkDialog", u"Why the mark is being corrected", None))
#endif // QT_CONFIG(accessibility)
        self.markCorrectionNote.setPlaceholderText(QCoreApplication.translate("MarkDialog", u"For example: the doctor's note arrived on Tuesday", None))
        self.markProblem.setText("")
#if QT_CONFIG(accessibility)
        self.markProblem.setAccessibleDescription(QCoreApplication.translate("MarkDialog", u"Problem with these details", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

