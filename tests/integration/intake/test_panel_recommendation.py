"""The practitioner's recommendation for the panel: stored, versioned, audited without its
text, shown in the summary and the pack, and stripped of the child's identifying details in
the pseudonymised summary."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from tests.integration.helpers import audit_rows, demo_user
from tests.integration.reports.test_reports_service import (
    case_ref,  # noqa: F401 - the fixture
    contains,
    identifying_terms,
    pdf_text,
)
from yot_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from yot_desktop.reports.panel import PackCancelled
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Referral, YoungPerson
from yot_desktop.storage.models_audit import AuditFieldChange


def flat(data: bytes) -> str:
    """The PDF's text with line breaks as spaces (wrapped lines join up again)."""
    return " ".join(pdf_text(data).split())


def names(services: Services, crime_reference: str) -> tuple[str, str]:
    with services.ctx.uow() as uow:
        first, last = uow.session.execute(
            select(YoungPerson.first_name, YoungPerson.last_name)
            .join(Referral, Referral.young_person_id == YoungPerson.id)
            .where(Referral.crime_reference == crime_reference)
        ).one()
    return first, last


def test_written_stored_and_versioned(demo: Services, case_ref: str) -> None:  # noqa: F811
    manager = demo_user(demo, "manager")
    assert demo.reports.recommendation(manager, case_ref).version is None
    saved = demo.reports.save_recommendation(manager, case_ref, "  Offer the programme.  ", None)
    assert (saved.text, saved.written_by) == ("Offer the programme.", "Morgan Manager")
    again = demo.reports.recommendation(manager, case_ref)
    assert (again.text, again.version) == ("Offer the programme.", saved.version)
    # Someone else saving over the version they saw first is refused, nothing written.
    changed = demo.reports.save_recommendation(manager, case_ref, "Refer back.", saved.version)
    with pytest.raises(ConflictError):
        demo.reports.save_recommendation(manager, case_ref, "Stale words.", saved.version)
    with pytest.raises(ConflictError):
        demo.reports.save_recommendation(manager, case_ref, "Thought it was new.", None)
    assert demo.reports.recommendation(manager, case_ref).text == "Refer back."
    assert changed.version != saved.version


def test_audited_without_the_words(demo: Services, case_ref: str) -> None:  # noqa: F811
    manager = demo_user(demo, "manager")
    first, _ = names(demo, case_ref)
    v = demo.reports.save_recommendation(manager, case_ref, f"{first} should be offered.", None)
    demo.reports.save_recommendation(manager, case_ref, f"{first} should go back.", v.version)
    details = [d for _, _, d in audit_rows(demo, "panel_recommendation")]
    assert details == ["written", "changed"]
    # The before and after live where erasure reaches them, not in the audit log.
    with demo.ctx.uow() as uow:
        befores = uow.session.scalars(
            select(AuditFieldChange.before).where(AuditFieldChange.field == "text")
        ).all()
    assert befores == [f"{first} should be offered."]


def test_bad_input_and_permissions(demo: Services, case_ref: str) -> None:  # noqa: F811
    manager, panel = demo_user(demo, "manager"), demo_user(demo, "panel")
    with pytest.raises(ValidationError, match=r"recommendation.*4,000 characters"):
        demo.reports.save_recommendation(manager, case_ref, "x" * 4001, None)
    with pytest.raises(PermissionDenied):
        demo.reports.save_recommendation(panel, case_ref, "Let me write it.", None)
    with pytest.raises(PermissionDenied):
        demo.reports.recommendation(panel, case_ref)
    assert demo.reports.recommendation(manager, case_ref).version is None


def test_shown_in_the_summaries_and_the_pack(demo: Services, case_ref: str) -> None:  # noqa: F811
    manager, panel = demo_user(demo, "manager"), demo_user(demo, "panel")
    first, last = names(demo, case_ref)
    words = f"Offer {first} {last} the programme. {first} has been honest about using cannabis."
    demo.reports.save_recommendation(manager, case_ref, words, None)

    out = io.BytesIO()
    demo.reports.panel_summary(manager, case_ref, out, pseudonymised=False)
    assert "has been honest about using cannabis" in flat(out.getvalue())
    assert contains(flat(out.getvalue()), f"{first} {last} the programme")

    for who in (manager, panel):
        out = io.BytesIO()
        assert demo.reports.panel_summary(who, case_ref, out, pseudonymised=True)
        text = flat(out.getvalue())
        assert "has been honest about using cannabis" in text
        assert "[name removed] has been honest" in text
        assert "identifying details taken out" in text
        for term in identifying_terms(demo, case_ref):
            assert not contains(text, term), term

    pack = io.BytesIO()
    count, _ = demo.reports.panel_pack(panel, date(2026, 11, 18), pack)
    text = flat(pack.getvalue())
    assert count == 1
    assert "offer [name removed] the programme" in text  # the agenda and the case
    assert not contains(text, first)


def test_demo_lists_cases_for_a_past_and_an_upcoming_panel(demo: Services) -> None:
    manager = demo_user(demo, "manager")
    today = demo.ctx.clock().date()
    dates = demo.reports.panel_dates(manager)
    assert len(dates) == 2
    assert min(dates) < today < max(dates)
    progress: list[tuple[str, int, int]] = []
    for when in dates:
        pack = io.BytesIO()
        progress.clear()
        count, pseudonymised = demo.reports.panel_pack(
            manager,
            when,
            pack,
            pseudonymised=False,
            progress=lambda phase, done, total: progress.append((phase, done, total)),
        )
        assert count == 6 and not pseudonymised
        assert progress[0] == ("Reading", 1, 6) and progress[-1] == ("Laying out", 6, 6)
        text = flat(pack.getvalue())
        assert f"cases: {count}" in text
        assert text.count("prepared by") == count
    # The past panel's cases all have a recommendation written.
    text = flat(_pack(demo, manager, min(dates)))
    assert "no recommendation recorded" not in text


def _pack(services: Services, user: CurrentUser, when: date) -> bytes:
    out = io.BytesIO()
    services.reports.panel_pack(user, when, out, pseudonymised=True)
    return out.getvalue()


def test_a_pack_can_be_stopped(demo: Services) -> None:
    manager = demo_user(demo, "manager")
    when = max(demo.reports.panel_dates(manager))
    before = len(audit_rows(demo, "report_panel_pack"))
    with pytest.raises(PackCancelled, match="stopped after 3 cases"):
        demo.reports.panel_pack(
            manager, when, io.BytesIO(), progress=lambda phase, done, total: done < 3
        )
    with pytest.raises(PackCancelled, match="stopped after 2 cases"):
        demo.reports.panel_pack(
            manager,
            when,
            io.BytesIO(),
            progress=lambda phase, done, total: phase == "Reading" or done < 2,
        )
    assert len(audit_rows(demo, "report_panel_pack")) == before  # nothing was made
