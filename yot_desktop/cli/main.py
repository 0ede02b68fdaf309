"""Parse the command line and run one command with the contract's exit codes."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from sqlalchemy.exc import DatabaseError, OperationalError

from yot_desktop import __version__
from yot_desktop.cli import (
    admin_commands,
    audit_commands,
    data_protection_commands,
    delivery_commands,
    intake_commands,
    letters_commands,
    report_commands,
    team_commands,
)
from yot_desktop.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    Context,
    Refused,
    command_options,
    reasons_of,
)
from yot_desktop.domain.errors import DomainError
from yot_desktop.services.core import DatabaseUnavailable
from yot_desktop.settings import load_settings
from yot_desktop.storage.engine import DatabaseLocationError, damage_of, read_only_of
from yot_desktop.storage.server_watch import lost_connection_of


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yot-desktop",
        description="YOT Desktop: youth drug diversion case management. "
        "With no command, starts the application window.",
    )
    parser.add_argument("--db", metavar="URL", help="database URL (default: env YOT_DB_URL)")
    parser.add_argument("--user", metavar="NAME", help="the staff account this command acts as")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    admin_commands.add_parsers(sub)
    intake_commands.add_parsers(sub)
    delivery_commands.add_parsers(sub)
    letters_commands.add_parsers(sub)
    report_commands.add_parsers(sub)
    audit_commands.add_parsers(sub)
    data_protection_commands.add_parsers(sub)
    team_commands.add_parsers(sub)
    return parser


def run(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a usage error
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if args.command is None:
        parser.print_help(out)
        return EXIT_OK
    try:
        settings = load_settings(args.db)
    except RuntimeError as exc:  # a settings or deployment file with a mistake, or a lock
        print(str(exc), file=err)
        return EXIT_REFUSED
    ctx = Context(settings, args.user, out, err)
    try:
        args.func(ctx, args)
        return EXIT_OK
    except DatabaseUnavailable as exc:
        print(f"database: {exc.reason}", file=err)
        return EXIT_REFUSED
    except (Refused, DomainError, DatabaseLocationError) as exc:
        for reason in reasons_of(exc, command_options(parser, args)):
            print(reason, file=err)
        return EXIT_REFUSED
    except DatabaseError as exc:
        url = ctx.settings.database_url
        damaged = damage_of(url, exc) or read_only_of(url, exc)
        lost = lost_connection_of(url, exc)
        if damaged is not None:
            print(f"--db: {damaged}", file=err)
        elif lost is not None:
            print(f"database: {lost}", file=err)
        elif isinstance(exc, OperationalError):
            print(f"database: cannot use the database ({exc.orig})", file=err)
        else:
            raise
        return EXIT_REFUSED
    finally:
        ctx.close()
