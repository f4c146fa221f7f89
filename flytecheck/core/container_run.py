"""What a task's container does between reading its arguments and writing its document.

Load the task through its resolver (a failure there is the user's: their module did not
import, or has no such task, as pyflyte-execute classes it), read inputs.pb, give inputs left
out of it the task's defaults, and run it: a task gives outputs.pb, a dynamic task futures.pb
(see dynamic_job.py), one element of a map task (see map_element.py) its own outputs.pb.
The execution's identity comes from the FLYTE_INTERNAL_* variables or their `_F_*` aliases,
read as pyflyte-execute reads them.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.exceptions.scopes import run_as_user
from flytecheck.core.exceptions.system import (
    FlyteNonRecoverableSystemException,
    FlyteSystemException,
)

if TYPE_CHECKING:
    from flytecheck.core.context import FlyteContext
    from flytecheck.core.entrypoint import ExecuteArgs
    from flytecheck.core.io import FileAccessProvider

__all__ = ["Document", "execution_parameters", "one_of", "run_container_task"]

Document = tuple[str, bytes]


def one_of(*names: str) -> str:
    """The first of `names` set in the environment (flytekit's precedence: the
    FLYTE_INTERNAL_* name, then its `_F_*` alias), or ""."""
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return ""


def execution_parameters(task_name: str) -> Any:
    """Execution and task identity from the FLYTE_INTERNAL_* variables or their `_F_*`
    aliases, read as pyflyte-execute reads them, and a statsd client when FLYTE_STATSD_HOST is
    set."""
    from flytecheck.core.context import ExecutionParameters, TaskIdentifier

    project = one_of("FLYTE_INTERNAL_EXECUTION_PROJECT", "_F_PRJ")
    domain = one_of("FLYTE_INTERNAL_EXECUTION_DOMAIN", "_F_DM")
    name = one_of("FLYTE_INTERNAL_EXECUTION_ID", "_F_NM")
    workflow = one_of("FLYTE_INTERNAL_EXECUTION_WORKFLOW", "_F_WF")
    launch_plan = one_of("FLYTE_INTERNAL_EXECUTION_LAUNCHPLAN", "_F_LP")
    task_id = TaskIdentifier(
        one_of("FLYTE_INTERNAL_TASK_PROJECT", "_F_TK_PRJ"),
        one_of("FLYTE_INTERNAL_TASK_DOMAIN", "_F_TK_DM"),
        one_of("FLYTE_INTERNAL_TASK_NAME", "_F_TK_NM"),
        one_of("FLYTE_INTERNAL_TASK_VERSION", "_F_TK_V"),
    )
    stats = None
    if os.environ.get("FLYTE_STATSD_HOST"):
        from flytecheck.core.stats import StatsClient

        tags = {
            "exec_project": project,
            "exec_domain": domain,
            "exec_id": name,
            "exec_workflow": workflow,
        }
        tags = {k: v for k, v in tags.items() if v}
        # the task's registration project and domain, as flytekit's prefix; the execution's
        # when the platform did not set them (flytekit would write empty path parts)
        prefix = ".".join(
            (
                task_id.project or project,
                task_id.domain or domain,
                task_id.name or task_name,
                "user_stats",
            )
        )
        stats = StatsClient(os.environ["FLYTE_STATSD_HOST"], _statsd_port(), prefix, tags)
    return ExecutionParameters(
        project,
        domain,
        name,
        task_id.name or task_name,
        workflow,
        launch_plan,
        stats,
        Path.cwd(),
        task_id=task_id,
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


def checkpoint_of(args: ExecuteArgs, fa: FileAccessProvider) -> Any:
    """The task's checkpoint from --checkpoint-path and --prev-checkpoint (none without a path,
    as pyflyte-execute: the task's `current_context().checkpoint` then says so)."""
    if not args.checkpoint_path:
        return None
    from flytecheck.core.checkpoint import SyncCheckpoint
    from flytecheck.core.exceptions.system import FlyteDownloadDataException

    for flag, uri in (
        ("--checkpoint-path", args.checkpoint_path),
        ("--prev-checkpoint", args.prev_checkpoint),
    ):
        if uri:
            try:
                fa.filesystem(uri)
            except Exception as e:
                msg = f"{flag} {uri}: cannot be read or written: {e}"
                raise FlyteDownloadDataException(msg) from e
    return SyncCheckpoint(args.checkpoint_path, args.prev_checkpoint, fa)


