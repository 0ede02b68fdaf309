"""docs/permissions.md, cell by cell: every service operation called as every role.

The table is the specification: this module parses it and generates one test per cell, so
the documentation cannot drift from what the services do. A `no` cell must raise
PermissionDenied, leave a refusal in the audit log and write nothing else; `yes`, `own team`
and `pseudonymised` cells must succeed. For every `own team` operation a practitioner of
another team must be refused (NotFound or PermissionDenied, nothing written) or get a list
without the case. Every test starts from a fresh copy of one prepared SQLite file; the
team-scoping checks and every refusal of the panel member run on PostgreSQL too (one
database, which those calls must leave unchanged).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests import pg
from tests.integration.helpers import NOW, FixedClock
from tests.integration.matrix_calls import OPS as CASE_OPS
from tests.integration.matrix_calls import Env
from tests.integration.matrix_calls_admin import ADMIN_OPS
from tests.integration.matrix_setup import PAST_START, ROLES, Targets, build, sign_in_all
from yot_desktop.domain.errors import NotFound, PermissionDenied
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import AuditEntry, Base

OPS = {**CASE_OPS, **ADMIN_OPS}
DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
CELL_VALUES = {"yes", "own team", "no", "pseudonymised"}
MAY_SEE = ("administrator", "manager", "practitioner")

# Public methods that are not operations anyone calls: each with the reason.
EXCLUDED = {
    "scheduling.save_proposals": "a step inside programmes.start and scheduling.book: it takes "
    "the caller's open database session, so it only runs inside an operation already checked",
    "scheduling.free_slots_within": "a step inside programmes.plan_start and programmes.start: "
    "it takes the caller's open database session and writes nothing",
}

_ROW = re.compile(r"^\|\s*`(?P<op>[a-z_]+\.[a-z_]+)`\s*\|(?P<rest>.*)\|\s*$")


def parse(text: str) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """(the matrix: operation -> role -> cell, operations needing no sign-in -> reason)."""
    matrix: dict[str, dict[str, str]] = {}
    unsigned: dict[str, str] = {}
    for line in text.splitlines():
        found = _ROW.match(line.strip())
        if not found:
            continue
        op = found["op"]
        cells = [c.strip() for c in found["rest"].split("|")]
        assert op not in matrix and op not in unsigned, f"{op} appears twice"
        if len(cells) == len(ROLES):
            matrix[op] = dict(zip(ROLES, cells, strict=True))
        else:
            assert len(cells) == 1 and cells[0], f"{op}: expected 4 role cells or a reason"
            unsigned[op] = cells[0]
    return matrix, unsigned


MATRIX, UNSIGNED = parse(DOC.read_text("utf-8"))
CELLS = [(op, role, cells[role]) for op, cells in MATRIX.items() for role in ROLES]
OWN_TEAM = sorted(op for op, cells in MATRIX.items() if cells["practitioner"] == "own team")


def service_operations() -> dict[str, Any]:
    """Every public method of every service in the container: "service.method" -> function."""
    found = {}
    for f in dataclasses.fields(Services):
        if f.name == "ctx":
            continue
        cls = inspect.get_annotations(Services, eval_str=True)[f.name]
        for name, fn in inspect.getmembers(cls, callable):
            if not name.startswith("_"):
                found[f"{f.name}.{name}"] = fn
    return found


# --- the table itself ---------------------------------------------------------------------


def test_the_table_is_well_formed() -> None:
    assert len(MATRIX) > 50
    for op, cells in MATRIX.items():
        assert set(cells.values()) <= CELL_VALUES, op
        others = [cells[r] for r in ROLES if r != "panel"]
        assert "pseudonymised" not in others, f"{op}: only the panel role is pseudonymised"
        assert cells["manager"] != "own team" and cells["administrator"] != "own team", op


def test_every_service_operation_has_a_row() -> None:
    listed = set(MATRIX) | set(UNSIGNED) | set(EXCLUDED)
    actual = set(service_operations())
    assert sorted(actual - listed) == [], "operations missing from docs/permissions.md"
    assert sorted(listed - actual) == [], "rows in docs/permissions.md with no such operation"


def test_every_row_has_a_call() -> None:
    assert sorted(set(MATRIX) ^ set(OPS)) == []


def test_signed_in_operations_take_the_user_and_the_others_do_not() -> None:
    operations = service_operations()
    for op in MATRIX:
        params = list(inspect.signature(operations[op], eval_str=True).parameters.values())
        assert params[1].annotation is CurrentUser, f"{op} should take the signed-in user first"
    for op in UNSIGNED:
        hints = inspect.signature(operations[op], eval_str=True).parameters.values()
        assert all(p.annotation is not CurrentUser for p in hints), f"{op} takes a user"


# --- every cell ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Targets, dict[str, CurrentUser]]:
    path = tmp_path_factory.mktemp("matrix") / "template.db"
    services = Services.open(f"sqlite:///{path}", FixedClock())
    try:
        services.database.upgrade()
        targets = build(services)
        users = sign_in_all(services)
    finally:
        services.close()
    return path, targets, users


@pytest.fixture
def users(template: tuple[Path, Targets, dict[str, CurrentUser]]) -> dict[str, CurrentUser]:
    return template[2]


@pytest.fixture
def env(template: tuple[Path, Targets, dict[str, CurrentUser]], tmp_path: Path) -> Iterator[Env]:
    """A fresh copy of the prepared database: a call may write whatever it likes."""
    path, targets, _ = template
    copy = tmp_path / "matrix.db"
    shutil.copyfile(path, copy)
    services = Services.open(f"sqlite:///{copy}", FixedClock())
    yield Env(services, targets, tmp_path)
    services.close()


def row_counts(services: Services) -> dict[str, int]:
    """Rows in every table but the audit log's: a refused call must change none of them."""
    with services.ctx.uow() as uow:
        return {
            name: uow.session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
            if not name.startswith("audit_")
        }


