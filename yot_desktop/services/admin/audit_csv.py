"""The audit trail as CSV: one row per audit record, no personal data.

Columns: id, at, username, action, entity, entity_id, outcome, detail. `at` is
YYYY-MM-DD HH:MM:SS. A cell that a spreadsheet would run as a formula (it begins with =, +, -,
@, a tab or a carriage return: a failed sign-in records whatever name was typed) is prefixed
with an apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TextIO

from yot_desktop.domain.spreadsheet import inert

__all__ = ["COLUMNS", "AuditTuple", "inert", "write_audit_csv"]

COLUMNS = ("id", "at", "username", "action", "entity", "entity_id", "outcome", "detail")
# One audit record in column order.
AuditTuple = tuple[int, datetime, str, str, str, int | None, str, str]


def write_audit_csv(
    chunks: Iterable[Sequence[AuditTuple]],
    stream: TextIO,
    total: int = 0,
    progress: Callable[[int, int], object] | None = None,
) -> int:
    """Write a header and every row; returns the number of rows written."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for chunk in chunks:
        writer.writerows(
            (
                row_id,
                at.isoformat(sep=" ", timespec="seconds"),
                inert(username),
                inert(action),
                inert(entity),
                "" if entity_id is None else entity_id,
                inert(outcome),
                inert(detail),
            )
            for row_id, at, username, action, entity, entity_id, outcome, detail in chunk
        )
        count += len(chunk)
        if progress is not None:
            progress(count, max(total, count))
    return count
