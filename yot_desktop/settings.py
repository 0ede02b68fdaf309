"""Typed settings, injected everywhere; nothing reads the environment behind their back."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

APP_NAME = "YOT Desktop"
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
    idle_lock_minutes: int = 15
    extra: dict[str, str] = field(default_factory=dict)

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
    idle = int(saved.get("idle_lock_minutes", "15"))
    return Settings(url, data_dir, log_dir, config_dir, idle_lock_minutes=idle, extra=saved)


def save_database_choice(settings: Settings, url: str) -> None:
    """Remember the database for next time. A URL is saved without its password."""
    from sqlalchemy.engine import make_url

    safe = make_url(url).set(password=None).render_as_string(hide_password=False)
    data = dict(settings.extra)
    data["database_url"] = safe
    settings.config_dir.mkdir(parents=True, exist_ok=True)
    settings.config_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
