"""Workflow coverage: which nodes and conditional branches the tests ran, per workflow."""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["WorkflowCoverage"]

FAILED = "failed"  # flytecheck.core.local.FAILED (this module is imported without the core)


@dataclasses.dataclass
class _Workflow:
    nodes: dict[str, str] = dataclasses.field(default_factory=dict)
    cases: dict[str, str] = dataclasses.field(default_factory=dict)
    ran: set[str] = dataclasses.field(default_factory=set)
    taken: set[str] = dataclasses.field(default_factory=set)
    failed: set[str] = dataclasses.field(default_factory=set)  # ran, and raised
    runners: set[str] = dataclasses.field(default_factory=set)
    """Whose executor ran it: "flytekit" (a direct call), "flytecheck" (flyte_run)."""

    @property
    def total(self) -> int:
        return len(self.nodes) + len(self.cases)

    @property
    def covered(self) -> int:
        return len(self.ran & set(self.nodes)) + len(self.taken & set(self.cases))


class WorkflowCoverage:
    """Collects runs from the local executor; mergeable across pytest-xdist workers."""

    def __init__(self) -> None:
        self.workflows: dict[str, _Workflow] = {}
        self.unmeasured: dict[str, str] = {}  # workflow -> why it could not be measured
        self._graphs: dict[int, tuple[Any, dict[int, str]]] = {}

    def cannot_measure(self, name: str, why: str) -> None:
        """Say, in the report, that `name` is left out and why (never left out in silence)."""
        self.unmeasured[name] = why

    def add(self, graph: Any) -> _Workflow:
        """Know `graph`'s nodes and branches (once per graph object)."""
        self._keys(graph)
        return self.workflows[graph.name]

    def _keys(self, graph: Any) -> dict[int, str]:
        known = self._graphs.get(id(graph))
        if known is not None and known[0] is graph:
            return known[1]
        entry = self.workflows.setdefault(graph.name, _Workflow())
        keys: dict[int, str] = {}
        for node in graph.nodes:
            self._add_node(entry, keys, node, "")
        failure = getattr(graph, "failure_node", None)
        if failure is not None:  # it runs only when a node fails: a test should make one fail
            self._add_node(entry, keys, failure, "on_failure:")
        self._graphs[id(graph)] = (graph, keys)
        return keys

    def _add_node(self, entry: _Workflow, keys: dict[int, str], node: Any, prefix: str) -> None:
        key = f"{prefix}{node.id}"
        keys[id(node)] = key
        entry.nodes[key] = node.name
        if node.kind != "branch":
            return
        spec = node.entity
        for i, (_, inner) in enumerate(spec.cases):
            entry.cases[f"{key}:{i}"] = f"{spec.name!r} {'if' if i == 0 else f'elif #{i}'}"
            self._add_node(entry, keys, inner, f"{key}-")
        if spec.else_node is not None:
            entry.cases[f"{key}:else"] = f"{spec.name!r} else"
            self._add_node(entry, keys, spec.else_node, f"{key}-")

    def observe(self, graph: Any, node: Any, case: str | None, runner: str = "flytecheck") -> None:
        """A node ran (`case`: the branch it took, or FAILED), under `runner`'s executor."""
        key = self._keys(graph).get(id(node), node.id)
        entry = self.workflows[graph.name]
        entry.ran.add(key)
        entry.runners.add(runner)
        if case == FAILED:
            entry.failed.add(key)
        elif case is not None:
            entry.taken.add(f"{key}:{case}")

    # -- xdist ---------------------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        workflows = {
            name: {
                "nodes": w.nodes,
                "cases": w.cases,
                "ran": sorted(w.ran),
                "taken": sorted(w.taken),
                "failed": sorted(w.failed),
                "runners": sorted(w.runners),
            }
            for name, w in self.workflows.items()
        }
        return {"workflows": workflows, "unmeasured": dict(self.unmeasured)}

    def merge(self, data: dict[str, Any]) -> None:
        self.unmeasured.update(data.get("unmeasured", {}))
        for name, w in data.get("workflows", {}).items():
            entry = self.workflows.setdefault(name, _Workflow())
            entry.nodes.update(w["nodes"])
            entry.cases.update(w["cases"])
            entry.ran.update(w["ran"])
            entry.taken.update(w["taken"])
            entry.failed.update(w.get("failed", ()))
            entry.runners.update(w.get("runners", ()))

    # -- report --------------------------------------------------------------------------------

    def measured(self) -> bool:
        """Whether there is anything to give a figure for: a workflow with a node."""
        return any(w.total for w in self.workflows.values())

    def percent(self) -> float:
        """Nodes and branches run, of all known; 0 when nothing is known (no figure stands for
        nothing: `measured()` says whether this one means anything)."""
        total = sum(w.total for w in self.workflows.values())
        covered = sum(w.covered for w in self.workflows.values())
        return 100.0 * covered / total if total else 0.0

    def report(self) -> list[str]:
        if not self.measured():
            lines = [
                "no workflow measured: none was found in the project's modules and no test ran "
                "one (with flyte_run or by calling it), so there is no coverage figure"
            ]
            lines += [
                f"not measured: {name}: {why}" for name, why in sorted(self.unmeasured.items())
            ]
            return lines
        lines = []
        width = max((len(n) for n in self.workflows), default=10)
        for name, w in sorted(self.workflows.items()):
            pct = 100.0 * w.covered / w.total if w.total else 100.0
            missing = [f"{k} ({v})" for k, v in w.nodes.items() if k not in w.ran]
            missing += [v for k, v in w.cases.items() if k not in w.taken]
            tail = f"   never run: {', '.join(missing)}" if missing else ""
            raised = [f"{k} ({v})" for k, v in w.nodes.items() if k in w.failed]
            tail += f"   ran and raised: {', '.join(raised)}" if raised else ""
            if w.runners:
                tail += f"   run by {' and '.join(f'{r}' for r in sorted(w.runners))}'s executor"
            nodes = f"{len(w.ran & set(w.nodes))}/{len(w.nodes)} nodes"
            cases = f"{len(w.taken & set(w.cases))}/{len(w.cases)} branches"
            lines.append(f"{name:<{width}}  {nodes:>11}  {cases:>13}  {pct:5.1f}%{tail}")
        lines.append(f"{'TOTAL':<{width}}  {'':>11}  {'':>13}  {self.percent():5.1f}%")
        for name, why in sorted(self.unmeasured.items()):
            if name not in self.workflows:
                lines.append(f"not measured (left out of the total): {name}: {why}")
        return lines
