"""The permission matrix's calls for data protection and set-up operations (issues 5 and 7):
the audit trail, retention, letter templates, encryption at rest, CRAFFT wording and case
allocation. See matrix_calls for the shape of an `Op`."""

from __future__ import annotations

from typing import Any

from tests.integration.delivery_helpers import WB_TEAM
from tests.integration.matrix_calls import Env, Op
from tests.integration.matrix_setup import version_of
from yot_desktop.domain.crafft import WORDING_KEYS
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.domain.retention import RetentionSettings
from yot_desktop.letters.edited import TemplateKey, shipped_source
from yot_desktop.services.admin.audit import AuditFilter
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.backups import write_copy
from yot_desktop.storage.engine import engine_key, sqlite_path
from yot_desktop.storage.models import Referral

KEY = TemplateKey(LetterType.OFFER, Audience.PARENT, easy_read=False)
PASSPHRASE = "a long matrix passphrase 42"


def _template_text(env: Env) -> str:
    """The shipped wording: the template editor's starting point."""
    del env
    return shipped_source(KEY)


def _reset(env: Env, user: CurrentUser) -> Any:
    saved = env.services.letter_templates.save(user, KEY, _template_text(env), None)
    assert saved.version is not None
    return env.services.letter_templates.reset(user, KEY, saved.version)


def _restore(env: Env, user: CurrentUser) -> Any:
    """A copy made beside the test (not through the role's own rights), then put back. On
    PostgreSQL (the refusals only) there is no file: the role check comes first."""
    db = sqlite_path(env.services.ctx.engine.url)
    copy = env.tmp / "copy.db"
    if db is not None:
        write_copy(db, copy, engine_key(env.services.ctx.engine))
    return env.services.database.restore(user, copy)


def _decrypt(env: Env, user: CurrentUser) -> Any:
    if env.services.database.encryption_status().encrypted is False:
        env.services.database.encrypt(user, PASSPHRASE, PASSPHRASE)
    return env.services.database.decrypt(user, PASSPHRASE)


def _save_settings(env: Env, user: CurrentUser) -> Any:
    seen = RetentionSettings()
    return env.services.retention.save_settings(user, RetentionSettings(4, True), seen)


ADMIN_OPS: dict[str, Op] = {
    "teams.list_teams": Op(lambda e, u: e.services.teams.list_teams(u)),
    "teams.set_team": Op(
        lambda e, u: e.services.teams.set_team(
            u,
            "Matrix Youth Offending Team",
            address=("1 High Street", "Reading"),
            phone="0118 496 0000",
            email="yot@matrix.example",
        )
    ),
    "audit.search": Op(lambda e, u: e.services.audit.search(u)),
    "audit.choices": Op(lambda e, u: e.services.audit.choices(u)),
    "audit.verify": Op(lambda e, u: e.services.audit.verify(u)),
    "audit.changes": Op(lambda e, u: e.services.audit.changes(u, 1)),
    "audit.export_csv": Op(
        lambda e, u: e.services.audit.export_csv(u, AuditFilter(), e.tmp / "audit.csv")
    ),
    "audit.privilege_warning": Op(lambda e, u: e.services.audit.privilege_warning(u)),
    "audit.record_output": Op(
        lambda e, u: e.services.audit.record_output(u, "print_letter", e.t.letter_id, "Offer")
    ),
    "retention.settings": Op(lambda e, u: e.services.retention.settings(u)),
    "retention.save_settings": Op(_save_settings),
    "retention.due": Op(
        lambda e, u: e.services.retention.due(u).rows,
        lambda rows, t: any(r.person_id == t.expired_person_id for r in rows),
    ),
    "retention.preview": Op(lambda e, u: e.services.retention.preview(u, e.t.expired_person_id)),
    "retention.preview_by_reference": Op(
        lambda e, u: e.services.retention.preview_by_reference(u, e.t.expired_person_ref)
    ),
    "retention.delete": Op(
        lambda e, u: e.services.retention.delete(
            u,
            e.t.expired_person_id,
            "Retention period over",
            e.services.retention.preview(u, e.t.expired_person_id).version,
        )
    ),
    "subject_access.export": Op(
        lambda e, u: e.services.subject_access.export(u, e.t.person_id, e.tmp / "sar")
    ),
    "subject_access.export_by_reference": Op(
        lambda e, u: e.services.subject_access.export_by_reference(
            u, e.t.expired_person_ref, e.tmp / "sar"
        )
    ),
    "letter_templates.languages": Op(lambda e, u: e.services.letter_templates.languages(u)),
    "letter_templates.edited": Op(lambda e, u: e.services.letter_templates.edited(u)),
    "letter_templates.open": Op(lambda e, u: e.services.letter_templates.open(u, KEY)),
    "letter_templates.check": Op(
        lambda e, u: e.services.letter_templates.check(u, KEY, _template_text(e))
    ),
    "letter_templates.preview": Op(
        lambda e, u: e.services.letter_templates.preview(u, KEY, _template_text(e))
    ),
    "letter_templates.save": Op(
        lambda e, u: e.services.letter_templates.save(u, KEY, _template_text(e), None)
    ),
    "letter_templates.reset": Op(_reset),
    "database.encrypt": Op(lambda e, u: e.services.database.encrypt(u, PASSPHRASE, PASSPHRASE)),
    "database.decrypt": Op(_decrypt),
    "database.set_idle_lock_limit": Op(lambda e, u: e.services.database.set_idle_lock_limit(u, 15)),
    "database.restore": Op(_restore),
    "database.automatic_backup": Op(lambda e, u: e.services.database.automatic_backup(u, 7)),
    "screening.wording": Op(lambda e, u: e.services.screening.wording(u)),
    "screening.set_wording": Op(
        lambda e, u: e.services.screening.set_wording(u, {WORDING_KEYS[0]: "Licensed wording"})
    ),
    "decisions.workers": Op(
        lambda e, u: e.services.decisions.workers(u, e.t.received_id),
        lambda rows, t: any(r.id == t.worker_id for r in rows),
    ),
    "decisions.assign_worker": Op(
        lambda e, u: e.services.decisions.assign_worker(
            u, e.t.received_id, version_of(e.services, Referral, e.t.received_id), None
        )
    ),
    # The target case is in team WM: moved to WB (issue 11).
    "transfers.choices": Op(lambda e, u: e.services.transfers.choices(u, e.t.person_id)),
    "transfers.transfer": Op(
        lambda e, u: e.services.transfers.transfer(u, e.t.expired_person_ref, WB_TEAM, "moved")
    ),
}
