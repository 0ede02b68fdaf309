"""Intake rules that need no database: consent, carers' details and the search query."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite

from yot_desktop.domain.consent import ConsentFacts, Party, check_consent, missing_consents
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.intake.core import checked_carer
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.services.intake.search import as_date, search_condition

TODAY = date(2026, 11, 20)


def test_programme_needs_both_consents_and_the_latest_answer_counts() -> None:
    assert missing_consents([]) == [
        "Record the young person's consent to the programme",
        "Record the parent or carer's consent to the programme",
    ]
    assert missing_consents([(Party.YOUNG_PERSON, True), (Party.PARENT_CARER, True)]) == []
    refused = missing_consents(
        [(Party.YOUNG_PERSON, True), (Party.PARENT_CARER, True), (Party.PARENT_CARER, False)]
    )
    assert len(refused) == 1 and "did not consent" in refused[0]


@given(st.lists(st.tuples(st.sampled_from(list(Party)), st.booleans())))
def test_consent_is_complete_exactly_when_each_latest_answer_is_yes(
    answers: list[tuple[Party, bool]],
) -> None:
    latest = dict(answers)
    complete = all(latest.get(p) is True for p in Party)
    assert (missing_consents(answers) == []) is complete


def test_consent_record_is_checked() -> None:
    with pytest.raises(ValidationError) as bad:
        check_consent(ConsentFacts(Party.PARENT_CARER, " ", True, date(2026, 12, 1), ""), TODAY)
    assert [p.field for p in bad.value.problems] == ["given by", "date", "lawful basis"]
    with pytest.raises(ValidationError, match="offered"):
        check_consent(
            ConsentFacts(Party.YOUNG_PERSON, "Zoë", True, date(2026, 11, 1), "Public task"),
            TODAY,
            offered_on=date(2026, 11, 10),
        )


def test_carer_details_are_tidied_or_refused_with_every_problem() -> None:
    tidy = checked_carer(
        CarerInput(" Anna Kowalska ", "Mother", phone="+44 (0)7700 900123", email=" a@b.co.uk ")
    )
    assert (tidy.name, tidy.phone, tidy.email) == ("Anna Kowalska", "07700 900123", "a@b.co.uk")
    with pytest.raises(ValidationError) as bad:
        checked_carer(CarerInput("", phone="123", email="nope", letter_preference="email"))
    assert [p.field for p in bad.value.problems] == ["carer name", "carer phone", "carer email"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01/02/2010", date(2010, 2, 1)),
        ("2010-02-01", date(2010, 2, 1)),
        ("lukasz", None),
        ("31/02/2010", None),
    ],
)
def test_dates_are_read_the_british_way(typed: str, expected: date | None) -> None:
    assert as_date(typed) == expected


def sql(query: str, dialect: object) -> str:
    condition = search_condition(query, dialect.name)  # type: ignore[attr-defined]
    assert condition is not None
    return str(condition.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def test_search_is_an_indexed_prefix_query() -> None:
    text = sql("Łukasz O'Brien", sqlite.dialect())
    # Folded, and a range on the indexed columns: SQLite can use the index for it.
    assert "young_people.search_name >= 'lukasz obrien'" in text
    assert "young_people.search_reverse >= 'lukasz obrien'" in text
    assert " LIKE " not in text
    assert "search_name LIKE 'lukasz obrien%%'" in sql("Łukasz O'Brien", postgresql.dialect())
    assert "date_of_birth = '2010-02-01'" in sql("01/02/2010", sqlite.dialect())
    assert "crime_reference" in sql("43/25/00012", sqlite.dialect())
    assert search_condition("   ", "sqlite") is None
