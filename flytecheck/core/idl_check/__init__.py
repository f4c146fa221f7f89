"""The backend's compiler, locally: flytepropeller's checks, error for error, applied to the IDL
of a workflow, whatever SDK serialized it (flytekit, or flytecheck's own core).

`compile_workflow(template, registration)` returns every error under the backend's own code
(so a user can match it to what registration would say) and the connections the backend
would record; `check_workflow` raises them all at once as a WorkflowCompileError.
"""

from __future__ import annotations

from flyteidl.core import workflow_pb2

from flytecheck.core.idl_check.errors import CODES, NO_NODES, CompileError, WorkflowCompileError
from flytecheck.core.idl_check.launch_plan import compile_launch_plan
from flytecheck.core.idl_check.registration import LaunchPlanInterface, Registration, key
from flytecheck.core.idl_check.workflow import Compiled, Connections, compile_workflow

__all__ = [
    "CODES",
    "NO_NODES",
    "CompileError",
    "Compiled",
    "Connections",
    "LaunchPlanInterface",
    "Registration",
    "WorkflowCompileError",
    "check_workflow",
    "compile_launch_plan",
    "compile_workflow",
    "key",
]


def check_workflow(
    template: workflow_pb2.WorkflowTemplate, registration: Registration | None = None
) -> Compiled:
    """Compile, and raise WorkflowCompileError listing every error if there is one."""
    compiled = compile_workflow(template, registration)
    if compiled.errors:
        raise WorkflowCompileError(compiled.errors)
    return compiled
