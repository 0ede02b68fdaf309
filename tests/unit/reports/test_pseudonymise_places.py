"""Pseudonymising keeps the names of schemes, teams and places that are not the family's
address (issue 14, point 7: "[address removed] and Maidenhead deferred prosecution scheme")."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from yot_desktop.reports.data import PanelCase, ParentCarer, pseudonymise

WM = "Windsor and Maidenhead deferred prosecution scheme"
WB_TEAM = "West Berkshire Youth Offending Team"
WM_TEAM = "Windsor and Maidenhead Youth Offending Team"


def wm_case(address: tuple[str, ...], text: str, **more: object) -> PanelCase:
    case = PanelCase(
        person_ref="P-0007",
        scheme_name=WM,
        panel_date=date(2026, 3, 4),
        practitioner_name="Priya Practitioner",
        first_name="Zoë",
        last_name="O'Brien",
        age=15,
        address=address,
        background=text,
        recommendation=text,
        place_names=(WM, WB_TEAM, WM_TEAM),
    )
    return dataclasses.replace(case, **more)  # type: ignore[arg-type]


def test_the_scheme_name_survives_an_address_on_windsor_road() -> None:
    case = wm_case(
        ("12 Windsor Road", "Maidenhead", "SL6 1AB"),
        f"Zoë lives at 12 Windsor Road, SL6 1AB. Referred under the {WM}.",
    )
    p = pseudonymise(case)
    assert p.scheme_name == WM
    assert p.background == (
        f"[name removed] lives at [address removed], [postcode removed]. Referred under the {WM}."
    )
    assert p.recommendation == p.background


def test_the_street_is_removed_without_its_number_and_the_teams_stay() -> None:
    case = wm_case(
        ("12 Windsor Road", "Maidenhead", "SL6 1AB"),
        f"Seen near Windsor Road by the {WM_TEAM}; the {WB_TEAM} was told. "
        "She goes to the youth club in Windsor, Maidenhead.",
    )
    p = pseudonymise(case)
    assert p.background == (
        f"Seen near [address removed] by the {WM_TEAM}; the {WB_TEAM} was told. "
        "She goes to the youth club in Windsor, Maidenhead."
    )


def test_places_that_are_not_in_the_services_names_are_still_removed() -> None:
    case = wm_case(
        ("3 Acacia Avenue", "Cookham", "SL6 9QQ"),
        f"Lives in Cookham off Acacia Avenue; the {WM} applies.",
    )
    p = pseudonymise(case)
    assert p.background == (f"Lives in [address removed] off [address removed]; the {WM} applies.")


def test_a_child_whose_surname_is_a_place_is_still_unnamed() -> None:
    case = wm_case(
        ("12 Windsor Road",),
        f"Harry Windsor was referred under the {WM}. Windsor agreed to the plan.",
        first_name="Harry",
        last_name="Windsor",
    )
    p = pseudonymise(case)
    assert p.background == (
        f"[name removed] was referred under the {WM}. [name removed] agreed to the plan."
    )


def test_a_parent_address_on_a_place_named_street_is_removed() -> None:
    case = wm_case(
        (),
        f"Dad lives at 4 Maidenhead Lane; {WM}.",
        parents=(ParentCarer("Sean O'Brien", "Father", address=("4 Maidenhead Lane",)),),
    )
    assert pseudonymise(case).background == f"Dad lives at [address removed]; {WM}."


def test_the_scheme_name_stays_even_without_a_list_of_places() -> None:
    case = wm_case(("12 Windsor Road", "Maidenhead"), f"Under the {WM}.")
    case = dataclasses.replace(case, place_names=())
    p = pseudonymise(case)
    assert (p.scheme_name, p.background) == (WM, f"Under the {WM}.")


place_word = st.sampled_from(["Windsor", "Maidenhead", "Berkshire", "West"])
street_kind = st.sampled_from(["Road", "Street", "Avenue", "Close", "Lane", "Way"])


@settings(max_examples=200, deadline=None)
@given(
    number=st.integers(min_value=1, max_value=399),
    place=place_word,
    kind=street_kind,
    team=st.sampled_from([WM, WB_TEAM, WM_TEAM]),
)
def test_any_place_named_street_goes_and_every_service_name_stays(
    number: int, place: str, kind: str, team: str
) -> None:
    line = f"{number} {place} {kind}"
    case = wm_case((line, "SL6 1AB"), f"At {line} ({team}); {place} {kind} again.")
    p = pseudonymise(case)
    assert line not in p.background
    assert f"{place} {kind}" not in p.background
    assert team in p.background
    assert p.scheme_name == WM
    assert p.background == f"At [address removed] ({team}); [address removed] again."
