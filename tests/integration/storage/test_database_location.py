"""SQLite on a network share is refused in plain words, before any file is made."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from yot_desktop.storage import engine as engine_module
from yot_desktop.storage.engine import (
    NETWORK_SHARE_MESSAGE,
    DatabaseLocationError,
    is_network_path,
    make_engine,
)

LINUX_MOUNTS = pytest.mark.skipif(
    not Path("/proc/mounts").is_file() or sys.platform == "win32",
    reason="reads the Linux mount table (Windows asks GetDriveTypeW instead)",
)


@LINUX_MOUNTS
def test_sqlite_file_on_a_network_share_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []

    def mounted_over_smb(path: Path) -> str:
        seen.append(path)
        return "cifs"

    monkeypatch.setattr(engine_module, "_mount_fs_type", mounted_over_smb)
    target = tmp_path / "shared" / "yot.db"

    assert is_network_path(target)
    with pytest.raises(DatabaseLocationError) as refused:
        make_engine(f"sqlite:///{target}")

    assert str(refused.value) == NETWORK_SHARE_MESSAGE
    assert "network share" in str(refused.value)
    assert "PostgreSQL" in str(refused.value)
    assert seen and all(p.exists() for p in seen)  # asked about the nearest existing folder
    assert not target.parent.exists()  # nothing was created


def test_unc_paths_are_network_paths() -> None:
    assert is_network_path(Path("//fileserver/yot/yot.db"))


@LINUX_MOUNTS
def test_a_local_disk_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "_mount_fs_type", lambda path: "ext4")
    engine = make_engine(f"sqlite:///{tmp_path / 'yot.db'}")
    engine.dispose()
    assert not is_network_path(tmp_path / "yot.db")


@LINUX_MOUNTS
def test_the_mount_table_is_read_for_real(tmp_path: Path) -> None:
    # This machine's test folder is on a local disk (or tmpfs/overlay), never a share.
    fs_type = engine_module._mount_fs_type(tmp_path)
    assert fs_type
    assert fs_type not in engine_module.NETWORK_FS_TYPES


def test_other_databases_are_refused_plainly() -> None:
    with pytest.raises(DatabaseLocationError, match="SQLite or PostgreSQL, not mysql"):
        make_engine("mysql://someone@somewhere/yot")
