# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'transfer_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

class Ui_TransferDialog(object):
    def setupUi(self, transferDialog):
        if not transferDialog.objectName():
            transferDialog.setObjectName(u"transferDialog")
        self.mainLayout = QVBoxLayout(transferDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.transferPages = QStackedWidget(transferDialog)
        self.transferPages.setObjectName(u"transferPages")
        self.askPage = QWidget()
        self.askPage.setObjectName(u"askPage")
        self.askLayout = QVBoxLayout(self.askPage)
        self.askLayout.setObjectName(u"askLayout")
        self.transferHeading = QLabel(self.askPage)
        self.transferHeading.setObjectName(u"transferHeading")
        self.transferHeading.setWordWrap(True)

        self.askLayout.addWidget(self.transferHeading)

        self.transferExplain = QLabel(self.askPage)
        self.transferExplain.setObjectName(u"transferExplain")
        self.transferExplain.setWordWrap(True)

        self.askLayout.addWidget(self.transferExplain)

        self.askForm = QFormLayout()
        self.askForm.setObjectName(u"askForm")
        self.transferTeamLabel = QLabel(self.askPage)
        self.transferTeamLabel.setObjectName(u"transferTeamLabel")

        self.askForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.transferTeamLabel)

        self.transferTeam = QComboBox(self.askPage)
        self.transferTeam.setObjectName(u"transferTeam")

        self.askForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.transferTeam)

        self.transferReasonLabel = QLabel(self.askPage)
        self.transferReasonLabel.setObjectName(u"transferReasonLabel")

        self.askForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.transferReasonLabel)

        self.transferReason = QPlainTextEdit(self.askPage)
        self.transferReason.setObjectName(u"transferReason")
        self.transferReason.setTabChangesFocus(True)

        self.askForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.transferReason)


        self.askLayout.addLayout(self.askForm)

        self.transferWhyNot = QLabel(self.askPage)
        self.transferWhyNot.setObjectName(u"transferWhyNot")
        self.transferWhyNot.setWordWrap(True)

        self.askLayout.addWidget(self.transferWhyNot)

        self.askStretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.askLayout.addItem(self.askStretch)

        self.askButtons = QHBoxLayout()
        self.askButtons.setObjectName(u"askButtons")
        self.askButtonsStretch = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.askButtons.addItem(self.askButtonsStretch)

        self.transferCancel = QPushButton(self.askPage)
        self.transferCancel.setObjectName(u"transferCancel")

        self.askButtons.addWidget(self.transferCancel)

        self.transferMove = QPushButton(self.askPage)
        self.transferMove.setObjectName(u"transferMove")

        self.askButtons.addWidget(self.transferMove)


        self.askLayout.addLayout(self.askButtons)

        self.transferPages.addWidget(self.askPage)
        self.resultPage = QWidget()
        self.resultPage.setObjectName(u"resultPage")
        self.resultLayout = QVBoxLayout(self.resultPage)
        self.resultLayout.setObjectName(u"resultLayout")
        self.transferResult = QLabel(self.resultPage)
        self.transferResult.setObjectName(u"transferResult")
        self.transferResult.setWordWrap(True)

        self.resultLayout.addWidget(self.transferResult)

        self.transferSessionsNote = QLabel(self.resultPage)
        self.transferSessionsNote.setObjectName(u"transferSessionsNote")
        self.transferSessionsNote.setWordWrap(True)

        self.resultLayout.addWidget(self.transferSessionsNote)

        self.transferSessions = QTableWidget(self.resultPage)
        if (self.transferSessions.columnCount() < 4):
            self.transferSessions.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.transferSessions.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.transferSessions.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.transferSessions.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.transferSessions.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.transferSessions.setObjectName(u"transferSessions")
        self.transferSessions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.transferSessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.transferSessions.setColumnCount(4)
        self.transferSessions.horizontalHeader().setStretchLastSection(True)
        self.transferSessions.verticalHeader().setVisible(False)

        self.resultLayout.addWidget(self.transferSessions)

        self.closeRow = QHBoxLayout()
        self.closeRow.setObjectName(u"closeRow")
        self.closeStretch = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.closeRow.addItem(self.closeStretch)

        self.transferClose = QPushButton(self.resultPage)
        self.transferClose.setObjectName(u"transferClose")

        self.closeRow.addWidget(self.transferClose)


        self.resultLayout.addLayout(self.closeRow)

        self.transferPages.addWidget(self.resultPage)

        self.mainLayout.addWidget(self.transferPages)

