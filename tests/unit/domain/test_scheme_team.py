"""Which scheme a team runs: a new referral starts on it, and never on one guessed."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from yot_desktop.domain.enums import SchemeModel, Unit
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.scheme import (
    SchemeRules,
    Threshold,
    scheme_from_mapping,
    scheme_to_mapping,
)
from yot_desktop.domain.scheme_team import default_scheme, runs_scheme, team_scheme_codes


def scheme(code: str, area: str) -> SchemeRules:
    return SchemeRules(
        code=code,
        name=f"{area} youth drug diversion",
        area=area,
        model=SchemeModel.VOLUNTARY,
        outcome_code="22",
        min_age=10,
        max_age=17,
        second_chance=False,
        sessions_required=3,
        assessment_required=True,
        session_minutes=60,
        complete_within_weeks=12,
        absence_limit=2,
        provider="Cranstoun",
        thresholds=(Threshold("cannabis", Decimal(5), Unit.G),),
    )


# The shipped schemes, in the order the list gives them (by code).
SHIPPED = (
    scheme("OX", "Oxfordshire"),
    scheme("WB", "West Berkshire"),
    scheme("WM", "Windsor and Maidenhead"),
)


def test_each_shipped_team_gets_its_own_scheme_not_the_first_alphabetically() -> None:
    assert default_scheme("West Berkshire Youth Offending Team", SHIPPED) == "WB"
    assert default_scheme("Windsor and Maidenhead Youth Offending Team", SHIPPED) == "WM"
    assert default_scheme("Oxfordshire Youth Justice Service", SHIPPED) == "OX"


def test_case_and_spacing_do_not_matter_but_whole_words_do() -> None:
    assert runs_scheme("west  berkshire youth offending team", SHIPPED[1])
    assert not runs_scheme("Westberkshire YOT", SHIPPED[1])
    # "Berkshire" alone is not "West Berkshire"; a team that merely mentions it runs nothing.
    assert not runs_scheme("Berkshire Youth Justice", SHIPPED[1])
    assert not runs_scheme("North West Berkshireshire Team", SHIPPED[1])


def test_no_scheme_or_several_means_choose() -> None:
    assert default_scheme("Reading Youth Justice Service", SHIPPED) is None
    assert default_scheme("", SHIPPED) is None
    both = (*SHIPPED, scheme("WB2", "West Berkshire"))
    assert team_scheme_codes("West Berkshire Youth Offending Team", both) == ("WB", "WB2")
    assert default_scheme("West Berkshire Youth Offending Team", both) is None


def test_a_scheme_with_no_area_belongs_to_no_team_by_guess() -> None:
    assert default_scheme("West Berkshire Youth Offending Team", (scheme("X", ""),)) is None


def test_a_scheme_that_names_its_team_belongs_to_that_team_only() -> None:
    named = replace(SHIPPED[1], team="Newbury Youth Justice")
    assert runs_scheme("Newbury Youth Justice", named)
    assert not runs_scheme("West Berkshire Youth Offending Team", named)


def test_the_team_key_is_read_checked_and_written_back() -> None:
    table = scheme_to_mapping(SHIPPED[1])
    assert "team" not in table  # optional: a scheme naming no team writes none
    named = scheme_from_mapping(table | {"team": "  Newbury Youth Justice "})
    assert named.team == "Newbury Youth Justice"
    assert list(scheme_to_mapping(named))[:4] == ["code", "name", "area", "team"]
    assert scheme_from_mapping(scheme_to_mapping(named)) == named


@pytest.mark.parametrize("bad", [5, "x" * 121, "a\u0007b"], ids=["number", "long", "bell"])
def test_a_team_that_is_not_a_name_is_a_problem_naming_the_field(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        scheme_from_mapping(scheme_to_mapping(SHIPPED[1]) | {"team": bad})
    assert [p.field for p in caught.value.problems] == ["Team that runs it (team)"]
