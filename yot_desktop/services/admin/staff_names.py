"""Staff as colleagues know them: a username turned into the person's full name for what the
screens show (who last saved a record, who changed a referral's status, who saved first in a
conflict). Audit rows keep the username, which never changes meaning."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.storage.models import User


def staff_names(s: Session, usernames: Iterable[str | None]) -> dict[str, str]:
    """Each username's display name; a username without one (or no longer held) maps to
    itself."""
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    found = dict(
        s.execute(select(User.username, User.display_name).where(User.username.in_(wanted))).all()
    )
    return {u: (found.get(u) or u) for u in wanted}


def staff_name(s: Session, username: str | None) -> str:
    """One username's display name ("" for none)."""
    if not username:
        return ""
    return staff_names(s, [username])[username]
