"""`programme start` and `import attendance` (shared/INTERFACES.md)."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from pathlib import Path

from yot_desktop.cli.common import Context, Refused
from yot_desktop.domain.calendar import long_date
from yot_desktop.services.import_files import ImportLimits, ImportSource

SubParsers = argparse._SubParsersAction


def command_group(sub: SubParsers, name: str, help_text: str) -> SubParsers:
    """The sub-commands of `name` (like `import`), shared with other modules that add to it.

    Works whichever module runs first: the group is remembered on the parser as `_group`.
    """
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text)
        group = parser.add_subparsers(dest=f"{name}_command", metavar="WHAT", required=True)
        parser.set_defaults(_group=group)
        return group
    group = parser.get_default("_group")
    if group is None:
        group = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser.set_defaults(_group=group)
    return group


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"enter a date as YYYY-MM-DD, like 2026-12-14: {text!r}"
        ) from err


def _time(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"enter a time as HH:MM, like 16:00: {text!r}") from err


def add_parsers(sub: SubParsers) -> None:
    programme = command_group(sub, "programme", "young people's programmes")
    p = programme.add_parser(
        "start",
        help="record acceptance and book the scheme's standard programme weekly, "
        "on working days only",
    )
    p.add_argument("--referral", required=True, metavar="CRIMEREF")
    p.add_argument("--start", type=_date, metavar="DATE", help="first session (default: today)")
    p.add_argument("--time", type=_time, metavar="HH:MM", help="session time (default 16:00)")
    p.set_defaults(func=cmd_programme_start)

    imports = command_group(sub, "import", "import a partner's file")
    p = imports.add_parser(
        "attendance", help="import a provider's attendance register (all or nothing)"
    )
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="check the file and write nothing")
    p.set_defaults(func=cmd_import_attendance)


def cmd_programme_start(ctx: Context, args: argparse.Namespace) -> None:
    user = ctx.sign_in()
    started = ctx.services().programmes.start_by_reference(
        user, args.referral, start=args.start, at=args.time
    )
    p = started.programme
    moves = " then ".join(s.replace("_", " ") for s in started.statuses)
    out = ctx.stdout
    print(f"{p.crime_reference}: accepted ({moves}).", file=out)
    print(
        f"Programme for {p.person_name} from {long_date(p.start_date)}; "
        f"deadline {long_date(p.deadline)}.",
        file=out,
    )
    for s in started.booked:
        print(
            f"{s.starts_at:%Y-%m-%d %a %H:%M}  {s.intervention_label} ({s.minutes} min)"
            + (f" with {s.worker_name}" if s.worker_name else ""),
            file=out,
        )
    for w in started.warnings:
        print(f"warning: {w.message}", file=ctx.stderr)


def cmd_import_attendance(ctx: Context, args: argparse.Namespace) -> None:
    # Refused at once when too big (import_files.py), then sign in; read as it is imported.
    source = ImportSource.from_path(args.file, ImportLimits.from_settings(ctx.settings.extra))
    user = ctx.sign_in()
    preview = ctx.services().attendance_import.import_csv(
        user, source, dry_run=args.dry_run, progress=ctx.progress("Attendance rows")
    )
    for warning in preview.warnings:
        print(f"warning: {warning}", file=ctx.stderr)
    if not preview.ok:
        raise Refused(*preview.problems)
    changes = [line for line in preview.lines if line.change != "no change"]
    verb = "Would record" if args.dry_run else "Recorded"
    print(
        f"{verb} {len(changes)} of {len(preview.lines)} attendance rows "
        f"({len(preview.lines) - len(changes)} already recorded).",
        file=ctx.stdout,
    )
    for line in preview.lines:
        print(
            f"row {line.row}: {line.crime_reference} {line.session_date:%Y-%m-%d} "
            f"{line.attendance.value} ({line.change})",
            file=ctx.stdout,
        )
    for letter in preview.letters:
        print(f"Letter due: {letter.replace('_', ' ')}", file=ctx.stdout)
