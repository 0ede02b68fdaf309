"""Allocating a referral's worker, the caseload's four filters, editing and removing a parent
or carer (consent keeps who gave it), and the licensed CRAFFT 2.1 wording."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.helpers import GOOD_PASSWORD, audit_rows
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.consent import Party
from yot_desktop.domain.enums import ReferralStatus, Role
from yot_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from yot_desktop.services.admin.schemes import default_scheme_files
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.services.intake.search import CaseloadFilter

BASIS = "Public task (UK GDPR 6(1)(e))"
WEST = "West Berkshire YOT"


@pytest.fixture
def staff(services: Services, admin: CurrentUser) -> dict[str, CurrentUser]:
    for path in default_scheme_files():
        services.schemes.load_text(admin, path.read_text(encoding="utf-8"))
    out = {}
    for name, role, team in (
        ("morgan", Role.MANAGER, WEST),
        ("priya", Role.PRACTITIONER, WEST),
        ("tom", Role.PRACTITIONER, WEST),
        ("pat", Role.PANEL, WEST),
        ("olu", Role.PRACTITIONER, "Oxfordshire YOT"),
    ):
        services.users.add_user(
            admin, name, role, GOOD_PASSWORD, team=team, must_change_password=False
        )
        out[name] = services.auth.sign_in(name, GOOD_PASSWORD)
    report = services.intake.import_text(
        out["morgan"],
        csv_text(
            row("43/26/1"),
            row("43/26/2", "Siobhán", "O'Brien", "2012-07-01", quantity="12", postcode="RG19 4AB"),
            row("43/26/3", "Zoë", "Ağaoğlu", "2010-05-05", scheme="OX", postcode="OX1 1AA"),
        ),
    )
    assert report.written, report.problems
    return out


def rid(services: Services, user: CurrentUser, ref: str) -> int:
    return services.referrals.find_by_crime_reference(user, ref).id


def names(services: Services, user: CurrentUser, f: CaseloadFilter) -> set[str]:
    return {r.last_name for r in services.people.search(user, filters=f).rows}


def test_a_manager_allocates_and_reallocates_a_referral(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    morgan, priya, tom = staff["morgan"], staff["priya"], staff["tom"]
    workers = services.decisions.workers(morgan, rid(services, morgan, "43/26/1"))
    # Practitioners and managers of the referral's team only: not the panel member, not
    # another team's practitioner.
    assert {w.id for w in workers} == {morgan.id, priya.id, tom.id}
    assert {w.id for w in services.decisions.workers(priya)} == {morgan.id, priya.id, tom.id}

    r = services.referrals.get(morgan, rid(services, morgan, "43/26/1"))
    assert r.worker_id is None  # an imported referral waits for a manager to allocate it
    moved = services.decisions.assign_worker(morgan, r.id, r.version, priya.id)
    assert (moved.worker_id, moved.version) == (priya.id, r.version + 1)
    assert moved.worker == "priya"
    again = services.decisions.assign_worker(morgan, r.id, moved.version, tom.id)
    assert again.worker_id == tom.id
    cleared = services.decisions.assign_worker(morgan, r.id, again.version, None)
    assert cleared.worker_id is None and cleared.worker == ""
    assert [d for _u, o, d in audit_rows(services, "assign_worker") if o == "ok"] == [
        f"worker={priya.id}",
        f"worker={tom.id}",
        "worker=none",
    ]

    with pytest.raises(ConflictError):  # a stale version: someone moved it meanwhile
        services.decisions.assign_worker(morgan, r.id, moved.version, priya.id)
    with pytest.raises(PermissionDenied):  # practitioners do not allocate
        services.decisions.assign_worker(priya, r.id, cleared.version, priya.id)
    for wrong in (staff["olu"].id, staff["pat"].id, 999_999):
        with pytest.raises(ValidationError, match="allocated worker"):
            services.decisions.assign_worker(morgan, r.id, cleared.version, wrong)
    assert services.referrals.get(morgan, r.id).worker_id is None  # nothing half-written


def test_each_caseload_filter_narrows_the_list(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    morgan, priya = staff["morgan"], staff["priya"]
    everyone = names(services, morgan, CaseloadFilter())
    assert everyone == {"Kowalski", "O'Brien", "Ağaoğlu"}

    assert names(services, morgan, CaseloadFilter(scheme_code="OX")) == {"Ağaoğlu"}
    assert names(services, morgan, CaseloadFilter(status="ineligible")) == {"O'Brien"}

    first = services.referrals.get(morgan, rid(services, morgan, "43/26/1"))
    services.decisions.assign_worker(morgan, first.id, first.version, priya.id)
    third = services.referrals.get(morgan, rid(services, morgan, "43/26/3"))
    third = services.decisions.assign_worker(morgan, third.id, third.version, morgan.id)
    second = services.referrals.get(morgan, rid(services, morgan, "43/26/2"))
    assert names(services, morgan, CaseloadFilter(worker_id=priya.id)) == {"Kowalski"}
    assert names(services, morgan, CaseloadFilter(worker_id=morgan.id)) == {"Ağaoğlu"}
    assert names(services, morgan, CaseloadFilter(unallocated=True)) == {"O'Brien"}

    # Needs action: new referrals and ineligible ones not yet returned to the police.
    assert names(services, morgan, CaseloadFilter(needs_action=True)) == everyone
    offered = services.decisions.change_status(
        morgan, third.id, third.version, ReferralStatus.OFFERED
    )
    services.decisions.change_status(morgan, third.id, offered.version, ReferralStatus.DECLINED)
    services.decisions.return_to_police(
        morgan, second.id, services.referrals.get(morgan, second.id).version, date(2026, 11, 20)
    )
    assert names(services, morgan, CaseloadFilter(needs_action=True)) == {"Kowalski"}
    # Filters combine: priya's cases that need action on the WB scheme.
    assert names(
        services,
        morgan,
        CaseloadFilter(scheme_code="WB", worker_id=priya.id, needs_action=True),
    ) == {"Kowalski"}


def test_a_carer_is_edited_and_removed_but_their_consent_stays(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    morgan = staff["morgan"]
    r = services.referrals.get(morgan, rid(services, morgan, "43/26/1"))
    (anna,) = r.carers
    edited = services.carers.update(
        morgan,
        anna.id,
        anna.version,
        CarerInput(
            "Anna Kowalska",
            "Mother",
            phone="07700 900456",
            letter_preference="email",
            email="anna@example.org",
        ),
    )
    assert (edited[0].phone, edited[0].relationship, edited[0].version) == (
        "07700 900456",
        "Mother",
        anna.version + 1,
    )
    with pytest.raises(ConflictError):
        services.carers.update(morgan, anna.id, anna.version, CarerInput("Anna K"))
    with pytest.raises(ValidationError, match="carer phone"):
        services.carers.update(morgan, anna.id, edited[0].version, CarerInput("A", phone="12"))

    offered = services.decisions.change_status(morgan, r.id, r.version, ReferralStatus.OFFERED)
    services.decisions.record_consent(
        morgan,
        offered.id,
        Party.PARENT_CARER,
        "Anna Kowalska",
        date(2026, 11, 20),
        BASIS,
        carer_id=anna.id,
    )
    with pytest.raises(ConflictError):
        services.carers.remove(morgan, anna.id, anna.version)
    assert services.carers.remove(morgan, anna.id, edited[0].version) == ()
    after = services.referrals.get(morgan, r.id)
    assert after.carers == ()
    # The consent keeps its own copy of who gave it.
    assert [(c.party, c.given_by) for c in after.consents] == [("parent_carer", "Anna Kowalska")]
    assert [o for _u, o, _d in audit_rows(services, "remove_carer")] == ["ok"]


def test_licensed_crafft_wording_is_kept_by_a_manager(
    services: Services, staff: dict[str, CurrentUser]
) -> None:
    morgan, priya = staff["morgan"], staff["priya"]
    assert services.screening.wording(priya) == {}
    kept = services.screening.set_wording(
        morgan,
        {"car": "  Have you ever ridden in a CAR…  ", "relax": "", "alcohol_days": "Drink?"},
    )
    assert kept == {"alcohol_days": "Drink?", "car": "Have you ever ridden in a CAR…"}
    assert services.screening.wording(priya) == kept
    assert list(kept) == ["alcohol_days", "car"]  # in the order the questions are asked
    with pytest.raises(PermissionDenied):
        services.screening.set_wording(priya, {"car": "Mine"})
    with pytest.raises(ValidationError) as bad:
        services.screening.set_wording(morgan, {"car": "x" * 501, "cars": "y"})
    assert {p.field for p in bad.value.problems} == {"Car", "Question"}
    assert services.screening.wording(priya) == kept  # nothing half-written
    assert services.screening.set_wording(morgan, {"car": " "}) == {}
    assert services.screening.wording(priya) == {}
    kept_rows = audit_rows(services, "set_crafft_wording")
    assert [d for _u, o, d in kept_rows if o == "ok"] == [
        "questions=2",
        "questions=0",
    ]
