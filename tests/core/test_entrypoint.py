"""flytecheck-execute: the container contract, run as a subprocess the way a container runs it."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flyteidl.core.errors_pb2 import ContainerError, ErrorDocument
from flyteidl.core.execution_pb2 import ExecutionError
from flyteidl.core.literals_pb2 import Literal, LiteralMap

from flytecheck.core import TypeEngine, current_context
from flytecheck.core.entrypoint import run_through_entrypoint
from tests.conftest import REPO, VECTORS, vectors_dir
from tests.core.fixtures import exec_tasks as T

MODULE = "tests.core.fixtures.exec_tasks"


def literal_map(values: dict[str, Any], types: dict[str, Any]) -> bytes:
    return TypeEngine.dict_to_literal_map(current_context(), values, types).SerializeToString()


def execute(
    tmp_path: Path, task: str, inputs: bytes | None, *extra: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], Path]:
    inputs_pb = tmp_path / "inputs.pb"
    if inputs is not None:
        inputs_pb.write_bytes(inputs)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "flytecheck.core.entrypoint",
        "--inputs",
        str(inputs_pb),
        "--output-prefix",
        str(out),
        "--raw-output-data-prefix",
        str(tmp_path / "raw"),
        "--checkpoint-path",
        "{{.checkpointOutputPrefix}}",
        "--prev-checkpoint",
        "{{.prevCheckpointPrefix}}",
        *extra,
        "--",
        "task-module",
        MODULE,
        "task-name",
        task,
    ]
    proc = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    return proc, out


def error_of(out: Path) -> ContainerError:
    assert not (out / "outputs.pb").exists()
    return ErrorDocument.FromString((out / "error.pb").read_bytes()).error


def test_a_task_writes_outputs_pb(tmp_path: Path) -> None:
    """Inputs in, outputs.pb out, exit 0; un-substituted templates count as absent."""
    proc, out = execute(tmp_path, "add", literal_map({"a": 2, "b": 3}, {"a": int, "b": int}))
    assert proc.returncode == 0, proc.stderr
    outputs = LiteralMap.FromString((out / "outputs.pb").read_bytes())
    assert outputs == TypeEngine.dict_to_literal_map(current_context(), {"o0": 5}, {"o0": int})
    assert not (out / "error.pb").exists()


NON_RECOVERABLE, RECOVERABLE = ContainerError.NON_RECOVERABLE, ContainerError.RECOVERABLE
USER, SYSTEM = ExecutionError.USER, ExecutionError.SYSTEM


@pytest.mark.parametrize(
    ("task", "inputs", "code", "kind", "origin", "fragment"),
    [
        ("fails", {"x": 1}, "USER:RuntimeError", NON_RECOVERABLE, USER, "ValueError: bad value 1"),
        ("flaky", {"x": 1}, "USER:Recoverable", RECOVERABLE, USER, "the service was busy"),
        (
            "add",
            {"a": "two", "b": 1},
            "SYSTEM",
            NON_RECOVERABLE,
            SYSTEM,
            "input 'a': expected a value of type int",
        ),
        (
            "add",
            {"a": 1},
            "USER:RuntimeError",  # as pyflyte-execute, whose call of the function fails
            NON_RECOVERABLE,
            USER,
            "input(s) 'b' are not in inputs.pb and have no default",
        ),
        (
            "wrong_output",
            {"x": 1},
            "SYSTEM",
            NON_RECOVERABLE,
            SYSTEM,
            "output 'o0': expected a value of type int",
        ),
        (
            "no_such_task",
            {},
            "USER:RuntimeError",  # pyflyte-execute classes a task that cannot load as the user's
            NON_RECOVERABLE,
            USER,
            "has no task named 'no_such_task'",
        ),
    ],
)
def test_error_documents_follow_the_table(
    tmp_path: Path,
    task: str,
    inputs: dict[str, Any],
    code: str,
    kind: int,
    origin: int,
    fragment: str,
) -> None:
    """Each failure writes error.pb with the code, kind and origin of DESIGN section 6, exit 0."""
    types = {k: type(v) for k, v in inputs.items()}
    proc, out = execute(tmp_path, task, literal_map(inputs, types))
    assert proc.returncode == 0, proc.stderr
    error = error_of(out)
    assert (error.code, error.kind, error.origin) == (code, kind, origin)
    assert error.message.startswith("Trace:")
    assert "Message:" in error.message
    assert fragment in error.message
    assert error.timestamp.seconds > 0


def test_user_traces_show_the_users_code_only(tmp_path: Path) -> None:
    """A user error's trace shows the task's own line, not flytecheck's frames."""
    _, out = execute(tmp_path, "fails", literal_map({"x": 1}, {"x": int}))
    message = error_of(out).message
    assert 'exec_tasks.py", line' in message
    assert "flytecheck/core" not in message


