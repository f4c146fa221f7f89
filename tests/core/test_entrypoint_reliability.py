"""flytecheck-execute under faults: exactly one of outputs.pb and error.pb, complete, whatever the
task does (sys.exit, KeyboardInterrupt, messages that are not UTF-8, a __str__ that raises), and
nothing left behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flyteidl.core.errors_pb2 import ContainerError
from flyteidl.core.execution_pb2 import ExecutionError

from tests.conftest import REPO
from tests.core.test_entrypoint import MODULE, error_of, execute, literal_map

NON_RECOVERABLE, RECOVERABLE = ContainerError.NON_RECOVERABLE, ContainerError.RECOVERABLE
USER, SYSTEM = ExecutionError.USER, ExecutionError.SYSTEM


def x_input(value: int = 1, name: str = "x") -> bytes:
    return literal_map({name: value}, {name: int})


@pytest.mark.parametrize(
    ("task", "inputs", "says"),
    [
        ("exits", x_input(3, "code"), "the task called sys.exit(3) instead of returning"),
        ("exits", x_input(0, "code"), "the task called sys.exit(0) instead of returning"),
        ("interrupted", x_input(), "KeyboardInterrupt"),
        ("generator_exit", x_input(), "GeneratorExit"),
        ("surrogate_message", x_input(), "FileNotFoundError: /data/caf\\udce9.csv"),
        ("unprintable", x_input(), "UnprintableError: <UnprintableError: its __str__ raised"),
    ],
)
def test_whatever_the_task_raises_error_pb_is_written_as_a_user_error(
    tmp_path: Path, task: str, inputs: bytes, says: str
) -> None:
    """These used to leave no document at all, or land as SYSTEM:Unknown RECOVERABLE (so Flyte
    would retry the user's bug, and the user's class was lost)."""
    proc, out = execute(tmp_path, task, inputs)
    assert proc.returncode == 0, proc.stderr
    error = error_of(out)
    assert (error.code, error.kind, error.origin) == ("USER:RuntimeError", NON_RECOVERABLE, USER)
    assert says in error.message


def test_a_str_output_that_is_not_utf8_is_a_conversion_error(tmp_path: Path) -> None:
    """A returned str with a lone surrogate is refused when converting, not retried."""
    proc, out = execute(tmp_path, "surrogate_output", x_input())
    assert proc.returncode == 0, proc.stderr
    error = error_of(out)
    assert (error.kind, error.origin) == (NON_RECOVERABLE, SYSTEM)
    assert "not valid UTF-8" in error.message


def test_a_bad_statsd_port_is_not_retried(tmp_path: Path) -> None:
    """FLYTE_STATSD_PORT=abc is a configuration error, named, and not recoverable."""
    env = {"FLYTE_STATSD_HOST": "127.0.0.1", "FLYTE_STATSD_PORT": "abc"}
    proc, out = execute(
        tmp_path, "add", literal_map({"a": 1, "b": 2}, {"a": int, "b": int}), env=env
    )
    assert proc.returncode == 0, proc.stderr
    error = error_of(out)
    assert (error.code, error.kind) == ("SYSTEM", NON_RECOVERABLE)
    assert error.message.endswith("(SYSTEM:NonRecoverable)")
    assert "FLYTE_STATSD_PORT='abc' is not a port number" in error.message


def test_an_import_error_shows_the_users_failing_line(tmp_path: Path) -> None:
    """The trace of a module that fails to import reaches the user's own line."""
    (tmp_path / "bad_config.py").write_text("import json\n\nSETTINGS = json.loads('{')\n")
    out = tmp_path / "out"
    cmd = [
        sys.executable, "-m", "flytecheck.core.entrypoint", "--inputs", str(tmp_path / "in.pb"),
        "--output-prefix", str(out), "--", "task-module", "bad_config", "task-name", "t",
    ]  # fmt: skip
    subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=True)
    message = error_of(out).message
    assert 'bad_config.py", line 3, in <module>' in message
    assert "SETTINGS = json.loads('{')" in message
    assert "caused by JSONDecodeError" in message


