"""ONS 2021 Census ethnic groups (England and Wales): 19 categories plus "not stated"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ethnicity:
    code: str
    group: str
    label: str


ETHNICITIES: tuple[Ethnicity, ...] = (
    Ethnicity("A1", "Asian, Asian British or Asian Welsh", "Bangladeshi"),
    Ethnicity("A2", "Asian, Asian British or Asian Welsh", "Chinese"),
    Ethnicity("A3", "Asian, Asian British or Asian Welsh", "Indian"),
    Ethnicity("A4", "Asian, Asian British or Asian Welsh", "Pakistani"),
    Ethnicity("A5", "Asian, Asian British or Asian Welsh", "Other Asian"),
    Ethnicity("B1", "Black, Black British, Black Welsh, Caribbean or African", "African"),
    Ethnicity("B2", "Black, Black British, Black Welsh, Caribbean or African", "Caribbean"),
    Ethnicity("B3", "Black, Black British, Black Welsh, Caribbean or African", "Other Black"),
    Ethnicity("M1", "Mixed or Multiple ethnic groups", "White and Asian"),
    Ethnicity("M2", "Mixed or Multiple ethnic groups", "White and Black African"),
    Ethnicity("M3", "Mixed or Multiple ethnic groups", "White and Black Caribbean"),
    Ethnicity("M4", "Mixed or Multiple ethnic groups", "Other Mixed or Multiple ethnic groups"),
    Ethnicity("W1", "White", "English, Welsh, Scottish, Northern Irish or British"),
    Ethnicity("W2", "White", "Irish"),
    Ethnicity("W3", "White", "Gypsy or Irish Traveller"),
    Ethnicity("W4", "White", "Roma"),
    Ethnicity("W5", "White", "Other White"),
    Ethnicity("O1", "Other ethnic group", "Arab"),
    Ethnicity("O2", "Other ethnic group", "Any other ethnic group"),
    Ethnicity("NS", "Not stated", "Not stated"),
)

NOT_STATED = ETHNICITIES[-1]
_BY_CODE = {e.code.casefold(): e for e in ETHNICITIES}
_BY_LABEL = {e.label.casefold(): e for e in ETHNICITIES}


def find_ethnicity(text: str) -> Ethnicity | None:
    """Match an ONS code or label, case-insensitively. Blank means not stated."""
    key = text.strip().casefold()
    if not key:
        return NOT_STATED
    return _BY_CODE.get(key) or _BY_LABEL.get(key)
