"""Importing a police referral file (shared/INTERFACES.md): all or nothing, with a preview.

The preview and the dry run do everything an import does inside one transaction and then
roll it back, so what staff see is exactly what an import would write. The file is read line
by line as it is parsed (services/import_files.py); `progress` hears of every row and may stop
the work (ImportCancelled), which rolls the one transaction back: nothing is written.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from yot_desktop.domain.eligibility import codes_text
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.referral_csv import CsvProblem, ParsedReferral, parse_referral_csv
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.core import ServiceContext, sees_all_teams
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.import_files import ImportCancelled, ImportSource, Progress, as_source
from yot_desktop.services.import_files import step as progress_step
from yot_desktop.services.intake.core import (
    HeldByAnotherTeam,
    PersonFields,
    ReferralFacts,
    add_referral,
    link_or_create_person,
    new_carer,
    taken_references,
)
from yot_desktop.services.intake.dto import CarerInput, ImportReport, ImportRow
from yot_desktop.storage.models import Carer, Scheme, Team


class IntakeImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def preview(
        self, user: CurrentUser, source: str | ImportSource, progress: Progress | None = None
    ) -> ImportReport:
        """What importing the file (or text) would do, row by row. Nothing is written."""
        return self._run(user, as_source(source), write=False, progress=progress)

    def import_text(
        self,
        user: CurrentUser,
        source: str | ImportSource,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import every row, or none when any row has a problem (see `report.problems`).
        `progress(done, total)` returning False stops it: ImportCancelled, nothing written."""
        return self._run(user, as_source(source), write=not dry_run, progress=progress)

    def _run(
        self,
        user: CurrentUser,
        source: ImportSource,
        *,
        write: bool,
        progress: Progress | None = None,
    ) -> ImportReport:
        self.ctx.require(user, Permission.EDIT_CASES, "import_referrals")
        try:
            return self._run_once(user, source, write, progress)
        except ImportCancelled:
            action = "import_referrals" if write else "preview_referrals"
            self.ctx.audit_now(
                user, action, entity="referral", outcome="failed", detail="cancelled"
            )
            raise

    def _run_once(
        self, user: CurrentUser, source: ImportSource, write: bool, progress: Progress | None
    ) -> ImportReport:
        today = self.ctx.clock().date()
        doing = "importing a police referral file" if write else "checking a police referral file"
        with self.ctx.long_write(user, doing), self.ctx.uow() as uow:  # told to anyone waiting
            s = uow.session
            schemes = {
                sc.code: sc
                for sc in s.scalars(select(Scheme).options(selectinload(Scheme.thresholds)))
            }
            with source.lines() as lines:  # read as parsed; too many rows: refused at once
                parsed = parse_referral_csv(
                    lines, today=today, known_scheme_codes=list(schemes), max_rows=source.max_rows
                )
            # Only what the preview shows of a row is kept through the long work below: the
            # records' every cell would double what 50,000 rows hold (60 MB more).
            shown = [
                (n, v.get("crime_reference", ""), v.get("first_name", ""), v.get("last_name", ""))
                for n, v in parsed.records
            ]
            parsed = replace(parsed, records=())
            progress_step(progress, 0, len(parsed.referrals))
            problems = list(parsed.problems)
            taken = taken_references(s, [r.crime_reference for r in parsed.referrals])
            for r in parsed.referrals:
                if r.crime_reference in taken:
                    problems.append(
                        CsvProblem(
                            r.row,
                            "crime_reference",
                            f"{r.crime_reference} is already on file. Each referral needs its "
                            "own crime reference; remove this row if it was sent before",
                        )
                    )
            decided: dict[int, ImportRow] = {}
            held: list[int] = []  # people of other teams the rows refused would have linked
            if not problems:
                # Earlier offences first, so a second referral in the same file is caught by
                # the one-chance rule whichever order the police listed them in.
                ordered = sorted(parsed.referrals, key=lambda r: (r.offence_date, r.row))
                for done, r in enumerate(ordered, start=1):
                    try:
                        decided[r.row] = self._import_row(s, user, r, schemes[r.scheme_code])
                    except HeldByAnotherTeam as err:
                        # Nothing about that record is shown: not its team, reference or
                        # history (the preview rolls back; an import with a problem too).
                        problems.append(CsvProblem(r.row, "first_name", str(err)))
                        held.append(err.person_id)
                    progress_step(progress, done, len(ordered))
                if held:
                    decided.clear()  # all or nothing: no row is decided
            problems.sort(key=lambda p: p.row or 0)  # stable: each row's problems stay in order
            by_row: dict[int, list[str]] = {}
            for p in problems:
                if p.row is not None:
                    by_row.setdefault(p.row, []).append(str(p))
            rows = tuple(
                decided.get(number)
                or ImportRow(
                    row=number,
                    crime_reference=reference,
                    name=" ".join(v for v in (first, last) if v),
                    problems=tuple(by_row.get(number, ())),
                )
                for number, reference, first, last in shown
            )
            lines = tuple(str(p) for p in problems)
            written = write and not problems
            action = "import_referrals" if write else "preview_referrals"
            detail = f"rows={len(rows)} problems={len(lines)} imported={len(decided)}"
            if written:
                self.ctx.audit(s, user, action, "referral", detail=detail)
                uow.commit()
            else:
                s.rollback()
        if not written:
            outcome = "refused" if problems else "ok"
            for person_id in held:  # who tried to reach which record, for the administrator
                self.ctx.audit_now(
                    user,
                    action,
                    entity="young_person",
                    entity_id=person_id,
                    outcome="refused",
                    detail="held by another team",
                )
            self.ctx.audit_now(user, action, entity="referral", outcome=outcome, detail=detail)
        return ImportReport(rows, lines, parsed.warnings, written)

    def _import_row(
        self, s: Session, user: CurrentUser, r: ParsedReferral, scheme: Scheme
    ) -> ImportRow:
        now = self.ctx.clock()
        # A scheme that names its team holds its referrals, whoever imports them (issue 11).
        home = scheme.team_id if scheme.team_id is not None else user.team_id
        person, how = link_or_create_person(
            s,
            PersonFields(
                first_name=r.first_name,
                last_name=r.last_name,
                date_of_birth=r.date_of_birth,
                gender=r.gender.value,
                ethnicity=r.ethnicity.code,
                address_line_1=r.address_line_1,
                address_line_2=r.address_line_2 or "",
                town=r.town or "",
                postcode=r.postcode,
            ),
            home,
            now,
            user.username,
            all_teams=sees_all_teams(user),
        )
        if r.parent_name:
            _add_carer_once(
                s,
                person.id,
                CarerInput(
                    name=r.parent_name,
                    relationship=r.parent_relationship or "",
                    phone=r.parent_phone or "",
                    email=r.parent_email or "",
                    letter_preference="post",
                ),
            )
        # One child, one team: a linked person's referral joins the team holding the record.
        team_id = home if person.team_id is None else person.team_id
        referral, decision, prior = add_referral(
            s,
            person,
            scheme.id,
            rules_of(scheme),
            ReferralFacts(
                crime_reference=r.crime_reference,
                referral_date=r.referral_date,
                referring_officer=r.referring_officer,
                officer_email=r.officer_email or "",
                offence_date=r.offence_date,
                offence_location=r.offence_location or "",
                substance=r.substance,
                quantity=r.quantity,
                unit=r.unit,
                supply_suspected=r.supply_suspected,
                notes=r.notes or "",
            ),
            team_id,
            None,
            now,
            user.username,
        )
        self.ctx.audit(s, user, "create", "referral", referral.id, detail="import")
        if team_id != user.team_id and team_id is not None:  # a manager's, to another team
            how += f", held by {s.get_one(Team, team_id).name}"
        return ImportRow(
            row=r.row,
            crime_reference=r.crime_reference,
            name=f"{r.first_name} {r.last_name}",
            problems=(),
            person=how,
            status=referral.status,
            reasons=tuple(codes_text(decision.reasons).split(";")) if decision.reasons else (),
            prior_diversions=prior,
        )


def _add_carer_once(s: Session, person_id: int, carer: CarerInput) -> None:
    """A linked child's parent is usually already on file: add them only when new."""
    names = s.scalars(select(Carer.name).where(Carer.young_person_id == person_id)).all()
    if carer.name.casefold() in {n.casefold() for n in names}:
        return
    s.add(new_carer(person_id, carer))
    s.flush()
