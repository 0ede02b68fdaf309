"""The start-up shortcut for the schema head agrees with Alembic."""

from yot_desktop.storage import migrate


def test_schema_head_constant_matches_alembic() -> None:
    assert migrate.head_revision() == migrate.SCHEMA_HEAD
