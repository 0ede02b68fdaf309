"""CRAFFT 2.1: Part A days of use; Part B yes/no, with the skip rule applied as you type.

CRAFFT is copyright Boston Children's Hospital: only short labels are shown here; a service
with a licence reads the questions from its own copy.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from yot_desktop.domain.crafft import (
    MAX_DAYS,
    PART_A_FIELDS,
    CrafftAnswers,
    CrafftItem,
    items_to_ask,
    score_crafft,
)
from yot_desktop.gui.dialogs.decisions import buttons, date_edit, picked
from yot_desktop.gui.widgets import named


class CrafftDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crafftDialog")
        self.setAccessibleName("CRAFFT 2.1 screen")
        self.setWindowTitle("CRAFFT 2.1 screen")
        form = QFormLayout(self)
        note = QLabel("Part A: in the past 12 months, on how many days did they…")
        note.setWordWrap(True)
        form.addRow(note)
        self.days: dict[str, QSpinBox] = {}
        for name, label in PART_A_FIELDS:
            spin = named(QSpinBox(), f"crafft_{name}", label)
            spin.setRange(0, MAX_DAYS)
            spin.valueChanged.connect(self._skip_rule)
            self.days[name] = spin
            form.addRow(label, spin)
        form.addRow(QLabel("Part B: answer yes or no (tick for yes)"))
        self.items: dict[CrafftItem, QCheckBox] = {}
        for item in CrafftItem:
            box = named(QCheckBox(item.label), f"crafft_{item.value}", item.label)
            box.toggled.connect(self._score)
            self.items[item] = box
            form.addRow("", box)
        self.need = named(
            QCheckBox("Need identified by the worker, whatever the score"),
            "crafft_need",
            "Need identified by the worker",
        )
        self.when = date_edit("crafft_date", "Date of the screen", today)
        self.score_label = named(QLabel(), "crafftResult", "Score")
        form.addRow("", self.need)
        form.addRow("Date", self.when)
        form.addRow("Score", self.score_label)
        form.addRow(buttons(self, "Save screen"))
        self._skip_rule()

    def answers(self) -> CrafftAnswers:
        days = {name: spin.value() for name, spin in self.days.items()}
        asked = items_to_ask(any(v > 0 for v in days.values()))

        def b(item: CrafftItem) -> bool | None:
            return self.items[item].isChecked() if item in asked else None

        return CrafftAnswers(
            days["alcohol_days"],
            days["cannabis_days"],
            days["other_days"],
            b(CrafftItem.CAR),
            b(CrafftItem.RELAX),
            b(CrafftItem.ALONE),
            b(CrafftItem.FORGET),
            b(CrafftItem.FAMILY_FRIENDS),
            b(CrafftItem.TROUBLE),
        )

    def _skip_rule(self) -> None:
        asked = items_to_ask(any(spin.value() > 0 for spin in self.days.values()))
        for item, box in self.items.items():
            box.setEnabled(item in asked)
            if item not in asked:
                box.setChecked(False)
        self._score()

    def _score(self) -> None:
        result = score_crafft(self.answers())
        verdict = "positive: a need is likely" if result.positive else "negative"
        only_car = "" if result.any_use else " (no use in the past year: only Car is asked)"
        self.score_label.setText(
            f"{result.score} of {len(result.items_asked)} — {verdict}{only_car}"
        )

    def value(self) -> tuple[CrafftAnswers, date, bool]:
        return self.answers(), picked(self.when), self.need.isChecked()
