"""Readable error dialogs: what went wrong and what to do; details one click away."""

from __future__ import annotations

import logging

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


def explain(exc: BaseException) -> tuple[str, str]:
    """A short title and a plain message for an error."""
    if isinstance(exc, ValidationError):
        return "Check these details", "\n".join(f"• {p.field}: {p.message}" for p in exc.problems)
    if isinstance(exc, ConflictError):
        return "Someone else changed this", str(exc)
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
        log.error("Unexpected error: %s\n%s", exc, details)
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
