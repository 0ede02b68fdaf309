"""Reports (issue 6): panel case summaries and packs, and the scheme evaluation.

Permissions are enforced here, for GUI and CLI alike: the panel role only ever gets
pseudonymised summaries, whatever the caller asks; identifiable summaries need
EXPORT_IDENTIFIABLE. The scheme evaluation counts only the referrals the user may open (a
practitioner's own team's), and every exported evaluation is suppressed. Every export is
audited, with no personal data in the detail.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.evaluation import Evaluation, EvaluationSettings, evaluate_counts
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.validation import search_text
from yot_desktop.reports.data import PanelCase, pseudonymise
from yot_desktop.services.admin.audit_verify import chain_head
from yot_desktop.services.core import ServiceContext, referral_scope, sees_all_teams
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake import panel_recommendations
from yot_desktop.services.intake.panel_recommendations import Recommendation
from yot_desktop.services.output_files import write_atomically
from yot_desktop.services.reports.facts import build_panel_case
from yot_desktop.services.reports.pseudonym import panel_key, panel_pseudonym
from yot_desktop.services.reports.sql import ALL_TEAMS, OneTeam, TeamScope, load_counts
from yot_desktop.storage.models import Referral, Scheme

Progress = Callable[[int, int], None]
# (phase, done, total), phase "Reading" or "Laying out"; returning False stops the pack.
PackProgress = Callable[[str, int, int], object]
FORMATS = ("pdf", "xlsx", "csv")


@dataclass(frozen=True)
class SchemeChoice:
    code: str
    name: str


@dataclass(frozen=True)
class AgendaRow:
    """One case listed for a panel, as the screen shows it (pseudonymised: no name)."""

    person: str  # the panel's reference; "Name (YP000001)" when identifiable
    age: str
    scheme: str
    practitioner: str
    recommendation: str
    pseudonymised: bool
    status: str = ""  # "In programme", "Completed (police outcome 22)"...


def _with_panel_ref(key: bytes, case: PanelCase, person_id: int) -> PanelCase:
    """The case with the panel's own reference for the child (this panel only)."""
    return dataclasses.replace(case, panel_ref=panel_pseudonym(key, case.panel_date, person_id))


def format_of(path: str | Path) -> str:
    """The export format named by a file's extension, or a ValidationError."""
    ext = Path(path).suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise ValidationError(
            FieldProblem(
                "File name",
                f"the file must end .pdf, .xlsx or .csv (the format is taken from it): {path}",
            )
        )
    return ext


def evaluation_scope(user: CurrentUser) -> TeamScope:
    """Whose referrals the scheme evaluation counts for this user: those they may open."""
    if sees_all_teams(user):
        return ALL_TEAMS
    return OneTeam(user.team_id)


def _scope_detail(user: CurrentUser) -> str:
    team = evaluation_scope(user)
    return f"; team {team.team_id}" if isinstance(team, OneTeam) else ""


