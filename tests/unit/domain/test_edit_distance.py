"""domain/edit_distance.py gives rapidfuzz's answers (rapidfuzz is a developer tool here)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA, Levenshtein

from yot_desktop.domain.edit_distance import levenshtein, osa

# A small alphabet, so that the strings share letters, swaps and runs.
WORDS = st.text(alphabet="abcdé ", max_size=12)
CUTOFFS = st.integers(min_value=0, max_value=4)


@settings(max_examples=3000, deadline=None)
@given(WORDS, WORDS, CUTOFFS)
def test_levenshtein_is_rapidfuzz(a: str, b: str, cutoff: int) -> None:
    assert levenshtein(a, b, cutoff) == Levenshtein.distance(a, b, score_cutoff=cutoff)


@settings(max_examples=3000, deadline=None)
@given(WORDS, WORDS, CUTOFFS)
def test_osa_is_rapidfuzz(a: str, b: str, cutoff: int) -> None:
    assert osa(a, b, cutoff) == OSA.distance(a, b, score_cutoff=cutoff)


def test_names() -> None:
    assert levenshtein("smith", "smyth", 2) == 1
    assert levenshtein("papadopoulos", "papadopolous", 2) == 2
    assert osa("papadopoulos", "papadopuolos", 2) == 1  # one swap
    assert levenshtein("papadopoulos", "papadopuolos", 2) == 2
    assert levenshtein("windsor", "papadopoulos", 2) == 3
    assert osa("", "abc", 2) == 3
    assert levenshtein("abc", "abc", 0) == 0
