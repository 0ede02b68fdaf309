"""Managers' letter templates on SQLite and PostgreSQL: save checked wording, use it in letters,
translations chosen by the family's language, reset, conflicts, permissions and audit."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from tests.integration.helpers import FixedClock, audit_rows
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from yot_desktop.letters.edited import TemplateKey
from yot_desktop.services.container import Services
from yot_desktop.services.letters.service import LetterRequest
from yot_desktop.storage.models import Carer, YoungPerson
from yot_desktop.storage.models_letters import LetterTemplate

PARENT_REMINDER = TemplateKey(LetterType.REMINDER, Audience.PARENT, False)


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def referral(services: Services, clock: FixedClock) -> tuple[Services, int, int]:
    """A programme for a 15-year-old whose mother's preferred language is Polish."""
    set_up_team(services)
    rid = new_referral(services, "43/26/4001")
    with services.ctx.uow() as uow:
        person_id = uow.session.scalar(select(YoungPerson.id).order_by(YoungPerson.id.desc()))
        assert person_id is not None
        uow.session.add(
            Carer(
                young_person_id=person_id,
                name="Małgorzata Kowalska",
                address="3 Kennet Road\nNewbury\nRG14 5JA",
                preferred_language="Polish",
            )
        )
        uow.commit()
    services.programmes.start(user(services, "practitioner"), rid, start=date(2026, 12, 1))
    clock.now = datetime(2026, 11, 28, 9, 0)
    return services, rid, person_id


def edited_body(services: Services, key: TemplateKey, old: str, new: str) -> str:
    body = services.letter_templates.open(user(services, "manager"), key).body
    assert old in body
    return body.replace(old, new)


def test_saved_wording_is_used_in_letters_and_named_in_the_history(
    referral: tuple[Services, int, int],
) -> None:
    services, rid, _ = referral
    manager = user(services, "manager")
    body = edited_body(
        services,
        PARENT_REMINDER,
        "This is a reminder of",
        "Our team would like to remind you, {recipient_name}, of",
    )
    saved = services.letter_templates.save(manager, PARENT_REMINDER, body, None)
    assert saved.edited and saved.version == 1

    made = services.letters.make(
        user(services, "practitioner"), LetterRequest(rid, LetterType.REMINDER)
    )
    text = " ".join(text_of(made.pdf).split())
    assert "Our team would like to remind you, Małgorzata Kowalska, of" in text
    assert "This is a reminder of" not in text
    assert made.record.template_version == 1
    assert made.record.language == "en"  # no Polish wording yet: English
    assert "edited wording (version 1)" in made.record.wording
    rows = audit_rows(services, "save_letter_template")
    assert rows == [("manager", "ok", "reminder/parent/standard/en")]

    # Other readers keep the shipped wording.
    child = services.letters.make(
        user(services, "practitioner"),
        LetterRequest(rid, LetterType.REMINDER, audience=Audience.YOUNG_PERSON, easy_read=False),
    )
    assert child.record.template_version is None
    assert "This is a reminder of your next session" in " ".join(text_of(child.pdf).split())


def test_a_misspelt_field_is_refused_on_saving_with_the_nearest_name(
    referral: tuple[Services, int, int],
) -> None:
    services, _, _ = referral
    body = edited_body(services, PARENT_REMINDER, "{known_as}'s next session", "{knwon_as} next")
    with pytest.raises(ValidationError) as caught:
        services.letter_templates.save(user(services, "manager"), PARENT_REMINDER, body, None)
    message = str(caught.value)
    assert "Unknown merge field {knwon_as}" in message
    assert "Did you mean {known_as}?" in message
    assert caught.value.problems[0].field == "knwon_as"
    with services.ctx.uow() as uow:  # nothing half-written
        assert uow.session.scalar(select(LetterTemplate.id)) is None


