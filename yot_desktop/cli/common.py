"""What every command shares: opening the database, the acting user, output and exit codes."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from yot_desktop.domain.errors import AuthenticationError, ValidationError
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.settings import Settings
from yot_desktop.storage.engine import DatabaseMissing

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


class Refused(Exception):
    """Stop the command with exit code 1 and these reasons on stderr."""

    def __init__(self, *reasons: str) -> None:
        self.reasons = list(reasons)
        super().__init__("; ".join(reasons))


@dataclass
class Context:
    settings: Settings
    username: str | None
    stdout: TextIO = sys.stdout
    stderr: TextIO = sys.stderr
    _services: Services | None = None
    database_key: str | None = None  # the passphrase of an encrypted SQLite file

    def services(self, *, upgrade: bool = True, create: bool = False) -> Services:
        """The services on the database. Only `init` and `demo` may create a new SQLite file:
        for any other command a path that holds no database is a mistake, said as one."""
        if self._services is None:
            from yot_desktop.cli.database_key import database_key, server_url

            url = server_url(self.settings.database_url)
            self.database_key = database_key(url)
            self._services = Services.open(url, key=self.database_key, create=create)
            if upgrade:
                self._services.database.upgrade()
        return self._services

    def password(self, prompt: str = "Password: ") -> str:
        if "YOT_PASSWORD" in os.environ:
            return os.environ["YOT_PASSWORD"]
        if not sys.stdin.isatty():
            raise Refused("password: set YOT_PASSWORD or run the command in a terminal")
        return getpass.getpass(prompt)

    def sign_in(self) -> CurrentUser:
        if not self.username:
            raise Refused(
                "--user: name the staff account this command acts as, like --user j.smith"
            )
        try:
            user = self.services().auth.sign_in(self.username, self.password())
        except AuthenticationError as err:
            raise Refused(str(err)) from err
        # An administrator is told when the app's database login could rewrite the audit
        # trail (a PostgreSQL superuser or the audit tables' owner: services/admin/audit_guard.py).
        warning = self.services().audit.privilege_warning(user)
        if warning:
            print(f"warning: {warning}", file=self.stderr)
        return user

    def progress(self, label: str) -> Callable[[int, int], None] | None:
        """A progress line on stderr, only when stderr is a terminal."""
        if not self.stderr.isatty():
            return None

        def show(done: int, total: int) -> None:
            end = "\n" if done >= total else ""
            self.stderr.write(f"\r{label}: {done:,} of {total:,}{end}")
            self.stderr.flush()

        return show

    def close(self) -> None:
        if self._services is not None:
            self._services.close()


# Services name a field by the label on the form ("Crime reference: there is no referral ...");
# the command line names the option the value came from. Keys are labels, compared without
# case; a label becomes the option only on a command that has that option (`schemes load`'s
# "scheme" problem is about the file, not a --scheme).
OPTION_OF_FIELD = {
    "crime reference": "--referral",
    "young person": "--person",
    "team to move to": "--to-team",
    "reason": "--reason",
    "to date": "--to",
}


def command_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> frozenset[str]:
    """The options of the command `args` ran: the global ones and its sub-commands'."""
    options: set[str] = set()
    current: argparse.ArgumentParser | None = parser
    while current is not None:
        options.update(o for a in current._actions for o in a.option_strings)
        chosen = None
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action.choices.get(getattr(args, action.dest, None) or "")
        current = chosen
    return frozenset(options)


def as_option(text: str, options: frozenset[str]) -> str:
    """A field's label as the option: on `programme start`, "Crime reference: ..." is
    "--referral: ..."."""
    field, sep, message = text.partition(": ")
    option = OPTION_OF_FIELD.get(field.casefold())
    return f"{option}: {message}" if sep and option in options else text


def reasons_of(err: Exception, options: frozenset[str] = frozenset()) -> list[str]:
    """The lines to print on stderr, fields named by the command's `options`."""
    if isinstance(err, DatabaseMissing):
        return [f"--db: {err} To start a new database there, run: init --admin NAME"]
    if isinstance(err, Refused):
        return [as_option(r, options) for r in err.reasons]
    if isinstance(err, ValidationError):
        return [as_option(str(p), options) for p in err.problems]
    return [as_option(str(err), options)]
