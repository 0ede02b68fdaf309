"""`letters templates export|load` as a manager runs them: a real subprocess."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli_delivery import Cli


def test_export_edit_and_load_wording(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'yot.db'}")
    assert cli("demo", "--people", "0").returncode == 0
    wording = tmp_path / "reminder.toml"
    common = ["--type", "reminder", "--audience", "parent"]

    done = cli("letters", "templates", "export", *common, "--out", str(wording), user="manager")
    assert done.returncode == 0, done.stderr
    assert "(shipped)" in done.stdout
    text = wording.read_text(encoding="utf-8")
    assert "{scheme_name}" in text

    wording.write_text(text.replace("{scheme_name}", "{schem_name}"), encoding="utf-8")
    refused = cli("letters", "templates", "load", str(wording), *common, user="manager")
    assert refused.returncode == 1
    assert "Did you mean {scheme_name}?" in refused.stderr

    wording.write_text(text.replace("This is a reminder", "A reminder"), encoding="utf-8")
    loaded = cli("letters", "templates", "load", str(wording), *common, user="manager")
    assert loaded.returncode == 0, loaded.stderr
    assert "version 1" in loaded.stdout

    denied = cli("letters", "templates", "load", str(wording), *common, user="practitioner")
    assert denied.returncode == 1
    assert "does not allow" in denied.stderr
