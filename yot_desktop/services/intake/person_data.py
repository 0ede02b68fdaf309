"""Every row the database holds about one young person, found by walking foreign keys.

Retention deletes these rows and subject access exports them. The walk starts from the
person (and any records merged into them) and follows every foreign key that points at a row
already found, so a table added later is covered without a change here. Tables that describe
the service itself (staff, teams, schemes, the append-only audit log) are never walked into.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, Table, select, tuple_, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import NotFound
from yot_desktop.domain.validation import search_text
from yot_desktop.storage.encryption import CipherKey, DatabaseKeyError
from yot_desktop.storage.engine import (
    DatabaseLocationError,
    engine_key,
    make_engine,
    sqlite_path,
)
from yot_desktop.storage.models import Base

PERSON_TABLE = "young_people"
# Never personal to one young person, and never deleted by retention.
SERVICE_TABLES = frozenset(
    {
        "audit_log",
        "users",
        "teams",
        "schemes",
        "scheme_thresholds",
        "interventions",
        "venues",
        "team_closures",
        "app_meta",
        "alembic_version",
        "letter_template",
    }
)
# How the audit log names the entities that belong to a young person.
AUDIT_ENTITIES: Mapping[str, str] = {
    "young_people": "young_person",
    "referrals": "referral",
    "sessions": "session",
    "letter_history": "letter",
    "carers": "carer",
    "programmes": "programme",
    "follow_ups": "follow_up",
    "duplicate_candidates": "duplicate_candidate",
    "person_merges": "merge",
    "consents": "consent",
    "crafft_screenings": "screening",
}
CHUNK = 500


@dataclass(frozen=True)
class PersonRows:
    """Primary keys of the person's rows, per table (only tables with rows)."""

    ids: Mapping[str, frozenset[int]]

    def count(self, table: str) -> int:
        return len(self.ids.get(table, ()))

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.ids.values())

    def audit_keys(self) -> set[tuple[str, int]]:
        """(entity, id) pairs that audit rows about this person carry."""
        return {
            (AUDIT_ENTITIES[t], i)
            for t, ids in self.ids.items()
            if t in AUDIT_ENTITIES
            for i in ids
        }


