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

__all__ = ["EntrypointResult", "ExecuteArgs", "execute", "main", "run_through_entrypoint"]

log = logging.getLogger("flytecheck.execute")
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


def execution_parameters(task_name: str) -> Any:
    """Project, domain, execution, workflow and launch plan from FLYTE_INTERNAL_* variables, and
    a statsd client when FLYTE_STATSD_HOST is set."""
    from flytecheck.core.context import ExecutionParameters

    env = os.environ
    project = env.get(
        "FLYTE_INTERNAL_EXECUTION_PROJECT", env.get("FLYTE_INTERNAL_PROJECT", "local")
    )
    domain = env.get("FLYTE_INTERNAL_EXECUTION_DOMAIN", env.get("FLYTE_INTERNAL_DOMAIN", "local"))
    name = env.get("FLYTE_INTERNAL_EXECUTION_ID", "local")
    task = env.get("FLYTE_INTERNAL_TASK_NAME", task_name)
    workflow = env.get("FLYTE_INTERNAL_EXECUTION_WORKFLOW", "")
    launch_plan = env.get("FLYTE_INTERNAL_EXECUTION_LAUNCHPLAN", "")
    stats = None
    if env.get("FLYTE_STATSD_HOST"):
        from flytecheck.core.stats import StatsClient

        tags = {
            "exec_project": project,
            "exec_domain": domain,
            "exec_id": name,
            "exec_workflow": workflow,
        }
        tags = {k: v for k, v in tags.items() if v}
        prefix = f"{project}.{domain}.{task}.user_stats"
        stats = StatsClient(env["FLYTE_STATSD_HOST"], _statsd_port(), prefix, tags)
    return ExecutionParameters(
        project, domain, name, task, workflow, launch_plan, stats, Path.cwd()
    )


def _statsd_port() -> int:
    from flytecheck.core.exceptions.system import FlyteNonRecoverableSystemException

    text = os.environ.get("FLYTE_STATSD_PORT", "8125")
    if not text.strip().isdigit() or not 0 < int(text) < 65536:
        msg = (
            f"FLYTE_STATSD_PORT={text!r} is not a port number: set it to one (1-65535), or unset "
            "FLYTE_STATSD_HOST to run without statsd"
        )
        raise FlyteNonRecoverableSystemException(msg)
    return int(text)


def _utf8(text: str) -> str:
    """`text` as protobuf will take it: a lone surrogate (a file name from os.fsdecode) would
    make the error document itself fail to serialize, so it is written as `\\udc80`."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _error_document(scoped: Any) -> bytes:
    from flyteidl.core.errors_pb2 import ContainerError, ErrorDocument
    from flyteidl.core.execution_pb2 import ExecutionError

    error = ContainerError(
        code=_utf8(scoped.error_code),
        message=_utf8(scoped.verbose_message),
        kind=ContainerError.RECOVERABLE if scoped.recoverable else ContainerError.NON_RECOVERABLE,
        origin=ExecutionError.USER if scoped.kind == "USER" else ExecutionError.SYSTEM,
    )
    error.timestamp.GetCurrentTime()
    data: bytes = ErrorDocument(error=error).SerializeToString()
    return data


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What `execute` wrote: the document's URI, and the scoped error if the task failed."""

    written: str
    error: Any = None


def execute(args: ExecuteArgs, sandbox: Path | None = None) -> Outcome:
    """Run the task as a container does; return what was written. Raises only when nothing
    could be written (the output prefix itself is unusable). A sandbox made here is removed on
    every path."""
    if sandbox is not None:
        return _execute(args, sandbox)
    made = Path(tempfile.mkdtemp(prefix="flytecheck-execute-"))
    try:
        return _execute(args, made)
    finally:
        shutil.rmtree(made, ignore_errors=True)


