"""teams list and teams set: the teams and their letterhead (address, phone, email); and
transfer: a young person's case moved to another team (issue 11)."""

from __future__ import annotations

import argparse

from yot_desktop.cli.common import Context
from yot_desktop.services.admin.teams import TeamDetails


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    teams = sub.add_parser("teams", help="teams and their letterhead").add_subparsers(
        dest="teams_command", required=True
    )
    p = teams.add_parser("list", help="the teams with their address, phone and email")
    p.set_defaults(func=cmd_teams_list)
    p = teams.add_parser(
        "set", help="set a team's letterhead; creates the team if new (administrator)"
    )
    p.add_argument("--team", required=True, metavar="NAME")
    p.add_argument(
        "--address",
        action="append",
        metavar="LINE",
        help="one address line; repeat for each line (given: replaces every line)",
    )
    p.add_argument("--phone", metavar="P", help="a UK phone number, like 01635 503090")
    p.add_argument("--email", metavar="E")
    p.set_defaults(func=cmd_teams_set)
    p = sub.add_parser(
        "transfer",
        help="move a young person's case, with every referral, programme, planned session "
        "and letter, to another team (manager)",
    )
    p.add_argument("--person", required=True, metavar="YPREF", help="like YP000123")
    p.add_argument("--to-team", required=True, metavar="NAME", help="the team's full name")
    p.add_argument("--reason", default="", metavar="TEXT", help="why (kept with the record)")
    p.set_defaults(func=cmd_transfer)


def describe(team: TeamDetails) -> list[str]:
    return [
        team.name,
        "  Address: " + (", ".join(team.address_lines) or "not set"),
        "  Phone: " + (team.phone or "not set"),
        "  Email: " + (team.email or "not set"),
    ]


def cmd_teams_list(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.sign_in()
    for team in ctx.services().teams.list_teams(actor):
        print("\n".join(describe(team)), file=ctx.stdout)


def cmd_teams_set(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.sign_in()
    teams = ctx.services().teams
    known = {t.name for t in teams.list_teams(actor)}
    saved = teams.set_team(
        actor,
        args.team,
        address=tuple(args.address) if args.address is not None else None,
        phone=args.phone,
        email=args.email,
    )
    verb = "Saved" if saved.name in known else "Added team"
    print(f"{verb} {saved.name}:", file=ctx.stdout)
    print("\n".join(describe(saved)[1:]), file=ctx.stdout)


def cmd_transfer(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.sign_in()
    # A refusal names the service's fields ("team to move to: ..."): main prints them as
    # this command's options (cli/common.py, OPTION_OF_FIELD).
    done = ctx.services().transfers.transfer(actor, args.person, args.to_team, args.reason)
    print(done.summary(), file=ctx.stdout)
    if done.unallocated:
        print(
            f"{done.unallocated} referral(s) had a worker outside {done.to_team}: now "
            "unallocated, for that team to allocate.",
            file=ctx.stdout,
        )
    if done.to_review:
        print(
            f"Sessions booked with workers outside {done.to_team}: cancel or re-book them.",
            file=ctx.stdout,
        )
        for session in done.to_review:
            print(f"  {session.line()}", file=ctx.stdout)
