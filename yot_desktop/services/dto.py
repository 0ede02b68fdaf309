"""Frozen data handed out by the services. Never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from yot_desktop.domain.enums import Role

T = TypeVar("T")


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: Role
    team_id: int | None
    team_name: str
    must_change_password: bool = False


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    team_name: str
    active: bool
    last_login_at: datetime | None
    version: int


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: tuple[T, ...]
    offset: int
    total: int


@dataclass(frozen=True)
class PersonRow:
    id: int
    person_ref: str
    first_name: str
    last_name: str
    date_of_birth: date
    postcode: str
    latest_crime_reference: str
    latest_status: str
    scheme_code: str
    possible_duplicate: bool = False
    # "Transferred in from <team> on <date>" when a transfer brought the case to its team.
    transferred_in: str = ""


@dataclass(frozen=True)
class PersonDetail:
    id: int
    version: int
    person_ref: str
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    gender: str
    ethnicity: str
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    school: str
    first_language: str
    interpreter_needed: bool
    communication_needs: str
    send_needs: str
    looked_after: bool
    possible_duplicate: bool
    team_name: str
    updated_at: datetime
    updated_by: str
    # Safeguarding (issue 3): kept with defaults so older callers still build it.
    exploitation_concern: bool = False
    nrm_referral_date: date | None = None
    nrm_decision: str = ""
    missing_episodes: int = 0
    other_agencies: str = ""
    transferred_in: str = ""  # as PersonRow's


@dataclass(frozen=True)
class DatabaseInfo:
    kind: str
    location: str
    is_demo: bool
    revision: str | None
