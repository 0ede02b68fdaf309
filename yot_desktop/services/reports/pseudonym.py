"""The panel's pseudonym for a child (issue 15, point 10).

The person reference (YP000155) is printed on every letter, the police letter included, so a
police member of the panel could link a pseudonymised summary to the child. The panel sees
instead a reference that appears nowhere else and holds for one panel only: an HMAC of the
panel's date and the child's record id under a random key kept in the database (app_meta).
The same child has the same reference throughout one panel's summaries and pack, and a
different one at every other panel; without the key nobody can tell who it is or link two
panels. The key never leaves the database and is never printed or audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

from sqlalchemy.exc import IntegrityError

from yot_desktop.services.core import ServiceContext
from yot_desktop.storage.models import AppMeta

KEY_NAME = "panel_pseudonym_key"
# No 0/O, 1/I/L or U: read aloud and copied by hand without mistakes.
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
LENGTH = 6


def panel_key(ctx: ServiceContext) -> bytes:
    """The key, made in a transaction of its own the first time it is needed."""
    with ctx.uow() as uow:
        row = uow.session.get(AppMeta, KEY_NAME)
        if row is not None:
            return bytes.fromhex(row.value)
        value = secrets.token_hex(32)
        uow.session.add(AppMeta(key=KEY_NAME, value=value))
        try:
            uow.commit()
            return bytes.fromhex(value)
        except IntegrityError:  # another computer made it at the same moment: use theirs
            pass
    with ctx.uow() as uow:
        row = uow.session.get(AppMeta, KEY_NAME)
        assert row is not None
        return bytes.fromhex(row.value)


def panel_pseudonym(key: bytes, panel_date: date, person_id: int) -> str:
    """'Panel ref. KX4T9Q'-style code for this child at the panel on ``panel_date``."""
    digest = hmac.new(key, f"{panel_date.isoformat()}|{person_id}".encode(), hashlib.sha256)
    n = int.from_bytes(digest.digest()[:8], "big")
    chars = []
    for _ in range(LENGTH):
        n, i = divmod(n, len(ALPHABET))
        chars.append(ALPHABET[i])
    return "".join(chars)
