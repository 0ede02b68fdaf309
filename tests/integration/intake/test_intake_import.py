"""Importing police referrals: all or nothing, linking people, one chance, and the export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.integration.helpers import GOOD_PASSWORD, audit_rows
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import PermissionDenied
from yot_desktop.services.admin.schemes import default_scheme_files
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.export import EXPORT_COLUMNS
from yot_desktop.storage.models import Referral, YoungPerson


@pytest.fixture
def manager(services: Services, admin: CurrentUser) -> CurrentUser:
    for path in default_scheme_files():
        services.schemes.load_text(admin, path.read_text(encoding="utf-8"))
    services.users.add_user(
        admin,
        "morgan",
        Role.MANAGER,
        GOOD_PASSWORD,
        team="West Berkshire YOT",
        must_change_password=False,
    )
    return services.auth.sign_in("morgan", GOOD_PASSWORD)


def count(services: Services, model: type) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_file_with_a_bad_row_writes_nothing_and_lists_every_problem(
    services: Services, manager: CurrentUser
) -> None:
    text = csv_text(
        row("43/26/1"),
        row("43/26/2", "Tom", "Baker", "2011-13-01", postcode="SL6 XYZ", quantity="lots"),
        row("43/26/1", "Amy", "Hughes"),
    )
    report = services.intake.import_text(manager, text)

    assert not report.ok and not report.written
    assert report.problems == (
        "row 2: date_of_birth: Enter a real date, like 14/03/2012",
        "row 2: postcode: Enter a real UK postcode, like RG14 5AB",
        "row 2: quantity: Enter the quantity as a number, 0 or more, like 2.5",
        "row 3: crime_reference: 43/26/1 is also on row 1. Each referral needs its own "
        "crime reference",
    )
    assert report.rows[0].problems == ()
    assert count(services, Referral) == 0 and count(services, YoungPerson) == 0
    assert audit_rows(services, "import_referrals")[-1][1] == "refused"


def test_dry_run_decides_everything_and_writes_nothing(
    services: Services, manager: CurrentUser
) -> None:
    report = services.intake.import_text(manager, csv_text(row("43/26/1")), dry_run=True)
    assert report.ok and not report.written
    assert [(r.status, r.person) for r in report.rows] == [("received", "new")]
    assert count(services, Referral) == 0


def test_import_links_people_flags_near_duplicates_and_applies_one_chance(
    services: Services, manager: CurrentUser
) -> None:
    text = csv_text(
        # Listed out of order: the later offence still counts the earlier one as prior.
        row(
            "43/26/3",
            "Łukasz",
            "Kowalski",
            "2011-03-14",
            offence="2026-11-08",
            referral="2026-11-09",
        ),
        row("43/26/1"),
        row("43/26/2", "Lukasz", "Kowalsky", "14/03/2011"),
        row("43/26/4", "Zoë", "Ağaoğlu", "2013-09-09", scheme="WM", substance="ketamine"),
        row("43/26/5", "Kai", "Thompson", "2008-02-29", supply="yes", quantity="7"),
    )
    report = services.intake.import_text(manager, text)

    assert report.ok and report.written, report.problems
    by_ref = {r.crime_reference: r for r in report.rows}
    assert (by_ref["43/26/1"].person, by_ref["43/26/1"].status) == ("new", "received")
    assert by_ref["43/26/3"].person == "linked"
    assert by_ref["43/26/3"].status == "ineligible"
    assert by_ref["43/26/3"].reasons == ("PRIOR_DIVERSION",)
    assert by_ref["43/26/2"].person == "possible duplicate"
    assert by_ref["43/26/4"].reasons == ("SUBSTANCE_NOT_COVERED",)
    assert by_ref["43/26/5"].reasons == ("SUPPLY_SUSPECTED", "OVER_THRESHOLD", "AGE_OUT_OF_RANGE")
    assert count(services, YoungPerson) == 4
    # The same file again: every crime reference is already on file.
    again = services.intake.import_text(manager, text)
    assert not again.ok
    assert all("is already on file" in p for p in again.problems)
    # The audit log names no one.
    for _user, _outcome, detail in audit_rows(services, "import_referrals"):
        assert "Kowalski" not in detail and "43/26" not in detail


def test_export_is_exactly_the_contract(services: Services, manager: CurrentUser) -> None:
    services.intake.import_text(
        manager,
        csv_text(
            row("43/26/1"),
            row("43/26/2", "Lukasz", "Kowalsky"),
            row("43/26/3", offence="2026-11-08", referral="2026-11-09"),
        ),
    )
    text = services.referral_export.export_csv(manager)
    lines = list(csv.reader(io.StringIO(text)))
    assert tuple(lines[0]) == EXPORT_COLUMNS
    rows = {line[0]: dict(zip(EXPORT_COLUMNS, line, strict=True)) for line in lines[1:]}
    first = rows["43/26/1"]
    assert first == {
        "crime_reference": "43/26/1",
        "person_ref": first["person_ref"],
        "first_name": "Łukasz",
        "last_name": "Kowalski",
        "date_of_birth": "2011-03-14",
        "age_at_offence": "15",
        "scheme": "WB",
        "status": "received",
        "eligibility": "eligible",
        "eligibility_reasons": "",
        "prior_diversions": "0",
        "possible_duplicate": "yes",
        "sessions_required": "3",
        "sessions_attended": "0",
        "unexplained_absences": "0",
        "engagement": "",
    }
    assert first["person_ref"].startswith("YP")
    assert rows["43/26/3"]["prior_diversions"] == "1"
    assert rows["43/26/3"]["eligibility_reasons"] == "PRIOR_DIVERSION"
    assert rows["43/26/3"]["eligibility"] == "ineligible"


def test_panel_members_cannot_import_or_export(services: Services, admin: CurrentUser) -> None:
    services.users.add_user(admin, "pat", Role.PANEL, GOOD_PASSWORD, must_change_password=False)
    panel = services.auth.sign_in("pat", GOOD_PASSWORD)
    with pytest.raises(PermissionDenied):
        services.intake.import_text(panel, csv_text(row("43/26/1")))
    with pytest.raises(PermissionDenied):
        services.referral_export.export_csv(panel)


def test_an_import_stopped_part_way_writes_nothing(
    services: Services, manager: CurrentUser, tmp_path: Path
) -> None:
    """Cancel after the second of five rows (issue 12, point 4): the rows already added in the
    transaction are rolled back; the file is read line by line from disk."""
    from yot_desktop.services.import_files import ImportCancelled, ImportSource

    path = tmp_path / "police.csv"
    path.write_text(csv_text(*(row(f"43/26/{n}", f"Child{n}") for n in range(1, 6))), "utf-8")
    heard: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        heard.append((done, total))
        return done < 2

    with pytest.raises(ImportCancelled, match="nothing was imported"):
        services.intake.import_text(manager, ImportSource.from_path(path), progress=progress)
    assert heard == [(0, 5), (1, 5), (2, 5)]
    assert count(services, Referral) == 0 and count(services, YoungPerson) == 0
    assert audit_rows(services, "import_referrals") == [("morgan", "failed", "cancelled")]
    # The same file, not stopped, imports every row.
    report = services.intake.import_text(manager, ImportSource.from_path(path))
    assert report.written and count(services, Referral) == 5
