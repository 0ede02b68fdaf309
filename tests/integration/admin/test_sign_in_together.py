"""The same account signed in on two PCs at the same moment (found by the load benchmark).

Each sign-in records itself on the account (last sign-in, failed attempts). That record was
written through the account's version, so two sign-ins at once made the second one fail with
"This record was changed after you opened it" — at the sign-in window. Now sign-in's own
columns are written by the database directly: both succeed, and wrong passwords tried at the
same moment on two PCs are all counted.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from sqlalchemy import select

from tests.integration.helpers import ADMIN_PASSWORD
from yot_desktop.domain.errors import AuthenticationError
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import User

ROUNDS = 15


def together(work: Callable[[Services], None], open_services: Callable[[], Services]) -> list[str]:
    """`work` on three copies of the app at once; what went wrong, by type and message."""
    copies = [open_services() for _ in range(3)]
    start = threading.Barrier(len(copies))
    problems: list[str] = []

    def run(services: Services) -> None:
        start.wait()
        for _ in range(ROUNDS):
            try:
                work(services)
            except Exception as err:  # noqa: BLE001 - every failure is the finding
                problems.append(f"{type(err).__name__}: {err}")

    threads = [threading.Thread(target=run, args=(s,)) for s in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return problems


def test_one_account_signs_in_on_three_pcs_at_once(
    services: Services, admin: CurrentUser, open_services: Callable[[], Services]
) -> None:
    problems = together(lambda s: s.auth.sign_in("admin", ADMIN_PASSWORD) and None, open_services)
    assert problems == []


def test_wrong_passwords_at_once_are_all_counted(
    services: Services, admin: CurrentUser, open_services: Callable[[], Services]
) -> None:
    def wrong(s: Services) -> None:
        with contextlib.suppress(AuthenticationError):  # wrong, as it should be
            s.auth.sign_in("admin", "not the password")

    problems = together(wrong, open_services)
    assert problems == []
    # 45 wrong attempts: the account was locked (each lock starts the count again), never
    # left with attempts lost to a race.
    with services.ctx.uow() as uow:
        row = uow.session.scalar(select(User).where(User.username == "admin"))
        assert row is not None and row.locked_until is not None
