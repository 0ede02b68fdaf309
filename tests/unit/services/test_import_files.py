"""Oversized import files are refused at once, before they are parsed (issue 12, point 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.import_files import ImportLimits, read_import_file

HEADER = "crime_reference,referral_date\n"


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "force-export.csv"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: 21 MB that was never written
    with pytest.raises(ValidationError) as refused:
        read_import_file(big)
    message = str(refused.value)
    assert message.startswith("File: force-export.csv is 21.0 MB: the most one import takes")
    assert "20 MB or 50,000 rows" in message and "split" in message


def test_a_file_over_the_row_limit_is_refused(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(HEADER + "43/26/1,2026-11-20\n" * 6, encoding="utf-8")
    assert read_import_file(rows, ImportLimits(max_rows=6)).count("\n") == 7
    with pytest.raises(ValidationError, match="has more than 5 rows"):
        read_import_file(rows, ImportLimits(max_rows=5))


def test_text_with_a_bom_is_read_and_other_encodings_are_named(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeff".encode() + HEADER.encode() + "Łukasz\n".encode())
    assert read_import_file(good) == HEADER + "Łukasz\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "Siobh\xe1n\n".encode("latin-1"))
    with pytest.raises(ValidationError, match=r'not UTF-8 text\. Save it as "CSV UTF-8"'):
        read_import_file(latin)
    with pytest.raises(ValidationError, match="cannot read the file"):
        read_import_file(tmp_path / "missing.csv")


def test_the_limits_are_settings(tmp_path: Path) -> None:
    assert ImportLimits.from_settings({}) == ImportLimits(20, 50_000)
    assert ImportLimits.from_settings({"import_max_mb": "5", "import_max_rows": "100"}) == (
        ImportLimits(5, 100)
    )
    # The setting by its meaning, then the key to change in settings.json.
    named = r"Most rows in one import \(import_max_rows in settings\.json\): must be a whole"
    with pytest.raises(ValidationError, match=named):
        ImportLimits.from_settings({"import_max_rows": "lots"})


def test_a_file_just_over_the_limit_says_more_than_not_the_same_number(tmp_path: Path) -> None:
    edge = tmp_path / "edge.csv"
    with edge.open("wb") as f:
        f.truncate(20 * 1024 * 1024 + 10)
    with pytest.raises(ValidationError, match=r"edge\.csv is more than 20 MB: the most"):
        read_import_file(edge)
