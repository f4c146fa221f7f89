"""`flytecheck-execute`: the container entrypoint. Inputs in, outputs or an error document out.

    flytecheck-execute --inputs URI --output-prefix URI [--raw-output-data-prefix URI]
        [--checkpoint-path URI] [--prev-checkpoint URI] [--resolver PATH]
        -- task-module M task-name N

It loads the task through the resolver, reads inputs.pb, runs the task (the function in user
scope, everything else in system scope), uploads file outputs under the raw output prefix, and
writes outputs.pb, or error.pb with the classified error, atomically. It exits 0 when it wrote
either (FLYTE_FAIL_ON_ERROR=true makes a task failure exit 1) and 2 only when it could write
nothing. Un-substituted `{{...}}` arguments count as absent.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flytecheck._atomic import remove_stale_temporaries
from flytecheck.core.exceptions.scopes import FlyteTerminated, safe_str

__all__ = [
    "EntrypointResult",
    "ExecuteArgs",
    "execute",
    "main",
    "map_main",
    "run_through_entrypoint",
]

log = logging.getLogger("flytecheck.execute")
DOCUMENTS = ("outputs.pb", "futures.pb", "error.pb")
DEFAULT_RESOLVER = "flytecheck.core.resolver.default_task_resolver"


@dataclasses.dataclass(frozen=True)
class ExecuteArgs:
    inputs: str
    output_prefix: str
    raw_output_data_prefix: str | None = None
    checkpoint_path: str | None = None
    prev_checkpoint: str | None = None
    resolver: str = DEFAULT_RESOLVER
    loader_args: tuple[str, ...] = ()
    serialized_settings: str | None = None  # `_F_SS_C`, when not from the environment


def _given(value: str | None) -> str | None:
    """None for an absent or un-substituted `{{...}}` argument."""
    if value is None or not value.strip() or (value.startswith("{{") and value.endswith("}}")):
        return None
    return value


def parse_args(argv: Sequence[str]) -> ExecuteArgs:
    parser = argparse.ArgumentParser(
        prog="flytecheck-execute",
        description="Run one Flyte task: inputs.pb in, outputs.pb or error.pb out.",
    )
    parser.add_argument("--inputs", required=True, help="URI of inputs.pb (a LiteralMap)")
    parser.add_argument(
        "--output-prefix", required=True, help="where outputs.pb or error.pb is written"
    )
    parser.add_argument("--raw-output-data-prefix", help="where file outputs are uploaded")
    parser.add_argument("--checkpoint-path")
    parser.add_argument("--prev-checkpoint")
    parser.add_argument(
        "--resolver", default=DEFAULT_RESOLVER, help="module.attribute of the task resolver"
    )
    parser.add_argument(
        "loader_args", nargs=argparse.REMAINDER, help="-- task-module M task-name N"
    )
    ns = parser.parse_args(list(argv))
    loader = [a for a in ns.loader_args if a != "--"]
    inputs, output_prefix = _given(ns.inputs), _given(ns.output_prefix)
    if inputs is None or output_prefix is None:
        parser.error(
            "--inputs and --output-prefix need values (they were empty or un-substituted templates)"
        )
    return ExecuteArgs(
        inputs,
        output_prefix,
        _given(ns.raw_output_data_prefix),
        _given(ns.checkpoint_path),
        _given(ns.prev_checkpoint),
        _given(ns.resolver) or DEFAULT_RESOLVER,
        tuple(loader),
    )


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": self.formatTime(record),
                "level": record.levelname,
                "name": record.name,
                "message": record.getMessage(),
            }
        )


def setup_logging() -> None:
    """FLYTE_SDK_LOGGING_LEVEL (a name or a number) and FLYTE_SDK_LOGGING_FORMAT (json or text)."""
    level_text = os.environ.get("FLYTE_SDK_LOGGING_LEVEL", "WARNING")
    level = int(level_text) if level_text.isdigit() else logging.getLevelName(level_text.upper())
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("FLYTE_SDK_LOGGING_FORMAT", "text").lower() == "json":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger("flytecheck")
    root.handlers[:] = [handler]
    root.setLevel(level if isinstance(level, int) else logging.WARNING)


def _utf8(text: str) -> str:
    """`text` as protobuf will take it: a lone surrogate (a file name from os.fsdecode) would
    make the error document itself fail to serialize, so it is written as `\\udc80`."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _error_document(scoped: Any) -> bytes:
    """error.pb as pyflyte-execute writes it: a user error under its own code, every system
    error under "SYSTEM" (flytecheck's finer code, SYSTEM:UploadDataError and the like, ends
    the message)."""
    from flyteidl.core.errors_pb2 import ContainerError, ErrorDocument
    from flyteidl.core.execution_pb2 import ExecutionError

    user = scoped.kind == "USER"
    message = scoped.verbose_message
    if not user:
        message += f"\n\n    ({scoped.error_code})"
    error = ContainerError(
        code=_utf8(scoped.error_code if user else "SYSTEM"),
        message=_utf8(message),
        kind=ContainerError.RECOVERABLE if scoped.recoverable else ContainerError.NON_RECOVERABLE,
        origin=ExecutionError.USER if scoped.kind == "USER" else ExecutionError.SYSTEM,
    )
    error.timestamp.GetCurrentTime()
    data: bytes = ErrorDocument(error=error).SerializeToString()
    return data


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What `execute` wrote: the document's URI ("" when the task raised IgnoreOutputs), and
    the scoped error if the task failed."""

    written: str
    error: Any = None


def execute(
    args: ExecuteArgs, sandbox: Path | None = None, *, map_element: bool = False
) -> Outcome:
    """Run the task as a container does (one element of a map task with `map_element`);
    return what was written. Raises only when nothing could be written (the output prefix
    itself is unusable). A sandbox made here is removed on every path."""
    if sandbox is not None:
        return _execute(args, sandbox, map_element)
    made = Path(tempfile.mkdtemp(prefix="flytecheck-execute-"))
    try:
        return _execute(args, made, map_element)
    finally:
        shutil.rmtree(made, ignore_errors=True)


def _execute(args: ExecuteArgs, sandbox: Path, map_element: bool) -> Outcome:
    from flytecheck.core._uri import is_remote, join, local_path
    from flytecheck.core.container_run import run_container_task
    from flytecheck.core.exceptions.scopes import (
        FlyteScopedException,
        run_as_system,
        system_entry_point,
    )
    from flytecheck.core.exceptions.user import IgnoreOutputs
    from flytecheck.core.io import FileAccessProvider

    out_fa = FileAccessProvider(sandbox / "staging", args.output_prefix)

    @system_entry_point
    def write(name: str, data: bytes) -> str:
        target = join(args.output_prefix, name)
        out_fa.write_bytes_atomically(target, data)
        if not is_remote(target):
            for stale in DOCUMENTS:
                remove_stale_temporaries(Path(local_path(join(args.output_prefix, stale))))
        return target

    try:
        name, data = run_as_system(run_container_task, args, sandbox, map_element=map_element)
        return Outcome(write(name, data))
    except FlyteScopedException as scoped:
        if isinstance(scoped.value, IgnoreOutputs):
            log.warning("the task raised IgnoreOutputs (%s): no outputs.pb written", scoped.value)
            return Outcome("")
        log.error("task failed (%s): %s", scoped.error_code, safe_str(scoped.value))
        return Outcome(write("error.pb", _error_document(scoped)), scoped)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (Kubernetes stopping the pod) becomes an exception, so the error document is
    written and the sandbox removed before the container exits."""
    msg = "the container was asked to stop (SIGTERM) while the task ran; Flyte may retry it"
    raise FlyteTerminated(msg)


