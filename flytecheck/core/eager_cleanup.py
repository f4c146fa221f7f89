"""What registering an eager workflow adds (`EagerTask.get_as_workflow()`): a workflow of one
node, the eager task, with a failure node that runs `EagerFailureHandlerTask`, as flytekit
registers it. On a cluster flytekit's handler cancels the executions the failed eager run
started; flytecheck talks to no cluster, so its handler, run locally or by flytecheck-execute,
has nothing to cancel and says so."""

from __future__ import annotations

import logging
from typing import Any

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.context import FlyteContext
from flytecheck.core.exceptions.system import FlyteEntrypointNotLoadable
from flytecheck.core.interface import Interface
from flytecheck.core.task import PythonAutoContainerTask

__all__ = ["EagerFailureHandlerTask", "EagerFailureTaskResolver", "eager_failure_task_resolver"]

log = logging.getLogger(__name__)

RESOLVER = "flytecheck.core.eager_cleanup.eager_failure_task_resolver"


class EagerFailureHandlerTask(PythonAutoContainerTask):
    """The failure node of an eager workflow as registered: takes the workflow's inputs."""

    _TASK_TYPE = "eager_failure_handler_task"

    def __init__(
        self,
        name: str,
        container_image: Any = None,
        inputs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            self._TASK_TYPE,
            name,
            Interface(dict(inputs or {}), {}),
            container_image=container_image,
            resolver=RESOLVER,
            **kwargs,
        )

    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        log.warning(
            "%s: an eager workflow failed; on a cluster this cancels the executions it "
            "started, and flytecheck started none",
            self.name,
        )
        return LiteralMap()

    def loader_args(self) -> list[str]:
        return ["eager", "failure", "handler"]


class EagerFailureTaskResolver:
    """Loads the handler in a container (it needs no inputs' types: it converts none)."""

    location = RESOLVER

    def load_task(self, loader_args: list[str]) -> EagerFailureHandlerTask:
        if loader_args != ["eager", "failure", "handler"]:
            msg = f"loader args {loader_args} are not the eager failure handler's"
            raise FlyteEntrypointNotLoadable(msg)
        return EagerFailureHandlerTask(name="eager_failure_handler")

    def loader_args(self, task: Any) -> list[str]:
        return list(task.loader_args())


eager_failure_task_resolver = EagerFailureTaskResolver()
