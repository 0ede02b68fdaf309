"""`letters render` and `letters batch` (shared/INTERFACES.md), and the extension
`letters templates export|load` for a manager's edited wording (README.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from yot_desktop.cli.common import Context, Refused
from yot_desktop.cli.delivery_commands import _date, command_group
from yot_desktop.domain.enums import FAMILY_AUDIENCES, Audience, LetterType
from yot_desktop.letters import Cancelled
from yot_desktop.letters.edited import TemplateKey, untranslated
from yot_desktop.services.output_files import write_atomically

SubParsers = argparse._SubParsersAction
TYPES = [t.value for t in LetterType]


def add_parsers(sub: SubParsers) -> None:
    letters = command_group(sub, "letters", "letters to families, young people and police")
    p = letters.add_parser("render", help="make one letter as PDF (kept in the letter history)")
    p.add_argument("--referral", required=True, metavar="CRIMEREF")
    p.add_argument("--type", required=True, choices=TYPES, metavar="TYPE", dest="letter_type")
    p.add_argument(
        "--audience",
        choices=[a.value for a in Audience],
        help="who reads it (default: parent, or the young person once 18; police for "
        "police_outcome)",
    )
    reading = p.add_mutually_exclusive_group()
    reading.add_argument(
        "--easy-read",
        action="store_true",
        dest="easy_read",
        default=None,
        help="the easy-read version",
    )
    reading.add_argument(
        "--no-easy-read",
        action="store_false",
        dest="easy_read",
        help="the standard version, even for a child under 13 (chosen for them by default)",
    )
    p.add_argument("--large-print", action="store_true", help="16 pt type or larger")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--text",
        type=Path,
        metavar="FILE.html",
        help="also write the same letter as accessible HTML (.html) or plain text (.txt), "
        "for a reader who uses a screen reader",
    )
    p.set_defaults(func=cmd_render)

    p = letters.add_parser(
        "batch", help="every letter of TYPE due for sessions or events in the range, one PDF"
    )
    p.add_argument("--type", required=True, choices=TYPES, metavar="TYPE", dest="letter_type")
    p.add_argument("--from", required=True, type=_date, metavar="DATE", dest="first")
    p.add_argument("--to", required=True, type=_date, metavar="DATE", dest="last")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(func=cmd_batch)

    templates = command_group(letters, "templates", "a manager's edited letter wording")
    for name, help_text, func in (
        ("export", "write a letter's wording (edited, else shipped) to a TOML file", cmd_export),
        ("load", "check and save a letter's wording from a TOML file", cmd_load),
    ):
        p = templates.add_parser(name, help=help_text)
        if name == "load":
            p.add_argument("file", type=Path, metavar="FILE.toml")
        p.add_argument("--type", required=True, choices=TYPES, metavar="TYPE", dest="letter_type")
        p.add_argument("--audience", required=True, choices=[a.value for a in FAMILY_AUDIENCES])
        p.add_argument("--easy-read", action="store_true", help="the easy-read wording")
        p.add_argument("--language", default="en", help="ISO 639 code, like pl (default en)")
        if name == "load":
            p.add_argument("--language-name", default="", help="for a new language: its name")
        else:
            p.add_argument("--out", required=True, type=Path, metavar="FILE.toml")
        p.set_defaults(func=func)


def _check_out(path: Path) -> None:
    if path.suffix.lower() != ".pdf":
        raise Refused(f"--out: the file name must end in .pdf: {path}")
    if not path.parent.exists():
        raise Refused(f"--out: the folder does not exist: {path.parent}")


def cmd_render(ctx: Context, args: argparse.Namespace) -> None:
    _check_out(args.out)
    text_out: Path | None = args.text
    if text_out is not None and (
        text_out.suffix.lower() not in (".html", ".htm", ".txt") or not text_out.parent.exists()
    ):
        raise Refused(f"--text: give a .html or .txt file in a folder that exists: {text_out}")
    user = ctx.sign_in()
    made = ctx.services().letters.make_by_reference(
        user,
        args.referral,
        LetterType(args.letter_type),
        Audience(args.audience) if args.audience else None,
        args.easy_read,  # None: chosen from age and needs; True or False: as asked
        args.large_print,
        out=args.out,  # written before the letter is recorded
    )
    for warning in made.warnings:
        print(f"Warning: {warning}", file=ctx.stderr)
    record = made.record
    if text_out is not None:
        plain = text_out.suffix.lower() == ".txt"
        page = ctx.services().letters.accessible(user, record.id, plain=plain)
        write_atomically(text_out, page.encode("utf-8"))
    options = ", ".join(
        x
        for x in (
            record.audience.value,
            "easy read" if record.easy_read else "",
            "large print" if record.large_print else "",
        )
        if x
    )
    also = f" and {text_out}" if text_out is not None else ""
    print(
        f"{record.letter_type.value} letter for {record.crime_reference} ({options}) "
        f"written to {args.out}{also}; letter {record.id}, sha256 {record.sha256}",
        file=ctx.stdout,
    )


def cmd_batch(ctx: Context, args: argparse.Namespace) -> None:
    _check_out(args.out)
    user = ctx.sign_in()
    show = ctx.progress("Letters")

    def progress(done: int, total: int) -> bool:
        if show is not None:
            show(done, total)
        return True

    try:
        result = ctx.services().letters.batch(
            user, LetterType(args.letter_type), args.first, args.last, progress, out=args.out
        )
    except Cancelled as err:  # pragma: no cover - the CLI never cancels
        raise Refused(str(err)) from err
    if result.count == 0:
        print(
            f"No {args.letter_type} letters due from {args.first} to {args.last}; nothing written.",
            file=ctx.stdout,
        )
        return
    print(
        f"{result.count} {args.letter_type} letters written to {args.out} "
        "and kept in the letter history.",
        file=ctx.stdout,
    )


def _template_key(args: argparse.Namespace) -> TemplateKey:
    return TemplateKey(
        LetterType(args.letter_type), Audience(args.audience), args.easy_read, args.language
    )


def cmd_export(ctx: Context, args: argparse.Namespace) -> None:
    if args.out.suffix.lower() != ".toml" or not args.out.parent.exists():
        raise Refused(f"--out: give a .toml file in a folder that exists: {args.out}")
    user = ctx.sign_in()
    text = ctx.services().letter_templates.open(user, _template_key(args))
    args.out.write_text(text.body, encoding="utf-8")
    state = f"edited, version {text.version}" if text.edited else "shipped"
    print(f"{text.key.describe()} wording ({state}) written to {args.out}", file=ctx.stdout)


def cmd_load(ctx: Context, args: argparse.Namespace) -> None:
    try:
        body = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise Refused(f"FILE: cannot read {args.file} as UTF-8 text: {err}") from err
    user = ctx.sign_in()
    service = ctx.services().letter_templates
    key = _template_key(args)
    current = service.open(user, key, args.language_name)
    saved = service.save(user, key, body, current.version, args.language_name)
    print(f"{key.describe()} wording saved (version {saved.version})", file=ctx.stdout)
    still = untranslated(key, body)  # a translation: what its letters still print in English
    if still:
        print(f"Still in English ({len(still)}):", file=ctx.stdout)
        for phrase in still:
            print(f"  {phrase}", file=ctx.stdout)
