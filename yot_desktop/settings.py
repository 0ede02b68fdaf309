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
# IT's machine-wide settings (deployment.toml): where, and which keys it may set.
DEPLOYMENT_ENV = "YOT_DEPLOYMENT_FILE"  # another place for the file (tests, pilots)
DEPLOYMENT_KEYS = ("database_url", "sslmode", "idle_lock_minutes", "update_channel")
UPDATE_CHANNELS = ("stable", "preview", "off")
UPDATE_CHANNEL_DEFAULT = "stable"
# Where a setting came from, as Help > Settings on this computer says it.
FROM_DEFAULT = "built-in default"
FROM_COMMAND_LINE = "command line (--db)"
FROM_ENVIRONMENT = f"environment ({DB_URL_ENV})"
FROM_USER = "your own settings"
FROM_DEPLOYMENT = "IT's deployment file"
FROM_DEPLOYMENT_LOCKED = "IT's deployment file (locked)"


class SettingLocked(RuntimeError):
    """IT has fixed this setting for every computer (deployment.toml): a user cannot change it."""

    def __init__(self, name: str, where: Path) -> None:
        self.name = name
        super().__init__(
            f"{name} is set for every computer by your IT department ({where}) and cannot be "
            "changed here. Ask IT to change it."
        )


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
    update_channel: str = UPDATE_CHANNEL_DEFAULT
    # Each setting's origin (FROM_DEFAULT, FROM_USER, FROM_DEPLOYMENT...); the keys IT has
    # locked; the deployment file's place when there is one.
    sources: dict[str, str] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    deployment_file: Path | None = None

    def is_locked(self, name: str) -> bool:
        return name in self.locked

    @property
    def config_file(self) -> Path:
        return self.config_dir / "settings.json"

    def with_database(self, url: str) -> Settings:
        return replace(self, database_url=url)


def default_sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'yot-desktop.db').as_posix()}"


def deployment_path(env: dict[str, str] | None = None) -> Path:
    """Where IT puts the machine-wide settings file on this operating system."""
    import sys

    env = dict(os.environ) if env is None else env
    if where := env.get(DEPLOYMENT_ENV):
        return Path(where)
    if sys.platform == "win32":
        program_data = env.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(program_data) / APP_NAME / "deployment.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / "deployment.toml"
    return Path("/etc/yot-desktop/deployment.toml")


def read_deployment(path: Path) -> tuple[dict[str, str], frozenset[str]]:
    """IT's settings and the keys it locks; none when there is no file. A file that is there
    but wrong stops the app with a message naming the file and the key: IT must fix it."""
    if not path.is_file():
        return {}, frozenset()
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuntimeError(f"The deployment file {path} cannot be read: {exc}") from exc
    locked_list = data.pop("locked", [])
    if not isinstance(locked_list, list) or not all(isinstance(k, str) for k in locked_list):
        raise RuntimeError(
            f"The deployment file {path}: locked must be a list of setting names, "
            'like locked = ["database_url", "sslmode"]'
        )
    allowed = ", ".join(DEPLOYMENT_KEYS)
    for key in [*data, *locked_list]:
        if key not in DEPLOYMENT_KEYS:
            raise RuntimeError(
                f"The deployment file {path}: {key} is not a setting it can give "
                f"(it can give {allowed})"
            )
    values: dict[str, str] = {}
    for key, value in data.items():
        if key == "idle_lock_minutes":
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise RuntimeError(
                    f"The deployment file {path}: idle_lock_minutes must be a number"
                )
            values[key] = str(parse_idle_minutes(str(value), f"The deployment file {path}"))
            continue
        if not isinstance(value, str) or not value.strip():
            raise RuntimeError(f"The deployment file {path}: {key} must be text in quotes")
        if key == "sslmode" and value not in SSL_MODES:
            raise RuntimeError(
                f"The deployment file {path}: sslmode must be one of {', '.join(SSL_MODES)}"
            )
        if key == "update_channel" and value not in UPDATE_CHANNELS:
            raise RuntimeError(
                f"The deployment file {path}: update_channel must be one of "
                f"{', '.join(UPDATE_CHANNELS)}"
            )
        values[key] = value.strip()
    return values, frozenset(locked_list)


def _comparable(value: str) -> str:
    """A value as a lock compares it: a database address without its sslmode."""
    if value.startswith("postgresql"):
        return _with_sslmode(value, "")
    return value


def _with_sslmode(url: str, sslmode: str) -> str:
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "sslmode"]
    if sslmode:
        query.append(("sslmode", sslmode))
    return urlunsplit(parts._replace(query=urlencode(query)))


def load_settings(db_url: str | None = None, env: dict[str, str] | None = None) -> Settings:
    """Command line first, then the environment, then the saved choice, then IT's deployment
    file, then the default; a key the deployment file locks wins over all of them."""
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
    deployment_file = deployment_path(env)
    deployed, locked = read_deployment(deployment_file)
    sources: dict[str, str] = {}

    def pick(key: str, default: str, *before: tuple[str | None, str]) -> str:
        """The value of `key` and where it came from, highest first."""
        if key in locked:
            value = deployed.get(key, default)
            for given, _origin in before:
                if given and _comparable(given) != _comparable(value):
                    raise SettingLocked(key, deployment_file)
            sources[key] = FROM_DEPLOYMENT_LOCKED
            return value
        for given, origin in (*before, (saved.get(key), FROM_USER)):
            if given:
                sources[key] = origin
                return given
        if key in deployed:
            sources[key] = FROM_DEPLOYMENT
            return deployed[key]
        sources[key] = FROM_DEFAULT
        return default

    url = pick(
        "database_url",
        default_sqlite_url(data_dir),
        (db_url, FROM_COMMAND_LINE),
        (env.get(DB_URL_ENV), FROM_ENVIRONMENT),
    )
    idle = parse_idle_minutes(pick("idle_lock_minutes", str(IDLE_LOCK_DEFAULT)), cfg)
    sslmode = pick("sslmode", "prefer")
    if sslmode not in SSL_MODES:
        raise RuntimeError(
            f"The settings file {cfg}: sslmode must be one of {', '.join(SSL_MODES)}"
        )
    if "sslmode" in locked and url.startswith("postgresql"):
        url = _with_sslmode(url, sslmode)  # IT's encryption wins over one saved in the URL
    channel = pick("update_channel", UPDATE_CHANNEL_DEFAULT)
    if channel not in UPDATE_CHANNELS:
        raise RuntimeError(
            f"The settings file {cfg}: update_channel must be one of {', '.join(UPDATE_CHANNELS)}"
        )
    return Settings(
        url,
        data_dir,
        log_dir,
        config_dir,
        idle_lock_minutes=idle,
        extra=saved,
        sslmode=sslmode,
        update_channel=channel,
        sources=sources,
        locked=locked,
        deployment_file=deployment_file if deployed or locked else None,
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
    """Remember one choice for this computer; never a secret, never one IT has locked."""
    if name in settings.locked:
        raise SettingLocked(name, settings.deployment_file or deployment_path())
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

    if "database_url" in settings.locked:
        raise SettingLocked("database_url", settings.deployment_file or deployment_path())
    # URL.set(password=None) keeps the password (None means "unchanged"): replace it instead.
    safe = make_url(url)._replace(password=None).render_as_string(hide_password=False)
    data = dict(settings.extra)
    data["database_url"] = safe
    settings.config_dir.mkdir(parents=True, exist_ok=True)
    settings.config_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
