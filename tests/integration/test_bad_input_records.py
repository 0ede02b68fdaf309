"""Bad input through the services that settle policy and record the work (issue 7), on
SQLite and PostgreSQL: calendar settings, the catalogue, new users, schemes, attendance,
letters, screening, imports, the audit trail, signing in, the panel recommendation, letter
template languages and look-ups by reference. The same property as
test_bad_input_services.py: stored verbatim or refused naming the field, nothing written."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bad_input import NASTY, PROFILE, hostile_text, refused_char
from tests.integration.bad_input_world import (
    World,
    refusal,
    row_counts,
    shared_world,  # noqa: F401 - a fixture
    stored_or_refused,
    unique,
)
from tests.integration.intake_data import HEADER, csv_text, row
from yot_desktop.domain import validation as v
from yot_desktop.domain.crafft import MAX_WORDING
from yot_desktop.domain.enums import Attendance, LetterType, Role, Venue
from yot_desktop.domain.errors import AuthenticationError, NotFound, ValidationError
from yot_desktop.domain.scheme import field_label

DNA = Attendance.DID_NOT_ATTEND


@pytest.fixture
def world(shared_world: World) -> World:  # noqa: F811 - the fixture imported above
    return shared_world


# --- calendar settings, catalogue, users, schemes --------------------------------------------
@PROFILE
@given(value=hostile_text, venue=st.booleans())
def test_closures_and_venues(world: World, value: str, venue: bool) -> None:
    s, user = world.services, world.manager
    team = user.team_id
    assert team is not None
    if venue:
        if not value.strip():
            value += "x"
        stored_or_refused(
            s,
            lambda: s.calendar_settings.save_venue(user, value, Venue.SCHOOL, 3, team),
            "Venue name",
            value,
            lambda: next(
                (r.name for r in s.calendar_settings.venues(user) if r.name == value.strip()), None
            ),
            limit=v.VENUE_NAME_MAX,
        )
        return
    day = date(2027, 1, 1) + timedelta(days=unique())
    stored_or_refused(
        s,
        lambda: s.calendar_settings.add_closure(user, team, day, value),
        "reason",
        value,
        lambda: next(
            (c.reason for c in s.calendar_settings.closures(user, team) if c.day == day), None
        ),
        limit=v.CLOSURE_REASON_MAX,
    )


@PROFILE
@given(value=hostile_text, label=st.booleans())
def test_catalogue(world: World, value: str, label: bool) -> None:
    s, user = world.services, world.admin
    if label and not value.strip():
        value += "x"
    field = "label" if label else "default_provider"
    shown = "Name" if label else "Provider"  # the catalogue dialog's labels

    def read_back() -> str | None:
        rows = [r for r in s.programmes.catalogue(user, True) if r.code == "bad_input"]
        return getattr(rows[0], field) if rows else None

    stored_or_refused(
        s,
        lambda: s.programmes.save_intervention(
            user,
            "bad_input",
            value if label else "Harm reduction",
            60,
            "Cranstoun" if label else value,
        ),
        shown,
        value,
        read_back,
        limit=v.LABEL_MAX if label else v.PROVIDER_MAX,
    )


@PROFILE
@given(value=hostile_text, team=st.booleans())
def test_new_users(world: World, value: str, team: bool) -> None:
    s, admin = world.services, world.admin
    username = f"bad.input{unique()}"
    field = "team" if team else "full name"
    if not value.strip():
        return  # blank means "the admin's team" or "the user name": not text to store

    def read_back() -> str | None:
        rows = [u for u in s.users.list_users(admin) if u.username == username]
        return (rows[0].team_name if team else rows[0].display_name) if rows else None

    stored_or_refused(
        s,
        lambda: s.users.add_user(
            admin,
            username,
            Role.PRACTITIONER,
            "a long enough passphrase",
            team=value if team else None,
            display_name="" if team else value,
        ),
        field,
        value,
        read_back,
        limit=v.TEAM_NAME_MAX if team else v.DISPLAY_NAME_MAX,
    )


SCHEME_TEXT = {"name": v.SCHEME_NAME_MAX, "area": v.AREA_MAX, "provider": v.PROVIDER_MAX}


@PROFILE
@given(key=st.sampled_from([*SCHEME_TEXT, "substance"]), value=hostile_text)
def test_scheme_editor(world: World, key: str, value: str) -> None:
    s, user = world.services, world.manager
    data: dict[str, Any] = {
        "code": "BAD",  # its own scheme: the other tests refer young people to WB
        "name": "Bad input scheme",
        "area": "Nowhere",
        "model": "voluntary",
        "outcome_code": "22",
        "min_age": 10,
        "max_age": 17,
        "second_chance": False,
        "sessions_required": 3,
        "assessment_required": True,
        "session_minutes": 60,
        "complete_within_weeks": 12,
        "absence_limit": 2,
        "provider": "Cranstoun",
        "threshold": [{"substance": "cannabis", "max_quantity": 5, "unit": "g"}],
    }
    world.once("scheme", lambda: s.scheme_editor.save(user, dict(data), None))
    if not value.strip():
        value += "x"
    if key == "substance":
        data["threshold"] = [{"substance": value, "max_quantity": 5, "unit": "g"}]
    else:
        data[key] = value

    def read_back() -> str:
        now = s.schemes.get("BAD")
        return now.thresholds[0].substance if key == "substance" else str(getattr(now, key))

    stored_or_refused(
        s,
        lambda: s.scheme_editor.save(user, data, s.scheme_editor.versions(user)["BAD"]),
        "threshold 1 substance" if key == "substance" else field_label(key),
        value,
        read_back,
        limit=SCHEME_TEXT.get(key, v.SUBSTANCE_MAX),
    )


@pytest.mark.parametrize(("key", "value"), [("min_age", 10**12), ("session_minutes", 2**63)])
def test_scheme_numbers_beyond_the_columns_are_refused(world: World, key: str, value: int) -> None:
    s = world.services
    before = row_counts(s)
    with pytest.raises(ValidationError) as err:
        s.schemes.load_text(world.manager, f'[scheme]\ncode = "BI"\nname = "x"\n{key} = {value}\n')
    assert field_label(key) in {p.field for p in err.value.problems}
    assert row_counts(s) == before


# --- attendance, letters, screening ----------------------------------------------------------
def test_attendance_marks_and_follow_ups(world: World) -> None:
    s, user = world.services, world.worker
    started = s.programmes.start(user, world.new_referral(), start=date(2026, 11, 9), at=time(10))
    first, second = started.booked[0], started.booked[1]
    before = row_counts(s)
    for reason in ("Ill\x00", "x" * 1001, "\x1b[31m"):
        with pytest.raises(ValidationError) as err:
            s.attendance.mark(user, first.id, first.version, DNA, reason=reason)
        assert [p.field for p in err.value.problems] == ["reason"]
    assert row_counts(s) == before
    reason = "'; DROP TABLE sessions; --\r\nsaid he was ill"
    s.attendance.mark(user, first.id, first.version, DNA, reason=reason)
    assert (
        s.attendance.history(user, first.id)[-1].reason
        == "'; DROP TABLE sessions; --\nsaid he was ill"
    )
    (follow_up,) = [f for f in s.attendance.follow_ups(user) if f.session_id == first.id]
    before = row_counts(s)
    with pytest.raises(ValidationError, match="What was done"):
        s.attendance.complete_follow_up(user, follow_up.id, follow_up.version, "Called\x00mum")
    assert row_counts(s) == before
    s.attendance.complete_follow_up(user, follow_up.id, follow_up.version, "%_ called mum")
    done = [f for f in s.attendance.follow_ups(user, open_only=False) if f.id == follow_up.id]
    assert done[0].note == "%_ called mum"
    with pytest.raises(ValidationError, match="Place name"):
        s.scheduling.reschedule(
            user, second.id, second.version, second.starts_at, venue_name="Hall\x00"
        )
    with pytest.raises(ValidationError, match="Length"):
        s.scheduling.reschedule(user, second.id, second.version, second.starts_at, minutes=10**9)


@pytest.mark.parametrize("method", [m for m in NASTY if m not in ("post", "email", "hand")][:12])
def test_letter_marked_sent_by_an_unknown_method(world: World, method: str) -> None:
    with pytest.raises(ValidationError) as err:
        world.services.letters.mark_sent(world.worker, 1, method)
    assert [p.field for p in err.value.problems] == ["How it was sent"]


@PROFILE
@given(value=hostile_text)
def test_crafft_wording(world: World, value: str) -> None:
    s, user = world.services, world.admin
    saved: dict[str, str] = {}
    fields = refusal(lambda: saved.update(s.screening.set_wording(user, {"car": value})))
    tidy = " ".join(value.split())
    refuse = refused_char(value, multi_line=True) or len(tidy) > MAX_WORDING
    if fields is not None:
        assert fields == ["Car"] and refuse
        return
    assert not refuse
    assert saved.get("car", "") == tidy


# --- imports: one hostile row and nothing is imported ----------------------------------------
COLUMNS = HEADER.split(",")


@PROFILE
@given(column=st.sampled_from(COLUMNS), value=hostile_text)
def test_referral_import_with_one_hostile_row(world: World, column: str, value: str) -> None:
    s = world.services
    n = unique()
    cells = row(f"43/27/{n}", last=f"Nowak{n}").split(",")
    cells[COLUMNS.index(column)] = '"' + value.replace('"', '""') + '"'
    text = csv_text(row(f"43/28/{n}"), ",".join(cells), row(f"43/29/{n}", last=f"Lee{n}"))
    before = row_counts(s)
    report = s.intake.import_text(world.worker, text)
    if report.problems:
        assert not report.written
        assert row_counts(s) == before
        assert all(p.startswith(f"row 2: {column}: ") for p in report.problems), report.problems
    else:
        assert report.written and report.imported == 3


def test_attendance_import_with_one_hostile_row(world: World) -> None:
    s = world.services
    rid = world.new_referral()
    started = s.programmes.start(world.worker, rid, start=date(2026, 11, 9), at=time(13))
    reference = s.referrals.get(world.worker, rid).crime_reference
    day = started.booked[0].starts_at.date().isoformat()
    header = "crime_reference,session_date,attendance,reason,evidence_received\n"
    before = row_counts(s)
    good = s.attendance_import.import_csv(
        world.worker, f"{header}{reference},{day},attended,,\n", dry_run=True
    )
    assert not good.problems
    for bad in ("{r}\x00,{d},attended,,", '{r},{d},did_not_attend,"ill\x00",no'):
        preview = s.attendance_import.import_csv(
            world.worker, header + bad.format(r=reference, d=day)
        )
        assert preview.problems and row_counts(s) == before
    # A mark's rule broken in the register is reported by the register's own column.
    for bad, column in (
        ('{r},{d},did_not_attend,"ill\x00",no', "reason"),
        ("{r},{d},attended,,yes", "evidence_received"),
    ):
        preview = s.attendance_import.import_csv(
            world.worker, header + bad.format(r=reference, d=day)
        )
        assert [p.split(": ")[:2] for p in preview.problems] == [["row 1", column]], preview


# --- the audit trail's filters ---------------------------------------------------------------
@PROFILE
@given(value=hostile_text)
def test_audit_filters(world: World, value: str) -> None:
    from yot_desktop.services.admin.audit import AuditFilter

    s = world.services
    for filters in (AuditFilter(username=value, action=value, entity=value, outcome=value),):
        s.audit.search(world.admin, filters)
    fields = refusal(lambda: s.audit.search(world.admin, AuditFilter(reference=value)))
    assert fields in (None, ["reference"])


# --- signing in, the panel recommendation, letter template languages -------------------------
@pytest.mark.parametrize("name", [m for m in NASTY if len(m) < 100])
def test_sign_in_with_a_hostile_user_name_fails_politely(world: World, name: str) -> None:
    with pytest.raises(AuthenticationError):
        world.services.auth.sign_in(name, "a long enough passphrase")
    with pytest.raises(AuthenticationError):
        world.services.auth.sign_in("priya" + name if name else "priya\x00", "wrong password")


@PROFILE
@given(value=hostile_text)
def test_panel_recommendation(world: World, value: str) -> None:
    s, user = world.services, world.worker
    reference = s.referrals.get(user, world.eligible_id).crime_reference
    seen = s.reports.recommendation(user, reference)
    before = row_counts(s)
    fields = refusal(lambda: s.reports.save_recommendation(user, reference, value, seen.version))
    after = row_counts(s)
    now = s.reports.recommendation(user, reference)
    if fields is not None:
        assert fields == ["recommendation"]
        assert after == before and now == seen
        assert refused_char(value, multi_line=True) or len(value.strip()) > 4000
        return
    assert not refused_char(value, multi_line=True)
    assert now.text == "\n".join(line.rstrip() for line in value.strip().splitlines())


@pytest.mark.parametrize("name", ["Polish\x00", "Pol\nish", "x" * 61])
def test_letter_template_language_name(world: World, name: str) -> None:
    from yot_desktop.domain.enums import Audience
    from yot_desktop.letters.edited import TemplateKey

    s = world.services
    key = TemplateKey(LetterType.INVITATION, Audience.PARENT, False, "pl")
    before = row_counts(s)
    with pytest.raises(ValidationError) as err:
        s.letter_templates.save(world.admin, key, "", None, name)
    assert [p.field for p in err.value.problems] == ["language name"]
    assert row_counts(s) == before


# Wildcards that would match the world's real references (43/26/1, 43/26/2) if a look-up used
# LIKE. They are longer than one character because the hypothesis tests above store short
# hostile crime references verbatim in the same shared world (a stored "_" is rightly found).
@pytest.mark.parametrize(
    "reference", ["43/26/1\x00x", "\x00", "43/26/%", "43/26/_", "4_/2_/_", "YP%", "\ud800"]
)
def test_look_ups_by_reference_say_not_found(world: World, reference: str) -> None:
    s, admin = world.services, world.admin
    calls = (
        lambda: s.letters.make_by_reference(world.manager, reference, LetterType.INVITATION),
        lambda: s.programmes.start_by_reference(world.worker, reference),
        lambda: s.retention.preview_by_reference(admin, reference),
        lambda: s.reports.recommendation(world.worker, reference),
    )
    before = row_counts(s)
    for call in calls:
        with pytest.raises(NotFound):
            call()
    assert row_counts(s) == before


def test_retention_reason_with_a_control_character_is_refused(world: World) -> None:
    s = world.services
    with pytest.raises(ValidationError) as err:
        s.retention.delete(world.admin, world.person_id, "Retention\x00 period over", 1)
    assert [p.field for p in err.value.problems] == ["Reason"]
