"""Oversized import files are refused at once, and read a line at a time (issue 12, point 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.referral_csv import read_table
from yot_desktop.services.import_files import ImportLimits, ImportSource

HEADER = "crime_reference,referral_date\n"


def read_import_file(path: Path, limits: ImportLimits | None = None) -> str:
    """The rows of the file as the importers read them, written back as text."""
    source = ImportSource.from_path(path, limits)
    with source.lines() as lines:
        table, problems, _ = read_table(
            lines, ("crime_reference",), ("referral_date",), max_rows=source.max_rows
        )
    assert table is not None, problems
    body = "".join(",".join(v[c] for c in table.columns) + "\n" for _, v in table.rows)
    return ",".join(table.columns) + "\n" + body


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
    with pytest.raises(ValidationError, match=r"rows\.csv has more than 5 rows"):
        read_import_file(rows, ImportLimits(max_rows=5))


def test_a_file_is_read_as_it_is_parsed_and_refused_at_its_first_row_over(
    tmp_path: Path,
) -> None:
    """Bytes that are not UTF-8 far past the row limit are never read: the file is refused
    for its rows, not its encoding (it was read whole first, then counted)."""
    rows = tmp_path / "rows.csv"
    rows.write_bytes(
        (HEADER + "43/26/1,2026-11-20\n" * 20_000).encode() + "Siobh\xe1n\n".encode("latin-1")
    )
    with pytest.raises(ValidationError, match="has more than 100 rows"):
        read_import_file(rows, ImportLimits(max_rows=100))
    with pytest.raises(ValidationError, match="not UTF-8"):
        read_import_file(rows)  # within the limit: read to the end, where the bad bytes are


def test_a_line_break_inside_a_quoted_cell_is_not_a_row(tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text(HEADER + '43/26/1,"one\ntwo\nthree"\n43/26/2,x\n', encoding="utf-8")
    assert read_import_file(notes, ImportLimits(max_rows=2)).count("43/26/") == 2


def test_text_with_a_bom_is_read_and_other_encodings_are_named(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeff".encode() + HEADER.encode() + "Łukasz\n".encode())
    assert read_import_file(good) == HEADER + "Łukasz,\n"  # the BOM is not in the header
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


def test_a_stray_quote_mark_is_left_for_the_parser_to_name(tmp_path: Path) -> None:
    stray = tmp_path / "stray.csv"
    stray.write_text(HEADER + '43/26/1,"2026-11-20\n' + "x" * 200_000 + "\n", encoding="utf-8")
    source = ImportSource.from_path(stray)
    with source.lines() as lines:
        table, problems, _ = read_table(lines, ("crime_reference",), ("referral_date",))
    assert table is None and "is not valid CSV" in str(problems[0])
