"""`yot-desktop` and `python -m yot_desktop`: the window, or a headless command."""

from __future__ import annotations

import sys

# The global options (cli/main.py): the only ones the window takes.
_WITH_VALUE = ("--db", "--user")


def gui_options(args: list[str]) -> tuple[str | None, str | None] | None:
    """(--db, --user) when `args` hold only global options: the window starts. None when
    they name a command or ask for help or the version: the command line takes them.

    Read without argparse's full parser, which imports every command and the services behind
    them (about a second) before the sign-in window could appear."""
    values: dict[str, str | None] = dict.fromkeys(_WITH_VALUE)
    rest = iter(args)
    for arg in rest:
        name, eq, value = arg.partition("=")
        if name in _WITH_VALUE:
            if not eq:
                given = next(rest, None)
                if given is None:
                    return None  # "--db" with no value: the command line says what is wrong
                value = given
            values[name] = value
            continue
        return None  # a command, -h/--help, --version or something unknown
    return values["--db"], values["--user"]


def main(argv: list[str] | None = None) -> int:
    from yot_desktop.runtime_fixes import keep_singletons_alive

    keep_singletons_alive()  # PySide6 6.12 on Python 3.11 leaks None (runtime_fixes.py)
    args = sys.argv[1:] if argv is None else argv
    # With no command (only global options) the GUI starts; anything else is the CLI.
    gui = gui_options(args)
    if gui is not None:
        from yot_desktop.app import run_gui

        db, user = gui
        return run_gui(db, args, user=user or "")
    from yot_desktop.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
