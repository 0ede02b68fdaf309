"""What the letters service takes and gives: a letter asked for, one waiting, one kept in the
history, one made, a batch made."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.storage.models_letters import LetterRecord

SENT_METHODS = ("post", "email", "hand")

# progress(done, total) -> False to cancel
BatchProgress = Callable[[int, int], bool | None]


@dataclass(frozen=True)
class LetterRequest:
    """One letter to make. `audience` None: the type's usual reader; `easy_read` None: chosen
    from the young person's age and recorded needs; True asks for it."""

    referral_id: int
    letter_type: LetterType
    audience: Audience | None = None
    easy_read: bool | None = None
    large_print: bool = False
    session_id: int | None = None
    queue_item_id: int | None = None


def with_options(
    request: LetterRequest,
    audience: Audience | None,
    easy_read: bool | None,
    large_print: bool,
) -> LetterRequest:
    return replace(request, audience=audience, easy_read=easy_read, large_print=large_print)


@dataclass(frozen=True)
class LetterDueItem:
    """A letter waiting to be made: from the delivery queue, or a reminder for a booking."""

    key: str
    referral_id: int
    crime_reference: str
    young_person_id: int
    person_name: str
    letter_type: LetterType
    due_for: date
    source: str  # queue | booking
    queue_item_id: int | None = None
    session_id: int | None = None

    @property
    def request(self) -> LetterRequest:
        return LetterRequest(
            self.referral_id,
            self.letter_type,
            session_id=self.session_id,
            queue_item_id=self.queue_item_id,
        )


@dataclass(frozen=True)
class LetterRecordRow:
    id: int
    version: int
    referral_id: int
    crime_reference: str
    letter_type: LetterType
    audience: Audience
    easy_read: bool
    large_print: bool
    created_at: datetime
    created_by: str
    sent_at: datetime | None
    sent_by: str
    sent_method: str
    sha256: str
    size: int
    language: str = "en"  # the wording's language code
    template_version: int | None = None  # a manager's edited wording (its version), or None

    @property
    def wording(self) -> str:
        """Which wording was used, in words: 'English', 'pl, edited (version 2)'."""
        name = "English" if self.language == "en" else f"language {self.language}"
        if self.template_version is None:
            return name
        return f"{name}, edited wording (version {self.template_version})"


@dataclass(frozen=True)
class MadeLetter:
    record: LetterRecordRow
    pdf: bytes
    # What the person making it should know, like a parent letter about an adult.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    count: int
    pdf: bytes
    record_ids: tuple[int, ...]


def checksum(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def record_row(r: LetterRecord, crime_reference: str) -> LetterRecordRow:
    return LetterRecordRow(
        id=r.id,
        version=r.version,
        referral_id=r.referral_id,
        crime_reference=crime_reference,
        letter_type=LetterType(r.letter_type),
        audience=Audience(r.audience),
        easy_read=r.easy_read,
        large_print=r.large_print,
        created_at=r.created_at,
        created_by=r.created_by,
        sent_at=r.sent_at,
        sent_by=r.sent_by,
        sent_method=r.sent_method,
        sha256=r.sha256,
        size=r.size,
        language=r.language,
        template_version=r.template_version,
    )
