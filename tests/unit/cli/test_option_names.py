"""The command line prints a service's field by its own option (issue 13, point 5).

Services say the form's words ("Crime reference: there is no referral ..."); cli/common.py has
the one table from those words to options, used only on a command that has the option.
"""

from __future__ import annotations

from yot_desktop.cli.common import OPTION_OF_FIELD, Refused, command_options, reasons_of
from yot_desktop.cli.main import build_parser
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError


def options_of(command: str) -> frozenset[str]:
    parser = build_parser()
    return command_options(parser, parser.parse_args(command.split()))


def test_a_command_has_its_own_options_and_the_global_ones() -> None:
    batch = options_of("letters batch --type missed --from 2026-01-01 --to 2026-01-31 --out x.pdf")
    assert {"--db", "--user", "--type", "--from", "--to", "--out"} <= batch
    assert "--referral" not in batch
    transfer = options_of("transfer --person YP000001 --to-team Reading")
    assert {"--person", "--to-team", "--reason"} <= transfer  # --reason although not typed
    assert "--to" not in transfer


def test_the_forms_words_become_the_commands_options() -> None:
    start = options_of("programme start --referral 43/99/9999")
    missing = NotFound("Crime reference: there is no referral 43/99/9999 in your team")
    assert reasons_of(missing, start) == [
        "--referral: there is no referral 43/99/9999 in your team"
    ]
    batch = options_of("letters batch --type missed --from 2026-02-01 --to 2026-01-01 --out x.pdf")
    backwards = ValidationError(FieldProblem("To date", "the end date is before the start date"))
    assert reasons_of(backwards, batch) == ["--to: the end date is before the start date"]
    transfer = options_of("transfer --person YP000001 --to-team Reading")
    refused = ValidationError(
        [FieldProblem("team to move to", "choose one"), FieldProblem("reason", "too long")]
    )
    assert reasons_of(refused, transfer) == ["--to-team: choose one", "--reason: too long"]


def test_a_field_stays_in_words_where_the_command_has_no_such_option() -> None:
    load = options_of("schemes load wb.toml")
    problem = ValidationError(FieldProblem("scheme", "The file has no [scheme] table"))
    assert reasons_of(problem, load) == ["scheme: The file has no [scheme] table"]
    # "Reason" is --reason on `transfer`, but words where the command has no --reason.
    start = options_of("programme start --referral 43/99/9999")
    assert reasons_of(ValidationError(FieldProblem("Reason", "x")), start) == ["Reason: x"]
    # A field that is not in the table, and the command's own reasons, are printed as they are.
    assert reasons_of(Refused("--out: the folder x does not exist"), start) == [
        "--out: the folder x does not exist"
    ]
    assert reasons_of(ValidationError(FieldProblem("referral", "has a programme")), start) == [
        "referral: has a programme"
    ]


def test_every_option_in_the_table_is_an_option_of_some_command() -> None:
    parser = build_parser()
    every: set[str] = set()
    stack = [parser]
    while stack:
        current = stack.pop()
        for action in current._actions:
            every.update(action.option_strings)
            if hasattr(action, "choices") and isinstance(action.choices, dict):
                stack.extend(action.choices.values())
    assert set(OPTION_OF_FIELD.values()) <= every
    assert all(field == field.casefold() for field in OPTION_OF_FIELD)
