"""All services, built once around one engine."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine

from yot_desktop.services.admin.audit import AuditService
from yot_desktop.services.admin.auth import AuthService
from yot_desktop.services.admin.database import DatabaseService
from yot_desktop.services.admin.retention import RetentionService
from yot_desktop.services.admin.scheme_editor import SchemeEditorService
from yot_desktop.services.admin.schemes import SchemeService
from yot_desktop.services.admin.subject_access import SubjectAccessService
from yot_desktop.services.admin.teams import TeamService
from yot_desktop.services.admin.transfer import TransferService
from yot_desktop.services.admin.users import UserService
from yot_desktop.services.changes import ChangeFeed
from yot_desktop.services.core import Clock, ServiceContext, system_clock
from yot_desktop.services.delivery.attendance import AttendanceService
from yot_desktop.services.delivery.attendance_import import AttendanceImportService
from yot_desktop.services.delivery.calendar_settings import CalendarSettingsService
from yot_desktop.services.delivery.engagement import EngagementService
from yot_desktop.services.delivery.plan import PlanService
from yot_desktop.services.delivery.programmes import ProgrammeService
from yot_desktop.services.delivery.scheduling import SchedulingService
from yot_desktop.services.delivery.venues import VenueService
from yot_desktop.services.intake.carers import CarerService
from yot_desktop.services.intake.decisions import ReferralDecisionService
from yot_desktop.services.intake.duplicates import DuplicateService
from yot_desktop.services.intake.export import ReferralExportService
from yot_desktop.services.intake.importer import IntakeImportService
from yot_desktop.services.intake.people import PeopleService
from yot_desktop.services.intake.referrals import ReferralService
from yot_desktop.services.intake.screening import ScreeningService
from yot_desktop.services.letters.service import LetterService
from yot_desktop.services.letters.templates import LetterTemplateService
from yot_desktop.services.live_records import RecordStamps
from yot_desktop.services.reports.service import ReportService
from yot_desktop.storage.engine import make_engine


@dataclass
class Services:
    ctx: ServiceContext
    auth: AuthService
    users: UserService
    people: PeopleService
    schemes: SchemeService
    database: DatabaseService
    # Delivery
    scheduling: SchedulingService
    calendar_settings: CalendarSettingsService  # closure days, venues to book
    venues: VenueService  # keeping venues and their addresses
    programmes: ProgrammeService
    plans: PlanService  # tailoring a programme's plan
    attendance: AttendanceService
    attendance_import: AttendanceImportService  # a provider's register from CSV
    engagement: EngagementService
    # Intake
    referrals: ReferralService
    decisions: ReferralDecisionService  # status, consent, panel, outcome, allocation
    intake: IntakeImportService
    referral_export: ReferralExportService
    carers: CarerService
    duplicates: DuplicateService
    screening: ScreeningService
    scheme_editor: SchemeEditorService
    letters: LetterService
    reports: ReportService
    # Security and data protection
    audit: AuditService
    retention: RetentionService
    subject_access: SubjectAccessService
    letter_templates: LetterTemplateService
    # Teams and their letterhead
    teams: TeamService
    # Case transfer between teams
    transfers: TransferService

    @classmethod
    def for_engine(cls, engine: Engine, clock: Clock = system_clock) -> Services:
        ctx = ServiceContext(engine, clock)
        scheduling = SchedulingService(ctx)
        calendar_settings = CalendarSettingsService(ctx)
        attendance = AttendanceService(ctx)
        return cls(
            ctx=ctx,
            auth=AuthService(ctx),
            users=UserService(ctx),
            people=PeopleService(ctx),
            schemes=SchemeService(ctx),
            database=DatabaseService(ctx),
            scheduling=scheduling,
            calendar_settings=calendar_settings,
            venues=VenueService(ctx),
            programmes=ProgrammeService(ctx, scheduling, calendar_settings),
            plans=PlanService(ctx),
            attendance=attendance,
            attendance_import=AttendanceImportService(ctx),
            engagement=EngagementService(ctx, attendance),
            referrals=ReferralService(ctx),
            decisions=ReferralDecisionService(ctx),
            intake=IntakeImportService(ctx),
            referral_export=ReferralExportService(ctx),
            carers=CarerService(ctx),
            duplicates=DuplicateService(ctx),
            screening=ScreeningService(ctx),
            scheme_editor=SchemeEditorService(ctx),
            letters=LetterService(ctx),
            reports=ReportService(ctx),
            audit=AuditService(ctx),
            retention=RetentionService(ctx),
            subject_access=SubjectAccessService(ctx),
            letter_templates=LetterTemplateService(ctx),
            teams=TeamService(ctx),
            transfers=TransferService(ctx),
        )

    @classmethod
    def open(
        cls,
        url: str,
        clock: Clock = system_clock,
        *,
        key: str | None = None,
        create: bool = True,
    ) -> Services:
        """Open the database at `url` (no migrations: call database.upgrade()).

        `key`: the passphrase of an encrypted SQLite file. `create` False: a SQLite file that
        does not exist is refused (DatabaseMissing) rather than made.
        """
        return cls.for_engine(make_engine(url, key=key, create=create), clock)

    @cached_property
    def changes(self) -> ChangeFeed:
        """Other apps' changes, heard live (started by the window: `changes.start()`)."""
        feed = ChangeFeed(self.ctx.engine, self.ctx.instance)
        self.database.follow(feed)  # it lets go of a SQLite file being restored or encrypted
        return feed

    @cached_property
    def stamps(self) -> RecordStamps:
        """When an open record was last saved, and by whom (live refresh)."""
        return RecordStamps(self.ctx)

    def close(self) -> None:
        if "changes" in self.__dict__:
            self.changes.stop()
        self.ctx.engine.dispose()