def test_inputs_pb_missing(tmp_path: Path) -> None:
    """No inputs.pb: a recoverable SYSTEM download error naming the URI."""
    _, out = execute(tmp_path, "add", None)
    error = error_of(out)
    assert (error.code, error.kind, error.origin) == ("SYSTEM", RECOVERABLE, SYSTEM)
    assert "inputs.pb: cannot be read" in error.message


def test_corrupt_inputs_pb(tmp_path: Path) -> None:
    """Bytes that are not a LiteralMap: a SYSTEM error saying so (recoverable, as
    pyflyte-execute has it: a half-uploaded file may be whole on the next attempt)."""
    _, out = execute(tmp_path, "add", b"\x0a\xff\xff\xff garbage")
    error = error_of(out)
    assert (error.kind, error.origin) == (RECOVERABLE, SYSTEM)
    assert "not a serialized LiteralMap" in error.message


def test_a_module_that_fails_to_import(tmp_path: Path) -> None:
    """A task module raising at import is named, with its error."""
    (tmp_path / "broken_tasks.py").write_text("raise RuntimeError('config missing')\n")
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "flytecheck.core.entrypoint",
        "--inputs",
        str(tmp_path / "in.pb"),
        "--output-prefix",
        str(out),
        "--",
        "task-module",
        "broken_tasks",
        "task-name",
        "t",
    ]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    error = error_of(out)
    assert (error.code, error.origin) == ("USER:RuntimeError", USER)  # as pyflyte-execute
    assert (
        "task module 'broken_tasks' failed to import: RuntimeError: config missing" in error.message
    )


def test_fail_on_error_exits_1(tmp_path: Path) -> None:
    """FLYTE_FAIL_ON_ERROR=true turns a task failure into exit 1 (error.pb still written)."""
    proc, out = execute(
        tmp_path, "fails", literal_map({"x": 1}, {"x": int}), env={"FLYTE_FAIL_ON_ERROR": "true"}
    )
    assert proc.returncode == 1
    assert error_of(out).code == "USER:RuntimeError"


def test_nothing_writable_exits_2(tmp_path: Path) -> None:
    """When neither outputs.pb nor error.pb can be written, exit 2 and say why on stderr."""
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    (tmp_path / "in.pb").write_bytes(literal_map({"a": 1, "b": 2}, {"a": int, "b": int}))
    cmd = [
        sys.executable,
        "-m",
        "flytecheck.core.entrypoint",
        "--inputs",
        str(tmp_path / "in.pb"),
        "--output-prefix",
        str(blocker / "out"),
        "--",
        "task-module",
        MODULE,
        "task-name",
        "add",
    ]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "could not write outputs or an error document" in proc.stderr


def test_an_unknown_raw_output_protocol(tmp_path: Path) -> None:
    """A raw output prefix nobody can write to ends in error.pb naming the protocol."""
    _, out = execute(
        tmp_path,
        "add",
        literal_map({"a": 1, "b": 2}, {"a": int, "b": int}),
        "--raw-output-data-prefix",
        "nosuch://x/raw",
    )
    assert "no filesystem for protocol 'nosuch'" in error_of(out).message


def test_missing_required_arguments() -> None:
    """--inputs and --output-prefix are required; an empty one is a usage error (exit 2)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "flytecheck.core.entrypoint",
            "--inputs",
            "{{.input}}",
            "--output-prefix",
            "x",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "un-substituted templates" in proc.stderr


def test_statsd_metrics_reach_a_udp_socket(tmp_path: Path) -> None:
    """With FLYTE_STATSD_HOST/PORT, a task's metrics are sent over UDP with the execution's
    prefix and tags."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(10)
        env = {
            "FLYTE_STATSD_HOST": "127.0.0.1",
            "FLYTE_STATSD_PORT": str(sock.getsockname()[1]),
            "FLYTE_INTERNAL_EXECUTION_PROJECT": "proj",
            "FLYTE_INTERNAL_EXECUTION_DOMAIN": "dev",
            "FLYTE_INTERNAL_EXECUTION_ID": "exec1",
            "FLYTE_INTERNAL_TASK_NAME": "counts",
        }
        proc, _ = execute(tmp_path, "counts", literal_map({"n": 3}, {"n": int}), env=env)
        assert proc.returncode == 0, proc.stderr
        datagram = sock.recv(4096).decode()
    assert (
        datagram
        == "proj.dev.counts.user_stats.rows:3|c|#exec_domain:dev,exec_id:exec1,exec_project:proj"
    )