def _chunks(values: frozenset[int] | set[int] | list[Any]) -> Iterator[list[Any]]:
    items = sorted(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _pk(table: Table) -> Column[Any]:
    cols = list(table.primary_key.columns)
    if len(cols) != 1:
        raise RuntimeError(f"{table.name}: person data needs a single-column primary key")
    return cols[0]


def person_id_for_ref(conn: Session | Connection, ref: str) -> int:
    people = Base.metadata.tables[PERSON_TABLE]
    found = conn.execute(
        select(people.c.id).where(people.c.person_ref == search_text(ref).upper())
    ).scalar()
    if found is None:
        raise NotFound(f"Young person: no young person has the reference {ref!r}, like YP000123")
    return int(found)


def merged_people(conn: Session | Connection, person_id: int, metadata: MetaData) -> set[int]:
    """The person and every record merged into them (merges can chain)."""
    people = metadata.tables[PERSON_TABLE]
    found = {person_id}
    frontier = {person_id}
    merged = people.c.get("merged_into_id")
    while frontier and merged is not None:
        rows = conn.execute(select(people.c.id).where(merged.in_(sorted(frontier)))).scalars()
        frontier = set(rows) - found
        found |= frontier
    return found


def find_person_rows(
    conn: Session | Connection, person_id: int, metadata: MetaData = Base.metadata
) -> PersonRows:
    people = metadata.tables[PERSON_TABLE]
    exists = conn.execute(select(people.c.id).where(people.c.id == person_id)).scalar()
    if exists is None:
        raise NotFound("This young person's record no longer exists. Refresh the list.")
    owned: dict[str, set[int]] = {PERSON_TABLE: merged_people(conn, person_id, metadata)}
    work: list[tuple[str, set[int]]] = [(PERSON_TABLE, set(owned[PERSON_TABLE]))]
    tables = [t for t in metadata.sorted_tables if t.name not in SERVICE_TABLES]
    while work:
        parent_name, new_ids = work.pop()
        parent = metadata.tables[parent_name]
        for table in tables:
            for fk in table.foreign_keys:
                if fk.column.table is not parent:
                    continue
                keys: list[Any] = sorted(new_ids)
                if fk.column is not _pk(parent):  # a key on another unique column
                    keys = _values(conn, parent, fk.column, new_ids)
                pk = _pk(table)
                found: set[int] = set()
                for chunk in _chunks(keys):
                    found.update(conn.execute(select(pk).where(fk.parent.in_(chunk))).scalars())
                fresh = found - owned.setdefault(table.name, set())
                if fresh:
                    owned[table.name] |= fresh
                    work.append((table.name, fresh))
    _add_entity_rows(conn, tables, owned)
    return PersonRows({t: frozenset(ids) for t, ids in owned.items() if ids})


def _values(
    conn: Session | Connection, table: Table, column: Column[Any], ids: set[int]
) -> list[Any]:
    out: list[Any] = []
    for chunk in _chunks(ids):
        out.extend(conn.execute(select(column).where(_pk(table).in_(chunk))).scalars())
    return [v for v in out if v is not None]


def _add_entity_rows(
    conn: Session | Connection, tables: list[Table], owned: dict[str, set[int]]
) -> None:
    """Rows that point at the person's records by (entity, entity_id) rather than a foreign
    key, such as field changes behind audit entries (the audit log itself is never touched)."""
    keys = sorted(PersonRows({t: frozenset(v) for t, v in owned.items()}).audit_keys())
    for table in tables:
        if "entity" not in table.c or "entity_id" not in table.c:
            continue
        pk = _pk(table)
        for chunk in _chunks(keys):
            rows = conn.execute(
                select(pk).where(tuple_(table.c.entity, table.c.entity_id).in_(chunk))
            ).scalars()
            owned.setdefault(table.name, set()).update(rows)


def delete_person_rows(
    conn: Session | Connection, rows: PersonRows, metadata: MetaData = Base.metadata
) -> None:
    """Delete every row found, children before parents, in the caller's transaction."""
    for table in reversed(metadata.sorted_tables):
        ids = rows.ids.get(table.name)
        if not ids:
            continue
        if table.name in SERVICE_TABLES:  # pragma: no cover - the walk never finds these
            raise RuntimeError(f"{table.name} is never deleted by retention")
        pk = _pk(table)
        for fk in table.foreign_keys:
            # A row pointing at another row of the same table (a rescheduled session, a
            # corrected mark): cut the link first so the order of deletion cannot matter.
            if fk.column.table is table and fk.parent.nullable:
                for chunk in _chunks(ids):
                    conn.execute(update(table).where(pk.in_(chunk)).values({fk.parent.name: None}))
        for chunk in _chunks(ids):
            conn.execute(table.delete().where(pk.in_(chunk)))


def sqlite_backups(database: Path) -> list[Path]:
    """Every copy the app made of a SQLite database: before upgrading it (storage.migrate),
    each day's automatic backup, and the database a restore replaced (storage.backups)."""
    from yot_desktop.storage.backups import all_backups

    return all_backups(database)


def clean_sqlite_files(
    engine: Engine, person_id: int, person_ref: str
) -> tuple[int, tuple[Path, ...]]:
    """After a deletion on SQLite: empty the write-ahead log into the (overwritten) file, and
    delete the person from the copies the app made of it (sqlite_backups), keyed like it.
    Returns how many copies held them, and the copies that could not be opened."""
    path = sqlite_path(engine.url)
    if path is None:
        return 0, ()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    cleaned, failed = 0, []
    for backup in sqlite_backups(path):
        try:
            cleaned += _scrub_backup(backup, engine_key(engine), person_id, person_ref)
        except (DBAPIError, DatabaseKeyError, DatabaseLocationError, OSError):
            failed.append(backup)
    return cleaned, tuple(failed)


def _scrub_backup(path: Path, key: CipherKey | None, person_id: int, person_ref: str) -> int:
    engine = make_engine(f"sqlite:///{path.as_posix()}", key=key)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
            metadata = MetaData()
            metadata.reflect(conn)
            if PERSON_TABLE not in metadata.tables:
                return 0
            people = metadata.tables[PERSON_TABLE]
            ref = conn.execute(select(people.c.person_ref).where(people.c.id == person_id)).scalar()
            if ref != person_ref:
                return 0
            delete_person_rows(conn, find_person_rows(conn, person_id, metadata), metadata)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("VACUUM")
        return 1
    finally:
        engine.dispose()
