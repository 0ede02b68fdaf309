"""Shared by the bad-input service tests: a small team with referrals, a snapshot of every
table's row count, and the one property every entry point must keep."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from sqlalchemy import inspect, text

from tests import pg
from tests.bad_input import must_refuse, stored_form
from tests.integration.helpers import ADMIN_PASSWORD, GOOD_PASSWORD, FixedClock
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.admin.schemes import default_scheme_files
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import NewReferral
from yot_desktop.storage.engine import make_engine

T = TypeVar("T")

TEAM = "West Berkshire YOT"


@dataclass
class World:
    services: Services
    admin: CurrentUser
    manager: CurrentUser
    worker: CurrentUser
    person_id: int
    eligible_id: int  # 43/26/1, received
    ineligible_id: int  # 43/26/2, over the threshold
    cache: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """Set-up shared by every example of a test (hypothesis runs the body many times)."""
        if key not in self.cache:
            self.cache[key] = make()
        value: T = self.cache[key]
        return value

    def new_referral(self, quantity: str = "2.5") -> int:
        """A fresh referral of a new young person: received, or ineligible over 5 g."""
        form = referral_form(quantity=Decimal(quantity))
        return self.services.referrals.create(self.worker, form).id


def referral_form(**changes: Any) -> NewReferral:
    """The manual referral form filled in well, for a new young person, with `changes`."""
    n = unique()
    form = NewReferral(
        crime_reference=f"43/30/{n}",
        referral_date=date(2026, 11, 2),
        scheme_code="WB",
        referring_officer="PC Jane Hollis",
        offence_date=date(2026, 10, 30),
        substance="cannabis",
        quantity=Decimal("2.5"),
        unit="g",
        supply_suspected=False,
        first_name="Zoë",
        last_name=f"Fresh{n}",
        date_of_birth=date(2011, 3, 14),
        address_line_1="12 Oxford Road",
        postcode="RG14 1AB",
    )
    return replace(form, **changes)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def shared_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One database per module and database kind: migrating PostgreSQL for every test took
    most of the run. Tests that change a referral's status make their own referral."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('bad-input') / 'yot.db'}"
    else:
        url = request.getfixturevalue("pg_database")
        pg.reset_schema(url)
    services = Services.for_engine(make_engine(url), FixedClock())
    try:
        services.database.upgrade()
        services.auth.create_first_administrator("admin", ADMIN_PASSWORD)
        admin = services.auth.sign_in("admin", ADMIN_PASSWORD)
        yield make_world(services, admin)
    finally:
        services.close()


def make_world(services: Services, admin: CurrentUser) -> World:
    for path in default_scheme_files():
        services.schemes.load_text(admin, path.read_text(encoding="utf-8"))
    staff = {}
    for name, role in (("morgan", Role.MANAGER), ("priya", Role.PRACTITIONER)):
        services.users.add_user(
            admin, name, role, GOOD_PASSWORD, team=TEAM, must_change_password=False
        )
        staff[name] = services.auth.sign_in(name, GOOD_PASSWORD)
    report = services.intake.import_text(
        staff["priya"],
        csv_text(
            row("43/26/1"),
            row("43/26/2", "Siobhán", "O'Brien", "2012-07-01", quantity="12", postcode="RG19 4AB"),
        ),
    )
    assert report.written, report.problems
    first = services.referrals.find_by_crime_reference(staff["priya"], "43/26/1")
    second = services.referrals.find_by_crime_reference(staff["priya"], "43/26/2")
    return World(
        services, admin, staff["morgan"], staff["priya"], first.person_id, first.id, second.id
    )


def row_counts(services: Services) -> dict[str, int]:
    """Rows in every table; for the audit log (and its hash chain), only rows that record
    something done: a refusal is audited, and sealed into the chain, like anything else."""
    engine = services.ctx.engine
    names = sorted(n for n in inspect(engine).get_table_names() if n != "alembic_version")
    done_only = {
        "audit_log": "SELECT count(*) FROM audit_log WHERE outcome = 'ok'",
        "audit_chain": "SELECT count(*) FROM audit_chain c JOIN audit_log a"
        " ON a.id = c.audit_id WHERE a.outcome = 'ok'",
    }
    parts = [f"({done_only.get(n, f'SELECT count(*) FROM {n}')})" for n in names]
    with engine.connect() as conn:
        values = conn.execute(text("SELECT " + ", ".join(parts))).one()
    return dict(zip(names, values, strict=True))


_unique = itertools.count(1)


def unique() -> int:
    """A number no other example in this test run has used (for unique keys)."""
    return next(_unique)


def stored_or_refused(
    services: Services,
    call: Callable[[], Any],
    field: str,
    value: str,
    read_back: Callable[[], Any],
    *,
    limit: int,
    multi_line: bool = False,
    fields: frozenset[str] = frozenset(),
) -> bool:
    """The property: the value is stored verbatim (trimmed) or refused with a ValidationError
    naming the field, and then nothing at all was written. True when stored.

    `fields`: other names a refusal of this value may give as well (e.g. a name that
    normalises to empty is both missing and wrong).
    """
    before_value = read_back()
    before = row_counts(services)
    try:
        call()
    except ValidationError as err:
        named = {p.field for p in err.problems}
        assert field in named and named <= {field} | fields, (named, field, value)
        assert row_counts(services) == before, "a refusal wrote something"
        assert read_back() == before_value, "a refusal changed the record"
        return False
    assert not must_refuse(value, limit, multi_line), f"{field} accepted {value!r}"
    assert read_back() == stored_form(value, multi_line), field
    return True


def refusal(call: Callable[[], object]) -> list[str] | None:
    """The fields a ValidationError named, or None when the call went through."""
    try:
        call()
    except ValidationError as err:
        return [p.field for p in err.problems]
    return None
