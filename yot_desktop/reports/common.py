"""Helpers every aggregate exporter shares."""

from __future__ import annotations

from yot_desktop.domain.evaluation import SuppressedEvaluation


def require_suppressed(view: object) -> SuppressedEvaluation:
    """Refuse anything but the suppressed view, even from untyped callers."""
    if not isinstance(view, SuppressedEvaluation):
        raise TypeError(
            "exporters take only Evaluation.suppressed_view(), never raw evaluation figures"
        )
    return view


def period_text(view: SuppressedEvaluation) -> str:
    a, b = view.period_from, view.period_to
    return f"{a.day} {a:%B %Y} to {b.day} {b:%B %Y}"


def short_group(label: str) -> str:
    """A chart-sized group name: "Black, Black British, ..." -> "Black"."""
    return label.split(",")[0].split(" or ")[0]
