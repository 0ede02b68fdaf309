"""CRAFFT 2.1: Part A days of use; Part B yes/no, with the skip rule applied as you type.

CRAFFT is copyright Boston Children's Hospital: the app ships only short labels. Where a
manager has entered the licensed wording (gui/dialogs/crafft_wording.py), each question is
shown in that wording, with its short label beside it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QSpinBox, QWidget

from yot_desktop.domain.crafft import (
    MAX_DAYS,
    PART_A_FIELDS,
    CrafftAnswers,
    CrafftItem,
    items_to_ask,
    score_crafft,
)
from yot_desktop.gui.dialogs.base import Dialog
from yot_desktop.gui.dialogs.decisions import date_edit, picked
from yot_desktop.gui.widgets import named


def _question(label: str, wording: str) -> QLabel:
    """The row label: the licensed wording when entered, else the short label."""
    text = f"{wording} ({label})" if wording else label
    question = QLabel(text)
    question.setObjectName("crafftQuestion")
    question.setWordWrap(True)
    question.setMinimumWidth(320)
    return question


class CrafftDialog(Dialog):
    def __init__(
        self,
        today: date,
        parent: QWidget | None = None,
        wording: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent, name="crafftDialog", title="CRAFFT 2.1 screen")
        wording = wording or {}
        form = QFormLayout(self)
        note = QLabel(
            "Part A: answer in days, in the past 12 months"
            if wording
            else "Part A: in the past 12 months, on how many days did they…"
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.days: dict[str, QSpinBox] = {}
        for name, label in PART_A_FIELDS:
            spin = named(QSpinBox(), f"crafft_{name}", label, wording.get(name, ""))
            spin.setRange(0, MAX_DAYS)
            spin.valueChanged.connect(self._skip_rule)
            self.days[name] = spin
            form.addRow(_question(label, wording.get(name, "")), spin)
        form.addRow(QLabel("Part B: answer yes or no (tick for yes)"))
        self.items: dict[CrafftItem, QCheckBox] = {}
        for item in CrafftItem:
            asked = wording.get(item.value, "")
            box = named(
                QCheckBox("Yes" if asked else item.label), f"crafft_{item.value}", item.label, asked
            )
            box.toggled.connect(self._score)
            self.items[item] = box
            form.addRow(_question(item.label, asked) if asked else QLabel(""), box)
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
        form.addRow(self.ok_cancel("Save screen"))
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
