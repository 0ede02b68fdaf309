# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'catalogue_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget

class Ui_CatalogueDialog(object):
    def setupUi(self, catalogueDialog):
        if not catalogueDialog.objectName():
            catalogueDialog.setObjectName(u"catalogueDialog")
        self.mainLayout = QVBoxLayout(catalogueDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.catalogueTable = QTableView(catalogueDialog)
        self.catalogueTable.setObjectName(u"catalogueTable")
        self.catalogueTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.catalogueTable.setAlternatingRowColors(True)
        self.catalogueTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.catalogueTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.catalogueTable.setWordWrap(False)
        self.catalogueTable.horizontalHeader().setStretchLastSection(True)
        self.catalogueTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.catalogueTable)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.catalogueLabelLabel = QLabel(catalogueDialog)
        self.catalogueLabelLabel.setObjectName(u"catalogueLabelLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.catalogueLabelLabel)

        self.catalogueLabel = QLineEdit(catalogueDialog)
        self.catalogueLabel.setObjectName(u"catalogueLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.catalogueLabel)

        self.catalogueCodeLabel = QLabel(catalogueDialog)
        self.catalogueCodeLabel.setObjectName(u"catalogueCodeLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.catalogueCodeLabel)

        self.catalogueCode = QLineEdit(catalogueDialog)
        self.catalogueCode.setObjectName(u"catalogueCode")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.catalogueCode)

        self.catalogueMinutesLabel = QLabel(catalogueDialog)
        self.catalogueMinutesLabel.setObjectName(u"catalogueMinutesLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.catalogueMinutesLabel)

        self.catalogueMinutes = QSpinBox(catalogueDialog)
        self.catalogueMinutes.setObjectName(u"catalogueMinutes")
        self.catalogueMinutes.setMinimum(15)
        self.catalogueMinutes.setMaximum(240)
        self.catalogueMinutes.setSingleStep(15)
        self.catalogueMinutes.setValue(60)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.catalogueMinutes)

        self.catalogueProviderLabel = QLabel(catalogueDialog)
        self.catalogueProviderLabel.setObjectName(u"catalogueProviderLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.catalogueProviderLabel)

        self.catalogueProvider = QLineEdit(catalogueDialog)
        self.catalogueProvider.setObjectName(u"catalogueProvider")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.catalogueProvider)

        self.catalogueActive = QCheckBox(catalogueDialog)
        self.catalogueActive.setObjectName(u"catalogueActive")
        self.catalogueActive.setChecked(True)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.catalogueActive)


        self.mainLayout.addLayout(self.formLayout)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.catalogueMessage = QLabel(catalogueDialog)
        self.catalogueMessage.setObjectName(u"catalogueMessage")
        self.catalogueMessage.setWordWrap(True)

        self.buttonRow.addWidget(self.catalogueMessage)

        self.catalogueNew = QPushButton(catalogueDialog)
        self.catalogueNew.setObjectName(u"catalogueNew")

        self.buttonRow.addWidget(self.catalogueNew)

        self.catalogueSave = QPushButton(catalogueDialog)
        self.catalogueSave.setObjectName(u"catalogueSave")

        self.buttonRow.addWidget(self.catalogueSave)

        self.catalogueClose = QPushButton(catalogueDialog)
        self.catalogueClose.setObjectName(u"catalogueClose")

        self.buttonRow.addWidget(self.catalogueClose)

        self.buttonRow.setStretch(0, 1)

        self.mainLayout.addLayout(self.buttonRow)

        self.mainLayout.setStretch(0, 1)
#if QT_CONFIG(shortcut)
        self.catalogueLabelLabel.setBuddy(self.catalogueLabel)
        self.catalogueCodeLabel.setBuddy(self.catalogueCode)
        self.catalogueMinutesLabel.setBuddy(self.catalogueMinutes)
        self.catalogueProviderLabel.setBuddy(self.catalogueProvider)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.catalogueTable, self.catalogueLabel)
        QWidget.setTabOrder(self.catalogueLabel, self.catalogueCode)
        QWidget.setTabOrder(self.catalogueCode, self.catalogueMinutes)
        QWidget.setTabOrder(self.catalogueMinutes, self.catalogueProvider)
        QWidget.setTabOrder(self.catalogueProvider, self.catalogueActive)
        QWidget.setTabOrder(self.catalogueActive, self.catalogueNew)
        QWidget.setTabOrder(self.catalogueNew, self.catalogueSave)
        QWidget.setTabOrder(self.catalogueSave, self.catalogueClose)

        self.retranslateUi(catalogueDialog)
    # setupUi

    def retranslateUi(self, catalogueDialog):
        catalogueDialog.setWindowTitle(QCoreApplication.translate("CatalogueDialog", u"Intervention catalogue", None))
#if QT_CONFIG(accessibility)
        catalogueDialog.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Intervention catalogue", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.catalogueTable.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Interventions", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueLabelLabel.setText(QCoreApplication.translate("CatalogueDialog", u"Name", None))
#if QT_CONFIG(accessibility)
        self.catalogueLabel.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Name staff see", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueCodeLabel.setText(QCoreApplication.translate("CatalogueDialog", u"Code", None))
#if QT_CONFIG(accessibility)
        self.catalogueCode.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Code", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.catalogueCode.setAccessibleDescription(QCoreApplication.translate("CatalogueDialog", u"Lower-case, like harm_reduction", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueMinutesLabel.setText(QCoreApplication.translate("CatalogueDialog", u"Usual length", None))
#if QT_CONFIG(accessibility)
        self.catalogueMinutes.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Usual length in minutes", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueProviderLabel.setText(QCoreApplication.translate("CatalogueDialog", u"Provider", None))
#if QT_CONFIG(accessibility)
        self.catalogueProvider.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Provider", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.catalogueProvider.setAccessibleDescription(QCoreApplication.translate("CatalogueDialog", u"Leave empty for the scheme's provider", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueActive.setText(QCoreApplication.translate("CatalogueDialog", u"Offered in new programmes", None))
#if QT_CONFIG(accessibility)
        self.catalogueActive.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"In use", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueMessage.setText("")
#if QT_CONFIG(accessibility)
        self.catalogueMessage.setAccessibleDescription(QCoreApplication.translate("CatalogueDialog", u"Result", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueNew.setText(QCoreApplication.translate("CatalogueDialog", u"New", None))
#if QT_CONFIG(accessibility)
        self.catalogueNew.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Start a new intervention", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueSave.setText(QCoreApplication.translate("CatalogueDialog", u"Save", None))
#if QT_CONFIG(accessibility)
        self.catalogueSave.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Save the intervention", None))
#endif // QT_CONFIG(accessibility)
        self.catalogueClose.setText(QCoreApplication.translate("CatalogueDialog", u"Close", None))
#if QT_CONFIG(accessibility)
        self.catalogueClose.setAccessibleName(QCoreApplication.translate("CatalogueDialog", u"Close the catalogue", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

