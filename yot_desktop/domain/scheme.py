"""A diversion scheme's local policy, as a value object (format: shared/INTERFACES.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from yot_desktop.domain.enums import SchemeModel, Unit
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import (
    AREA_MAX,
    OUTCOME_CODE_MAX,
    PROVIDER_MAX,
    QUANTITY_MAX,
    SCHEME_CODE_MAX,
    SCHEME_NAME_MAX,
    SUBSTANCE_MAX,
    TEAM_NAME_MAX,
    text_problem,
)

# What the scheme editor calls each key of a scheme file. A problem names both: the label for
# the person at the editor, the key (in brackets) for the person editing a TOML file.
FIELD_LABELS = {
    "code": "Scheme code",
    "name": "Scheme name",
    "area": "Area",
    "team": "Team that runs it",
    "model": "Model",
    "provider": "Provider",
    "outcome_code": "Outcome code",
    "min_age": "Youngest age at offence",
    "max_age": "Oldest age at offence",
    "sessions_required": "Sessions after the assessment",
    "session_minutes": "Minutes per session",
    "complete_within_weeks": "Weeks to complete",
    "absence_limit": "Unexplained absences allowed",
    "second_chance": "Allow a second diversion",
    "assessment_required": "An assessment comes first",
    "threshold": "Thresholds",
}


def field_label(key: str) -> str:
    """'Youngest age at offence (min_age)': the label and the scheme file's key."""
    return f"{FIELD_LABELS[key]} ({key})"


@dataclass(frozen=True)
class Threshold:
    """The largest quantity of one substance that still counts as a small quantity."""

    substance: str
    max_quantity: Decimal
    unit: Unit


@dataclass(frozen=True)
class SchemeRules:
    code: str
    name: str
    area: str
    model: SchemeModel
    outcome_code: str
    min_age: int
    max_age: int
    second_chance: bool
    sessions_required: int
    assessment_required: bool
    session_minutes: int
    complete_within_weeks: int
    absence_limit: int
    provider: str
    thresholds: tuple[Threshold, ...] = field(default_factory=tuple)
    # The team that runs the scheme and holds its referrals (INTERFACES.md `team`); empty:
    # the referrals belong to the team of whoever imports them.
    team: str = ""

    def threshold_for(self, substance: str) -> Threshold | None:
        key = substance.strip().casefold()
        for t in self.thresholds:
            if t.substance.casefold() == key:
                return t
        return None


# The largest each number may be: the scheme editor's limits, far inside the integer columns.
_INT_LIMITS = {
    "min_age": 25,
    "max_age": 25,
    "sessions_required": 50,
    "session_minutes": 480,
    "complete_within_weeks": 104,
    "absence_limit": 20,
}
_TEXT_LIMITS = {
    "code": SCHEME_CODE_MAX,
    "name": SCHEME_NAME_MAX,
    "area": AREA_MAX,
    "team": TEAM_NAME_MAX,
    "model": 20,
    "provider": PROVIDER_MAX,
}

_INT_FIELDS = (
    "min_age",
    "max_age",
    "sessions_required",
    "session_minutes",
    "complete_within_weeks",
    "absence_limit",
)


