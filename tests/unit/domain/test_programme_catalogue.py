"""Plan lines checked against an edited catalogue (administrators may add interventions)."""

from __future__ import annotations

import pytest

from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.programme import PlannedIntervention, validate_intervention

KNIFE = PlannedIntervention("knife_crime_awareness", "Knife crime", 1, 45, "YOT")


def test_an_added_intervention_is_known_to_the_catalogue_in_use() -> None:
    validate_intervention(KNIFE, {"assessment", "knife_crime_awareness"})


def test_the_shipped_catalogue_is_the_default() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_intervention(KNIFE)
    assert [p.field for p in refused.value.problems] == ["Intervention"]


def test_a_code_missing_from_the_catalogue_in_use_is_refused() -> None:
    line = PlannedIntervention("assessment", "Assessment", 1, 90, None)
    with pytest.raises(ValidationError, match="not an intervention we offer"):
        validate_intervention(line, {"knife_crime_awareness"})
