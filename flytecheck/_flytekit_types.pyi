"""flytekit's entities as flytecheck.mypy types them, for type checkers only.

flytekit's `@task` keeps a function's signature only in its bare form and types every call
`Union[Promise, VoidPromise, Tuple, None]`. The plugin gives a decorated function one of these
classes instead: flytekit's own class (so every attribute and every API that takes a task
still type-checks) with a `__call__` of the function's own parameters and return. The
configured decorators (`@task(retries=2)`) give the decorator protocols, which keep the
signature too. Nothing here exists at run time.
"""

from collections.abc import Callable, Coroutine
from typing import Any, Generic, ParamSpec, Protocol, TypeVar

from flytekit.core.array_node_map_task import ArrayNodeMapTask
from flytekit.core.launch_plan import LaunchPlan, ReferenceLaunchPlan
from flytekit.core.python_function_task import EagerAsyncPythonFunctionTask, PythonFunctionTask
from flytekit.core.task import ReferenceTask
from flytekit.core.workflow import PythonFunctionWorkflow, ReferenceWorkflow

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

class Task(PythonFunctionTask[Any], Generic[P, R_co]):
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...  # type: ignore[override]

class Workflow(PythonFunctionWorkflow, Generic[P, R_co]):
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...  # type: ignore[override]

class Eager(EagerAsyncPythonFunctionTask[Any], Generic[P, R_co]):
    def __call__(  # type: ignore[override]
        self, *args: P.args, **kwargs: P.kwargs
    ) -> Coroutine[Any, Any, R_co]: ...

class MapTask(ArrayNodeMapTask, Generic[P, R_co]):
    """A map task: its call takes lists of the task's inputs and gives the list of its output."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...  # type: ignore[override]

class Plan(LaunchPlan, Generic[R_co]):
    """A launch plan of a typed workflow: inputs by name only (defaults may be left out)."""

    def __call__(self, **kwargs: Any) -> R_co: ...  # type: ignore[override]

class RefTask(ReferenceTask, Generic[P, R_co]):
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...  # type: ignore[override]

class RefWorkflow(ReferenceWorkflow, Generic[P, R_co]):
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...  # type: ignore[override]

class RefPlan(ReferenceLaunchPlan, Generic[R_co]):
    def __call__(self, **kwargs: Any) -> R_co: ...  # type: ignore[override]

class RefTaskDecorator(Protocol):
    def __call__(self, fn: Callable[P, R], /) -> RefTask[P, R]: ...

class RefWorkflowDecorator(Protocol):
    def __call__(self, fn: Callable[P, R], /) -> RefWorkflow[P, R]: ...

class RefPlanDecorator(Protocol):
    def __call__(self, fn: Callable[P, R], /) -> RefPlan[R]: ...

class TaskDecorator(Protocol):
    def __call__(self, fn: Callable[P, R], /) -> Task[P, R]: ...

class DynamicDecorator(Protocol):
    def __call__(self, fn: Callable[P, R], /) -> Task[P, R]: ...

class WorkflowDecorator(Protocol):
    def __call__(self, fn: Callable[P, R], /) -> Workflow[P, R]: ...

class EagerDecorator(Protocol):
    def __call__(self, fn: Callable[P, Coroutine[Any, Any, R]], /) -> Eager[P, R]: ...
