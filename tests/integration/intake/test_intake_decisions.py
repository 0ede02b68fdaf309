"""Decisions on a referral, duplicates review and merging, screening, carers, and search."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.integration.helpers import GOOD_PASSWORD, audit_rows
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.consent import Party
from yot_desktop.domain.crafft import CrafftAnswers
from yot_desktop.domain.enums import ReferralStatus, Role
from yot_desktop.domain.errors import (
    ConflictError,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from yot_desktop.services.admin.schemes import default_scheme_files
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import CarerInput, NewReferral
from yot_desktop.services.intake.search import CaseloadFilter

BASIS = "Public task (UK GDPR 6(1)(e)); law enforcement processing (DPA 2018 Part 3)"


@pytest.fixture
def staff(services: Services, admin: CurrentUser) -> dict[str, CurrentUser]:
    for path in default_scheme_files():
        services.schemes.load_text(admin, path.read_text(encoding="utf-8"))
    out = {}
    for name, role in (("morgan", Role.MANAGER), ("priya", Role.PRACTITIONER)):
        services.users.add_user(
            admin, name, role, GOOD_PASSWORD, team="West Berkshire YOT", must_change_password=False
        )
        out[name] = services.auth.sign_in(name, GOOD_PASSWORD)
    report = services.intake.import_text(
        out["priya"],
        csv_text(
            row("43/26/1"),
            row("43/26/2", "Siobhán", "O'Brien", "2012-07-01", quantity="12", postcode="RG19 4AB"),
            row("43/26/3", "Lukasz", "Kowalsky"),
        ),
    )
    assert report.written, report.problems
    return out


def referral_id(services: Services, user: CurrentUser, ref: str) -> int:
    return services.referrals.find_by_crime_reference(user, ref).id


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lukasz", {"Łukasz Kowalski", "Lukasz Kowalsky"}),
        ("obrien", {"Siobhán O'Brien"}),
        ("kowalski luk", {"Łukasz Kowalski"}),
        ("14/03/2011", {"Łukasz Kowalski", "Lukasz Kowalsky"}),
        ("2012-07-01", {"Siobhán O'Brien"}),
        ("rg19", {"Siobhán O'Brien"}),
        ("RG19 4A", {"Siobhán O'Brien"}),
        ("43/26/2", {"Siobhán O'Brien"}),
        ("zzz", set()),
    ],
)
def test_search_finds_names_references_postcodes_and_dates(
    services: Services, staff: dict[str, CurrentUser], typed: str, expected: set[str]
) -> None:
    page = services.people.search(staff["priya"], typed)
    assert {f"{r.first_name} {r.last_name}" for r in page.rows} == expected
    assert page.total == len(expected)


def test_search_by_person_reference_and_filters(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    user = staff["manager" if "manager" in staff else "morgan"]
    everyone = services.people.search(user)
    ref = everyone.rows[0].person_ref
    assert [r.person_ref for r in services.people.search(user, ref.lower()).rows] == [ref]
    ineligible = services.people.search(user, filters=CaseloadFilter(status="ineligible"))
    assert {r.last_name for r in ineligible.rows} == {"O'Brien"}
    action = services.people.search(user, filters=CaseloadFilter(needs_action=True))
    assert action.total == 3
    assert services.people.search(user, filters=CaseloadFilter(scheme_code="OX")).total == 0


def test_offer_consent_and_programme(services: Services, staff: dict[str, CurrentUser]) -> None:
    priya = staff["priya"]
    rid = referral_id(services, priya, "43/26/1")
    detail = services.referrals.get(priya, rid)
    assert detail.eligible and [c.passed for c in detail.checklist] == [True] * 5
    offered = services.decisions.change_status(priya, rid, detail.version, ReferralStatus.OFFERED)
    with pytest.raises(InvalidTransition, match="young person's consent"):
        services.decisions.change_status(priya, rid, offered.version, ReferralStatus.IN_PROGRAMME)
    services.decisions.record_consent(
        priya, rid, Party.YOUNG_PERSON, "Łukasz Kowalski", date(2026, 11, 20), BASIS
    )
    with pytest.raises(ValidationError, match="lawful basis"):
        services.decisions.record_consent(
            priya, rid, Party.PARENT_CARER, "Anna Kowalska", date(2026, 11, 20), " "
        )
    detail = services.decisions.record_consent(
        priya, rid, Party.PARENT_CARER, "Anna Kowalska", date(2026, 11, 20), BASIS
    )
    started = services.decisions.change_status(
        priya, rid, detail.version, ReferralStatus.IN_PROGRAMME
    )
    assert started.status == "in_programme"
    assert [h.to_status for h in started.history] == ["received", "offered", "in_programme"]
    with pytest.raises(ConflictError):
        services.decisions.change_status(priya, rid, detail.version, ReferralStatus.WITHDRAWN)


def test_override_needs_a_manager_and_a_reason(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    priya, morgan = staff["priya"], staff["morgan"]
    rid = referral_id(services, priya, "43/26/2")
    detail = services.referrals.get(priya, rid)
    assert detail.reasons == ("OVER_THRESHOLD",)
    assert [c.key for c in detail.checklist if not c.passed] == ["quantity"]
    with pytest.raises(PermissionDenied):
        services.decisions.override(priya, rid, detail.version, "x" * 40)
    with pytest.raises(ValidationError, match="reason"):
        services.decisions.override(morgan, rid, detail.version, "ok")
    done = services.decisions.override(
        morgan, rid, detail.version, "Quantity shared between two friends; panel agreed."
    )
    assert (done.status, done.eligible, done.override_by) == ("received", False, "morgan")
    assert "panel agreed" in done.override_reason
    with pytest.raises(InvalidTransition):
        services.decisions.override(morgan, rid, done.version, "Again, for no good reason at all")


def test_decline_returns_to_police_with_outcome_and_panel(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    priya = staff["priya"]
    rid = referral_id(services, priya, "43/26/1")
    d = services.referrals.get(priya, rid)
    d = services.decisions.change_status(priya, rid, d.version, ReferralStatus.OFFERED)
    d = services.decisions.change_status(priya, rid, d.version, ReferralStatus.DECLINED, "No")
    d = services.decisions.return_to_police(priya, rid, d.version, date(2026, 11, 20))
    d = services.decisions.set_outcome(priya, rid, d.version, "21")
    d = services.decisions.record_panel(priya, rid, d.version, date(2026, 11, 19), "Return")
    assert (d.police_informed_on, d.outcome_code, d.panel_decision) == (
        date(2026, 11, 20),
        "21",
        "Return",
    )
    with pytest.raises(ValidationError):
        services.decisions.set_outcome(priya, rid, d.version, "99")
    inbox = services.referrals.list_referrals(priya, inbox=True)
    assert "43/26/1" not in {r.crime_reference for r in inbox.rows}


def test_manual_referral_second_time_is_caught_by_one_chance(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    priya = staff["priya"]
    form = NewReferral(
        crime_reference="43/26/9",
        referral_date=date(2026, 11, 18),
        scheme_code="WB",
        referring_officer="PC Jane Hollis",
        offence_date=date(2026, 11, 17),
        substance="Cannabis",
        quantity=Decimal("1"),
        unit="g",
        supply_suspected=False,
        first_name="Łukasz",
        last_name="KOWALSKI",
        date_of_birth=date(2011, 3, 14),
        address_line_1="12 Oxford Road",
        postcode="rg141ab",
        carer=CarerInput("Piotr Kowalski", "Father", phone="+44 7700 900999"),
    )
    made = services.referrals.create(priya, form)
    assert made.status == "ineligible" and made.reasons == ("PRIOR_DIVERSION",)
    assert {c.phone for c in made.carers} >= {"07700 900999"}
    with pytest.raises(ValidationError) as bad:
        services.referrals.create(
            priya, NewReferral(**{**form.__dict__, "postcode": "XX", "crime_reference": "43/26/9"})
        )
    fields = {p.field for p in bad.value.problems}
    assert {"postcode", "crime reference"} <= fields


def test_merge_keeps_every_referral_and_undo_restores(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    priya = staff["priya"]
    [pair] = services.duplicates.list_candidates(priya)
    compared = services.duplicates.compare(priya, pair.id)
    assert compared.left.fields[0] == ("First name", "Łukasz")
    keep = compared.left.id
    merge_id = services.duplicates.merge(priya, pair.id, keep)
    refs = services.referrals.list_referrals(priya, person_id=keep)
    assert {r.crime_reference for r in refs.rows} == {"43/26/1", "43/26/3"}
    assert services.people.search(priya, "kowalsky").total == 0
    services.duplicates.undo_merge(priya, merge_id)
    assert services.people.search(priya, "kowalsky").total == 1
    assert {
        r.crime_reference for r in services.referrals.list_referrals(priya, person_id=keep).rows
    } == {"43/26/1"}
    merge_id = services.duplicates.merge(priya, pair.id, keep)
    services.duplicates.confirm_merge(priya, merge_id)
    with pytest.raises(InvalidTransition, match="confirmed"):
        services.duplicates.undo_merge(priya, merge_id)
    assert all(r[2].startswith("merged=") for r in audit_rows(services, "merge_people"))


def test_crafft_screen_and_carer_validation(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    priya = staff["priya"]
    person = services.people.search(priya, "obrien").rows[0].id
    with pytest.raises(ValidationError, match="leave this blank"):
        services.screening.record(
            priya,
            person,
            CrafftAnswers(0, 0, 0, car=False, relax=True),
            screened_on=date(2026, 11, 20),
        )
    [screen] = services.screening.record(
        priya,
        person,
        CrafftAnswers(0, 10, 0, False, True, True, False, False, False),
        screened_on=date(2026, 11, 20),
    )
    assert (screen.score, screen.positive, screen.kpi5_stage) == (2, True, "need_identified")
    with pytest.raises(ValidationError) as bad:
        services.carers.add(priya, person, CarerInput("Mary", phone="12345", email="mary@"))
    assert {p.field for p in bad.value.problems} == {"carer phone", "carer email"}
    carers = services.carers.add(priya, person, CarerInput("Sean O'Brien", "Father"))
    assert len(carers) == 2


def test_consent_names_a_carer_of_this_young_person_only(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    priya = staff["priya"]
    rid = referral_id(services, priya, "43/26/1")
    other = services.referrals.get(priya, referral_id(services, priya, "43/26/2"))
    someone_elses = services.carers.add(priya, other.person_id, CarerInput("Mary Doe", "Mother"))
    detail = services.referrals.get(priya, rid)
    offered = services.decisions.change_status(priya, rid, detail.version, ReferralStatus.OFFERED)
    with pytest.raises(ValidationError, match="parent or carer"):
        services.decisions.record_consent(
            priya,
            rid,
            Party.PARENT_CARER,
            "Mary Doe",
            date(2026, 11, 20),
            BASIS,
            carer_id=someone_elses[0].id,
        )
    assert services.referrals.get(priya, rid).version == offered.version
