"""Invented data for training and demonstrations (never real people). The demo generator
stands above the services: it drives them as staff would, on a moving clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yot_desktop.demo.service import Progress
    from yot_desktop.services.container import Services


def fill_demo(
    services: Services, people: int = 200, seed: int = 1, progress: Progress | None = None
) -> int:
    """Add `people` invented young people to an empty database (see DemoService.fill)."""
    from yot_desktop.demo.service import DemoService

    return DemoService(services.ctx).fill(people, seed, progress)
