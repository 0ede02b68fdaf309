"""Engagement for many programmes at once: a few queries, however long the list."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain import engagement as rules
from yot_desktop.domain.attendance import ATTENDED_VALUES
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.programme import ASSESSMENT
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.delivery.common import ACTIVE, person_name
from yot_desktop.services.delivery.dto import EngagementRow
from yot_desktop.services.delivery.programme_state import decision_due
from yot_desktop.storage.models import ProgrammeSession, Referral, Scheme, YoungPerson
from yot_desktop.storage.models_delivery import Programme

_CHUNK = 500
_ATTENDED = {v.value for v in ATTENDED_VALUES}


def _stats(s: Session, referral_ids: Sequence[int]) -> dict[int, list[int]]:
    """referral id -> [unexplained, attended after the assessment, assessment attended (0/1)]."""
    out: dict[int, list[int]] = {rid: [0, 0, 0] for rid in referral_ids}
    for i in range(0, len(referral_ids), _CHUNK):
        rows = s.execute(
            select(
                ProgrammeSession.referral_id,
                ProgrammeSession.intervention,
                ProgrammeSession.status,
                ProgrammeSession.evidence_received,
            ).where(ProgrammeSession.referral_id.in_(referral_ids[i : i + _CHUNK]))
        )
        for rid, intervention, status, evidence in rows:
            found = out[rid]
            if rules.is_unexplained(Attendance(status), evidence):
                found[0] += 1
            if status in _ATTENDED:
                if intervention == ASSESSMENT:
                    found[2] = 1
                else:
                    found[1] += 1
    return out


def engagement_rows(
    s: Session, pairs: Sequence[tuple[Programme, Referral]]
) -> tuple[EngagementRow, ...]:
    if not pairs:
        return ()
    schemes = {sc.id: rules_of(sc) for sc in s.scalars(select(Scheme))}
    stats = _stats(s, [r.id for _p, r in pairs])
    person_ids = list({r.young_person_id for _p, r in pairs})
    names: dict[int, str] = {}
    for i in range(0, len(person_ids), _CHUNK):
        for pid, first, last in s.execute(
            select(YoungPerson.id, YoungPerson.first_name, YoungPerson.last_name).where(
                YoungPerson.id.in_(person_ids[i : i + _CHUNK])
            )
        ):
            names[pid] = person_name(first, last)
    out = []
    for programme, referral in pairs:
        scheme = schemes[referral.scheme_id]
        unexplained, attended, assessment = stats[referral.id]
        out.append(
            EngagementRow(
                programme_id=programme.id,
                programme_version=programme.version,
                referral_id=referral.id,
                crime_reference=referral.crime_reference,
                person_name=names[referral.young_person_id],
                scheme_code=scheme.code,
                scheme_model=scheme.model.value,
                deadline=programme.deadline,
                attended=attended,
                required=scheme.sessions_required,
                unexplained=unexplained,
                absence_limit=scheme.absence_limit,
                engagement=rules.engagement_state(unexplained, scheme.absence_limit, True),
                decision_due=decision_due(programme, unexplained, scheme),
                completion_due=programme.status == ACTIVE
                and rules.completion_due(
                    attended,
                    scheme.sessions_required,
                    bool(assessment),
                    scheme.assessment_required,
                ),
            )
        )
    return tuple(out)
