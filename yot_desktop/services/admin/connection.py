"""Check a database before using it, with answers a person can act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

from yot_desktop.domain.errors import DomainError
from yot_desktop.services.admin.secrets import encrypted_file_of
from yot_desktop.storage.engine import (
    DatabaseLocationError,
    database_kind,
    describe_location,
    make_engine,
)


class ConnectionProblem(DomainError):
    pass


@dataclass(frozen=True)
class ConnectionChoice:
    """What a person picks in the connection dialog."""

    sqlite_file: str = ""
    host: str = ""
    port: int = 5432
    database: str = ""
    user: str = ""
    password: str = ""
    sslmode: str = "prefer"

    @property
    def is_sqlite(self) -> bool:
        return bool(self.sqlite_file)


def build_url(choice: ConnectionChoice) -> str:
    if choice.is_sqlite:
        path = Path(choice.sqlite_file.strip()).expanduser()
        return URL.create("sqlite", database=str(path)).render_as_string()
    return URL.create(
        "postgresql+psycopg",
        username=choice.user.strip() or None,
        password=choice.password or None,
        host=choice.host.strip() or None,
        port=choice.port,
        database=choice.database.strip() or None,
        query={"sslmode": choice.sslmode},
    ).render_as_string(hide_password=False)


def parse_url(url_text: str) -> ConnectionChoice:
    """The dialog's fields for a URL (never its password)."""
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite":
        return ConnectionChoice(sqlite_file=url.database or "")
    return ConnectionChoice(
        host=url.host or "",
        port=url.port or 5432,
        database=url.database or "",
        user=url.username or "",
        sslmode=str(url.query.get("sslmode", "prefer")),
    )


def test_connection(url: str) -> str:
    """Connect once and say what was found; raises ConnectionProblem in plain words."""
    if encrypted_file_of(url) is not None:
        return (
            f"Found an encrypted SQLite database at {describe_location(url)}. "
            "YOT Desktop will ask for its passphrase when it opens it."
        )
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
