"""Bad input through every service entry point that takes text (issue 7), on SQLite and
PostgreSQL: SQL-injection strings, control characters (NUL above all: PostgreSQL cannot
store it), very long and empty values. Each is stored verbatim or refused with a
ValidationError naming the field, never another exception, never a partial write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bad_input import PROFILE, hostile_text, must_refuse
from tests.integration.bad_input_world import (
    World,
    referral_form,
    row_counts,
    shared_world,  # noqa: F401 - a fixture
    stored_or_refused,
    unique,
)
from yot_desktop.domain import validation as v
from yot_desktop.domain.consent import Party
from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.errors import NotFound, ValidationError
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.services.intake.search import CaseloadFilter

BASIS = "Public task (UK GDPR 6(1)(e))"


@pytest.fixture
def world(shared_world: World) -> World:  # noqa: F811 - the fixture imported above
    return shared_world


# --- searches --------------------------------------------------------------------------------
@PROFILE
@given(query=hostile_text)
def test_every_search_box_takes_anything(world: World, query: str) -> None:
    s, user = world.services, world.worker
    s.people.search(user, query)
    s.people.search(user, query, filters=CaseloadFilter(scheme_code=query, status=query))
    s.referrals.list_referrals(user, query=query, status=query, scheme_code=query)
    s.programmes.referrals(user, query)
    s.scheduling.diary(user, date(2026, 11, 1), date(2026, 11, 30), venue_name=query)
    with pytest.raises(NotFound):
        s.referrals.find_by_crime_reference(user, query + "\x00 no such reference")


def test_wildcards_in_searches_are_found_literally(world: World) -> None:
    s, user = world.services, world.worker
    everyone = s.people.search(user, "").total
    referrals = s.referrals.list_referrals(user).total
    open_ones = len(s.programmes.referrals(user, ""))
    assert everyone >= 2 and referrals >= 2 and open_ones >= 1
    for query in ("%", "_", "\\", "%%", "4_/", "43%"):
        # A wildcard would find everyone; as text, only what starts with (or holds) it.
        assert s.people.search(user, query).total < everyone, query
        assert s.referrals.list_referrals(user, query=query).total < referrals, query
        assert len(s.programmes.referrals(user, query)) < open_ones, query


def test_names_with_wildcards_and_quotes_are_found_by_them(world: World) -> None:
    s, user = world.services, world.worker
    person_id = s.referrals.get(user, world.new_referral()).person_id
    name = f"%_'\\x{unique()}"
    version = s.people.get(user, person_id).version
    s.people.update(user, person_id, version, PersonChanges(last_name=name))
    found = s.people.search(user, name)
    assert [r.id for r in found.rows] == [person_id]
    assert s.people.search(user, name[:-1] + "%").total == 0
    referrals = s.referrals.list_referrals(user, query=name)
    assert {r.person_id for r in referrals.rows} == {person_id}


# --- the person record and parents or carers -------------------------------------------------
PERSON_FIELDS = {
    "first_name": ("first name", v.NAME_MAX, False),
    "last_name": ("last name", v.NAME_MAX, False),
    "preferred_name": ("preferred name", v.NAME_MAX, False),
    "school": ("school", v.SCHOOL_MAX, False),
    "address_line_1": ("address line 1", v.ADDRESS_LINE_MAX, False),
    "address_line_2": ("address line 2", v.ADDRESS_LINE_MAX, False),
    "town": ("town", v.TOWN_MAX, False),
    "first_language": ("first language", v.LANGUAGE_MAX, False),
    "nrm_decision": ("NRM decision", v.NRM_DECISION_MAX, False),
    "communication_needs": ("communication needs", v.FREE_TEXT_MAX, True),
    "send_needs": ("SEND needs", v.FREE_TEXT_MAX, True),
    "other_agencies": ("other agencies", v.FREE_TEXT_MAX, True),
}


@PROFILE
@given(name=st.sampled_from(sorted(PERSON_FIELDS)), value=hostile_text)
def test_person_edits(world: World, name: str, value: str) -> None:
    s, user = world.services, world.worker
    field, limit, multi = PERSON_FIELDS[name]
    if name.endswith("_name") and name != "preferred_name" and not value.strip():
        value = value + "x"  # an empty name has its own message; the text is what is tested

    version = s.people.get(user, world.person_id).version  # a view is audited: read first
    changes: dict[str, Any] = {name: value}

    def update() -> None:
        s.people.update(user, world.person_id, version, PersonChanges(**changes))

    stored_or_refused(
        s,
        update,
        field,
        value,
        lambda: getattr(s.people.get(user, world.person_id), name),
        limit=limit,
        multi_line=multi,
    )


CARER_FIELDS = {
    "name": ("carer name", v.CARER_NAME_MAX, False),
    "relationship": ("relationship", v.RELATIONSHIP_MAX, False),
    "preferred_language": ("preferred language", v.LANGUAGE_MAX, False),
    "address": ("carer address", v.FREE_TEXT_MAX, True),
}


@PROFILE
@given(name=st.sampled_from(sorted(CARER_FIELDS)), value=hostile_text)
def test_carers(world: World, name: str, value: str) -> None:
    s, user = world.services, world.worker
    field, limit, multi = CARER_FIELDS[name]
    base: dict[str, Any] = {
        "name": "Anna Kowalska",
        "relationship": "Mother",
        "preferred_language": "Polish",
    }
    if name in ("name", "preferred_language") and not value.strip():
        value = value + "x"  # blank has its own meaning (missing, or English)
    stored_or_refused(
        s,
        lambda: s.carers.add(user, world.person_id, CarerInput(**(base | {name: value}))),
        field,
        value,
        lambda: getattr(s.carers.list_carers(user, world.person_id)[-1], name),
        limit=limit,
        multi_line=multi,
    )


@pytest.mark.parametrize("value", ["07700\x00900123", "x" * 50, "'; DROP TABLE carers; --"])
def test_carer_phone_and_email_refused(world: World, value: str) -> None:
    s, user = world.services, world.worker
    before = row_counts(s)
    for carer in (CarerInput("Anna", phone=value), CarerInput("Anna", email=value)):
        with pytest.raises(ValidationError) as err:
            s.carers.add(user, world.person_id, carer)
        assert {p.field for p in err.value.problems} <= {"carer phone", "carer email"}
    assert row_counts(s) == before


# --- the manual referral form ----------------------------------------------------------------
FORM_FIELDS = {
    "crime_reference": ("crime reference", v.CRIME_REFERENCE_MAX, False),
    "referring_officer": ("referring officer", v.OFFICER_MAX, False),
    "offence_location": ("offence location", v.PLACE_MAX, False),
    "substance": ("substance", v.SUBSTANCE_MAX, False),
    "notes": ("notes", v.FREE_TEXT_MAX, True),
    "first_name": ("first name", v.NAME_MAX, False),
    "last_name": ("last name", v.NAME_MAX, False),
    "address_line_1": ("address line 1", v.ADDRESS_LINE_MAX, False),
    "address_line_2": ("address line 2", v.ADDRESS_LINE_MAX, False),
    "town": ("town", v.TOWN_MAX, False),
}
REQUIRED_FORM = {"crime_reference", "referring_officer", "substance", "first_name", "last_name"}


@PROFILE
@given(name=st.sampled_from(sorted(FORM_FIELDS)), value=hostile_text)
def test_manual_referral_form(world: World, name: str, value: str) -> None:
    s, user = world.services, world.worker
    field, limit, multi = FORM_FIELDS[name]
    if name in REQUIRED_FORM and not value.strip():
        value = value + "x"
    if name == "crime_reference" and not must_refuse(value, limit):
        value = f"{unique()}{value}"[: max(limit, 1)]  # each referral its own reference
    form = referral_form(**{name: value})
    made: list[int] = []

    def create() -> None:
        made.append(s.referrals.create(user, form).id)

    def read_back() -> object:
        if not made:
            return None
        detail = s.referrals.get(user, made[0])
        if name in ("first_name", "last_name", "address_line_1", "address_line_2", "town"):
            return getattr(s.people.get(user, detail.person_id), name)
        return getattr(detail, name)

    if not stored_or_refused(s, create, field, value, read_back, limit=limit, multi_line=multi):
        assert not made


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": Decimal("1e12")}, "quantity"),
        ({"quantity": Decimal("0.0001")}, "quantity"),
        ({"gender": "'; DROP TABLE young_people; --"}, "gender"),
        ({"scheme_code": "WB\x00"}, "scheme"),
        ({"postcode": "RG14\x001AB"}, "postcode"),
        ({"officer_email": "a@b.c" + "x" * 200}, "officer email"),
    ],
)
def test_manual_referral_other_fields(world: World, changes: dict[str, object], field: str) -> None:
    s = world.services
    before = row_counts(s)
    with pytest.raises(ValidationError) as err:
        s.referrals.create(world.worker, referral_form(**changes))
    assert field in {p.field for p in err.value.problems}
    assert row_counts(s) == before


# --- decisions on a referral -----------------------------------------------------------------
@PROFILE
@given(value=hostile_text)
def test_panel_decision(world: World, value: str) -> None:
    s, user = world.services, world.worker
    if not value.strip():
        value += "x"

    version = s.referrals.get(user, world.eligible_id).version  # a view is audited: read first

    def record() -> None:
        s.decisions.record_panel(user, world.eligible_id, version, date(2026, 11, 19), value)

    stored_or_refused(
        s,
        record,
        "panel decision",
        value,
        lambda: s.referrals.get(user, world.eligible_id).panel_decision or None,
        limit=v.PANEL_DECISION_MAX,
    )


@PROFILE
@given(party=st.sampled_from(list(Party)), which=st.booleans(), value=hostile_text)
def test_consent(world: World, party: Party, which: bool, value: str) -> None:
    s, user = world.services, world.worker

    def offered() -> int:
        rid = world.new_referral()
        version = s.referrals.get(user, rid).version
        return s.decisions.change_status(user, rid, version, ReferralStatus.OFFERED).id

    referral_id = world.once("offered", offered)
    if not value.strip():
        value += "x"
    given_by, basis = (value, BASIS) if which else ("Anna Kowalska", value)
    field, limit = ("given by", v.GIVEN_BY_MAX) if which else ("lawful basis", v.LAWFUL_BASIS_MAX)

    def read_back() -> str | None:
        consents = s.referrals.get(user, referral_id).consents
        if not consents:
            return None
        return consents[-1].given_by if which else consents[-1].lawful_basis

    stored_or_refused(
        s,
        lambda: s.decisions.record_consent(
            user, referral_id, party, given_by, date(2026, 11, 20), basis
        ),
        field,
        value,
        read_back,
        limit=limit,
    )


@pytest.mark.parametrize("reason", ["Because\x00the panel agreed to it", "x" * 10_001, "\x1b" * 30])
def test_override_reason_refused(world: World, reason: str) -> None:
    s = world.services
    rid = world.once("ineligible", lambda: world.new_referral(quantity="12"))
    version = s.referrals.get(world.manager, rid).version
    before = row_counts(s)
    with pytest.raises(ValidationError, match="reason"):
        s.decisions.override(world.manager, rid, version, reason)
    assert row_counts(s) == before


def test_override_reason_and_status_note_stored_verbatim(world: World) -> None:
    s = world.services
    reason = "'; DROP TABLE referrals; -- shared between two friends\r\n\tpanel agreed  "
    rid = world.new_referral(quantity="12")
    detail = s.referrals.get(world.manager, rid)
    done = s.decisions.override(world.manager, rid, detail.version, reason)
    assert done.override_reason == reason.strip().replace("\r\n", "\n")
    with pytest.raises(ValidationError, match="Note about the change"):
        s.decisions.change_status(
            world.manager, done.id, done.version, ReferralStatus.OFFERED, "a\x00b"
        )
    offered = s.decisions.change_status(
        world.manager, done.id, done.version, ReferralStatus.OFFERED, "%_\\ offered"
    )
    assert offered.history[-1].note == "%_\\ offered"
