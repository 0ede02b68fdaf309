"""All services, built once around one engine."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from yot_desktop.services.auth import AuthService
from yot_desktop.services.core import Clock, ServiceContext, system_clock
from yot_desktop.services.database import DatabaseService
from yot_desktop.services.demo import DemoService
from yot_desktop.services.people import PeopleService
from yot_desktop.services.schemes import SchemeService
from yot_desktop.services.users import UserService
from yot_desktop.storage.engine import make_engine


@dataclass
class Services:
    ctx: ServiceContext
    auth: AuthService
    users: UserService
    people: PeopleService
    schemes: SchemeService
    database: DatabaseService
    demo: DemoService

    @classmethod
    def for_engine(cls, engine: Engine, clock: Clock = system_clock) -> Services:
        ctx = ServiceContext(engine, clock)
        return cls(
            ctx=ctx,
            auth=AuthService(ctx),
            users=UserService(ctx),
            people=PeopleService(ctx),
            schemes=SchemeService(ctx),
            database=DatabaseService(ctx),
            demo=DemoService(ctx),
        )

    @classmethod
    def open(cls, url: str, clock: Clock = system_clock) -> Services:
        """Open the database at `url` (no migrations: call database.upgrade())."""
        return cls.for_engine(make_engine(url), clock)

    def close(self) -> None:
        self.ctx.engine.dispose()
