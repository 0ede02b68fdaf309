from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yot_desktop.domain.names import fold, fold_compact, name_parts, person_match_key


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Łukasz", "lukasz"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Nguyễn", "nguyen"),
        ("Ağaoğlu", "agaoglu"),
        ("Zoë", "zoe"),
        ("Siobhán", "siobhan"),
        ("ØRSTED", "orsted"),
        ("Đorđević", "dordevic"),
        ("Straße", "strasse"),
        ("Æthelred", "aethelred"),
        ("Œuvre", "oeuvre"),
        ("Işık", "isik"),
        ("İlker", "ilker"),
        ("Þórunn", "thorunn"),
        ("François", "francois"),
        ("Smith-Jones", "smith jones"),
        ("  Smith  -  Jones ", "smith jones"),
        ("Mary   Ann", "mary ann"),
        ("", ""),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_fold_keeps_other_scripts() -> None:
    assert fold("Мария") == "мария"
    assert fold("محمد") == "محمد"


def test_compact_and_parts() -> None:
    assert fold_compact("Smith-Jones") == fold_compact("smith jones") == "smithjones"
    assert name_parts("García-López") == ("garcia", "lopez")


def test_match_key_ignores_case_accents_and_punctuation() -> None:
    dob = date(2010, 3, 14)
    assert person_match_key("Zoë", "O'Brien", dob) == person_match_key("zoe", "OBRIEN", dob)
    assert person_match_key("Zoë", "O'Brien", dob) != person_match_key(
        "Zoë", "O'Brien", date(2010, 3, 15)
    )
    assert person_match_key("Ann", "Lee", dob) != person_match_key("Lee", "Ann", dob)


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_ignores_case(text: str) -> None:
    assert fold(text.upper()) == fold(fold(text).upper())
