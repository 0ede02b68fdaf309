from __future__ import annotations

from yot_desktop.domain.outcomes import OUTCOME_CODES, find_outcome, outcome_label


def test_all_home_office_codes_present_in_order() -> None:
    assert [o.code for o in OUTCOME_CODES] == ["1", "2", "8", "21", "22", "23"]
    assert all(o.label and o.note for o in OUTCOME_CODES)


def test_lookup() -> None:
    found = find_outcome(" 22 ")
    assert found is not None
    assert found.label == "Diversionary, educational or intervention activity"
    caution = find_outcome("2")
    assert caution is not None
    assert "conditional" in caution.note
    assert find_outcome("99") is None


def test_display_label() -> None:
    assert outcome_label("8") == "8: Community resolution"
    assert outcome_label("99") == "99: unknown outcome code"
