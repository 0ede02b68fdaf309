"""Typed settings, injected everywhere; nothing reads the environment behind their back."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

APP_NAME = "YOT Desktop"
IDLE_LOCK_DEFAULT = 15
IDLE_LOCK_RANGE = (1, 240)  # minutes
SSL_MODES = ("disable", "prefer", "require", "verify-ca", "verify-full")
# Secrets never go in the settings file: the system's password store keeps them.
_SECRET_WORDS = ("password", "passphrase", "secret", "key")
APP_AUTHOR = "YOT Desktop"
DB_URL_ENV = "YOT_DB_URL"


def _dirs() -> tuple[Path, Path, Path]:
    # platformdirs is light; imported here so tests can build Settings without touching disk.
    from platformdirs import PlatformDirs

    d = PlatformDirs(APP_NAME, APP_AUTHOR)
    return Path(d.user_data_dir), Path(d.user_log_dir), Path(d.user_config_dir)


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    log_dir: Path
    config_dir: Path
    idle_lock_minutes: int = IDLE_LOCK_DEFAULT  # this computer's choice (see app.idle_minutes)
    extra: dict[str, str] = field(default_factory=dict)
    sslmode: str = "prefer"  # for a new PostgreSQL connection; a saved URL carries its own

    @property
    def config_file(self) -> Path:
        return self.config_dir / "settings.json"

    def with_database(self, url: str) -> Settings:
        return replace(self, database_url=url)


def default_sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'yot-desktop.db').as_posix()}"


def load_settings(db_url: str | None = None, env: dict[str, str] | None = None) -> Settings:
    """Command line first, then the environment, then the saved choice, then the default."""
    env = dict(os.environ) if env is None else env
    data_dir, log_dir, config_dir = _dirs()
    if home := env.get("YOT_HOME"):
        # One folder for everything: used by tests, demos and portable installs.
        base = Path(home)
        data_dir, log_dir, config_dir = base / "data", base / "logs", base / "config"
    saved: dict[str, str] = {}
    cfg = config_dir / "settings.json"
    if cfg.is_file():
        try:
            loaded = json.loads(cfg.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RuntimeError(f"The settings file {cfg} cannot be read: {exc}") from exc
        if isinstance(loaded, dict):
            saved = {str(k): str(v) for k, v in loaded.items()}
    url = db_url or env.get(DB_URL_ENV) or saved.get("database_url") or default_sqlite_url(data_dir)
    idle = parse_idle_minutes(saved.get("idle_lock_minutes", str(IDLE_LOCK_DEFAULT)), cfg)
    sslmode = saved.get("sslmode", "prefer")
    if sslmode not in SSL_MODES:
        raise RuntimeError(
            f"The settings file {cfg}: sslmode must be one of {', '.join(SSL_MODES)}"
        )
    return Settings(
        url, data_dir, log_dir, config_dir, idle_lock_minutes=idle, extra=saved, sslmode=sslmode
    )


def parse_idle_minutes(text: str, where: object = "idle_lock_minutes") -> int:
    low, high = IDLE_LOCK_RANGE
    try:
        minutes = int(text)
    except ValueError:
        minutes = 0
    if not low <= minutes <= high:
        raise RuntimeError(
            f"{where}: the idle lock must be a whole number of minutes from {low} to {high}, "
            f"like {IDLE_LOCK_DEFAULT}"
        )
    return minutes


def save_setting(settings: Settings, name: str, value: str) -> Settings:
    """Remember one choice for this computer; never a secret."""
    if any(word in name.lower() for word in _SECRET_WORDS):
        raise ValueError(f"{name} is a secret: keep it in the system's password store")
    data = dict(settings.extra)
    data[name] = value
    settings.config_dir.mkdir(parents=True, exist_ok=True)
    settings.config_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
    updated = replace(settings, extra=data)
    if name == "idle_lock_minutes":
        updated = replace(updated, idle_lock_minutes=parse_idle_minutes(value))
    if name == "sslmode":
        updated = replace(updated, sslmode=value)
    return updated


def save_database_choice(settings: Settings, url: str) -> None:
    """Remember the database for next time. A URL is saved without its password."""
    from sqlalchemy.engine import make_url

    # URL.set(password=None) keeps the password (None means "unchanged"): replace it instead.
    safe = make_url(url)._replace(password=None).render_as_string(hide_password=False)
    data = dict(settings.extra)
    data["database_url"] = safe
    settings.config_dir.mkdir(parents=True, exist_ok=True)
    settings.config_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
