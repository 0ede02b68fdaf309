"""`retention due`, `retention delete` and `subject-access` (issue 7; README lists them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yot_desktop.cli.common import Context, Refused
from yot_desktop.cli.delivery_commands import _date, command_group

SubParsers = argparse._SubParsersAction


def add_parsers(sub: SubParsers) -> None:
    retention = command_group(sub, "retention", "records past their retention period")
    p = retention.add_parser("due", help="list the records due for deletion, with the reason")
    p.add_argument("--as-of", type=_date, metavar="DATE", help="the day to judge (default today)")
    p.set_defaults(func=cmd_due)

    p = retention.add_parser(
        "delete", help="delete a young person's record and everything held about them"
    )
    p.add_argument("--person", required=True, metavar="REF", help="the person reference, YP…")
    p.add_argument(
        "--reason", required=True, metavar="TEXT", help="why (kept in the audit log: no names)"
    )
    p.add_argument("--yes", action="store_true", help="do not ask to confirm in a terminal")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser(
        "subject-access", help="export everything held about a young person into a new folder"
    )
    p.add_argument("--person", required=True, metavar="REF", help="the person reference, YP…")
    p.add_argument("--out", required=True, type=Path, metavar="FOLDER", help="a new folder")
    p.set_defaults(func=cmd_subject_access)


def cmd_due(ctx: Context, args: argparse.Namespace) -> None:
    user = ctx.sign_in()
    listed = ctx.services().retention.due(user, args.as_of)
    out = ctx.stdout
    print(f"Rule: {listed.settings.describe()}.", file=out)
    for r in listed.rows:
        print(
            f"{r.person_ref}\t{r.name}\tborn {r.date_of_birth.isoformat()}\t"
            f"due {r.due_on.isoformat()}\t{r.reason}",
            file=out,
        )
    count = len(listed.rows)
    print(
        f"{count} record{'' if count == 1 else 's'} due for deletion on "
        f"{listed.as_of.isoformat()}.",
        file=out,
    )
    if listed.kept_open:
        print(
            f"{listed.kept_open} more would be due, but a referral is still open: they are kept.",
            file=out,
        )


def cmd_delete(ctx: Context, args: argparse.Namespace) -> None:
    user = ctx.sign_in()
    retention = ctx.services().retention
    preview = retention.preview_by_reference(user, args.person)
    if not preview.is_due:
        raise Refused(f"--person: {preview.reason} It cannot be deleted yet.")
    if sys.stdin.isatty() and not args.yes:
        print(f"This deletes for good {preview.lost_text} ({preview.person_ref}).", file=ctx.stderr)
        typed = input(f"Type {preview.person_ref} to delete, or anything else to stop: ")
        if typed.strip().upper() != preview.person_ref:
            raise Refused("Nothing was deleted.")
    done = retention.delete(user, preview.person_id, args.reason, preview.version)
    backups = (
        f" Also removed from {done.backups_cleaned} copy made before an upgrade."
        if done.backups_cleaned == 1
        else f" Also removed from {done.backups_cleaned} copies made before upgrades."
        if done.backups_cleaned
        else ""
    )
    print(
        f"Deleted {done.person_ref}: {preview.lost_text}. The audit log keeps a record "
        f"that it was deleted, without personal data.{backups}",
        file=ctx.stdout,
    )
    for path in done.backups_not_cleaned:
        print(
            f"{path}: this copy made before an upgrade could not be opened, so it may still "
            "hold the record. Delete it by hand, or keep it only as your backup policy says.",
            file=ctx.stderr,
        )


def cmd_subject_access(ctx: Context, args: argparse.Namespace) -> None:
    user = ctx.sign_in()
    result = ctx.services().subject_access.export_by_reference(user, args.person, args.out)
    print(
        f"Wrote {len(result.files)} files about {result.person_ref} to {result.folder} "
        f"({result.letters} letters, {result.audit_entries} audit entries); "
        "start with index.pdf.",
        file=ctx.stdout,
    )