def test_json_logging(tmp_path: Path) -> None:
    """FLYTE_SDK_LOGGING_FORMAT=json and a level make stderr JSON lines."""
    env = {"FLYTE_SDK_LOGGING_LEVEL": "INFO", "FLYTE_SDK_LOGGING_FORMAT": "json"}
    proc, _ = execute(tmp_path, "add", literal_map({"a": 1, "b": 1}, {"a": int, "b": int}), env=env)
    records = [json.loads(line) for line in proc.stderr.splitlines() if line.startswith("{")]
    assert any(r["level"] == "INFO" and "wrote" in r["message"] for r in records)


def test_flytekit_written_inputs_are_read(tmp_path: Path) -> None:
    """An inputs.pb assembled from literals flytekit wrote (the golden vectors) runs, and
    outputs.pb holds what flytekit's entrypoint would write for the same task and inputs."""
    vectors_dir()
    recs = {
        json.loads(line)["id"]: json.loads(line)
        for line in (VECTORS / "literals.jsonl").read_text().splitlines()
    }
    lm = LiteralMap()
    lm.literals["a"].CopyFrom(Literal.FromString(base64.b64decode(recs["int"]["literal_b64"])))
    lm.literals["b"].CopyFrom(
        Literal.FromString(base64.b64decode(recs["int-neg-big"]["literal_b64"]))
    )
    proc, out = execute(tmp_path, "add", lm.SerializeToString())
    assert proc.returncode == 0, proc.stderr
    outputs = LiteralMap.FromString((out / "outputs.pb").read_bytes())
    assert outputs.literals["o0"].scalar.primitive.integer == 5 - 2**62


def test_files_through_s3_end_to_end(s3_bucket: str, tmp_path: Path) -> None:
    """inputs.pb from s3://, FlyteFile and FlyteDirectory outputs uploaded under an s3:// raw
    prefix in random sub-directories, outputs.pb in s3://; a second task reads the files back."""
    from flytecheck.core.io import FileAccessProvider

    fa = FileAccessProvider(tmp_path / "sandbox", f"{s3_bucket}/raw")
    fa.write_bytes_atomically(
        f"{s3_bucket}/run1/inputs.pb", literal_map({"text": "hey"}, {"text": str})
    )

    def run(task: str, run_dir: str) -> Any:
        cmd = [
            sys.executable,
            "-m",
            "flytecheck.core.entrypoint",
            "--inputs",
            f"{s3_bucket}/{run_dir}/inputs.pb",
            "--output-prefix",
            f"{s3_bucket}/{run_dir}/out",
            "--raw-output-data-prefix",
            f"{s3_bucket}/raw",
            "--",
            "task-module",
            MODULE,
            "task-name",
            task,
        ]
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return LiteralMap.FromString(fa.read_bytes(f"{s3_bucket}/{run_dir}/out/outputs.pb"))

    made = run("make_files", "run1")
    file_uri = made.literals["o0"].scalar.blob.uri
    dir_uri = made.literals["o1"].scalar.blob.uri
    assert file_uri.startswith(f"{s3_bucket}/raw/")
    assert file_uri.endswith("/single.txt")
    assert dir_uri.startswith(f"{s3_bucket}/raw/")
    assert file_uri.split("/")[-2] != dir_uri.split("/")[-1]
    second = LiteralMap()
    second.literals["f"].CopyFrom(made.literals["o0"])
    second.literals["d"].CopyFrom(made.literals["o1"])
    fa.write_bytes_atomically(f"{s3_bucket}/run2/inputs.pb", second.SerializeToString())
    read = run("read_files", "run2")
    values = TypeEngine.literal_map_to_kwargs(current_context(), read, {"o0": list[str]})
    assert values["o0"] == ["heyhey", "hey", "HEY"]


