"""`flyte_execute` for a flytekit task: flytekit's own container path, in-process.

The inputs are written as inputs.pb by flytekit's type engine, the task is loaded back
through its own resolver and loader args and run by pyflyte-execute's code (the function the
console script calls), and outputs.pb or error.pb is read back, its outputs converted as
flytekit's local run returns them.
"""

from __future__ import annotations

import gc
import warnings
from pathlib import Path
from typing import Any

__all__ = ["execute_flytekit_task"]


def execute_flytekit_task(task: Any, inputs: dict[str, Any], workdir: Path) -> Any:
    from flyteidl.core.errors_pb2 import ErrorDocument
    from flyteidl.core.literals_pb2 import LiteralMap
    from flytekit.bin.entrypoint import _execute_task
    from flytekit.configuration import Image, ImageConfig, SerializationSettings

    from flytecheck.core.entrypoint import EntrypointResult
    from flytecheck.interop import _fk_values as values
    from flytecheck.interop.flytekit import is_eager_workflow

    if is_eager_workflow(task):
        from flytecheck.core.exceptions.user import FlyteValidationException

        msg = (
            f"{task.name!r} is a flytekit @eager workflow: in its container it launches each "
            "call it makes as an execution on a Flyte cluster, which flyte_execute cannot "
            "stand in for; test it with flyte_run (its calls run locally, stubs apply)"
        )
        raise FlyteValidationException(msg)
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "inputs.pb").write_bytes(values.inputs_to_literals(task, inputs).SerializeToString())
    out = workdir / "outputs"
    out.mkdir(exist_ok=True)
    settings = SerializationSettings(
        image_config=ImageConfig(default_image=Image(name="default", fqn="flytecheck", tag="test"))
    )
    resolver = task.task_resolver
    with warnings.catch_warnings():  # pyflyte-execute's own use of flytekit's deprecated flag
        warnings.filterwarnings("ignore", ".*disable_deck.*", DeprecationWarning)
        warnings.filterwarnings("ignore", category=ResourceWarning)  # its statsd socket
        _execute_task(
            inputs=str(workdir / "inputs.pb"),
            output_prefix=str(out),
            test=False,
            raw_output_data_prefix=str(workdir / "raw"),
            resolver=resolver.location,
            resolver_args=list(resolver.loader_args(settings, task)),
        )
        gc.collect()  # closes, quietly, what pyflyte-execute's run left open
    if (out / "error.pb").exists():
        error = ErrorDocument.FromString((out / "error.pb").read_bytes()).error
        return EntrypointResult(None, None, error, str(out))
    if (out / "futures.pb").exists():
        from flyteidl.core.dynamic_job_pb2 import DynamicJobSpec

        spec = DynamicJobSpec.FromString((out / "futures.pb").read_bytes())
        return EntrypointResult(None, None, None, str(out), futures=spec)
    literals = LiteralMap.FromString((out / "outputs.pb").read_bytes())
    return EntrypointResult(values.literals_to_result(task, literals), literals, None, str(out))
