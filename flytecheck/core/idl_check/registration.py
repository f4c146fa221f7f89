"""What registration hands the backend's compiler: a workflow, its sub-workflows, and the
tasks and launch plans its nodes refer to, looked up by identifier as the backend does."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from flyteidl.admin.launch_plan_pb2 import LaunchPlan
from flyteidl.admin.task_pb2 import TaskSpec
from flyteidl.admin.workflow_pb2 import WorkflowSpec
from flyteidl.core import identifier_pb2, interface_pb2, tasks_pb2, workflow_pb2
from flyteidl.core.workflow_closure_pb2 import WorkflowClosure
from google.protobuf.message import Message

__all__ = ["Key", "LaunchPlanInterface", "Registration", "key", "short"]

Key = tuple[int, str, str, str, str]


def key(identifier: identifier_pb2.Identifier) -> Key:
    """An identifier as the backend indexes it: resource type, project, domain, name, version."""
    i = identifier
    return (int(i.resource_type), i.project, i.domain, i.name, i.version)


def short(identifier: identifier_pb2.Identifier) -> str:
    """An identifier as a user reads it: the name, and the version when there is one."""
    return f"{identifier.name}@{identifier.version}" if identifier.version else identifier.name


@dataclasses.dataclass(frozen=True)
class LaunchPlanInterface:
    """What a launch-plan node sees of a launch plan: its parameters (required or defaulted)
    and its workflow's outputs."""

    inputs: interface_pb2.ParameterMap
    outputs: interface_pb2.VariableMap


@dataclasses.dataclass
class Registration:
    """The entities a compile can refer to, by identifier."""

    workflows: dict[Key, workflow_pb2.WorkflowTemplate] = dataclasses.field(default_factory=dict)
    tasks: dict[Key, interface_pb2.TypedInterface] = dataclasses.field(default_factory=dict)
    launch_plans: dict[Key, LaunchPlanInterface] = dataclasses.field(default_factory=dict)
    external: set[Key] = dataclasses.field(default_factory=set)

    def add_reference(
        self, identifier: identifier_pb2.Identifier, interface: interface_pb2.TypedInterface
    ) -> None:
        """An entity registered elsewhere (flytekit's reference_task, reference_workflow and
        reference_launch_plan): only its interface is known, and it is not compiled here."""
        ref = key(identifier)
        kind = identifier.resource_type
        if kind == identifier_pb2.ResourceType.TASK:
            self.tasks[ref] = interface
        elif kind == identifier_pb2.ResourceType.LAUNCH_PLAN:
            inputs = interface_pb2.ParameterMap()
            for name, variable in interface.inputs.variables.items():
                inputs.parameters[name].var.CopyFrom(variable)
                inputs.parameters[name].required = True
            self.launch_plans[ref] = LaunchPlanInterface(inputs, interface.outputs)
        else:
            self.workflows[ref] = workflow_pb2.WorkflowTemplate(id=identifier, interface=interface)
            self.external.add(ref)

    def add_task(self, template: tasks_pb2.TaskTemplate) -> None:
        self.tasks[key(template.id)] = template.interface

    def add_workflow(self, template: workflow_pb2.WorkflowTemplate) -> None:
        self.workflows[key(template.id)] = template

    def add_launch_plan(self, plan: LaunchPlan) -> None:
        """A launch plan's interface: its closure's when the backend filled it in, else its
        default inputs and its workflow's outputs (add the workflow first)."""
        closure = plan.closure
        if closure.HasField("expected_inputs") and closure.expected_inputs.parameters:
            inputs = closure.expected_inputs
        else:
            inputs = plan.spec.default_inputs
        if closure.HasField("expected_outputs") and closure.expected_outputs.variables:
            outputs = closure.expected_outputs
        else:
            workflow = self.workflows.get(key(plan.spec.workflow_id))
            outputs = (
                workflow.interface.outputs if workflow is not None else interface_pb2.VariableMap()
            )
        self.launch_plans[key(plan.id)] = LaunchPlanInterface(inputs, outputs)

    @classmethod
    def of_messages(cls, messages: Iterable[Message]) -> Registration:
        """The registration of serialized entities, any mix of TaskSpec, TaskTemplate,
        WorkflowSpec (with its sub-workflows), WorkflowTemplate, WorkflowClosure and
        LaunchPlan messages, as an SDK writes them."""
        registration = cls()
        plans: list[LaunchPlan] = []
        for message in messages:
            if isinstance(message, LaunchPlan):
                plans.append(message)
            elif isinstance(message, TaskSpec):
                registration.add_task(message.template)
            elif isinstance(message, tasks_pb2.TaskTemplate):
                registration.add_task(message)
            elif isinstance(message, WorkflowSpec):
                for template in (message.template, *message.sub_workflows):
                    registration.add_workflow(template)
            elif isinstance(message, workflow_pb2.WorkflowTemplate):
                registration.add_workflow(message)
            elif isinstance(message, WorkflowClosure):
                registration.add_workflow(message.workflow)
                for task in message.tasks:
                    registration.add_task(task)
        for plan in plans:
            registration.add_launch_plan(plan)
        return registration

    @classmethod
    def of(
        cls,
        tasks: Iterable[tasks_pb2.TaskTemplate] = (),
        workflows: Iterable[workflow_pb2.WorkflowTemplate] = (),
        launch_plans: Iterable[LaunchPlan] = (),
    ) -> Registration:
        registration = cls()
        for task in tasks:
            registration.add_task(task)
        for workflow in workflows:
            registration.add_workflow(workflow)
        for plan in launch_plans:
            registration.add_launch_plan(plan)
        return registration
