"""`report panel` and `report scheme` (shared/INTERFACES.md)."""

from __future__ import annotations

import argparse
import io
from datetime import date
from pathlib import Path

from yot_desktop.cli.common import Context, Refused
from yot_desktop.cli.delivery_commands import command_group
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.output_files import write_atomically
from yot_desktop.services.reports.service import format_of

SubParsers = argparse._SubParsersAction


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"enter a date as YYYY-MM-DD, like 2026-12-14: {text!r}"
        ) from err


def add_parsers(sub: SubParsers) -> None:
    report = command_group(sub, "report", "panel summaries and scheme evaluations")
    p = report.add_parser("panel", help="a panel case summary (PDF)")
    p.add_argument("--referral", required=True, metavar="CRIMEREF")
    p.add_argument(
        "--pseudonymised",
        action="store_true",
        help="leave out everything that identifies the child (always so for the panel role)",
    )
    p.add_argument(
        "--recommendation",
        metavar="TEXT",
        help="store the practitioner's recommendation for this referral (replacing the one "
        "stored) before writing the summary; without it the stored one is shown",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(func=cmd_report_panel)

    p = report.add_parser("pack", help="every case listed for a panel date, with an agenda (PDF)")
    p.add_argument("--date", dest="panel_date", required=True, type=_date, metavar="DATE")
    p.add_argument(
        "--pseudonymised",
        action="store_true",
        help="leave out everything that identifies the children (always so for the panel role)",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(func=cmd_report_pack)

    p = report.add_parser("scheme", help="scheme evaluation (format by extension)")
    p.add_argument("--scheme", metavar="CODE", help="one scheme (default: all schemes)")
    p.add_argument("--from", dest="period_from", required=True, type=_date, metavar="DATE")
    p.add_argument("--to", dest="period_to", required=True, type=_date, metavar="DATE")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|.xlsx|.csv")
    p.set_defaults(func=cmd_report_scheme)


def _check_out(out: Path) -> None:
    if not out.parent.exists():
        raise Refused(f"--out: the folder {out.parent} does not exist")


def cmd_report_panel(ctx: Context, args: argparse.Namespace) -> None:
    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise Refused(f"--out: a panel summary is a PDF: name a file ending .pdf, not {out}")
    _check_out(out)
    user = ctx.sign_in()
    reports = ctx.services().reports
    if args.recommendation is not None:
        current = reports.recommendation(user, args.referral)
        reports.save_recommendation(user, args.referral, args.recommendation, current.version)
    buffer = io.BytesIO()
    pseudonymised = reports.panel_summary(
        user, args.referral, buffer, pseudonymised=args.pseudonymised
    )
    write_atomically(out, buffer.getvalue())  # whole, or no file and a clear refusal
    kind = "pseudonymised" if pseudonymised else "identifiable"
    if pseudonymised and not args.pseudonymised:
        kind += " (your role receives pseudonymised summaries only)"
    print(f"Wrote the {kind} panel summary to {out}.", file=ctx.stdout)


def cmd_report_pack(ctx: Context, args: argparse.Namespace) -> None:
    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise Refused(f"--out: a panel pack is a PDF: name a file ending .pdf, not {out}")
    _check_out(out)
    user = ctx.sign_in()
    shown = {phase: ctx.progress(f"{phase} cases") for phase in ("Reading", "Laying out")}

    def progress(phase: str, done: int, total: int) -> None:
        if (show := shown.get(phase)) is not None:
            show(done, total)

    buffer = io.BytesIO()
    count, pseudonymised = ctx.services().reports.panel_pack(
        user, args.panel_date, buffer, pseudonymised=args.pseudonymised, progress=progress
    )
    write_atomically(out, buffer.getvalue())  # whole, or no file and a clear refusal
    kind = "pseudonymised" if pseudonymised else "identifiable"
    cases = "1 case" if count == 1 else f"{count} cases"
    print(f"Wrote the {kind} panel pack ({cases}) to {out}.", file=ctx.stdout)


def cmd_report_scheme(ctx: Context, args: argparse.Namespace) -> None:
    out: Path = args.out
    reasons = []
    try:
        format_of(out)
    except ValidationError as err:  # listed with the other reasons
        reasons += [str(p) for p in err.problems]
    if args.period_to < args.period_from:
        reasons.append(
            f"--to: the period ends ({args.period_to}) before it starts ({args.period_from})"
        )
    if not out.parent.exists():
        reasons.append(f"--out: the folder {out.parent} does not exist")
    if reasons:
        raise Refused(*reasons)
    user = ctx.sign_in()
    ctx.services().reports.export_scheme_file(
        user, args.period_from, args.period_to, out, args.scheme
    )
    print(f"Wrote the scheme evaluation to {out}.", file=ctx.stdout)
