"""Two people saving the same new thing at the same moment get the app's own words, never a
raw IntegrityError / UniqueViolation (issue 11, point 6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from tests.integration.helpers import demo_user
from tests.integration.reports.test_reports_service import case_ref  # noqa: F401 - the fixture
from yot_desktop.domain.errors import ConflictError
from yot_desktop.services.container import Services
from yot_desktop.services.core import unique_race
from yot_desktop.storage.models import Referral
from yot_desktop.storage.models_reports import PanelRecommendation


def just_before_first_flush(services: Services, then: Callable[[], None]) -> None:
    """Run `then` (the other person's save) after this Services has read, just before it writes."""
    done: list[bool] = []

    def before_flush(*_: Any) -> None:
        if not done:
            done.append(True)
            then()

    event.listen(services.ctx.sessions, "before_flush", before_flush)


def test_first_recommendation_saved_by_two_at_once(
    demo: Services,
    open_services: Callable[[], Services],
    case_ref: str,  # noqa: F811
) -> None:
    mine = open_services()  # a second copy of the app on the same database
    manager = demo_user(demo, "manager")
    assert demo.reports.recommendation(manager, case_ref).version is None
    other = demo_user(demo, "practitioner")

    def theirs_first() -> None:
        demo.reports.save_recommendation(other, case_ref, "Offer the programme.", None)

    just_before_first_flush(mine, theirs_first)
    with pytest.raises(ConflictError) as raised:
        mine.reports.save_recommendation(manager, case_ref, "Refer back to the police.", None)
    message = str(raised.value)
    assert f"saved a recommendation for {case_ref} at the same moment as you" in message
    assert "yours was not saved" in message
    assert raised.value.changed_by and raised.value.changed_by in message
    assert "Integrity" not in message and "UNIQUE" not in message
    # Theirs stands, nothing of mine was written, and mine can now be saved over theirs.
    stored = mine.reports.recommendation(manager, case_ref)
    assert stored.text == "Offer the programme."
    with mine.ctx.uow() as uow:
        rows = uow.session.scalars(
            select(PanelRecommendation.text)
            .join(Referral, Referral.id == PanelRecommendation.referral_id)
            .where(Referral.crime_reference == case_ref)
        ).all()
    assert rows == ["Offer the programme."]
    saved = mine.reports.save_recommendation(manager, case_ref, "Refer back.", stored.version)
    assert saved.text == "Refer back."


def test_any_unique_race_left_to_the_unit_of_work_is_a_conflict(services: Services) -> None:
    """A unique rule broken past a service's own check reaches the user as a ConflictError in
    plain words, on both databases (the unit of work translates it)."""
    from yot_desktop.storage.models import Team

    def add_team() -> None:
        with services.ctx.uow() as uow:
            uow.session.add(Team(name="West Berkshire Youth Offending Team"))
            uow.commit()

    add_team()
    with pytest.raises(ConflictError) as raised:
        add_team()
    assert str(raised.value).startswith("This team is already saved (someone else saved")
    assert isinstance(raised.value.__cause__, IntegrityError)
    assert unique_race(raised.value.__cause__) is not None
