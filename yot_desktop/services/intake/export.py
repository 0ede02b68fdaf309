"""`export referrals`: one row per referral, exactly as shared/INTERFACES.md specifies."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from sqlalchemy import select

from yot_desktop.domain.age import age_on
from yot_desktop.domain.eligibility import codes_text, count_prior_diversions, reasons_from_text
from yot_desktop.domain.engagement import engagement_state, is_unexplained
from yot_desktop.domain.enums import Attendance, ReferralStatus
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.programme import ASSESSMENT
from yot_desktop.domain.spreadsheet import inert_row
from yot_desktop.services.core import ServiceContext, referral_scope
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, Scheme, YoungPerson

EXPORT_COLUMNS = (
    "crime_reference",
    "person_ref",
    "first_name",
    "last_name",
    "date_of_birth",
    "age_at_offence",
    "scheme",
    "status",
    "eligibility",
    "eligibility_reasons",
    "prior_diversions",
    "possible_duplicate",
    "sessions_required",
    "sessions_attended",
    "unexplained_absences",
    "engagement",
)

# Engagement is only measured once a programme has started.
PROGRAMME_STATUSES = frozenset(
    {ReferralStatus.IN_PROGRAMME, ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED}
)
ATTENDED = frozenset({Attendance.ATTENDED.value, Attendance.LATE.value})


class ReferralExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def export_csv(self, user: CurrentUser) -> str:
        """The whole file as text (UTF-8 when written, with a header row)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        count = 0
        for row in self.rows(user):
            writer.writerow(inert_row(row))  # names exactly as entered, but never a formula
            count += 1
        self.ctx.audit_now(user, "export_referrals", entity="referral", detail=f"rows={count}")
        return out.getvalue()

    def rows(self, user: CurrentUser) -> Iterator[tuple[str, ...]]:
        self.ctx.require(user, Permission.EXPORT_IDENTIFIABLE, "export_referrals")
        with self.ctx.uow() as uow:
            s = uow.session
            stmt = referral_scope(
                user,
                select(
                    Referral.id,
                    Referral.crime_reference,
                    Referral.young_person_id,
                    Referral.offence_date,
                    Referral.status,
                    Referral.eligible,
                    Referral.eligibility_reasons,
                    YoungPerson.person_ref,
                    YoungPerson.first_name,
                    YoungPerson.last_name,
                    YoungPerson.date_of_birth,
                    YoungPerson.possible_duplicate,
                    Scheme.code,
                    Scheme.sessions_required,
                    Scheme.absence_limit,
                )
                .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
                .join(Scheme, Scheme.id == Referral.scheme_id),
            ).order_by(Referral.referral_date, Referral.id)
            rows = s.execute(stmt).all()
            history: dict[int, list[tuple[date, ReferralStatus]]] = defaultdict(list)
            # Prior diversions look at all of a person's referrals, whatever team holds them.
            person_ids = sorted({r.young_person_id for r in rows})
            for start in range(0, len(person_ids), 500):
                for pid, offence, status in s.execute(
                    select(
                        Referral.young_person_id,
                        Referral.offence_date,
                        Referral.status,
                    ).where(Referral.young_person_id.in_(person_ids[start : start + 500]))
                ):
                    history[pid].append((offence, ReferralStatus(status)))
            attended: dict[int, int] = defaultdict(int)
            unexplained: dict[int, int] = defaultdict(int)
            for rid, intervention, status, evidence in s.execute(
                select(
                    ProgrammeSession.referral_id,
                    ProgrammeSession.intervention,
                    ProgrammeSession.status,
                    ProgrammeSession.evidence_received,
                )
            ):
                # sessions_required counts the sessions after the assessment; so does this.
                if status in ATTENDED:
                    if intervention != ASSESSMENT:
                        attended[rid] += 1
                elif is_unexplained(Attendance(status), bool(evidence)):
                    unexplained[rid] += 1
        for r in rows:
            status = ReferralStatus(r.status)
            prior = count_prior_diversions(r.offence_date, history[r.young_person_id])
            started = status in PROGRAMME_STATUSES
            state = engagement_state(unexplained[r.id], r.absence_limit, started)
            yield (
                r.crime_reference,
                r.person_ref,
                r.first_name,
                r.last_name,
                r.date_of_birth.isoformat(),
                str(age_on(r.date_of_birth, r.offence_date)),
                r.code,
                status.value,
                "eligible" if r.eligible else "ineligible",
                codes_text(reasons_from_text(r.eligibility_reasons)),
                str(prior),
                "yes" if r.possible_duplicate else "no",
                str(r.sessions_required),
                str(attended[r.id]),
                str(unexplained[r.id]),
                state.value if state is not None else "",
            )
