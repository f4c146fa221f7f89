"""The backend compiler's own test data (`../shared/backend-compiler/`): flytesnacks' core
examples as flytekit registered them, and what the backend compiled from each. The tests and
`make bench` read it from here."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flyteidl.admin.launch_plan_pb2 import LaunchPlan
from flyteidl.admin.task_pb2 import TaskSpec
from flyteidl.admin.workflow_pb2 import WorkflowSpec
from flyteidl.core.workflow_closure_pb2 import WorkflowClosure
from google.protobuf.message import DecodeError

from flytecheck.core.idl_check import Registration

ROOT = Path(__file__).resolve().parents[3]
CORPUS = Path(
    os.environ.get("FLYTECHECK_BACKEND_CORPUS", ROOT.parent / "shared" / "backend-compiler")
)


@dataclasses.dataclass(frozen=True)
class Corpus:
    closures: dict[str, WorkflowClosure]
    specs: dict[str, WorkflowSpec]
    launch_plans: dict[str, LaunchPlan]
    tasks: dict[str, TaskSpec]
    registration: Registration

    def connections(self, name: str) -> dict[str, dict[str, list[str]]]:
        """The backend's `primary.connections` for a closure: upstream and downstream ids."""
        compiled = CORPUS / "snacks-core" / "compiled" / name.replace(".pb", "_wf.json")
        raw = json.loads(compiled.read_text())["primary"]["connections"]
        return {
            side: {k: sorted(i for i in v["ids"] if i) for k, v in raw.get(side, {}).items()}
            for side in ("upstream", "downstream")
        }


def closure_names() -> list[str]:
    """The closures' file names, for parametrizing; none when the corpus is absent (the
    count test then says where it was looked for)."""
    folder = CORPUS / "snacks-core"
    return sorted(load().closures) if folder.is_dir() else []


def _parse(data: bytes) -> TaskSpec | WorkflowClosure | LaunchPlan | WorkflowSpec:
    """The message a payload holds, tried in the README's order: a TaskSpec has a template
    type, a WorkflowClosure nodes, a LaunchPlan a workflow id; the rest are WorkflowSpecs."""
    tries: list[tuple[type[Any], Callable[[Any], object]]] = [
        (TaskSpec, lambda m: m.template.type),
        (WorkflowClosure, lambda m: m.workflow.nodes),
        (LaunchPlan, lambda m: m.spec.workflow_id.name),
    ]
    for kind, has in tries:
        message = kind()
        try:
            message.ParseFromString(data)
        except DecodeError:
            continue
        if has(message):
            return message  # type: ignore[no-any-return]
    return WorkflowSpec.FromString(data)


@functools.cache
def load() -> Corpus:
    folder = CORPUS / "snacks-core"
    if not folder.is_dir():
        msg = f"the backend compiler's corpus is not at {CORPUS}; set FLYTECHECK_BACKEND_CORPUS"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    found: dict[type, dict[str, object]] = {}
    for path in sorted(folder.glob("*.pb")):
        message = _parse(path.read_bytes())
        found.setdefault(type(message), {})[path.name] = message
    closures: dict[str, WorkflowClosure] = found.get(WorkflowClosure, {})  # type: ignore[assignment]
    specs: dict[str, WorkflowSpec] = found.get(WorkflowSpec, {})  # type: ignore[assignment]
    plans: dict[str, LaunchPlan] = found.get(LaunchPlan, {})  # type: ignore[assignment]
    tasks: dict[str, TaskSpec] = found.get(TaskSpec, {})  # type: ignore[assignment]
    registration = Registration.of_messages(
        [*tasks.values(), *closures.values(), *specs.values(), *plans.values()]
    )
    return Corpus(closures, specs, plans, tasks, registration)
