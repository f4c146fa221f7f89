"""Files flytecheck writes are replaced whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from flytecheck._atomic import replace_file


def test_a_file_is_replaced_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "script.py"
    target.write_text("old")
    target.chmod(0o751)
    replace_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["script.py"]


def test_a_new_file_and_its_folders_are_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.pb"
    replace_file(target, b"\x00\x01", durable=False)
    assert target.read_bytes() == b"\x00\x01"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("precious")
    with pytest.raises(TypeError):
        replace_file(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]
