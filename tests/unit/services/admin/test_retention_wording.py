"""What a deletion confirmation says will be lost, added up over several records."""

from __future__ import annotations

from yot_desktop.services.admin.retention import DeletionPreview, lost_text, lost_total


def preview(ref: str, *counts: int) -> DeletionPreview:
    labels = ["young person record", "referrals", "sessions", "letters", "parents or carers"]
    return DeletionPreview(
        1, ref, "A Person", 1, True, "", tuple(zip([*labels, "other"], counts, strict=True))
    )


def test_lost_text_leaves_out_nothing_but_zeros() -> None:
    assert lost_text((("referral", 1), ("sessions", 0), ("letters", 3))) == (
        "1 referral and 3 letters"
    )
    assert lost_text((("referral", 1),)) == "1 referral"
    assert lost_text((("referrals", 0),)) == ""


def test_lost_total_adds_up_and_uses_singular_and_plural() -> None:
    total = lost_total([preview("YP1", 1, 1, 4, 0, 1, 7), preview("YP2", 1, 2, 0, 1, 0, 0)])
    assert lost_text(total) == (
        "2 young person records, 3 referrals, 4 sessions, 1 letter, "
        "1 parent or carer and 7 other linked records"
    )
