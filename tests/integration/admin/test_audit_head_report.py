"""The audit chain's head printed in the scheme evaluation report (issue 12, point 6): a tail
cut from the trail afterwards leaves the chain whole, so `audit verify` alone cannot see it;
the head kept in last month's report can."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader
from sqlalchemy import text

from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser


def report_text(services: Services, user: CurrentUser) -> str:
    out = io.BytesIO()
    services.reports.export_scheme(user, date(2026, 1, 1), date(2026, 12, 31), "pdf", out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def cut_tail(services: Services, records: int) -> None:
    """What someone owning the tables can do: get round the triggers, delete the last
    records and their links. The chain that is left is whole."""
    with services.ctx.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            for trigger in ("audit_chain_no_delete", "audit_log_no_delete"):
                conn.execute(text(f"DROP TRIGGER {trigger}"))
        else:
            conn.execute(text("SET session_replication_role = replica"))
        last = conn.execute(text("SELECT max(seq) FROM audit_chain")).scalar_one()
        ids = (
            conn.execute(
                text("SELECT audit_id FROM audit_chain WHERE seq > :s"), {"s": last - records}
            )
            .scalars()
            .all()
        )
        conn.execute(text("DELETE FROM audit_chain WHERE seq > :s"), {"s": last - records})
        for audit_id in ids:
            conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": audit_id})


def test_the_report_prints_the_head_and_a_cut_tail_shows_against_it(
    services: Services, admin: CurrentUser
) -> None:
    before = services.audit.verify(admin)
    printed = report_text(services, admin)
    found = re.search(
        r"Audit trail when this report was made: link ([\d,]+), ([0-9a-f]{16})\.", printed
    )
    assert found, printed[-600:]
    seq = int(found.group(1).replace(",", ""))
    # The head at the time: the verification's own record is the last link before the report.
    assert seq == before.head_seq + 1
    assert "an administrator runs 'audit verify'" in printed
    assert f"end at link {found.group(1)} or later" in printed

    cut_tail(services, 3)
    after = services.audit.verify(admin)
    assert after.whole  # the chain left is whole: only the printed head shows the cut
    assert after.head_seq < seq
