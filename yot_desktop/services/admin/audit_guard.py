"""Whether the app's own database login could rewrite the audit trail (issue 12, point 6).

The append-only triggers and the hash chain stop the app, and anyone using its login, from
changing the trail quietly; but whoever owns the audit tables can drop or disable their
triggers, and a superuser can also set `session_replication_role = replica`. On PostgreSQL the
app should sign in as a role that owns nothing (scripts/postgres_roles.sql, README
"PostgreSQL roles"); this says so to the administrator when it does not. SQLite has no roles:
whoever can write the file can do anything, so there is nothing to warn about there.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

AUDIT_TABLES = ("audit_log", "audit_chain", "audit_field_change")

_WHO = text(
    """
    SELECT current_user,
           (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
           ARRAY(SELECT c.relname::text FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind = 'r'
                   AND c.relname = ANY(:tables)
                   AND pg_has_role(current_user, c.relowner, 'MEMBER')
                 ORDER BY c.relname)
    """
)

HOW_TO_FIX = (
    "Ask whoever looks after the database server to give the app a login that owns nothing "
    "(scripts/postgres_roles.sql; README, 'PostgreSQL roles'). Run 'audit verify' to check "
    "the trail is unbroken so far."
)


def audit_guard_warning(s: Session) -> str | None:
    """A plain warning when the app's login is a superuser or owns an audit table (directly
    or as a member of the owning role); None when it cannot rewrite the trail."""
    if s.get_bind().dialect.name != "postgresql":
        return None
    login, superuser, owned = s.execute(_WHO, {"tables": list(AUDIT_TABLES)}).one()
    if superuser:
        return (
            f"The app signs in to the database as {login}, a superuser: it could switch off "
            "the audit trail's protection and rewrite the trail without a trace in the app. "
            + HOW_TO_FIX
        )
    if owned:
        return (
            f"The app signs in to the database as {login}, which owns the audit tables "
            f"({', '.join(owned)}): it could drop their append-only triggers and rewrite the "
            "trail. " + HOW_TO_FIX
        )
    return None
