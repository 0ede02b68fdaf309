"""Reports from the database: panel summaries (pseudonymised for the panel role, whatever it
asks) and the scheme evaluation's figures on a hand-built data set."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from tests.integration.delivery_helpers import at, new_referral, set_up_team
from tests.integration.helpers import audit_rows, demo_user
from yot_desktop.domain.errors import PermissionDenied, ValidationError
from yot_desktop.domain.evaluation import EvaluationSettings
from yot_desktop.domain.redaction import fold
from yot_desktop.services.container import Services
from yot_desktop.services.reports.service import ReportService
from yot_desktop.storage.models import AppMeta, Carer, ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_intake import ReferralStatusChange


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return fold(unicodedata.normalize("NFC", text))


def contains(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(term))}(?!\w)", text) is not None


def identifying_terms(services: Services, crime_reference: str) -> list[str]:
    with services.ctx.uow() as uow:
        s = uow.session
        r = s.scalar(select(Referral).where(Referral.crime_reference == crime_reference))
        assert r is not None
        p = s.get(YoungPerson, r.young_person_id)
        assert p is not None
        carers = s.scalars(select(Carer).where(Carer.young_person_id == p.id)).all()
        dob = p.date_of_birth
        terms = [p.first_name, p.last_name, p.address_line_1, p.postcode, crime_reference]
        terms += [dob.isoformat(), f"{dob:%d/%m/%Y}", f"{dob.day} {dob:%B %Y}"]
        terms += [c.name for c in carers]
        if p.school:
            terms.append(p.school)
    return [t for t in terms if t and len(t) >= 3]


@pytest.fixture
def case_ref(demo: Services) -> str:
    """A demo referral whose person has parents, with identifying words in its notes."""
    with demo.ctx.uow() as uow:
        s = uow.session
        r = s.scalar(
            select(Referral)
            .join(Carer, Carer.young_person_id == Referral.young_person_id)
            .order_by(Referral.id)
            .limit(1)
        )
        assert r is not None
        p = s.get(YoungPerson, r.young_person_id)
        carer = s.scalar(select(Carer).where(Carer.young_person_id == p.id))  # type: ignore[union-attr]
        assert p is not None and carer is not None
        r.notes = (
            f"{p.first_name} {p.last_name} was stopped with {carer.name} near "
            f"{p.address_line_1}, {p.postcode}; born {p.date_of_birth:%d/%m/%Y}."
        )
        r.panel_date = date(2026, 11, 18)
        ref = r.crime_reference
        uow.commit()
    return ref


def test_identifiable_summary_shows_the_child(demo: Services, case_ref: str) -> None:
    manager = demo_user(demo, "manager")
    out = io.BytesIO()
    pseudonymised = demo.reports.panel_summary(manager, case_ref, out, pseudonymised=False)
    assert pseudonymised is False
    text = pdf_text(out.getvalue())
    terms = identifying_terms(demo, case_ref)
    assert contains(text, terms[0]) and contains(text, terms[1])


def test_pseudonymised_summary_has_nothing_identifying(demo: Services, case_ref: str) -> None:
    manager = demo_user(demo, "manager")
    out = io.BytesIO()
    assert demo.reports.panel_summary(
        manager, case_ref, out, pseudonymised=True, recommendation="Offer the programme."
    )
    text = pdf_text(out.getvalue())
    for term in identifying_terms(demo, case_ref):
        assert not contains(text, term), term
    assert "offer the programme" in text


def test_panel_role_never_gets_identifiable_output(demo: Services, case_ref: str) -> None:
    panel = demo_user(demo, "panel")
    out = io.BytesIO()
    assert demo.reports.panel_summary(panel, case_ref, out, pseudonymised=False) is True
    text = pdf_text(out.getvalue())
    for term in identifying_terms(demo, case_ref):
        assert not contains(text, term), term
    pack = io.BytesIO()
    count, pseudonymised = demo.reports.panel_pack(
        panel, date(2026, 11, 18), pack, pseudonymised=False
    )
    assert (count, pseudonymised) == (1, True)
    text = pdf_text(pack.getvalue())
    for term in identifying_terms(demo, case_ref):
        assert not contains(text, term), term
    with pytest.raises(PermissionDenied):
        demo.reports.evaluation(panel, date(2026, 1, 1), date(2026, 12, 31))
    # Audited, with no personal data in the detail.
    rows = audit_rows(demo, "report_panel_summary")
    assert rows[-1] == ("panel", "ok", "pseudonymised")
    assert audit_rows(demo, "report_panel_pack")[-1][2].endswith("pseudonymised")


def test_panel_agenda_is_pseudonymised_for_the_panel_and_audited(
    demo: Services, case_ref: str
) -> None:
    when = date(2026, 11, 18)
    panel, manager = demo_user(demo, "panel"), demo_user(demo, "manager")
    rows = demo.reports.panel_agenda(panel, when, pseudonymised=False)  # asks; never gets
    assert len(rows) == 1 and rows[0].pseudonymised
    shown = fold(" ".join(str(v) for v in vars(rows[0]).values()))
    for term in identifying_terms(demo, case_ref):
        assert not contains(shown, term), term
    terms = identifying_terms(demo, case_ref)
    named = demo.reports.panel_agenda(manager, when, pseudonymised=False)
    assert not named[0].pseudonymised
    assert fold(terms[0]) in fold(named[0].person) and fold(terms[1]) in fold(named[0].person)
    assert named[0].scheme == rows[0].scheme  # the scheme's name is never scrubbed
    assert audit_rows(demo, "view_panel_agenda")[-2:] == [
        ("panel", "ok", "2026-11-18; 1 cases; pseudonymised"),
        ("manager", "ok", "2026-11-18; 1 cases; identifiable"),
    ]


def test_panel_dates_lists_the_recorded_panel(demo: Services, case_ref: str) -> None:
    assert date(2026, 11, 18) in demo.reports.panel_dates(demo_user(demo, "panel"))


def test_unknown_referral_is_refused(demo: Services) -> None:
    with pytest.raises(Exception, match="no referral"):
        demo.reports.panel_summary(demo_user(demo, "manager"), "NOPE/1", io.BytesIO())


@pytest.fixture
def hand_built(services: Services) -> Services:
    """Ten referrals in November 2026 with known outcomes, one before and one after."""
    set_up_team(services)
    statuses = [
        "completed",
        "completed",
        "completed",
        "not_engaged",
        "declined",
        "offered",
        "ineligible",
        "received",
        "withdrawn",
        "in_programme",
    ]
    ids = [new_referral(services, f"HB/{i}", status=st) for i, st in enumerate(statuses)]
    before = new_referral(services, "HB/before", status="completed")
    after = new_referral(services, "HB/after", status="received")
    with services.ctx.uow() as uow:
        s = uow.session
        s.execute(update(Referral).where(Referral.id == ids[6]).values(eligible=False))
        s.execute(
            update(Referral)
            .where(Referral.id == before)
            .values(referral_date=date(2026, 10, 1), offence_date=date(2026, 10, 1))
        )
        first_person = s.scalar(select(Referral.young_person_id).where(Referral.id == ids[0]))
        s.execute(
            update(Referral)
            .where(Referral.id == after)
            .values(referral_date=date(2027, 1, 10), young_person_id=first_person)
        )
        # First appointments: 5 and 9 days after referral (20 November 2026); the withdrawn
        # one had a session, so it had accepted.
        for rid, day, status in (
            (ids[0], date(2026, 11, 25), "attended"),
            (ids[1], date(2026, 11, 29), "did_not_attend"),
            (ids[8], date(2026, 11, 29), "attended"),
        ):
            s.add(
                ProgrammeSession(
                    referral_id=rid,
                    intervention="assessment",
                    starts_at=at(day),
                    minutes=60,
                    venue="yot_office",
                    status=status,
                )
            )
        uow.commit()
    return services


def test_evaluation_matches_the_hand_built_data(hand_built: Services) -> None:
    manager = demo_user(hand_built, "manager")
    ev = hand_built.reports.evaluation(manager, date(2026, 11, 1), date(2026, 11, 30), "WB")
    f = ev.funnel
    assert (f.referred, f.eligible, f.offered, f.accepted) == (10, 9, 8, 6)
    assert (f.declined, f.completed, f.not_engaged, f.withdrawn, f.in_programme) == (
        1,
        3,
        1,
        1,
        1,
    )
    assert ev.completion_rate == pytest.approx(0.75)
    assert ev.officer_hours_saved == pytest.approx(6 * (12 - 20 / 60))
    assert (ev.people_referred, ev.people_referred_again) == (10, 1)
    assert ev.waiting.count == 3 and ev.waiting.longest == 9
    assert ev.scheme_label.endswith("(WB)")


def test_exports_in_every_format_are_audited(hand_built: Services) -> None:
    manager = demo_user(hand_built, "manager")
    # The CSV is UTF-8 with a byte order mark, so Excel shows accents (issue 15, point 13).
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("csv", b"\xef\xbb\xbfscheme,")):
        out = io.BytesIO()
        hand_built.reports.export_scheme(
            manager, date(2026, 11, 1), date(2026, 11, 30), fmt, out, "WB"
        )
        assert out.getvalue().startswith(magic)
    details = [d for _, _, d in audit_rows(hand_built, "report_scheme_export")]
    assert details == [f"{x}; scheme WB; 2026-11-01 to 2026-11-30" for x in ("pdf", "xlsx", "csv")]


def test_bad_input_is_refused(hand_built: Services) -> None:
    manager = demo_user(hand_built, "manager")
    with pytest.raises(ValidationError, match="no scheme"):
        hand_built.reports.evaluation(manager, date(2026, 1, 1), date(2026, 2, 1), "ZZ")
    with pytest.raises(ValidationError, match="before it starts"):
        hand_built.reports.evaluation(manager, date(2026, 2, 1), date(2026, 1, 1))


def test_panel_summary_lists_the_letters_made_and_sent(demo: Services, case_ref: str) -> None:
    from yot_desktop.domain.enums import LetterType

    manager = demo_user(demo, "manager")
    made = demo.letters.make_by_reference(manager, case_ref, LetterType.OFFER)
    demo.letters.make_by_reference(manager, case_ref, LetterType.POLICE_OUTCOME)
    demo.letters.mark_sent(manager, made.record.id, "post")
    out = io.BytesIO()
    demo.reports.panel_summary(manager, case_ref, out, pseudonymised=True)
    text = pdf_text(out.getvalue())
    assert "offer" in text
    assert "police outcome (made, not yet marked sent)" in text


def test_the_panel_reference_is_printed_nowhere_else_and_holds_for_one_panel(
    demo: Services, case_ref: str
) -> None:
    """Issue 15, point 10: the police letter prints the person reference; the panel's
    summary, pack and agenda show a reference of its own instead, the same throughout one
    panel and different at the next one."""
    from yot_desktop.domain.enums import LetterType

    manager, panel = demo_user(demo, "manager"), demo_user(demo, "panel")
    with demo.ctx.uow() as uow:
        r = uow.session.scalar(select(Referral).where(Referral.crime_reference == case_ref))
        assert r is not None
        person_ref = uow.session.get(YoungPerson, r.young_person_id).person_ref  # type: ignore[union-attr]
    letter = demo.letters.make_by_reference(manager, case_ref, LetterType.POLICE_OUTCOME)
    assert contains(pdf_text(letter.pdf), person_ref)  # what the police member holds

    summary, pack = io.BytesIO(), io.BytesIO()
    demo.reports.panel_summary(
        panel, case_ref, summary, recommendation=f"Letters to {person_ref} went out."
    )
    demo.reports.panel_pack(panel, date(2026, 11, 18), pack)
    agenda = demo.reports.panel_agenda(panel, date(2026, 11, 18))
    panel_ref = agenda[0].person
    assert re.fullmatch(r"[A-Z2-9]{6}", panel_ref)
    for text in (pdf_text(summary.getvalue()), pdf_text(pack.getvalue())):
        assert not contains(text, person_ref)
        assert contains(text, f"panel reference {panel_ref}")
    assert "letters to [reference removed] went out" in pdf_text(summary.getvalue())
    # The key that makes it is kept in the database, never printed.
    with demo.ctx.uow() as uow:
        key = uow.session.scalar(select(AppMeta.value).where(AppMeta.key == "panel_pseudonym_key"))
    assert key and len(key) == 64 and not contains(pdf_text(pack.getvalue()), key)
    # Another panel, another reference.
    with demo.ctx.uow() as uow:
        uow.session.execute(
            update(Referral)
            .where(Referral.crime_reference == case_ref)
            .values(panel_date=date(2026, 12, 16))
        )
        uow.commit()
    later = demo.reports.panel_agenda(panel, date(2026, 12, 16))
    assert later[0].person != panel_ref and re.fullmatch(r"[A-Z2-9]{6}", later[0].person)
    # The manager's identifiable agenda shows who it is; the summary shows both references.
    own = io.BytesIO()
    demo.reports.panel_summary(manager, case_ref, own, pseudonymised=False)
    assert contains(
        pdf_text(own.getvalue()),
        f"person reference {person_ref} (panel reference {later[0].person})",
    )


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark, for Excel
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_kpi6_and_police_outcomes_as_the_csv_gives_them(
    hand_built: Services, tmp_path: Path
) -> None:
    """Issue 15, point 13: KPI 6 counts children whose intervention ended in the period
    (whatever the referral date), outcomes 21 to 23 are counted, KPI 1 to 4 say plainly
    that the record cannot give them. Read from the CSV the export writes, with threshold 1
    so every figure shows (the suppression is tested on its own)."""
    services = hand_built
    with services.ctx.uow() as uow:
        s = uow.session
        refs = {ref: rid for ref, rid in s.execute(select(Referral.crime_reference, Referral.id))}
        ended = {
            "HB/0": "completed",
            "HB/1": "completed",
            "HB/2": "completed",
            "HB/3": "not_engaged",
            "HB/8": "withdrawn",  # had a session: accepted, then withdrawn
            "HB/before": "completed",  # referred in October, ended in November
        }
        for ref, status in ended.items():
            s.add(
                ReferralStatusChange(
                    referral_id=refs[ref],
                    from_status="in_programme",
                    to_status=status,
                    at=datetime(2026, 11, 27, 10, 0),
                    by_username="manager",
                )
            )
        for ref, code in (("HB/0", "22"), ("HB/1", "22 "), ("HB/2", "23"), ("HB/3", "1")):
            s.execute(update(Referral).where(Referral.id == refs[ref]).values(outcome_code=code))
        uow.commit()
    manager = demo_user(services, "manager")
    ev = services.reports.evaluation(manager, date(2026, 11, 1), date(2026, 11, 30), "WB")
    assert (ev.kpi6.ended, ev.kpi6.completed) == (6, 4)
    oc = ev.outcome_codes
    assert (oc.code_21, oc.code_22, oc.code_23, oc.other) == (0, 2, 1, 7)

    exact = ReportService(services.ctx, EvaluationSettings(suppression_threshold=1))
    out = tmp_path / "evaluation.csv"
    exact.export_scheme_file(manager, date(2026, 11, 1), date(2026, 11, 30), out, "WB")
    rows = {r["measure"]: r["value"] for r in _csv_rows(out.read_bytes())}
    assert (
        rows["KPI 6: children whose out-of-court disposal intervention ended in the period"] == "6"
    )
    assert rows["KPI 6: of whom completed the intervention"] == "4"
    assert rows["KPI 6: share who completed their intervention"] == "0.6667"
    assert rows["Police outcome 22 (diversionary, educational or intervention activity)"] == "2"
    assert rows["Police outcome 23 (deferred prosecution)"] == "1"
    assert rows["Police outcome 21 (no further action: not in the public interest)"] == "0"
    assert rows["No outcome 21, 22 or 23 recorded yet"] == "7"
    for kpi in ("KPI 1", "KPI 2", "KPI 3", "KPI 4"):
        (value,) = [v for m, v in rows.items() if m.startswith(kpi + ":")]
        assert value.startswith("Not computed: the record"), value
    # The PDF says the same, in words.
    pdf = tmp_path / "evaluation.pdf"
    exact.export_scheme_file(manager, date(2026, 11, 1), date(2026, 11, 30), pdf, "WB")
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert "kpi 6: share who completed their intervention 67%" in text
    assert "not computed: the record does not hold the child's accommodation" in text


def test_no_report_of_the_period_gives_another_ones_hidden_count_back(
    demo: Services, tmp_path: Path
) -> None:
    """Issue 15, point 11: the all-schemes report and each scheme's, for the same period, as
    the export writes them. A count hidden in one report must not be all schemes' figure
    minus the other schemes' (one hidden figure among a count's all-schemes and per-scheme
    values), and each report's figures are the same whichever report is asked for first."""
    manager = demo_user(demo, "manager")
    today = demo.ctx.clock().date()
    period = (today - timedelta(days=730), today)
    codes = [c.code for c in demo.reports.schemes(manager)]
    shown: dict[str | None, dict[tuple[str, str, str], str]] = {}
    truth: dict[str | None, dict[tuple[str, str, str], str]] = {}
    for code in (None, *codes):
        out = tmp_path / f"{code or 'all'}.csv"
        demo.reports.export_scheme_file(manager, *period, out, code)
        rows = _csv_rows(out.read_bytes())
        shown[code] = {
            (r["section"], r["group"], r["measure"]): r["value"]
            for r in rows
            if r["unit"] == "count"
        }
        exact = ReportService(demo.ctx, EvaluationSettings(suppression_threshold=1))
        buffer = io.BytesIO()
        exact.export_scheme(manager, *period, "csv", buffer, code)
        truth[code] = {
            (r["section"], r["group"], r["measure"]): r["value"]
            for r in _csv_rows(buffer.getvalue())
            if r["unit"] == "count"
        }
    hidden_somewhere = 0
    children = ("Children referred", "Children referred again within 12 months", "KPI 6")
    for key in shown[None]:
        if key[2].startswith(children):
            continue  # children, not referrals: one child may be in two schemes
        linked = [shown[c][key] for c in (None, *codes)]
        values = [int(truth[c][key]) for c in (None, *codes)]
        assert values[0] == sum(values[1:]), key  # the all-schemes figure is their sum
        hidden = [v for s, v in zip(linked, values, strict=True) if s == "[c]"]
        hidden_somewhere += bool(hidden)
        assert len(hidden) != 1 or hidden == [0], (key, linked, values)
    assert hidden_somewhere  # the demo has small counts: the test is not empty
    # Asked again in another order, every report is the same.
    again = io.BytesIO()
    demo.reports.export_scheme(manager, *period, "csv", again, codes[-1])
    assert {
        (r["section"], r["group"], r["measure"]): r["value"]
        for r in _csv_rows(again.getvalue())
        if r["unit"] == "count"
    } == shown[codes[-1]]
