"""`yot-desktop` and `python -m yot_desktop`: the window, or a headless command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # With no command (only global options) the GUI starts; anything else is the CLI.
    from yot_desktop.cli import build_parser

    parsed, _ = build_parser().parse_known_args(args)
    if parsed.command is None and not any(a in ("-h", "--help") for a in args):
        from yot_desktop.app import run_gui

        return run_gui(parsed.db, args)
    from yot_desktop.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
