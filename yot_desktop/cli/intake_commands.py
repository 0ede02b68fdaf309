"""`import referrals` and `export referrals` (shared/INTERFACES.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from yot_desktop.cli.common import Context, Refused
from yot_desktop.services.import_files import ImportLimits, ImportSource

SubParsers = argparse._SubParsersAction


def command_group(sub: SubParsers, name: str, help_text: str) -> SubParsers:
    """The sub-commands of `name` (like `import`), created once and shared by every module
    that adds to it (`import referrals` here, `import attendance` elsewhere)."""
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text)
        group = parser.add_subparsers(dest=f"{name}_command", metavar="WHAT", required=True)
        parser.set_defaults(_group=group)
        return group
    group = parser.get_default("_group")
    if group is None:  # made by another module without this helper: find its sub-commands
        group = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser.set_defaults(_group=group)
    return group


def add_parsers(sub: SubParsers) -> None:
    imports = command_group(sub, "import", "import a partner's file")
    p = imports.add_parser("referrals", help="import a police referral file (all or nothing)")
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="check the file and write nothing")
    p.set_defaults(func=cmd_import_referrals)

    exports = command_group(sub, "export", "export data")
    p = exports.add_parser("referrals", help="one row per referral, as CSV")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    p.set_defaults(func=cmd_export_referrals)


def _read(ctx: Context, path: Path) -> ImportSource:
    """The file, read line by line as it is imported; refused at once when it is too big,
    and at its first row over the limit (import_files.py)."""
    return ImportSource.from_path(path, ImportLimits.from_settings(ctx.settings.extra))


def cmd_import_referrals(ctx: Context, args: argparse.Namespace) -> None:
    source = _read(ctx, args.file)  # before signing in: a file too big is said at once
    user = ctx.sign_in()
    report = ctx.services().intake.import_text(
        user, source, dry_run=args.dry_run, progress=ctx.progress("Referrals")
    )
    for warning in report.warnings:
        print(f"warning: {warning}", file=ctx.stderr)
    if not report.ok:
        raise Refused(*report.problems)
    out = ctx.stdout
    for row in sorted(report.rows, key=lambda r: r.row):
        reasons = f" ({';'.join(row.reasons)})" if row.reasons else ""
        print(
            f"row {row.row}: {row.crime_reference}: {row.status}{reasons}; person {row.person}",
            file=out,
        )
    eligible = sum(1 for r in report.rows if r.status == "received")
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} {report.imported} referrals: {eligible} eligible, "
        f"{report.imported - eligible} not eligible."
        + (" Nothing was written (dry run)." if args.dry_run else ""),
        file=out,
    )


def cmd_export_referrals(ctx: Context, args: argparse.Namespace) -> None:
    user = ctx.sign_in()
    text = ctx.services().referral_export.export_csv(user)
    try:
        args.out.write_text(text, encoding="utf-8", newline="")
    except OSError as err:
        raise Refused(f"{args.out}: cannot write the file ({err.strerror})") from err
    rows = text.count("\n") - 1
    print(f"Wrote {rows} referrals to {args.out}.", file=ctx.stdout)
