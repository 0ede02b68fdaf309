"""Errors that services raise and every front end knows how to show."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field, in words a user can act on."""

    field: str  # the label the user sees beside the field ("date of birth"), never a code name
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    @property
    def shown(self) -> str:
        """As a screen shows it: "Date of birth: Enter the date of birth, like 14/03/2012"."""
        return f"{_first_upper(self.field)}: {_first_upper(self.message)}"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class DomainError(Exception):
    """Base for every refusal the app explains to its user."""


class ValidationError(DomainError):
    """Input that cannot be accepted. Nothing was written."""

    def __init__(self, problems: list[FieldProblem] | FieldProblem) -> None:
        self.problems = [problems] if isinstance(problems, FieldProblem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class PermissionDenied(DomainError):
    """The signed-in user may not do this."""


class NotFound(DomainError):
    """The record asked for does not exist (or is not visible to this user)."""


class ConflictError(DomainError):
    """Someone else changed the record since it was read: a stale write."""

    def __init__(
        self,
        entity: str,
        entity_id: int,
        message: str = "",
        changed_by: str | None = None,
        current: dict[str, object] | None = None,
    ) -> None:
        self.entity = entity
        self.entity_id = entity_id
        self.changed_by = changed_by
        self.current = current or {}
        who = f" by {changed_by}" if changed_by else ""
        super().__init__(
            message
            or f"This {entity} was changed{who} after you opened it. "
            "Reload to see their changes, or apply yours again on top."
        )


class AuthenticationError(DomainError):
    """Sign-in failed. The message never says which of name or password was wrong."""


class InvalidTransition(DomainError):
    """A status change the rules do not allow."""
