# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'follow_up_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

class Ui_FollowUpDialog(object):
    def setupUi(self, followUpDialog):
        if not followUpDialog.objectName():
            followUpDialog.setObjectName(u"followUpDialog")
        self.mainLayout = QVBoxLayout(followUpDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.followUpQuestion = QLabel(followUpDialog)
        self.followUpQuestion.setObjectName(u"followUpQuestion")

        self.mainLayout.addWidget(self.followUpQuestion)

        self.followUpNote = QLineEdit(followUpDialog)
        self.followUpNote.setObjectName(u"followUpNote")

        self.mainLayout.addWidget(self.followUpNote)

        self.followUpButtons = QDialogButtonBox(followUpDialog)
        self.followUpButtons.setObjectName(u"followUpButtons")
        self.followUpButtons.setOrientation(Qt.Orientation.Horizontal)
        self.followUpButtons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.followUpButtons)


        self.retranslateUi(followUpDialog)
    # setupUi

    def retranslateUi(self, followUpDialog):
        followUpDialog.setWindowTitle(QCoreApplication.translate("FollowUpDialog", u"Record the follow-up", None))
#if QT_CONFIG(accessibility)
        followUpDialog.setAccessibleName(QCoreApplication.translate("FollowUpDialog", u"Record the follow-up", None))
#endif // QT_CONFIG(accessibility)
        self.followUpQuestion.setText(QCoreApplication.translate("FollowUpDialog", u"What was done after \u2026 missed the session?", None))
#if QT_CONFIG(accessibility)
        self.followUpNote.setAccessibleName(QCoreApplication.translate("FollowUpDialog", u"What was done", None))
#endif // QT_CONFIG(accessibility)
        self.followUpNote.setPlaceholderText(QCoreApplication.translate("FollowUpDialog", u"For example: called mum, new date agreed", None))
    # retranslateUi