def scheme_from_mapping(data: Mapping[str, Any]) -> SchemeRules:
    """Build scheme rules from a TOML `[scheme]` table, listing every problem found."""
    problems: list[FieldProblem] = []

    def text(name: str, required: bool = True) -> str:
        value = data.get(name, "")
        if not isinstance(value, str) or (required and not value.strip()):
            problems.append(FieldProblem(field_label(name), "enter some text"))
            return ""
        if (problem := text_problem(value, field_label(name), _TEXT_LIMITS[name])) is not None:
            problems.append(problem)
            return ""
        return value.strip()

    def integer(name: str) -> int:
        value = data.get(name)
        top = _INT_LIMITS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            problems.append(
                FieldProblem(field_label(name), f"enter a whole number from 0 to {top}")
            )
            return 0
        return value

    def boolean(name: str) -> bool:
        value = data.get(name)
        if not isinstance(value, bool):
            problems.append(FieldProblem(field_label(name), "enter true or false"))
            return False
        return value

    code = text("code")
    if code and (len(code) > 12 or not code.replace("-", "").replace("_", "").isalnum()):
        problems.append(
            FieldProblem(field_label("code"), "use up to 12 letters or digits, like WB")
        )
    name = text("name")
    area = text("area", required=False)
    team = text("team", required=False)
    model_text = text("model")
    try:
        model = SchemeModel(model_text)
    except ValueError:
        if model_text:
            problems.append(FieldProblem(field_label("model"), "enter voluntary or conditional"))
        model = SchemeModel.VOLUNTARY
    raw_outcome = str(data.get("outcome_code", "22"))
    outcome_code = raw_outcome.strip()
    # Checked as given: strip() would quietly remove some control characters.
    if (
        problem := text_problem(raw_outcome, field_label("outcome_code"), OUTCOME_CODE_MAX)
    ) is not None:
        problems.append(problem)
    ints = {n: integer(n) for n in _INT_FIELDS}
    if ints["min_age"] > ints["max_age"]:
        problems.append(
            FieldProblem(
                field_label("min_age"), "must not be more than the oldest age at offence (max_age)"
            )
        )
    if ints["complete_within_weeks"] < 1:
        problems.append(FieldProblem(field_label("complete_within_weeks"), "enter at least 1 week"))
    second_chance = boolean("second_chance")
    assessment_required = boolean("assessment_required")
    provider = text("provider", required=False)

    thresholds: list[Threshold] = []
    seen: set[str] = set()
    rows = data.get("threshold", []) or []
    if not isinstance(rows, list):
        problems.append(
            FieldProblem(field_label("threshold"), "list each one as a [[scheme.threshold]] table")
        )
        rows = []
    for i, row in enumerate(rows, start=1):
        where = f"threshold {i}"
        if not isinstance(row, Mapping):
            problems.append(
                FieldProblem(where, "must be a table with substance, max_quantity, unit")
            )
            continue
        raw_substance = str(row.get("substance", ""))
        substance = raw_substance.strip()
        if not substance:
            problems.append(FieldProblem(f"{where} substance", "enter the substance name"))
        elif problem := text_problem(raw_substance, f"{where} substance", SUBSTANCE_MAX):
            problems.append(problem)
        elif substance.casefold() in seen:
            problems.append(FieldProblem(f"{where} substance", f"{substance} is listed twice"))
        seen.add(substance.casefold())
        try:
            qty = Decimal(str(row.get("max_quantity", "")))
            if qty < 0 or not qty.is_finite() or qty > QUANTITY_MAX:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                FieldProblem(
                    f"{where} largest quantity (max_quantity)", "enter a number, 0 or more"
                )
            )
            qty = Decimal(0)
        try:
            unit = Unit(str(row.get("unit", "")).strip())
        except ValueError:
            problems.append(
                FieldProblem(f"{where} unit", "enter one of " + ", ".join(u.value for u in Unit))
            )
            unit = Unit.G
        thresholds.append(Threshold(substance, qty, unit))

    if problems:
        raise ValidationError(problems)
    return SchemeRules(
        code=code,
        name=name,
        area=area,
        model=model,
        outcome_code=outcome_code,
        second_chance=second_chance,
        assessment_required=assessment_required,
        provider=provider,
        thresholds=tuple(thresholds),
        team=team,
        **ints,
    )


def scheme_to_mapping(rules: SchemeRules) -> dict[str, Any]:
    """The `[scheme]` table for TOML export; loading it back gives equal rules."""
    out: dict[str, Any] = {
        "code": rules.code,
        "name": rules.name,
        "area": rules.area,
        **({"team": rules.team} if rules.team else {}),  # optional: only when one is named
        "model": rules.model.value,
        "outcome_code": rules.outcome_code,
        "min_age": rules.min_age,
        "max_age": rules.max_age,
        "second_chance": rules.second_chance,
        "sessions_required": rules.sessions_required,
        "assessment_required": rules.assessment_required,
        "session_minutes": rules.session_minutes,
        "complete_within_weeks": rules.complete_within_weeks,
        "absence_limit": rules.absence_limit,
        "provider": rules.provider,
    }
    out["threshold"] = [
        {
            "substance": t.substance,
            "max_quantity": int(t.max_quantity)
            if t.max_quantity == t.max_quantity.to_integral_value()
            else float(t.max_quantity),
            "unit": t.unit.value,
        }
        for t in rules.thresholds
    ]
    return out