def test_when_outputs_pb_cannot_be_written_error_pb_says_why(tmp_path: Path) -> None:
    """An outputs.pb that cannot be written (here a folder is in its place) is reported in
    error.pb, recoverable, instead of nothing at all."""
    (tmp_path / "out" / "outputs.pb" / "in-the-way").mkdir(parents=True)
    proc, out = execute(tmp_path, "add", literal_map({"a": 1, "b": 2}, {"a": int, "b": int}))
    assert proc.returncode == 0, proc.stderr
    error = ErrorDocumentReader(out)
    assert (error.code, error.kind, error.origin) == ("SYSTEM", RECOVERABLE, SYSTEM)
    assert error.message.endswith("(SYSTEM:UploadDataError)")
    assert "outputs.pb: cannot be written" in error.message


def ErrorDocumentReader(out: Path) -> ContainerError:
    from flyteidl.core.errors_pb2 import ErrorDocument

    return ErrorDocument.FromString((out / "error.pb").read_bytes()).error


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_documents_are_created_with_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    """outputs.pb and error.pb used to be 0600 whatever the umask: a sidecar could not read."""
    inputs = tmp_path / "in.pb"
    inputs.write_bytes(literal_map({"a": 1, "b": 2}, {"a": int, "b": int}))
    for task, name in (("add", "outputs.pb"), ("fails", "error.pb")):
        out = tmp_path / task
        cmd = [
            sys.executable, "-m", "flytecheck.core.entrypoint", "--inputs", str(inputs),
            "--output-prefix", str(out), "--", "task-module", MODULE, "task-name", task,
        ]  # fmt: skip
        if task == "fails":
            inputs.write_bytes(x_input())
        subprocess.run(cmd, cwd=REPO, check=True, preexec_fn=lambda: os.umask(umask))
        assert stat.S_IMODE((out / name).stat().st_mode) == mode


def test_no_temporary_or_sandbox_is_left_behind(tmp_path: Path) -> None:
    """A stale `.outputs.pb.*.tmp` of a killed run is removed by the next clean run, and the
    run's own sandbox under TMPDIR is gone when it exits, on success and on failure."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / ".outputs.pb.k1ll3d.tmp").write_bytes(b"x" * 1000)
    (out / ".error.pb.k1ll3d.tmp").write_bytes(b"x")
    env = {"TMPDIR": str(scratch)}
    proc, _ = execute(tmp_path, "add", literal_map({"a": 1, "b": 2}, {"a": int, "b": int}), env=env)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["outputs.pb"]
    execute(tmp_path, "fails", x_input(), env=env)
    assert list(scratch.iterdir()) == []


def test_sigterm_writes_a_recoverable_error_and_cleans_up(tmp_path: Path) -> None:
    """Kubernetes stops a pod with SIGTERM: the task's error document says so, recoverable (a
    preempted pod is retried), and the sandbox is removed."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    ready = tmp_path / "ready"
    (tmp_path / "in.pb").write_bytes(literal_map({"seconds": 60}, {"seconds": int}))
    out = tmp_path / "out"
    cmd = [
        sys.executable, "-m", "flytecheck.core.entrypoint", "--inputs", str(tmp_path / "in.pb"),
        "--output-prefix", str(out), "--", "task-module", MODULE, "task-name", "sleeps",
    ]  # fmt: skip
    env = {**os.environ, "TMPDIR": str(scratch), "READY_FILE": str(ready)}
    with subprocess.Popen(cmd, cwd=REPO, env=env, stderr=subprocess.DEVNULL) as proc:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    error = error_of(out)
    assert (error.code, error.kind, error.origin) == ("SYSTEM", RECOVERABLE, SYSTEM)
    assert error.message.endswith("(SYSTEM:Terminated)")
    assert "asked to stop (SIGTERM)" in error.message
    assert list(scratch.iterdir()) == []
