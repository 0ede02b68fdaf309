"""Errors of the letter layer."""

from __future__ import annotations

from dataclasses import dataclass

from yot_desktop.domain.errors import DomainError


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong in a piece of letter wording, said so an editor can fix it."""

    message: str
    field: str | None = None
    line: int = 0
    column: int = 0
    where: str = ""

    def __str__(self) -> str:
        place = f"line {self.line}, column {self.column}: " if self.line else ""
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{place}{self.message}"


class TemplateError(DomainError):
    """Shipped or edited letter wording that cannot be used. Lists every problem."""

    def __init__(self, problems: list[TemplateProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Cancelled(Exception):
    """The caller's progress callback asked to stop a batch. Nothing was written."""

    def __init__(self, done: int) -> None:
        self.done = done
        super().__init__(f"Letter batch cancelled after {done} letters; nothing was written.")