class ReportService:
    def __init__(self, ctx: ServiceContext, settings: EvaluationSettings | None = None) -> None:
        self.ctx = ctx
        self.settings = settings or EvaluationSettings()

    # ---- scheme evaluation -------------------------------------------------------------

    def schemes(self, user: CurrentUser) -> list[SchemeChoice]:
        self.ctx.require(user, Permission.VIEW_REPORTS, "report_schemes")
        with self.ctx.uow() as uow:
            rows = uow.session.execute(select(Scheme.code, Scheme.name).order_by(Scheme.code))
            return [SchemeChoice(c, n) for c, n in rows]

    def evaluation(
        self,
        user: CurrentUser,
        period_from: date,
        period_to: date,
        scheme_code: str | None = None,
    ) -> Evaluation:
        """The raw evaluation (for the screen's preview: show only its suppressed view).

        It counts only the referrals the user may open: every team's for managers and
        administrators, the user's own team's for practitioners (scoped in the query, so no
        figure, however small the period or scheme chosen, says anything about another
        team's children). Exports pass it through small-number suppression, whoever asks."""
        self.ctx.require(user, Permission.VIEW_REPORTS, "report_scheme")
        if period_to < period_from:
            raise ValidationError(
                FieldProblem(
                    "To date", f"the period ends ({period_to}) before it starts ({period_from})"
                )
            )
        with self.ctx.uow() as uow:
            s = uow.session
            schemes = list(
                s.execute(select(Scheme.id, Scheme.code, Scheme.name).order_by(Scheme.code))
            )
            index = 0
            if scheme_code:
                codes = [code for _, code, _ in schemes]
                if scheme_code.strip() not in codes:
                    raise ValidationError(
                        FieldProblem("Scheme", f"no scheme has the code {scheme_code!r}")
                    )
                index = 1 + codes.index(scheme_code.strip())
            team = evaluation_scope(user)
            suffix = ""
            if isinstance(team, OneTeam):
                suffix = f": {user.team_name or 'your team'}'s cases only"
            # Every report the user can produce for the period (all schemes, each scheme):
            # suppressed together, so none can be subtracted from another (issue 15, 11).
            family = []
            for scheme_id, label in [(None, "All schemes")] + [
                (sid, f"{name} ({code})") for sid, code, name in schemes
            ]:
                counts = load_counts(
                    s, scheme_id, period_from, period_to, self.settings.second_referral_days, team
                )
                family.append(
                    evaluate_counts(
                        counts, period_from, period_to, self.settings, scheme_label=label + suffix
                    )
                )
        return dataclasses.replace(family[index], family=tuple(family), family_index=index)

    def export_scheme(
        self,
        user: CurrentUser,
        period_from: date,
        period_to: date,
        fmt: str,
        stream: BinaryIO,
        scheme_code: str | None = None,
        evaluation: Evaluation | None = None,
    ) -> None:
        """Write the suppressed evaluation as pdf, xlsx or csv, and audit it."""
        if fmt not in FORMATS:
            raise ValidationError(
                FieldProblem("File type", f"choose PDF, Excel (.xlsx) or CSV, not {fmt!r}")
            )
        ev = evaluation or self.evaluation(user, period_from, period_to, scheme_code)
        self.ctx.require(user, Permission.VIEW_REPORTS, "report_scheme")
        view = ev.suppressed_view()
        # The writers (ReportLab, openpyxl) are imported when a file is made, not at start-up.
        if fmt == "pdf":
            from yot_desktop.reports.evaluation_pdf import render_evaluation_pdf

            with self.ctx.uow() as uow:  # the trail's head, printed: a cut tail shows later
                head = chain_head(uow.session)
            render_evaluation_pdf(view, stream, audit_head=head)
        elif fmt == "xlsx":
            from yot_desktop.reports.xlsx import write_evaluation_xlsx

            write_evaluation_xlsx(view, stream)
        else:
            from yot_desktop.reports.csv_export import write_evaluation_csv

            write_evaluation_csv(view, stream)
        self.ctx.audit_now(
            user,
            "report_scheme_export",
            entity="scheme",
            detail=f"{fmt}; scheme {scheme_code or 'all'}; {period_from} to {period_to}"
            + _scope_detail(user),
        )

    def export_scheme_file(
        self,
        user: CurrentUser,
        period_from: date,
        period_to: date,
        out: Path,
        scheme_code: str | None = None,
    ) -> None:
        """Write to ``out`` only when everything succeeded (nothing written on refusal)."""
        fmt = format_of(out)
        buffer = io.BytesIO()
        self.export_scheme(user, period_from, period_to, fmt, buffer, scheme_code)
        write_atomically(out, buffer.getvalue())

    # ---- panel -------------------------------------------------------------------------

    def _may_identify(self, user: CurrentUser, pseudonymised: bool) -> bool:
        """Whether the output will be identifiable; refuses those not allowed to view it."""
        self.ctx.require(user, Permission.VIEW_PANEL_SUMMARIES, "report_panel")
        return not pseudonymised and allowed(user.role, Permission.EXPORT_IDENTIFIABLE)

    def _referral(self, s: Session, user: CurrentUser, crime_reference: str) -> Referral:
        stmt = select(Referral).where(Referral.crime_reference == search_text(crime_reference))
        if allowed(user.role, Permission.VIEW_CASES):  # the panel itself sees every team's
            stmt = referral_scope(user, stmt)
        r = s.scalar(stmt)
        if r is None:
            raise NotFound(f"Crime reference: no referral has the reference {crime_reference!r}")
        return r

    def panel_case(
        self, user: CurrentUser, crime_reference: str, recommendation: str | None = None
    ) -> tuple[int, PanelCase]:
        """The case as the summary shows it; ``recommendation`` None shows the stored one."""
        self.ctx.require(user, Permission.VIEW_PANEL_SUMMARIES, "report_panel")
        with self.ctx.uow() as uow:
            r = self._referral(uow.session, user, crime_reference)
            referral_id, person_id = r.id, r.young_person_id
            case = build_panel_case(uow.session, r, self.ctx.clock().date(), recommendation)
        # The key is made (once) only for a case that is shown: a refusal writes nothing.
        case = _with_panel_ref(panel_key(self.ctx), case, person_id)
        if not allowed(user.role, Permission.EXPORT_IDENTIFIABLE):
            case = pseudonymise(case)  # the panel role never holds an identifiable case
        return referral_id, case

    def panel_summary(
        self,
        user: CurrentUser,
        crime_reference: str,
        stream: BinaryIO,
        *,
        pseudonymised: bool = True,
        recommendation: str | None = None,
    ) -> bool:
        """Render one case summary. Returns whether it was pseudonymised (always for the
        panel role, and for anyone without EXPORT_IDENTIFIABLE)."""
        identifiable = self._may_identify(user, pseudonymised)
        referral_id, case = self.panel_case(user, crime_reference, recommendation)
        from yot_desktop.reports.panel import render_panel_summary  # ReportLab, when used

        render_panel_summary(case, stream, pseudonymised=not identifiable)
        self.ctx.audit_now(
            user,
            "report_panel_summary",
            entity="referral",
            entity_id=referral_id,
            detail="identifiable" if identifiable else "pseudonymised",
        )
        return not identifiable

    def recommendation(self, user: CurrentUser, crime_reference: str) -> Recommendation:
        """The practitioner's recommendation as stored, for editing."""
        self.ctx.require(user, Permission.EDIT_CASES, "read_panel_recommendation")
        with self.ctx.uow() as uow:
            r = self._referral(uow.session, user, crime_reference)
            found = panel_recommendations.read(uow.session, r)
            self.ctx.audit(uow.session, user, "view_panel_recommendation", "referral", r.id)
            uow.commit()
            return found

    def save_recommendation(
        self, user: CurrentUser, crime_reference: str, text: str, version: int | None
    ) -> Recommendation:
        """Store the recommendation over ``version`` (None when none was written): a stale
        version is a ConflictError. Audited without the text."""
        self.ctx.require(user, Permission.EDIT_CASES, "panel_recommendation")
        with self.ctx.uow() as uow:
            r = self._referral(uow.session, user, crime_reference)
            saved = panel_recommendations.write(self.ctx, uow.session, user, r, text, version)
            uow.commit()
            return saved

    def preview_recommendation(self, user: CurrentUser, crime_reference: str, text: str) -> str:
        """``text`` as the panel will read it: the child's and family's names, date of birth,
        references, addresses, phones, emails and school taken out, each marked by a label
        (the redaction of the pseudonymised summary and pack). Nothing is saved."""
        self.ctx.require(user, Permission.EDIT_CASES, "preview_panel_recommendation")
        with self.ctx.uow() as uow:
            r = self._referral(uow.session, user, crime_reference)
            case = build_panel_case(uow.session, r, self.ctx.clock().date(), text.strip())
        return pseudonymise(case).recommendation

    def panel_dates(self, user: CurrentUser) -> list[date]:
        """The dates cases are listed for the panel: a practitioner's own team's cases only
        (the packs they may make); every date for managers and the panel itself."""
        self.ctx.require(user, Permission.VIEW_PANEL_SUMMARIES, "report_panel")
        stmt = select(Referral.panel_date).where(Referral.panel_date.is_not(None))
        if allowed(user.role, Permission.VIEW_CASES):  # the panel itself sees every team's
            stmt = referral_scope(user, stmt)
        with self.ctx.uow() as uow:
            return list(uow.session.scalars(stmt.distinct().order_by(Referral.panel_date.desc())))

    def _listed(self, s: Session, user: CurrentUser, panel_date: date) -> list[Referral]:
        """The referrals listed for the panel on ``panel_date`` that ``user`` may see."""
        stmt = select(Referral).where(Referral.panel_date == panel_date)
        if allowed(user.role, Permission.VIEW_CASES):  # the panel itself sees every team's
            stmt = referral_scope(user, stmt)
        return list(s.scalars(stmt.order_by(Referral.referral_date, Referral.id)))

    def panel_agenda(
        self, user: CurrentUser, panel_date: date, *, pseudonymised: bool = True
    ) -> list[AgendaRow]:
        """The cases listed for the panel on ``panel_date``, as the pack's agenda lists them:
        pseudonymised for the panel role and whenever asked. The viewing is audited."""
        identifiable = self._may_identify(user, pseudonymised)
        today = self.ctx.clock().date()
        with self.ctx.uow() as uow:
            s = uow.session
            listed = [
                (build_panel_case(s, r, today), r.young_person_id)
                for r in self._listed(s, user, panel_date)
            ]
        key = panel_key(self.ctx) if listed else b""
        cases = [_with_panel_ref(key, case, person_id) for case, person_id in listed]
        from yot_desktop.reports.panel import case_status  # ReportLab, when used

        rows = []
        for c in cases if identifiable else map(pseudonymise, cases):
            rows.append(
                AgendaRow(
                    person=f"{c.full_name} ({c.person_ref})" if identifiable else c.person_ref,
                    age="" if c.age is None else str(c.age),
                    scheme=c.scheme_name,
                    practitioner=c.practitioner_name,
                    recommendation=c.recommendation or "No recommendation written yet.",
                    pseudonymised=not identifiable,
                    status=case_status(c),
                )
            )
        self.ctx.audit_now(
            user,
            "view_panel_agenda",
            entity="panel",
            detail=f"{panel_date}; {len(rows)} cases; "
            + ("identifiable" if identifiable else "pseudonymised"),
        )
        return rows

    def panel_pack(
        self,
        user: CurrentUser,
        panel_date: date,
        stream: BinaryIO,
        *,
        pseudonymised: bool = True,
        progress: PackProgress | None = None,
    ) -> tuple[int, bool]:
        """Every referral listed for the panel on ``panel_date``: (how many, pseudonymised).

        ``progress(phase, done, total)`` after each case is read and again as each is laid
        out; returning False raises PackCancelled (write to a buffer: a stopped pack is
        incomplete)."""
        from yot_desktop.reports.panel import PackCancelled, render_panel_pack  # ReportLab

        identifiable = self._may_identify(user, pseudonymised)
        today = self.ctx.clock().date()
        with self.ctx.uow() as uow:
            s = uow.session
            referrals = self._listed(s, user, panel_date)
            people = [r.young_person_id for r in referrals]
            cases = []
            for r in referrals:
                cases.append(build_panel_case(s, r, today))
                if (
                    progress is not None
                    and progress("Reading", len(cases), len(referrals)) is False
                ):
                    raise PackCancelled(len(cases))
        key = panel_key(self.ctx) if cases else b""
        cases = [_with_panel_ref(key, c, p) for c, p in zip(cases, people, strict=True)]

        def laid_out(done: int, total: int) -> object:
            return None if progress is None else progress("Laying out", done, total)

        render_panel_pack(panel_date, cases, stream, laid_out, pseudonymised=not identifiable)
        self.ctx.audit_now(
            user,
            "report_panel_pack",
            entity="panel",
            detail=f"{panel_date}; {len(cases)} cases; "
            + ("identifiable" if identifiable else "pseudonymised"),
        )
        return len(cases), not identifiable
