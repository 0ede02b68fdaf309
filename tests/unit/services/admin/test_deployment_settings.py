"""IT's machine-wide settings (deployment.toml): values, locks, and where each came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yot_desktop.settings import (
    SettingLocked,
    deployment_path,
    load_settings,
    save_database_choice,
    save_setting,
)

SERVER = "postgresql+psycopg://yot@db.council.local:5432/yot"


def _env(tmp_path: Path, deployment: str | None) -> dict[str, str]:
    file = tmp_path / "deployment.toml"
    if deployment is not None:
        file.write_text(deployment, encoding="utf-8")
    return {"YOT_HOME": str(tmp_path / "home"), "YOT_DEPLOYMENT_FILE": str(file)}


def _save_user_choice(env: dict[str, str], **values: str) -> None:
    config = Path(env["YOT_HOME"]) / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps(values), encoding="utf-8")


def test_the_deployment_file_is_where_it_is_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys, "platform", "linux")
    assert deployment_path({}) == Path("/etc/yot-desktop/deployment.toml")
    monkeypatch.setattr(sys, "platform", "win32")
    assert deployment_path({"PROGRAMDATA": r"D:\ProgramData"}) == (
        Path(r"D:\ProgramData") / "YOT Desktop" / "deployment.toml"
    )
    assert deployment_path({"YOT_DEPLOYMENT_FILE": "/srv/x.toml"}) == Path("/srv/x.toml")


def test_without_a_deployment_file_every_setting_is_the_users_or_the_default(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path, None)
    _save_user_choice(env, sslmode="require")
    settings = load_settings(env=env)
    assert settings.deployment_file is None
    assert settings.locked == frozenset()
    assert settings.sources["database_url"] == "built-in default"
    assert settings.sources["sslmode"] == "your own settings"
    assert settings.sslmode == "require"
    assert settings.update_channel == "stable"


def test_unlocked_deployment_values_are_defaults_the_user_may_change(tmp_path: Path) -> None:
    env = _env(
        tmp_path,
        f'database_url = "{SERVER}"\nsslmode = "verify-full"\nidle_lock_minutes = 10\n'
        'update_channel = "preview"\n',
    )
    settings = load_settings(env=env)
    assert settings.database_url == SERVER
    assert (settings.sslmode, settings.idle_lock_minutes, settings.update_channel) == (
        "verify-full",
        10,
        "preview",
    )
    assert settings.sources["idle_lock_minutes"] == "IT's deployment file"
    # The user's own choice wins over an unlocked one, and says so.
    saved = save_setting(settings, "idle_lock_minutes", "5")
    assert saved.idle_lock_minutes == 5
    again = load_settings(env=env)
    assert again.idle_lock_minutes == 5
    assert again.sources["idle_lock_minutes"] == "your own settings"
    # The command line wins over both for the database.
    other = "sqlite:///elsewhere.db"
    assert load_settings(other, env=env).sources["database_url"] == "command line (--db)"


def test_a_locked_key_wins_and_cannot_be_changed(tmp_path: Path) -> None:
    env = _env(
        tmp_path,
        f'database_url = "{SERVER}"\nsslmode = "verify-full"\nidle_lock_minutes = 10\n'
        'locked = ["database_url", "sslmode", "idle_lock_minutes"]\n',
    )
    _save_user_choice(env, idle_lock_minutes="60", sslmode="disable", database_url="sqlite:///a.db")
    settings = load_settings(env=env)
    assert settings.idle_lock_minutes == 10
    assert settings.database_url == SERVER + "?sslmode=verify-full"
    assert settings.sources["sslmode"] == "IT's deployment file (locked)"
    assert settings.is_locked("database_url")
    with pytest.raises(SettingLocked, match="idle_lock_minutes is set for every computer"):
        save_setting(settings, "idle_lock_minutes", "30")
    with pytest.raises(SettingLocked, match="database_url"):
        save_database_choice(settings, "sqlite:///mine.db")
    with pytest.raises(SettingLocked, match="database_url"):
        load_settings("sqlite:///mine.db", env=env)
    with pytest.raises(SettingLocked, match="database_url"):
        load_settings(env={**env, "YOT_DB_URL": "sqlite:///mine.db"})
    # The same address as IT's is not a change.
    assert load_settings(SERVER + "?sslmode=verify-full", env=env).database_url.startswith(SERVER)


def test_a_locked_sslmode_replaces_the_one_in_the_url(tmp_path: Path) -> None:
    env = _env(
        tmp_path,
        f'database_url = "{SERVER}?sslmode=disable&application_name=yot"\n'
        'sslmode = "require"\nlocked = ["sslmode"]\n',
    )
    settings = load_settings(env=env)
    assert "sslmode=require" in settings.database_url
    assert "sslmode=disable" not in settings.database_url
    assert "application_name=yot" in settings.database_url


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("database_url = ", "cannot be read"),
        ('colour = "blue"\n', "colour is not a setting it can give"),
        ('locked = ["colour"]\n', "colour is not a setting it can give"),
        ('locked = "sslmode"\n', "locked must be a list of setting names"),
        ('sslmode = "maybe"\n', "sslmode must be one of"),
        ("idle_lock_minutes = 0\n", "whole number of minutes from 1 to 240"),
        ("idle_lock_minutes = true\n", "idle_lock_minutes must be a number"),
        ('update_channel = "nightly"\n', "update_channel must be one of stable, preview, off"),
        ("database_url = 5\n", "database_url must be text in quotes"),
    ],
)
def test_a_wrong_deployment_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    env = _env(tmp_path, text)
    with pytest.raises(RuntimeError, match=message) as raised:
        load_settings(env=env)
    assert "deployment.toml" in str(raised.value)


def test_the_command_line_says_a_locked_database_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from yot_desktop.cli.main import run

    deployment = tmp_path / "deployment.toml"
    deployment.write_text(f'database_url = "{SERVER}"\nlocked = ["database_url"]\n', "utf-8")
    monkeypatch.setenv("YOT_DEPLOYMENT_FILE", str(deployment))
    out, err = io.StringIO(), io.StringIO()
    assert run(["--db", "sqlite:///mine.db", "teams", "list"], out, err) == 1
    assert err.getvalue() == (
        f"database_url is set for every computer by your IT department ({deployment}) and "
        "cannot be changed here. Ask IT to change it.\n"
    )
