"""Checkpoints and retries in a local run, as the backend runs a task: each attempt has a
checkpoint of its own, an attempt that raises FlyteRecoverableException is run again (up to
the task's retries) reading the failed attempt's checkpoint, and nothing else is retried."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from flytecheck.core.checkpoint import SyncCheckpoint
from flytecheck.core.exceptions.user import FlyteRecoverableException, FlyteValidationException
from tests.authoring import load_core

# flytesnacks' advanced_composition/checkpoint, which flytekit's local run cannot complete
CHECKPOINTED = """
from flytekit import current_context, task, workflow
from flytekit.exceptions.user import FlyteRecoverableException

ATTEMPTS = []

@task(retries=3)
def use_checkpoint(n_iterations: int) -> int:
    cp = current_context().checkpoint
    prev = cp.read()
    start = int(prev.decode()) if prev else 0
    ATTEMPTS.append(start)
    failure_interval = n_iterations // 3
    index = 0
    for index in range(start, n_iterations):
        if index > start and index % failure_interval == 0:
            raise FlyteRecoverableException(f"Failed at iteration {index}")
        cp.write(f"{index + 1}".encode())
    return index

@workflow
def checkpointing_example(n_iterations: int) -> int:
    return use_checkpoint(n_iterations=n_iterations)

@task(retries=1)
def always_recoverable() -> None:
    raise FlyteRecoverableException("the service is down")

@task(retries=5)
def fails_for_good() -> None:
    ATTEMPTS.append("fails_for_good")
    raise ValueError("bad input")

@task
def no_retries() -> bool:
    cp = current_context().checkpoint
    return cp.read() is None and not cp.prev_exists()
"""


def test_a_recoverable_error_is_retried_from_the_previous_checkpoint(tmp_path: Path) -> None:
    module = load_core(tmp_path, CHECKPOINTED)
    assert module.checkpointing_example(n_iterations=10) == 9
    assert module.ATTEMPTS == [0, 3, 6, 9]


def test_retries_run_out_with_the_recoverable_error_naming_the_task(tmp_path: Path) -> None:
    module = load_core(tmp_path, CHECKPOINTED)
    ran_out = r"always_recoverable' failed on attempt 2 of 2: .*down"
    with pytest.raises(FlyteRecoverableException, match=ran_out):
        module.always_recoverable()


def test_an_error_that_is_not_recoverable_is_not_retried(tmp_path: Path) -> None:
    module = load_core(tmp_path, CHECKPOINTED)
    with pytest.raises(ValueError, match="bad input"):
        module.fails_for_good()
    assert module.ATTEMPTS == ["fails_for_good"]


def test_a_first_attempt_has_a_checkpoint_and_no_previous_one(tmp_path: Path) -> None:
    assert load_core(tmp_path, CHECKPOINTED).no_retries() is True


def test_there_is_no_checkpoint_outside_a_task() -> None:
    from flytecheck.core import current_context

    with pytest.raises(NotImplementedError, match="outside a running task"):
        current_context().checkpoint  # noqa: B018


def test_files_folders_and_readers_are_saved_and_restored(tmp_path: Path) -> None:
    first = SyncCheckpoint(str(tmp_path / "attempt-1"))
    folder = tmp_path / "state"
    folder.mkdir()
    (folder / "a.txt").write_text("a")
    (folder / "b.txt").write_text("b")
    first.save(folder)
    second = SyncCheckpoint(str(tmp_path / "attempt-2"), first.checkpoint_dest)
    restored = second.restore(tmp_path / "restored")
    assert restored is not None
    assert sorted(p.name for p in restored.iterdir()) == ["a.txt", "b.txt"]
    with pytest.raises(FlyteValidationException, match=r"holds 2 files .*use restore"):
        second.read()
    second.save(io.BytesIO(b"blob"))
    assert SyncCheckpoint(str(tmp_path / "3"), second.checkpoint_dest).read() == b"blob"
    with pytest.raises(FlyteValidationException, match=r"save\('.*missing'\): no such file"):
        second.save(tmp_path / "missing")


def test_a_previous_checkpoint_that_was_never_written_reads_as_none(tmp_path: Path) -> None:
    cp = SyncCheckpoint(str(tmp_path / "now"), str(tmp_path / "never-written"))
    assert cp.prev_exists()
    assert cp.read() is None


def test_checkpoints_on_s3(s3_bucket: str, tmp_path: Path) -> None:
    from flytecheck.core.io import FileAccessProvider

    fa = FileAccessProvider(tmp_path / "sandbox", f"{s3_bucket}/raw")
    first = SyncCheckpoint(f"{s3_bucket}/cp/1", file_access=fa)
    first.write(b"step 7")
    assert SyncCheckpoint(f"{s3_bucket}/cp/2", first.checkpoint_dest, fa).read() == b"step 7"