def test_a_translation_is_chosen_for_the_family_language_and_english_otherwise(
    referral: tuple[Services, int, int],
) -> None:
    services, rid, person_id = referral
    manager = user(services, "manager")
    polish = TemplateKey(LetterType.REMINDER, Audience.PARENT, False, "pl")
    opened = services.letter_templates.open(manager, polish, language_name="Polish")
    assert not opened.edited and "[labels]" in opened.body  # English, labels ready to translate
    body = opened.body.replace(
        "This is a reminder of {known_as}'s next session. It is part of the {scheme_name}.",
        "Przypominamy o następnym spotkaniu {known_as}.",
    ).replace('date = "Date:"', 'date = "Data:"')
    services.letter_templates.save(manager, polish, body, None, language_name="Polish")
    assert [x.code for x in services.letter_templates.languages(manager)] == ["en", "pl"]

    practitioner = user(services, "practitioner")
    made = services.letters.make(practitioner, LetterRequest(rid, LetterType.REMINDER))
    text = " ".join(text_of(made.pdf).split())
    assert "Przypominamy o następnym spotkaniu" in text
    assert "Data:" in text
    assert made.record.language == "pl"

    # No Polish wording for the schedule letter: English, and the history says so.
    schedule = services.letters.make(practitioner, LetterRequest(rid, LetterType.SCHEDULE))
    assert schedule.record.language == "en"

    # A family whose language has no wording at all gets English.
    with services.ctx.uow() as uow:
        uow.session.execute(
            update(Carer)
            .where(Carer.young_person_id == person_id)
            .values(preferred_language="Urdu")
        )
        uow.commit()
    again = services.letters.make(practitioner, LetterRequest(rid, LetterType.REMINDER))
    assert again.record.language == "en"
    assert "This is a reminder of" in " ".join(text_of(again.pdf).split())


def test_reset_returns_to_the_shipped_wording(referral: tuple[Services, int, int]) -> None:
    services, rid, _ = referral
    manager = user(services, "manager")
    body = edited_body(services, PARENT_REMINDER, "This is a reminder of", "Remember")
    saved = services.letter_templates.save(manager, PARENT_REMINDER, body, None)
    services.letter_templates.reset(manager, PARENT_REMINDER, saved.version or 0)
    made = services.letters.make(
        user(services, "practitioner"), LetterRequest(rid, LetterType.REMINDER)
    )
    assert "This is a reminder of" in " ".join(text_of(made.pdf).split())
    assert made.record.template_version is None
    assert audit_rows(services, "reset_letter_template")[-1][2] == "reminder/parent/standard/en"


def test_a_stale_save_is_a_conflict(referral: tuple[Services, int, int]) -> None:
    services, _, _ = referral
    manager = user(services, "manager")
    body = edited_body(services, PARENT_REMINDER, "This is a reminder of", "Remember")
    first = services.letter_templates.save(manager, PARENT_REMINDER, body, None)
    services.letter_templates.save(manager, PARENT_REMINDER, body + "\n", first.version)
    with pytest.raises(ConflictError):  # opened at version 1, now at 2
        services.letter_templates.save(manager, PARENT_REMINDER, body, first.version)
    with pytest.raises(ConflictError):  # opened as shipped wording, someone saved meanwhile
        services.letter_templates.save(manager, PARENT_REMINDER, body, None)


def test_only_managers_and_administrators_edit_templates(
    referral: tuple[Services, int, int],
) -> None:
    services, _, _ = referral
    with pytest.raises(PermissionDenied):
        services.letter_templates.open(user(services, "practitioner"), PARENT_REMINDER)
    body = services.letter_templates.open(user(services, "admin"), PARENT_REMINDER).body
    with pytest.raises(PermissionDenied):
        services.letter_templates.save(user(services, "practitioner"), PARENT_REMINDER, body, None)
    assert audit_rows(services, "save_letter_template") == [
        ("practitioner", "refused", "manage_templates")
    ]


