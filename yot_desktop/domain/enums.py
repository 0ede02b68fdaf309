"""Closed sets of values. The string values are the codes of shared/INTERFACES.md."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    MANAGER = "manager"
    PRACTITIONER = "practitioner"
    PANEL = "panel"

    @property
    def label(self) -> str:
        return self.value.capitalize() if self is not Role.PANEL else "Panel member"


class SchemeModel(StrEnum):
    VOLUNTARY = "voluntary"
    CONDITIONAL = "conditional"


class ReferralStatus(StrEnum):
    RECEIVED = "received"
    INELIGIBLE = "ineligible"
    OFFERED = "offered"
    DECLINED = "declined"
    IN_PROGRAMME = "in_programme"
    COMPLETED = "completed"
    NOT_ENGAGED = "not_engaged"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "received": "Received",
            "ineligible": "Not eligible",
            "offered": "Offered",
            "declined": "Declined",
            "in_programme": "In programme",
            "completed": "Completed",
            "not_engaged": "Not engaged",
            "withdrawn": "Withdrawn",
        }[self.value]


# A diversion given or under way: these count as prior diversions (INTERFACES.md).
DIVERSION_STATUSES = frozenset(
    {
        ReferralStatus.RECEIVED,
        ReferralStatus.OFFERED,
        ReferralStatus.IN_PROGRAMME,
        ReferralStatus.COMPLETED,
        ReferralStatus.NOT_ENGAGED,
    }
)


class EligibilityReason(StrEnum):
    """In the order INTERFACES.md lists them; exports keep this order."""

    SUPPLY_SUSPECTED = "SUPPLY_SUSPECTED"
    OVER_THRESHOLD = "OVER_THRESHOLD"
    SUBSTANCE_NOT_COVERED = "SUBSTANCE_NOT_COVERED"
    AGE_OUT_OF_RANGE = "AGE_OUT_OF_RANGE"
    PRIOR_DIVERSION = "PRIOR_DIVERSION"


class Unit(StrEnum):
    G = "g"
    MG = "mg"
    TABLETS = "tablets"
    ML = "ml"
    WRAPS = "wraps"
    ITEMS = "items"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    NOT_KNOWN = "not known"


class Attendance(StrEnum):
    PLANNED = "planned"
    ATTENDED = "attended"
    LATE = "late"
    DID_NOT_ATTEND = "did_not_attend"
    CANCELLED_BY_YOUNG_PERSON = "cancelled_by_young_person"
    CANCELLED_BY_SERVICE = "cancelled_by_service"
    RESCHEDULED = "rescheduled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Engagement(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    THRESHOLD_REACHED = "threshold_reached"


class Venue(StrEnum):
    YOT_OFFICE = "yot_office"
    SCHOOL = "school"
    HOME_VISIT = "home_visit"
    PROVIDER = "provider"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {
            "yot_office": "YOT office",
            "school": "School",
            "home_visit": "Home visit",
            "provider": "Provider's premises",
            "online": "Online",
        }[self.value]


class LetterType(StrEnum):
    INVITATION = "invitation"
    OFFER = "offer"
    SCHEDULE = "schedule"
    REMINDER = "reminder"
    MISSED = "missed"
    FINAL_WARNING = "final_warning"
    COMPLETION = "completion"
    CERTIFICATE = "certificate"
    NOT_ENGAGED = "not_engaged"
    NOT_ELIGIBLE = "not_eligible"
    POLICE_OUTCOME = "police_outcome"


class Audience(StrEnum):
    PARENT = "parent"
    YOUNG_PERSON = "young_person"
    POLICE = "police"  # the referring officer: the outcome letter's only reader

    @property
    def label(self) -> str:
        return {
            "parent": "Parent or carer",
            "young_person": "Young person",
            "police": "Police",
        }[self.value]


# The readers a family letter's wording is written for (the police letter has one wording).
FAMILY_AUDIENCES = (Audience.PARENT, Audience.YOUNG_PERSON)