def _execute(args: ExecuteArgs, sandbox: Path) -> Outcome:
    from flyteidl.core.literals_pb2 import LiteralMap

    from flytecheck.core._uri import is_remote, join, local_path
    from flytecheck.core.context import ExecutionState, FlyteContextManager, current_context
    from flytecheck.core.exceptions.scopes import FlyteScopedException, system_entry_point
    from flytecheck.core.exceptions.system import FlyteNonRecoverableSystemException
    from flytecheck.core.io import FileAccessProvider
    from flytecheck.core.resolver import load_resolver

    raw_prefix = args.raw_output_data_prefix or str(sandbox / "raw")
    out_fa = FileAccessProvider(sandbox / "staging", args.output_prefix)

    @system_entry_point
    def run() -> LiteralMap:
        fa = FileAccessProvider(sandbox / "local", raw_prefix)
        task = load_resolver(args.resolver).load_task(list(args.loader_args))
        data = fa.read_bytes(args.inputs)
        inputs = LiteralMap()
        try:
            inputs.ParseFromString(data)
        except Exception as e:
            msg = f"{args.inputs}: not a serialized LiteralMap ({type(e).__name__}: {e})"
            raise FlyteNonRecoverableSystemException(msg) from e
        ctx = current_context().new_builder(
            file_access=fa,
            execution_state=ExecutionState(ExecutionState.Mode.TASK_EXECUTION, sandbox),
            user_space_params=dataclasses.replace(
                execution_parameters(task.name), checkpoint=_checkpoint(args, fa)
            ),
            sandbox_dir=sandbox / "local",
        )
        if hasattr(task, "sub_graph"):
            log.warning(
                "%s is a dynamic task: flytecheck-execute runs its sub-graph in this container "
                "and writes outputs.pb; pyflyte-execute writes futures.pb for the backend to run "
                "node by node, which flytecheck-execute does not do yet",
                task.name,
            )
        with FlyteContextManager.with_context(ctx):
            outputs: LiteralMap = task.dispatch_execute(ctx, inputs)
        return outputs

    @system_entry_point
    def write(name: str, data: bytes) -> str:
        target = join(args.output_prefix, name)
        out_fa.write_bytes_atomically(target, data)
        if not is_remote(target):
            for stale in ("outputs.pb", "error.pb"):
                remove_stale_temporaries(Path(local_path(join(args.output_prefix, stale))))
        return target

    try:
        outputs = run()
        return Outcome(write("outputs.pb", outputs.SerializeToString()))
    except FlyteScopedException as scoped:
        log.error("task failed (%s): %s", scoped.error_code, safe_str(scoped.value))
        return Outcome(write("error.pb", _error_document(scoped)), scoped)


def _checkpoint(args: ExecuteArgs, fa: Any) -> Any:
    """The task's checkpoint from --checkpoint-path and --prev-checkpoint (none without a path,
    as pyflyte-execute: the task's `current_context().checkpoint` then says so)."""
    if not args.checkpoint_path:
        return None
    from flytecheck.core.checkpoint import SyncCheckpoint

    return SyncCheckpoint(args.checkpoint_path, args.prev_checkpoint, fa)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (Kubernetes stopping the pod) becomes an exception, so the error document is
    written and the sandbox removed before the container exits."""
    msg = "the container was asked to stop (SIGTERM) while the task ran; Flyte may retry it"
    raise FlyteTerminated(msg)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup_logging()
    started = time.perf_counter()
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        outcome = execute(args)
    except Exception as e:  # nothing could be written: say so and fail the container
        print(
            f"flytecheck-execute: could not write outputs or an error document: {e}",
            file=sys.stderr,
        )
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)
    log.info("wrote %s in %.3f s", outcome.written, time.perf_counter() - started)
    if outcome.error is not None and os.environ.get("FLYTE_FAIL_ON_ERROR", "").lower() == "true":
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


@dataclasses.dataclass(frozen=True)
class EntrypointResult:
    """What running a task through the entrypoint gave: Python outputs and their literals, or
    the ContainerError of error.pb."""

    outputs: Any
    output_literals: Any
    error: Any
    output_prefix: str

    @property
    def ok(self) -> bool:
        return self.error is None


def run_through_entrypoint(
    task: Any,
    inputs: dict[str, Any] | None = None,
    *,
    workdir: Path,
    raw_output_data_prefix: str | None = None,
) -> EntrypointResult:
    """Run `task` in-process exactly as its container would: the inputs written as inputs.pb
    under `workdir`, the task loaded back through its resolver, outputs.pb or error.pb read back.
    """
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
    )
    outcome = execute(args, sandbox=workdir / "sandbox")
    data = Path(outcome.written).read_bytes()
    if outcome.error is not None:
        return EntrypointResult(None, None, ErrorDocument.FromString(data).error, output_prefix)
    literals = LiteralMap.FromString(data)
    return EntrypointResult(task.literals_to_outputs(ctx, literals), literals, None, output_prefix)
