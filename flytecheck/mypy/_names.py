"""What flytecheck.mypy reports (its error codes) and the SDKs' names it knows."""

from __future__ import annotations

import mypy.types  # noqa: F401  (first: mypy.expandtype and mypy.types import each other)
from mypy.errorcodes import ErrorCode

_CATEGORY = "Flyte"
PROMISE_BOOL = ErrorCode("flyte-promise-bool", "A promise used as a truth value", _CATEGORY)
PROMISE_OP = ErrorCode("flyte-promise-op", "Arithmetic or comparison on a promise", _CATEGORY)
PROMISE_ITER = ErrorCode("flyte-promise-iter", "A promise iterated or measured", _CATEGORY)
PROMISE_CALL = ErrorCode("flyte-promise-call", "A promise passed to a plain function", _CATEGORY)
PROMISE_SHOWN = ErrorCode(
    "flyte-promise-shown", "A promise printed or formatted", _CATEGORY, default_enabled=False
)
NOT_AWAITED = ErrorCode("flyte-not-awaited", "An eager call's result used unawaited", _CATEGORY)
PROMISE_INDEX = ErrorCode("flyte-promise-index", "A promise of no collection indexed", _CATEGORY)
PROMISE_ATTR = ErrorCode("flyte-promise-attr", "A promise's output has no such field", _CATEGORY)
BINDING = ErrorCode("flyte-binding", "A promise bound to an input of another type", _CATEGORY)
RETURN = ErrorCode("flyte-return", "A workflow returning a promise of another type", _CATEGORY)
OUTPUT_NAME = ErrorCode(
    "flyte-output-name", "An output named like the promise API it would shadow", _CATEGORY
)
BRANCH = ErrorCode("flyte-branch", "Branches of a conditional giving different types", _CATEGORY)

PROMISE = "flytecheck.core.promise.Promise"
VOID_PROMISE = "flytecheck.core.promise.VoidPromise"
ENTITY = "flytecheck.core._entity.Entity"
LAUNCH_PLANS = (
    "flytecheck.core.launch_plan.LaunchPlan",
    "flytecheck.core.reference.ReferenceLaunchPlan",
)
FK_TYPES = "flytecheck._flytekit_types"
"""The classes the plugin gives flytekit's decorated functions (a stub module: types only)."""
FK_ENTITIES = (
    "flytekit.core.base_task.Task",
    "flytekit.core.workflow.WorkflowBase",
    "flytekit.core.launch_plan.LaunchPlan",
)
SDKS = ("flytecheck.core", "flytekit", FK_TYPES)
BODIES = {"workflow": "workflow", "dynamic": "dynamic", "eager": "eager"}
CONFIGURED = {
    "flytecheck.core.workflow.WorkflowDecorator.__call__": "workflow",
    "flytecheck.core.dynamic.DynamicDecorator.__call__": "dynamic",
    f"{FK_TYPES}.WorkflowDecorator.__call__": "workflow",
    f"{FK_TYPES}.DynamicDecorator.__call__": "dynamic",
    f"{FK_TYPES}.EagerDecorator.__call__": "eager",
}
DECORATORS = {
    "flytecheck.core.workflow.workflow": "workflow",
    "flytecheck.core.dynamic.dynamic": "dynamic",
    "flytecheck.core.eager.eager": "eager",
}
FK_DECORATORS = {
    "flytekit.core.task.task": ("task", "Task", "TaskDecorator"),
    "flytekit.core.workflow.workflow": ("workflow", "Workflow", "WorkflowDecorator"),
    "flytekit.core.task.eager": ("eager", "Eager", "EagerDecorator"),
    "flytekit.core.task.reference_task": ("reference", "RefTask", "RefTaskDecorator"),
    "flytekit.core.workflow.reference_workflow": (
        "reference",
        "RefWorkflow",
        "RefWorkflowDecorator",
    ),
    "flytekit.core.launch_plan.reference_launch_plan": ("reference", "RefPlan", "RefPlanDecorator"),
}
"""flytekit's decorators: the body they take, the class a decorated function becomes, and
the protocol of their configured form (`@task(retries=2)`)."""
CORE_DECLARERS = (
    "flytecheck.core.task.task",
    "flytecheck.core.reference.reference_task",
    "flytecheck.core.reference.reference_workflow",
    "flytecheck.core.reference.reference_launch_plan",
)
"""The core's decorators with nothing but their declaration to see to (see `declared`)."""
FK_DYNAMIC = "flytekit.core.dynamic_workflow_task.dynamic"
"""flytekit's `dynamic` is `functools.partial(task, ...)`: a call of it is a partial's call."""
_CORE_MAPS = "flytecheck.core.array_node_map_task"
MAP_TASKS = {
    f"{_CORE_MAPS}.map_task": f"{_CORE_MAPS}.ArrayNodeMapTask",
    "flytekit.core.array_node_map_task.map_task": f"{FK_TYPES}.MapTask",
}
"""map_task of each SDK, and the class its result is typed as."""
FAIL = ("flytecheck.core.condition.Case.fail", "flytekit.core.condition.Case.fail")
THEN = {
    "flytecheck.core.condition.Case.then": "flytecheck.core.condition.ConditionalSection",
    "flytekit.core.condition.Case.then": "flytekit.core.condition.Condition",
}
"""A conditional's `then` of each SDK, and what it gives before the last branch."""
FK_CONDITIONS = (
    "flytekit.core.condition.ConditionalSection.if_",
    "flytekit.core.condition.Condition.elif_",
    "flytekit.core.condition.Case.then",
)
"""flytekit's conditional steps: they take the comparisons and promises the plugin types."""
FK_PLAN_MAKERS = (
    "flytekit.core.launch_plan.LaunchPlan.get_or_create",
    "flytekit.core.launch_plan.LaunchPlan.create",
)
CONDITION_METHODS = ("if_", "elif_")
OUTPUTS_API = ("with_overrides", "runs_before", "ref")
"""What a call's tuple of outputs has of its own (in flytekit and the core alike)."""
SAME_PROMISE = ("with_overrides", "runs_before")
INDEXABLE = ("builtins.list", "builtins.dict", "builtins.tuple")
SHOWS = ("print", "format", "str", "repr")
"""Functions that show a promise (its placeholder, not its value): legal, but rarely what was
meant, so reported under a code that is off until enabled."""
ALLOWED_CALLEES = ("functools.partial",)