def refusals(services: Services, username: str) -> int:
    with services.ctx.uow() as uow:
        return (
            uow.session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.username == username, AuditEntry.outcome == "refused")
            )
            or 0
        )


@pytest.mark.parametrize(
    ("operation", "role", "cell"), CELLS, ids=[f"{op}-{role}" for op, role, _ in CELLS]
)
def test_cell(
    env: Env, users: dict[str, CurrentUser], operation: str, role: str, cell: str
) -> None:
    op, user = OPS[operation], users[role]
    if cell == "no":
        assert_refused(env, user, operation)
        return
    result = op.call(env, user)
    mine = role == "practitioner" or not op.personal
    if op.sees is not None and cell in ("yes", "own team") and role in MAY_SEE and mine:
        # The target is in team WM; the manager and administrator are in team WB.
        assert op.sees(result, env.t), f"the {role} cannot see a case they may see"
    if op.pseudonymised is not None:
        # The call asks for an identifiable summary: only the panel role is refused one.
        assert op.pseudonymised(result) is (cell == "pseudonymised")


def assert_refused(env: Env, user: CurrentUser, operation: str) -> None:
    before, rows = refusals(env.services, user.username), row_counts(env.services)
    with pytest.raises(PermissionDenied, match="does not allow"):
        OPS[operation].call(env, user)
    assert refusals(env.services, user.username) == before + 1, "refusal not audited"
    assert row_counts(env.services) == rows, "a refused call wrote something"


@pytest.mark.parametrize("operation", OWN_TEAM)
def test_another_team_cannot_reach_the_case(
    env: Env, users: dict[str, CurrentUser], operation: str
) -> None:
    assert_out_of_reach(env, users["outsider"], operation)


def assert_out_of_reach(env: Env, outsider: CurrentUser, operation: str) -> None:
    op = OPS[operation]
    refused = (NotFound, PermissionDenied) + ((op.outsider_error,) if op.outsider_error else ())
    rows = row_counts(env.services)
    try:
        result = op.call(env, outsider)
    except refused:
        assert row_counts(env.services) == rows, f"{operation} was refused but wrote something"
        return
    assert op.sees is not None, f"{operation} opened another team's case"
    assert not op.sees(result, env.t), f"{operation} listed another team's case"


# --- the same scoping on PostgreSQL ---------------------------------------------------------


@pytest.fixture(scope="module")
def pg_env(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Env, dict[str, CurrentUser]]]:
    """One PostgreSQL database for the module: the outsider's calls must change nothing."""
    try:
        admin = pg.admin_url()
    except pg.Unavailable as err:
        pg.not_available(str(err))
    url = pg.create_database(admin, "yot_matrix")
    services = Services.open(url, FixedClock())
    try:
        services.database.upgrade()
        targets = build(services)
        yield Env(services, targets, tmp_path_factory.mktemp("pg")), sign_in_all(services)
    finally:
        services.close()
        pg.drop_database(admin, url)


@pytest.mark.postgres
@pytest.mark.parametrize("operation", OWN_TEAM)
def test_another_team_cannot_reach_the_case_on_postgresql(
    pg_env: tuple[Env, dict[str, CurrentUser]], operation: str
) -> None:
    env, users = pg_env
    assert_out_of_reach(env, users["outsider"], operation)


PANEL_REFUSED = sorted(op for op, cells in MATRIX.items() if cells["panel"] == "no")


@pytest.mark.postgres
@pytest.mark.parametrize("operation", PANEL_REFUSED)
def test_the_panel_member_is_refused_on_postgresql(
    pg_env: tuple[Env, dict[str, CurrentUser]], operation: str
) -> None:
    env, users = pg_env
    assert_refused(env, users["panel"], operation)


def test_a_letter_batch_cannot_carry_another_teams_letters(
    env: Env, users: dict[str, CurrentUser]
) -> None:
    """The screen hands `batch` the rows `due` listed: rows of another team are refused."""
    letters = env.services.letters
    theirs = letters.due(users["practitioner"])
    assert any(i.referral_id == env.t.programme_referral_id for i in theirs)
    rows = row_counts(env.services)
    with pytest.raises(NotFound):
        letters.batch(users["outsider"], None, PAST_START, NOW.date(), items=theirs)
    assert row_counts(env.services) == rows