#if QT_CONFIG(shortcut)
        self.transferTeamLabel.setBuddy(self.transferTeam)
        self.transferReasonLabel.setBuddy(self.transferReason)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.transferTeam, self.transferReason)
        QWidget.setTabOrder(self.transferReason, self.transferCancel)
        QWidget.setTabOrder(self.transferCancel, self.transferMove)
        QWidget.setTabOrder(self.transferMove, self.transferSessions)
        QWidget.setTabOrder(self.transferSessions, self.transferClose)

        self.retranslateUi(transferDialog)
    # setupUi

    def retranslateUi(self, transferDialog):
        transferDialog.setWindowTitle(QCoreApplication.translate("TransferDialog", u"Move to another team", None))
#if QT_CONFIG(accessibility)
        transferDialog.setAccessibleName(QCoreApplication.translate("TransferDialog", u"Move to another team", None))
#endif // QT_CONFIG(accessibility)
        self.transferHeading.setText(QCoreApplication.translate("TransferDialog", u"Move the young person's case", None))
        self.transferExplain.setText(QCoreApplication.translate("TransferDialog", u"Looking up what this record holds\u2026", None))
        self.transferTeamLabel.setText(QCoreApplication.translate("TransferDialog", u"Team to move to", None))
#if QT_CONFIG(accessibility)
        self.transferTeam.setAccessibleName(QCoreApplication.translate("TransferDialog", u"Team to move to", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.transferTeam.setAccessibleDescription(QCoreApplication.translate("TransferDialog", u"The team that will work with the young person from now on", None))
#endif // QT_CONFIG(accessibility)
        self.transferReasonLabel.setText(QCoreApplication.translate("TransferDialog", u"Reason", None))
#if QT_CONFIG(accessibility)
        self.transferReason.setAccessibleName(QCoreApplication.translate("TransferDialog", u"Reason", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.transferReason.setAccessibleDescription(QCoreApplication.translate("TransferDialog", u"Why the case moves, for example: the family moved to Maidenhead", None))
#endif // QT_CONFIG(accessibility)
        self.transferReason.setPlaceholderText(QCoreApplication.translate("TransferDialog", u"For example: the family moved to Maidenhead", None))
        self.transferWhyNot.setText("")
        self.transferCancel.setText(QCoreApplication.translate("TransferDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.transferCancel.setAccessibleName(QCoreApplication.translate("TransferDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
        self.transferMove.setText(QCoreApplication.translate("TransferDialog", u"Move case", None))
#if QT_CONFIG(accessibility)
        self.transferMove.setAccessibleName(QCoreApplication.translate("TransferDialog", u"Move the case to the chosen team", None))
#endif // QT_CONFIG(accessibility)
        self.transferResult.setText("")
        self.transferSessionsNote.setText("")
        ___qtablewidgetitem = self.transferSessions.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("TransferDialog", u"When", None))
        ___qtablewidgetitem1 = self.transferSessions.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("TransferDialog", u"Session", None))
        ___qtablewidgetitem2 = self.transferSessions.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("TransferDialog", u"Worker", None))
        ___qtablewidgetitem3 = self.transferSessions.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("TransferDialog", u"Referral", None))
#if QT_CONFIG(accessibility)
        self.transferSessions.setAccessibleName(QCoreApplication.translate("TransferDialog", u"Sessions to cancel or re-book", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.transferSessions.setAccessibleDescription(QCoreApplication.translate("TransferDialog", u"Planned sessions booked with workers outside the new team", None))
#endif // QT_CONFIG(accessibility)
        self.transferClose.setText(QCoreApplication.translate("TransferDialog", u"Close", None))
#if QT_CONFIG(accessibility)
        self.transferClose.setAccessibleName(QCoreApplication.translate("TransferDialog", u"Close", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

