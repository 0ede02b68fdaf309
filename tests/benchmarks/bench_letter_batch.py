"""A batch of letters through the letters service: statements a letter and time (issue 13,
point 3). Run on demand:

    uv run python tests/benchmarks/bench_letter_batch.py [REFERRALS]

On a new SQLite database: the demo's teams and staff, REFERRALS (60) referrals, each with a
carer and a queued offer letter, and a programme started for as many as the practitioner's
diary allows (their reminders fall due). Then one batch of every letter due, written to a
file as the Letters screen and the CLI write it. A SQLAlchemy `before_cursor_execute` counter
counts the statements the batch sends, by kind.

Measured on the development machine (2026-12-04, 2 CPUs shared with other sessions, load
average about 4), before (36058d8: services/letters.py read ~10 queries a letter and
rendered every letter twice inside the write transaction) and after:

    letters   before: statements (SELECT), time      after: statements (SELECT), time
      88       1,316 (1,165), 2.07-2.20 s               167 (16), 0.81-1.06 s
     178       2,682 (2,351), 5.24 s                    347 (16), 1.92 s

The SELECTs no longer grow with the batch; the INSERTs (a letter and the audit row) and the
UPDATEs (queue items made, versions) are the same as before.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time as timer
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from tests.integration.helpers import FixedClock
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.programmes import ProgrammeClashes
from yot_desktop.storage.engine import make_engine
from yot_desktop.storage.models import Carer, YoungPerson
from yot_desktop.storage.models_delivery import LetterDue


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    folder = Path(tempfile.mkdtemp())
    try:
        clock = FixedClock()
        services = Services.for_engine(
            make_engine(f"sqlite:///{folder / 'b.db'}", create=True), clock
        )
        services.database.upgrade()
        set_up_team(services)
        me = user(services, "practitioner")
        for i in range(count):
            rid = new_referral(services, f"43/26/{4000 + i}", first_name=f"Zoë{i}")
            with services.ctx.uow() as uow:
                s = uow.session
                pid = s.scalar(select(YoungPerson.id).order_by(YoungPerson.id.desc()))
                assert pid is not None
                s.add(
                    Carer(
                        young_person_id=pid,
                        name="Łucja Ağaoğlu",
                        relationship_to_child="mother",
                        address="3 Kennet Road\nNewbury\nRG14 5JA",
                    )
                )
                s.add(
                    LetterDue(
                        referral_id=rid,
                        letter_type="offer",
                        status="due",
                        created_at=datetime(2026, 11, 27, 9, 0),
                    )
                )
                uow.commit()
            try:
                start = date(2026, 12, 1) + timedelta(days=i // 4)
                services.programmes.start(me, rid, start=start, at=time(9 + 2 * (i % 4)))
            except ProgrammeClashes:
                pass  # the diary is full: this one has only its offer letter
        clock.now = datetime(2026, 11, 28, 9, 0)
        due = services.letters.due(me, date(2026, 11, 1), date(2026, 12, 10))
        kinds: dict[str, int] = {}

        def counted(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            kind = statement.split(None, 1)[0].upper()
            kinds[kind] = kinds.get(kind, 0) + 1

        event.listen(Engine, "before_cursor_execute", counted)
        try:
            began = timer.perf_counter()
            result = services.letters.batch(
                me, None, date(2026, 11, 1), date(2026, 12, 10), items=due, out=folder / "b.pdf"
            )
            took = timer.perf_counter() - began
        finally:
            event.remove(Engine, "before_cursor_execute", counted)
        total = sum(kinds.values())
        print(
            f"{result.count} letters: {total} statements ({total / result.count:.1f} a letter: "
            + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
            + f"), {took:.2f} s ({took / result.count * 1000:.0f} ms a letter),"
            f" PDF {len(result.pdf) / 1e3:.0f} KB"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