def main(argv: Sequence[str] | None = None, *, map_element: bool = False) -> int:
    """The console script (`flytecheck-map-execute` with `map_element`)."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup_logging()
    started = time.perf_counter()
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        outcome = execute(args, map_element=map_element)
    except Exception as e:  # nothing could be written: say so and fail the container
        script = "flytecheck-map-execute" if map_element else "flytecheck-execute"
        print(f"{script}: could not write outputs or an error document: {e}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)
    log.info("wrote %s in %.3f s", outcome.written or "nothing", time.perf_counter() - started)
    if outcome.error is not None and os.environ.get("FLYTE_FAIL_ON_ERROR", "").lower() == "true":
        return 1
    return 0


def map_main(argv: Sequence[str] | None = None) -> int:
    """`flytecheck-map-execute`: one element of a map task, as pyflyte-map-execute runs it
    (the element's index from BATCH_JOB_ARRAY_INDEX_VAR_NAME and BATCH_JOB_ARRAY_INDEX_OFFSET)."""
    return main(argv, map_element=True)


if __name__ == "__main__":
    raise SystemExit(main())


@dataclasses.dataclass(frozen=True)
class EntrypointResult:
    """What running a task through the entrypoint gave: Python outputs and their literals, the
    DynamicJobSpec of futures.pb (a dynamic task), or the ContainerError of error.pb."""

    outputs: Any
    output_literals: Any
    error: Any
    output_prefix: str
    futures: Any = None
    ignored: bool = False
    """The task raised IgnoreOutputs: nothing was written."""

    @property
    def ok(self) -> bool:
        return self.error is None


def run_through_entrypoint(
    task: Any,
    inputs: dict[str, Any] | None = None,
    *,
    workdir: Path,
    raw_output_data_prefix: str | None = None,
    settings: Any = None,
) -> EntrypointResult:
    """Run `task` in-process exactly as its container would: the inputs written as inputs.pb
    under `workdir`, the task loaded back through its resolver, outputs.pb, futures.pb or
    error.pb read back. A dynamic task serializes its sub-workflow with `settings` (a
    SerializationSettings; the defaults when None), as its template's `_F_SS_C` would give."""
    from flyteidl.core.errors_pb2 import ErrorDocument
    from flyteidl.core.literals_pb2 import LiteralMap

    from flytecheck.core.context import current_context

    ctx = current_context()
    workdir.mkdir(parents=True, exist_ok=True)
    inputs_pb = workdir / "inputs.pb"
    inputs_pb.write_bytes(task.inputs_to_literals(ctx, dict(inputs or {})).SerializeToString())
    output_prefix = str(workdir / "outputs")
    args = ExecuteArgs(
        str(inputs_pb),
        output_prefix,
        raw_output_data_prefix or str(workdir / "raw"),
        resolver=task.resolver,
        loader_args=tuple(task.loader_args()),
        serialized_settings=_settings_text(settings),
    )
    outcome = execute(args, sandbox=workdir / "sandbox")
    if not outcome.written:
        return EntrypointResult(None, None, None, output_prefix, ignored=True)
    data = Path(outcome.written).read_bytes()
    if outcome.error is not None:
        return EntrypointResult(None, None, ErrorDocument.FromString(data).error, output_prefix)
    if outcome.written.endswith("futures.pb"):
        from flyteidl.core.dynamic_job_pb2 import DynamicJobSpec

        spec = DynamicJobSpec.FromString(data)
        return EntrypointResult(None, None, None, output_prefix, futures=spec)
    literals = LiteralMap.FromString(data)
    return EntrypointResult(task.literals_to_outputs(ctx, literals), literals, None, output_prefix)


def _settings_text(settings: Any) -> str:
    from flytecheck.core.serialization_context import serialized_context
    from flytecheck.core.serialize import SerializationSettings

    return serialized_context(settings or SerializationSettings())
