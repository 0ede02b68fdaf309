"""Subject access (issue 7): one folder with everything held about a young person."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from tests.integration.helpers import audit_rows, demo_user
from tests.integration.retention_helpers import closed_person
from yot_desktop.domain.enums import LetterType
from yot_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from yot_desktop.services.admin.subject_access import folder_name
from yot_desktop.services.container import Services
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.storage.models import AuditEntry, Referral, YoungPerson
from yot_desktop.storage.models_letters import LetterRecord


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def letters_for(services: Services, person_id: int, n: int = 2) -> list[int]:
    manager = demo_user(services, "manager")
    with services.ctx.uow() as uow:
        ref = uow.session.scalars(
            select(Referral.crime_reference).where(Referral.young_person_id == person_id)
        ).first()
    assert ref is not None
    made = [
        services.letters.make_by_reference(manager, ref, t)
        for t in (LetterType.COMPLETION, LetterType.CERTIFICATE)[:n]
    ]
    services.letters.mark_sent(manager, made[0].record.id, "post", made[0].record.version)
    return [m.record.id for m in made]


def test_the_folder_holds_records_letters_audit_and_an_index(
    demo: Services, tmp_path: Path
) -> None:
    services = demo
    pid = closed_person(services)
    letter_ids = letters_for(services, pid)
    manager = demo_user(services, "manager")
    services.carers.add(manager, pid, CarerInput("Ottoline Vexbridge", "Aunt"))
    services.people.get(manager, pid)  # a view: audited, so in the export
    admin = demo_user(services, "admin")
    with services.ctx.uow() as uow:
        person = uow.session.get(YoungPerson, pid)
        assert person is not None
        ref, first, last = person.person_ref, person.first_name, person.last_name
        # The letters made here and any the demo made for the child before.
        stored = {
            r.id: r.pdf
            for r in uow.session.scalars(
                select(LetterRecord)
                .join(Referral, Referral.id == LetterRecord.referral_id)
                .where(Referral.young_person_id == pid)
            )
        }
        assert set(letter_ids) <= set(stored)
    out = tmp_path / folder_name(ref, services.ctx.clock().date())
    result = services.subject_access.export(admin, pid, out)

    assert result.folder == out and out.is_dir()
    assert not list(tmp_path.glob(".*part"))
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert names == {f.name for f in result.files}
    assert {
        "young_person.csv",
        "parents_and_carers.csv",
        "referrals.csv",
        "sessions.csv",
        "letters.csv",
        "audit_log.csv",
        "index.pdf",
    } <= names
    person_rows = read_csv(out / "young_person.csv")
    assert [(r["Reference"], r["First name"], r["Last name"]) for r in person_rows] == [
        (ref, first, last)
    ]
    assert "Ottoline Vexbridge" in {r["Name"] for r in read_csv(out / "parents_and_carers.csv")}
    # Letters exactly as stored, each named in letters.csv.
    letter_rows = read_csv(out / "letters.csv")
    assert len(letter_rows) == len(stored)
    assert "pdf" not in letter_rows[0] and "Pdf" not in letter_rows[0]
    for row in letter_rows:
        letter_id = int(row["File"].split("-")[1])
        assert (out / row["File"]).read_bytes() == stored[letter_id]
    assert result.letters == len(stored)
    # Audit entries about the person and their records, and only those.
    audit = read_csv(out / "audit_log.csv")
    assert result.audit_entries == len(audit)
    actions = {(r["What was done"], r["Record"]) for r in audit}
    assert {
        ("View person", "Young person"),
        ("Make letter", "Letter"),
        ("Add carer", "Carer"),
    } <= actions
    assert ("Mark letter sent", "Letter") in actions
    assert all(r["What was done"] not in {"Sign in", "Demo fill"} for r in audit)
    # The index lists every file, with who produced it and when.
    text = " ".join(
        (page.extract_text() or "") for page in PdfReader(out / "index.pdf").pages
    ).replace("\n", " ")
    for name in names:
        assert name.split("/")[-1][:20] in text.replace(" ", "") or name in text, name
    assert "Produced on 20 November 2026 at 10:00 by" in text
    assert f"{first} {last}" in text
    assert audit_rows(services, "subject_access_export")[-1] == (
        "admin",
        "ok",
        f"files={len(names)} letters={len(stored)} audit={len(audit)}",
    )


def test_a_damaged_letter_stops_the_export(demo: Services, tmp_path: Path) -> None:
    services = demo
    pid = closed_person(services)
    letter_id = letters_for(services, pid, 1)[0]
    with services.ctx.uow() as uow:
        uow.session.execute(
            update(LetterRecord).where(LetterRecord.id == letter_id).values(pdf=b"%PDF-1.4 changed")
        )
        uow.commit()
    admin = demo_user(services, "admin")
    with pytest.raises(ValidationError, match="does not match the checksum"):
        services.subject_access.export(admin, pid, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []
    assert audit_rows(services, "subject_access_export") == []


def test_refusals(demo: Services, tmp_path: Path) -> None:
    services = demo
    pid = closed_person(services)
    practitioner = demo_user(services, "practitioner")
    admin = demo_user(services, "admin")
    with pytest.raises(PermissionDenied):
        services.subject_access.export(practitioner, pid, tmp_path / "x")
    assert audit_rows(services, "subject_access_export")[-1][1] == "refused"
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "something.txt").write_text("x")
    with pytest.raises(ValidationError, match="new or empty folder"):
        services.subject_access.export(admin, pid, busy)
    with pytest.raises(NotFound, match="YP999999"):
        services.subject_access.export_by_reference(admin, "YP999999", tmp_path / "y")
    with services.ctx.uow() as uow:
        assert not uow.session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "subject_access_export", AuditEntry.outcome == "ok"
            )
        ).all()


def test_the_files_hold_what_the_person_may_read_in_plain_words(
    demo: Services, tmp_path: Path
) -> None:
    """Issue 15, point 14: no internal columns (row ids, search keys made from the name,
    checksums, version counters, other records' ids); plain headings; links shown as what
    people know them by (the crime reference, the scheme's name)."""
    services = demo
    pid = closed_person(services)
    letters_for(services, pid, 1)
    with services.ctx.uow() as uow:
        person = uow.session.get(YoungPerson, pid)
        assert person is not None
        search_name, ref = person.search_name, person.person_ref
        crimes = set(
            uow.session.scalars(
                select(Referral.crime_reference).where(Referral.young_person_id == pid)
            )
        )
    out = tmp_path / "sa"
    services.subject_access.export(demo_user(services, "admin"), pid, out)
    internal = re.compile(r"search|_id\b|\bid\b|sha256|\bversion\b|merged into", re.I)
    for path in out.glob("*.csv"):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name  # Excel reads the accents
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        header = rows[0]
        for column in header:
            assert not internal.search(column), (path.name, column)
            assert column == column.strip() and "_" not in column, (path.name, column)
            assert column[:1].isupper(), (path.name, column)
            assert column.lower() != "id", path.name
        cells = {c for row in rows[1:] for c in row}
        assert search_name not in cells, path.name
    person_row = read_csv(out / "young_person.csv")[0]
    assert person_row["Reference"] == ref
    assert "Date of birth" in person_row and "Ethnicity" in person_row
    assert not person_row["Ethnicity"].isupper() or person_row["Ethnicity"] == ""
    referrals = read_csv(out / "referrals.csv")
    assert {r["Crime reference"] for r in referrals} == crimes
    assert all(r["Scheme"] and not r["Scheme"].isdigit() for r in referrals)
    assert all("_" not in r["Status"] for r in referrals)
    history = read_csv(out / "referral_history.csv")
    assert history and {r["Crime reference"] for r in history} <= crimes