def load_task(args: ExecuteArgs) -> Any:
    """The task, through its resolver; the resolver's failure to load it is classed as the
    user's (USER:RuntimeError), as pyflyte-execute classes it."""
    from flytecheck.core.resolver import load_resolver

    resolver = load_resolver(args.resolver)
    return run_as_user(resolver.load_task, list(args.loader_args))


def read_inputs(fa: FileAccessProvider, uri: str) -> LiteralMap:
    inputs = LiteralMap()
    data = fa.read_bytes(uri)
    try:
        inputs.ParseFromString(data)
    except Exception as e:
        msg = f"{uri}: not a serialized LiteralMap ({type(e).__name__}: {e})"
        raise FlyteSystemException(msg) from e
    return inputs


def _missing(task: Any, names: list[str]) -> None:
    shown = ", ".join(map(repr, names))
    msg = (
        f"task {task.name!r}: input(s) {shown} are not in inputs.pb and have no default; the "
        "node must bind them (check the workflow that calls the task)"
    )
    raise TypeError(msg)


def complete_inputs(task: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
    """`inputs`, with every input left out of them given the task's default (None for an
    Optional), as pyflyte-execute does. One without a default fails as the user's error, as
    the function call fails in pyflyte-execute."""
    from flytecheck.core.types import TypeEngine

    iface = task.interface
    absent = [n for n in iface.inputs if n not in inputs.literals]
    if not absent:
        return inputs
    required = set(iface.required)
    missing = [n for n in absent if n in required]
    if missing:
        run_as_user(_missing, task, missing)
    out = LiteralMap()
    out.CopyFrom(inputs)
    for name in absent:
        codec = TypeEngine.codec(iface.inputs[name], pickle_untyped=iface.pickle_untyped)
        out.literals[name].CopyFrom(codec.to_literal(iface.default_for(name)))
    return out


def run_container_task(args: ExecuteArgs, sandbox: Path, *, map_element: bool) -> Document:
    """Run the task as its container does; the document to write and its bytes."""
    from flytecheck.core.context import ExecutionState, FlyteContextManager, current_context
    from flytecheck.core.io import FileAccessProvider

    raw_prefix = args.raw_output_data_prefix or str(sandbox / "raw")
    fa = FileAccessProvider(sandbox / "local", raw_prefix)
    task = load_task(args)
    inputs = read_inputs(fa, args.inputs)
    if map_element:
        task, inputs = _element(task, inputs)
    ctx = current_context().new_builder(
        file_access=fa,
        execution_state=ExecutionState(ExecutionState.Mode.TASK_EXECUTION, sandbox),
        user_space_params=dataclasses.replace(
            execution_parameters(task.name), checkpoint=checkpoint_of(args, fa)
        ),
        sandbox_dir=sandbox / "local",
    )
    with FlyteContextManager.with_context(ctx):
        inputs = complete_inputs(task, inputs, ctx)
        if hasattr(task, "sub_graph"):
            return _dynamic(task, ctx, inputs, args.serialized_settings)
        outputs: LiteralMap = task.dispatch_execute(ctx, inputs)
    return "outputs.pb", outputs.SerializeToString()


def _element(loaded: Any, inputs: LiteralMap) -> tuple[Any, LiteralMap]:
    from flytecheck.core.map_element import MapElement, array_index, element_inputs

    if not isinstance(loaded, MapElement):
        msg = (
            f"flytecheck-map-execute was given {loaded.name!r}, which is not a map task: its "
            "resolver must be flytecheck.core.array_node_map_task.map_task_resolver"
        )
        raise FlyteNonRecoverableSystemException(msg)
    return loaded.target, element_inputs(loaded, inputs, array_index())


def _dynamic(task: Any, ctx: FlyteContext, inputs: LiteralMap, given: str | None) -> Document:
    from flytecheck.core.dynamic_job import dynamic_job
    from flytecheck.core.serialization_context import from_environment

    params = ctx.params
    settings = run_as_user(from_environment, params.project, params.domain, task.name, given)
    built = dynamic_job(task, ctx, inputs, settings)
    name = "outputs.pb" if isinstance(built, LiteralMap) else "futures.pb"
    return name, built.SerializeToString()