def test_in_process_helper_runs_the_same_path(tmp_path: Path) -> None:
    """run_through_entrypoint gives Python outputs, or the ContainerError."""
    ok = run_through_entrypoint(T.add, {"a": 1, "b": 2}, workdir=tmp_path / "ok")
    assert ok.ok
    assert ok.outputs == 3
    failed = run_through_entrypoint(T.fails, {"x": 2}, workdir=tmp_path / "bad")
    assert not failed.ok
    assert failed.error.code == "USER:RuntimeError"


def test_schemas_through_the_entrypoint(tmp_path: Path) -> None:
    """A DataFrame returned as a FlyteSchema is written as Parquet and read back as a table."""
    made = run_through_entrypoint(T.table, {"n": 4}, workdir=tmp_path / "t")
    assert made.ok, made.error
    counted = run_through_entrypoint(T.count_rows, {"t": made.outputs}, workdir=tmp_path / "c")
    assert counted.outputs == 4
    column_types = [c.name for c in made.output_literals.literals["o0"].scalar.schema.type.columns]
    assert column_types == ["id", "name"]


def test_checkpoints_on_s3_carry_from_one_attempt_to_the_next(
    tmp_path: Path, s3_bucket: str
) -> None:
    """--checkpoint-path and --prev-checkpoint give the task a working checkpoint, on S3
    (the loopback server) as the backend passes them between attempts."""
    inputs = literal_map({"n": 3}, {"n": int})
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    first, out1 = execute(
        tmp_path / "1", "checkpointed", inputs, "--checkpoint-path", f"{s3_bucket}/cp/1"
    )
    assert first.returncode == 0, first.stderr
    assert (
        LiteralMap.FromString((out1 / "outputs.pb").read_bytes())
        .literals["o0"]
        .scalar.primitive.integer
        == -1
    )
    retry, out2 = execute(
        tmp_path / "2",
        "checkpointed",
        literal_map({"n": 4}, {"n": int}),
        "--checkpoint-path",
        f"{s3_bucket}/cp/2",
        "--prev-checkpoint",
        f"{s3_bucket}/cp/1",
    )
    assert retry.returncode == 0, retry.stderr
    outputs = LiteralMap.FromString((out2 / "outputs.pb").read_bytes())
    assert outputs.literals["o0"].scalar.primitive.integer == 3


def test_a_checkpoint_path_that_cannot_be_used_is_named(tmp_path: Path) -> None:
    """A previous checkpoint on a protocol with no filesystem: error.pb naming the flag and
    the URI, nothing else written."""
    proc, out = execute(
        tmp_path,
        "checkpointed",
        literal_map({"n": 1}, {"n": int}),
        "--checkpoint-path",
        str(tmp_path / "cp"),
        "--prev-checkpoint",
        "nosuchproto://bucket/cp/0",
    )
    assert proc.returncode == 0, proc.stderr
    error = error_of(out)
    assert (error.code, error.origin) == ("SYSTEM", SYSTEM)
    assert "--prev-checkpoint nosuchproto://bucket/cp/0: cannot be read or written" in error.message
    assert sorted(p.name for p in out.iterdir()) == ["error.pb"]


def test_flytecheck_execute_map_runs_one_element(tmp_path: Path) -> None:
    """`flytecheck execute --map` is flytecheck-map-execute: the element the index variables
    name, its own output."""
    inputs = literal_map({"a": [1, 2, 3], "b": [10, 20, 30]}, {"a": list[int], "b": list[int]})
    (tmp_path / "inputs.pb").write_bytes(inputs)
    out = tmp_path / "out"
    cmd = [
        sys.executable, "-m", "flytecheck.cli", "execute", "--map",
        "--inputs", str(tmp_path / "inputs.pb"), "--output-prefix", str(out),
        "--resolver", "flytecheck.core.array_node_map_task.map_task_resolver", "--",
        "vars", "", "resolver", "flytecheck.core.resolver.default_task_resolver",
        "task-module", MODULE, "task-name", "add",
    ]  # fmt: skip
    env = {**os.environ, "BATCH_JOB_ARRAY_INDEX_VAR_NAME": "IDX", "IDX": "1"}
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    outputs = LiteralMap.FromString((out / "outputs.pb").read_bytes())
    assert outputs.literals["o0"].scalar.primitive.integer == 22
