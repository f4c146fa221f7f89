"""The state of one workflow's compile: its nodes by id, their interfaces, the edges found so
far and the errors collected (every error is kept; none stops the compile)."""

from __future__ import annotations

import dataclasses
import enum

from flyteidl.core import interface_pb2, workflow_pb2

from flytecheck.core.idl_check.errors import CompileError
from flytecheck.core.idl_check.registration import Key, Registration

__all__ = ["END", "START", "Direction", "Scope"]

START = "start-node"
END = "end-node"


class Direction(enum.Enum):
    """Which side of an edge a binding records: top-level nodes record both, nodes inside a
    branch and the failure node only their upstream (as the backend's connections show)."""

    BOTH = "both"
    UPSTREAM = "upstream"


@dataclasses.dataclass
class Scope:
    registration: Registration
    template: workflow_pb2.WorkflowTemplate
    errors: list[CompileError]
    compiled: set[Key]
    nodes: dict[str, workflow_pb2.Node] = dataclasses.field(default_factory=dict)
    interfaces: dict[str, interface_pb2.TypedInterface | None] = dataclasses.field(
        default_factory=dict
    )
    upstream: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    downstream: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    inner: list[str] = dataclasses.field(default_factory=list)
    pending: list[Key] = dataclasses.field(default_factory=list)

    @property
    def workflow(self) -> str:
        return str(self.template.id.name)

    def error(self, code: str, node: str, message: str, variable: str = "") -> None:
        self.errors.append(CompileError(code, self.workflow, self.label(node), message, variable))

    def label(self, node_id: str) -> str:
        """A node as a user finds it: its id, and the entity's name when the SDK gave one."""
        node = self.nodes.get(node_id)
        name = node.metadata.name if node is not None else ""
        return f"{node_id} ({name})" if name and name != node_id else node_id

    def edge(self, up: str, down: str, direction: Direction = Direction.BOTH) -> None:
        up = up or START
        self.upstream.setdefault(down, set()).add(up)
        if direction is Direction.BOTH:
            self.downstream.setdefault(up, set()).add(down)

    def trial(self) -> Scope:
        """A scope that sees the same nodes but keeps its own errors and edges: for trying a
        binding against each variant of a union."""
        return Scope(
            self.registration, self.template, [], self.compiled, self.nodes, self.interfaces
        )

    def child(self, template: workflow_pb2.WorkflowTemplate) -> Scope:
        """A fresh scope for a sub-workflow, sharing the registration and the error list."""
        return Scope(self.registration, template, self.errors, self.compiled)
