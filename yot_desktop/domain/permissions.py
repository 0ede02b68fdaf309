"""Who may do what: one table, checked by the services for GUI and CLI alike."""

from __future__ import annotations

from enum import StrEnum

from yot_desktop.domain.enums import Role


class Permission(StrEnum):
    VIEW_CASES = "view_cases"  # identifiable case records
    EDIT_CASES = "edit_cases"
    VIEW_ALL_TEAMS = "view_all_teams"  # otherwise: own team's cases only
    OVERRIDE_ELIGIBILITY = "override_eligibility"
    DECIDE_ENGAGEMENT = "decide_engagement"
    MANAGE_SCHEMES = "manage_schemes"
    MANAGE_TEMPLATES = "manage_templates"
    MANAGE_CATALOGUE = "manage_catalogue"
    MANAGE_CALENDAR = "manage_calendar"  # team closure days and venues
    MANAGE_USERS = "manage_users"
    ADMINISTER_DATABASE = "administer_database"
    VIEW_AUDIT = "view_audit"
    PRINT_LETTERS = "print_letters"
    VIEW_REPORTS = "view_reports"
    EXPORT_IDENTIFIABLE = "export_identifiable"
    VIEW_PANEL_SUMMARIES = "view_panel_summaries"  # pseudonymised
    MANAGE_RETENTION = "manage_retention"  # review and delete records past retention
    SUBJECT_ACCESS = "subject_access"  # export everything held about one young person
    ALLOCATE_CASES = "allocate_cases"  # choose the worker a referral is allocated to
    TRANSFER_CASES = "transfer_cases"  # move a young person's case to another team


_CASEWORK = frozenset(
    {
        Permission.VIEW_CASES,
        Permission.EDIT_CASES,
        Permission.PRINT_LETTERS,
        Permission.VIEW_REPORTS,
        Permission.VIEW_PANEL_SUMMARIES,
        Permission.EXPORT_IDENTIFIABLE,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PRACTITIONER: _CASEWORK,
    Role.MANAGER: _CASEWORK
    | {
        Permission.VIEW_ALL_TEAMS,
        Permission.OVERRIDE_ELIGIBILITY,
        Permission.DECIDE_ENGAGEMENT,
        Permission.MANAGE_SCHEMES,
        Permission.MANAGE_TEMPLATES,
        Permission.MANAGE_CALENDAR,
        Permission.MANAGE_RETENTION,
        Permission.SUBJECT_ACCESS,
        Permission.ALLOCATE_CASES,
        Permission.TRANSFER_CASES,
    },
    Role.ADMINISTRATOR: frozenset(
        {
            Permission.VIEW_CASES,
            Permission.VIEW_ALL_TEAMS,
            Permission.MANAGE_USERS,
            Permission.MANAGE_SCHEMES,
            Permission.MANAGE_CATALOGUE,
            Permission.MANAGE_CALENDAR,
            Permission.MANAGE_TEMPLATES,
            Permission.ADMINISTER_DATABASE,
            Permission.VIEW_AUDIT,
            Permission.VIEW_REPORTS,
            Permission.MANAGE_RETENTION,
            Permission.SUBJECT_ACCESS,
        }
    ),
    Role.PANEL: frozenset({Permission.VIEW_PANEL_SUMMARIES}),
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


MIN_PASSWORD_LENGTH = 12
_COMMON = frozenset(
    {
        "password1234",
        "password12345",
        "123456789012",
        "qwertyuiop12",
        "letmein12345",
        "iloveyou1234",
        "welcome12345",
        "administrator",
        "passwordpassword",
        "qwertyuiopas",
        "changeme1234",
    }
)


def password_problems(password: str, username: str = "") -> list[str]:
    """Why a new password is not good enough, in plain words (empty: it is fine)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Use at least {MIN_PASSWORD_LENGTH} characters")
    if password.casefold() in _COMMON or len(set(password)) < 4:
        problems.append("Choose a password that is harder to guess")
    if username and username.casefold() in password.casefold():
        problems.append("Do not use your user name in your password")
    return problems
