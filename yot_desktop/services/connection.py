"""Check a database before using it, with answers a person can act on."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from yot_desktop.domain.errors import DomainError
from yot_desktop.storage.engine import (
    DatabaseLocationError,
    database_kind,
    describe_location,
    make_engine,
)


class ConnectionProblem(DomainError):
    pass


def test_connection(url: str) -> str:
    """Connect once and say what was found; raises ConnectionProblem in plain words."""
    try:
        engine = make_engine(url)
    except DatabaseLocationError as err:
        raise ConnectionProblem(str(err)) from err
    try:
        with engine.connect() as conn:
            sqlite = engine.dialect.name == "sqlite"
            query = "select sqlite_version()" if sqlite else "show server_version"
            version = conn.execute(text(query)).scalar()
    except OperationalError as err:
        raise ConnectionProblem(
            f"Cannot connect to {describe_location(url)}: {str(err.orig).strip().splitlines()[0]}. "
            "Check the server name, port, user and password, or ask your administrator."
        ) from err
    finally:
        engine.dispose()
    return f"Connected: {database_kind(url)} {version} at {describe_location(url)}."
