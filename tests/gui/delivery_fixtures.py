"""A team with started programmes for the delivery GUI tests (SQLite, fixed clock)."""

from __future__ import annotations

from datetime import date, time

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser

TODAY = date(2026, 11, 20)  # the GUI fixtures' fixed clock: Friday 20 November 2026, 10:00


def team_with_programmes(services: Services) -> CurrentUser:
    """Two young people whose programmes started this morning at 09:00 and 11:00."""
    set_up_team(services)
    me = user(services, "practitioner")
    for ref, first, hour in (("43/26/5001", "Zoë", 9), ("43/26/5002", "Łukasz", 11)):
        rid = new_referral(services, ref, first_name=first)
        services.programmes.start(me, rid, start=TODAY, at=time(hour, 0))
    return me
