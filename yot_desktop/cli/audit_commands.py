"""`audit export`: the audit trail as CSV for an administrator (issue 7; README.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from yot_desktop.cli.common import Context, Refused
from yot_desktop.cli.delivery_commands import _date, command_group
from yot_desktop.services.admin.audit import AuditFilter

SubParsers = argparse._SubParsersAction


def add_parsers(sub: SubParsers) -> None:
    audit = command_group(sub, "audit", "the audit trail (administrators)")
    p = audit.add_parser(
        "export",
        help="audit records from DATE to DATE (inclusive) as CSV",
        description="Write the audit records of a period as CSV, oldest first: id, at, "
        "username, action, entity, entity_id, outcome, detail. The export is itself audited.",
    )
    p.add_argument("--from", dest="period_from", required=True, type=_date, metavar="DATE")
    p.add_argument("--to", dest="period_to", required=True, type=_date, metavar="DATE")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    # Not `user`: that is the global --user, the account the command acts as.
    p.add_argument("--user", dest="filter_user", default="", metavar="U", help="one staff account")
    p.add_argument("--action", default="", metavar="A", help="one action, like sign_in")
    p.add_argument(
        "--outcome", default="", metavar="O", help="ok, failed, locked, refused or not_found"
    )
    p.add_argument("--entity", default="", metavar="E", help="a kind of record, like referral")
    p.add_argument(
        "--reference", default="", metavar="REF", help="a young person's or a crime reference"
    )
    p.set_defaults(func=cmd_audit_export)
    p = audit.add_parser(
        "verify",
        help="check the audit trail is unbroken",
        description="Walk the hash chain over the audit trail (each record chained to the one "
        "before). Exit 0 with the chain's head; exit 1 naming the first broken link.",
    )
    p.set_defaults(func=cmd_audit_verify)


def cmd_audit_verify(ctx: Context, args: argparse.Namespace) -> None:
    user = ctx.sign_in()
    report = ctx.services().audit.verify(user)
    if not report.whole:
        raise Refused(f"audit: the trail is broken at {report.broken}")
    print(
        f"The audit trail is unbroken: {report.links} records. "
        f"Head: link {report.head_seq}, {report.head_hash}",
        file=ctx.stdout,
    )


def cmd_audit_export(ctx: Context, args: argparse.Namespace) -> None:
    out: Path = args.out
    reasons = []
    if out.suffix.lower() != ".csv":
        reasons.append(f"--out: the audit export is CSV: name a file ending .csv, not {out}")
    if not out.parent.exists():
        reasons.append(f"--out: the folder {out.parent} does not exist")
    if args.period_to < args.period_from:
        reasons.append(
            f"--to: the period ends ({args.period_to}) before it starts ({args.period_from})"
        )
    if reasons:
        raise Refused(*reasons)
    user = ctx.sign_in()
    filters = AuditFilter(
        date_from=args.period_from,
        date_to=args.period_to,
        username=args.filter_user,
        action=args.action,
        outcome=args.outcome,
        entity=args.entity,
        reference=args.reference,
    )
    progress = ctx.progress("Audit records")
    count = ctx.services().audit.export_csv(user, filters, out, progress)
    noun = "record" if count == 1 else "records"
    print(f"Wrote {count:,} audit {noun} to {out}.", file=ctx.stdout)