def test_preview_renders_the_draft_on_an_invented_young_person(
    referral: tuple[Services, int, int],
) -> None:
    services, _, _ = referral
    manager = user(services, "manager")
    body = edited_body(services, PARENT_REMINDER, "This is a reminder of", "A gentle reminder of")
    text = " ".join(
        text_of(services.letter_templates.preview(manager, PARENT_REMINDER, body)).split()
    )
    assert "A gentle reminder of Sam's next session" in text
    with pytest.raises(ValidationError, match="Did you mean"):
        services.letter_templates.preview(
            manager, PARENT_REMINDER, body + '\n[[section]]\ntext = "{frist_name}"\n'
        )


def test_a_bad_language_code_is_refused(referral: tuple[Services, int, int]) -> None:
    services, _, _ = referral
    key = TemplateKey(LetterType.REMINDER, Audience.PARENT, False, "Polish")
    with pytest.raises(ValidationError, match="ISO 639"):
        services.letter_templates.open(user(services, "manager"), key)


def test_a_batch_uses_the_edited_wording_for_every_letter(
    referral: tuple[Services, int, int],
) -> None:
    services, _, _ = referral
    body = edited_body(services, PARENT_REMINDER, "This is a reminder of", "Do not forget")
    services.letter_templates.save(user(services, "manager"), PARENT_REMINDER, body, None)
    result = services.letters.batch(
        user(services, "practitioner"), LetterType.REMINDER, date(2026, 12, 1), date(2026, 12, 8)
    )
    assert result.count == 2
    assert " ".join(text_of(result.pdf).split()).count("Do not forget") == 2
    history = services.letters.history(user(services, "practitioner"))
    assert {h.template_version for h in history} == {1}


def test_stored_wording_that_no_longer_checks_is_refused_not_printed_with_a_blank(
    referral: tuple[Services, int, int],
) -> None:
    services, rid, _ = referral
    body = edited_body(services, PARENT_REMINDER, "{scheme_name}", "{scheme_title}")
    with services.ctx.uow() as uow:  # as if saved by an older version with another field list
        uow.session.add(
            LetterTemplate(
                letter_type="reminder",
                audience="parent",
                easy_read=False,
                language="en",
                language_name="English",
                body=body,
                updated_by="manager",
                updated_at=datetime(2026, 11, 1, 9, 0),
            )
        )
        uow.commit()
    with pytest.raises(ValidationError, match=r"template editor first.*\{scheme_title\}"):
        services.letters.make(
            user(services, "practitioner"), LetterRequest(rid, LetterType.REMINDER)
        )
    assert services.letters.history(user(services, "practitioner"), referral_id=rid) == ()


def test_a_new_letter_in_a_language_starts_with_the_labels_already_translated(
    referral: tuple[Services, int, int],
) -> None:
    """Issue 15, point 7: a translator translates "Private and confidential" and the job
    title once, not once per letter; the letter's own text still starts in English."""
    services, _rid, _person = referral
    manager = user(services, "manager")
    reminder = TemplateKey(LetterType.REMINDER, Audience.PARENT, False, "pl")
    body = services.letter_templates.open(manager, reminder, language_name="Polish").body
    body = body.replace('"Private and confidential"', '"Prywatne i poufne"')
    body = body.replace('"Youth justice worker"', '"Opiekun ds. młodzieży"')
    services.letter_templates.save(manager, reminder, body, None, language_name="Polish")

    missed = TemplateKey(LetterType.MISSED, Audience.PARENT, False, "pl")
    opened = services.letter_templates.open(manager, missed)
    assert not opened.edited
    assert 'private = "Prywatne i poufne"' in opened.body
    assert 'worker_role = "Opiekun ds. młodzieży"' in opened.body
    assert 'date = "Date:"' in opened.body  # not translated anywhere yet
    assert "greeting = " in opened.body and "Dear" in opened.body
    # English wording is never given another language's words.
    english = services.letter_templates.open(
        manager, TemplateKey(LetterType.MISSED, Audience.PARENT, False)
    )
    assert "Prywatne" not in english.body and "[labels]" not in english.body
