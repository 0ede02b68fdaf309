"""Readable error dialogs: what went wrong and what to do; details one click away."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from yot_desktop.domain.errors import (
    AuthenticationError,
    ConflictError,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
)

log = logging.getLogger("yot_desktop.gui")


def loggable(exc: BaseException) -> str:
    """The stack and the error types, without any error's message, for the log file.

    Database errors quote the values they were sent (PostgreSQL: "Failing row contains (…)",
    "Key (crime_reference)=(…) already exists"), and the log is out of retention's reach: a
    child's name written there would outlive the deletion of their record.
    """
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        stack = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"{stack}{kind.__module__}.{kind.__qualname__} (message not logged)")
        current = current.__cause__ or current.__context__
    return "\n-- caused by --\n".join(parts)


def explain(exc: BaseException) -> tuple[str, str]:
    """A short title and a plain message for an error."""
    if isinstance(exc, ValidationError):
        return "Check these details", "\n".join(f"• {p.shown}" for p in exc.problems)
    if isinstance(exc, ConflictError):
        return "Someone else changed this", str(exc)
    from yot_desktop.services.core import DatabaseUnavailable  # not before the sign-in window

    if isinstance(exc, DatabaseUnavailable):
        return "No connection to the database", str(exc)
    if isinstance(exc, PermissionDenied):
        return "Not allowed", str(exc)
    if isinstance(exc, NotFound):
        return "Not found", str(exc)
    if isinstance(exc, AuthenticationError):
        return "Cannot sign in", str(exc)
    if isinstance(exc, DomainError):
        return "Cannot do that", str(exc)
    return (
        "Something went wrong",
        "YOT Desktop could not finish this. Nothing was half-saved. "
        "If it happens again, send the details below to your administrator.",
    )


def show_error(parent: QWidget | None, exc: BaseException, details: str = "") -> QMessageBox:
    """Show an error without blocking the caller: a window-modal box opened with open()."""
    title, message = explain(exc)
    if not isinstance(exc, DomainError):
        log.error("Unexpected error:\n%s", loggable(exc))
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    box.setAccessibleName(title)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    if details and not isinstance(exc, DomainError):
        box.setDetailedText(details)
    box.open()
    return box
