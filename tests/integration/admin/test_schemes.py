"""Scheme definitions: the shipped TOML files, export and load round trips, bad files."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from tests.integration.helpers import GOOD_PASSWORD, audit_rows
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from yot_desktop.services.admin.schemes import default_scheme_files, parse_scheme_toml
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser

SHIPPED = {
    rules.code: rules
    for path in default_scheme_files()
    for rules in parse_scheme_toml(path.read_text(encoding="utf-8"))
}

BAD_SCHEME = """
[scheme]
code = "much too long a code"
name = ""
model = "compulsory"
min_age = 18
max_age = 10
second_chance = "no"
sessions_required = -1
assessment_required = true
session_minutes = 60
complete_within_weeks = 0
absence_limit = 2

[[scheme.threshold]]
substance = "cannabis"
max_quantity = 5
unit = "kg"

[[scheme.threshold]]
substance = "Cannabis"
max_quantity = -1
unit = "g"
"""


def test_shipped_schemes_are_installed(services: Services, admin: CurrentUser) -> None:
    assert len(SHIPPED) == len(default_scheme_files()) >= 3
    assert {s.code: s for s in services.schemes.list_schemes()} == SHIPPED
    assert services.schemes.get("WB") == SHIPPED["WB"]
    with pytest.raises(NotFound):
        services.schemes.get("NOPE")


def test_export_then_load_gives_the_same_schemes(services: Services, admin: CurrentUser) -> None:
    exported = services.schemes.export_text(admin)

    assert {r.code: r for r in parse_scheme_toml(exported)} == SHIPPED
    loaded = services.schemes.load_text(admin, exported)

    assert {r.code for r in loaded} == set(SHIPPED)
    assert {s.code: s for s in services.schemes.list_schemes()} == SHIPPED
    assert parse_scheme_toml(services.schemes.export_text(admin, "WB")) == [SHIPPED["WB"]]


@pytest.mark.parametrize("path", default_scheme_files(), ids=lambda p: p.stem)
def test_loading_a_shipped_file_again_updates_in_place(
    services: Services, admin: CurrentUser, path: object
) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    loaded = services.schemes.load_text(admin, text)
    assert loaded == parse_scheme_toml(text)
    assert len(services.schemes.list_schemes()) == len(SHIPPED)


def test_loading_a_scheme_with_the_same_code_replaces_it(
    services: Services, admin: CurrentUser
) -> None:
    text = services.schemes.export_text(admin, "WB")
    changed = text.replace(SHIPPED["WB"].name, "West Berkshire pilot").replace(
        'substance = "cannabis"\nmax_quantity = 5\n', 'substance = "cannabis"\nmax_quantity = 3.5\n'
    )
    assert changed.count("West Berkshire pilot") == changed.count("3.5") == 1

    services.schemes.load_text(admin, changed)

    now = services.schemes.get("WB")
    assert now.name == "West Berkshire pilot"
    cannabis = now.threshold_for("cannabis")
    assert cannabis is not None and cannabis.max_quantity == Decimal("3.5")
    assert len(services.schemes.list_schemes()) == len(SHIPPED)
    assert len(audit_rows(services, "load_scheme")) == 1


def test_a_bad_scheme_file_lists_every_problem(services: Services, admin: CurrentUser) -> None:
    with pytest.raises(ValidationError) as refused:
        services.schemes.load_text(admin, BAD_SCHEME)

    assert {p.field for p in refused.value.problems} == {
        "Scheme code (code)",
        "Scheme name (name)",
        "Model (model)",
        "Youngest age at offence (min_age)",
        "Allow a second diversion (second_chance)",
        "Sessions after the assessment (sessions_required)",
        "Weeks to complete (complete_within_weeks)",
        "threshold 1 unit",
        "threshold 2 substance",
        "threshold 2 largest quantity (max_quantity)",
    }
    assert {s.code: s for s in services.schemes.list_schemes()} == SHIPPED


def test_nothing_is_loaded_when_one_scheme_of_several_is_bad(
    services: Services, admin: CurrentUser
) -> None:
    good = services.schemes.export_text(admin, "WB").replace('code = "WB"', 'code = "NEW"')
    two = good.replace("[scheme]", "[[scheme]]") + BAD_SCHEME.replace("[scheme]", "[[scheme]]")
    assert len(tomllib.loads(two)["scheme"]) == 2

    with pytest.raises(ValidationError):
        services.schemes.load_text(admin, two)

    with pytest.raises(NotFound):
        services.schemes.get("NEW")


def test_a_file_that_is_not_toml_is_refused(services: Services, admin: CurrentUser) -> None:
    with pytest.raises(ValidationError) as refused:
        services.schemes.load_text(admin, "[scheme\ncode = ")
    assert [p.field for p in refused.value.problems] == ["file"]

    with pytest.raises(ValidationError) as empty:
        services.schemes.load_text(admin, 'title = "no scheme here"')
    assert [p.field for p in empty.value.problems] == ["scheme"]


def test_practitioner_may_not_load_schemes(services: Services, admin: CurrentUser) -> None:
    services.users.add_user(admin, "p.jones", Role.PRACTITIONER, GOOD_PASSWORD)
    practitioner = services.auth.sign_in("p.jones", GOOD_PASSWORD)
    changed = services.schemes.export_text(admin, "WB").replace(SHIPPED["WB"].name, "Renamed")

    with pytest.raises(PermissionDenied):
        services.schemes.load_text(practitioner, changed)
    with pytest.raises(PermissionDenied):
        services.schemes.export_text(practitioner)

    assert services.schemes.get("WB") == SHIPPED["WB"]
    assert audit_rows(services, "load_schemes") == [("p.jones", "refused", "manage_schemes")]
