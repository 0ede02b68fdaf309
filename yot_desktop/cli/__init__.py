"""The headless command line (contract: shared/INTERFACES.md)."""

from yot_desktop.cli.main import build_parser, run

__all__ = ["build_parser", "run"]
