"""A workflow authored on the core and serialized by flytecheck runs from its own templates.

What the backend does, in miniature: for each node, the inputs.pb its bindings give; the
command line of its task template with the `{{.input}}`-style placeholders filled in; the
template's environment; the container run as a subprocess. A dynamic task's futures.pb is run
the same way, node by node, from the templates it carries; an array node runs one container
per element with the index in the environment. The workflow's outputs must equal its local
run's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from flyteidl.core.dynamic_job_pb2 import DynamicJobSpec
from flyteidl.core.errors_pb2 import ErrorDocument
from flyteidl.core.literals_pb2 import BindingData, Literal, LiteralMap

from tests.contract import entrypoint

SOURCE = """
import functools
import typing

from flytecheck.core import dynamic, map_task, task, workflow


@task
def add(a: int, b: int = 1) -> int:
    return a + b


@task
def describe(xs: typing.List[int], label: str) -> str:
    return f"{label}: {sum(xs)} from {len(xs)}"


@dynamic
def fan_out(n: int) -> typing.List[int]:
    return [add(a=i, b=n) for i in range(n)]


@workflow
def wf(n: int, label: str = "total") -> str:
    first = add(a=n)
    many = fan_out(n=first)
    doubled = map_task(functools.partial(add, b=100))(a=many)
    return describe(xs=doubled, label=label)
"""


class MiniBackend:
    """Runs templates the way the backend does, one container (subprocess) per task."""

    def __init__(self, root: Path, templates: dict[str, Any]) -> None:
        self.root, self.templates, self.runs = root, dict(templates), 0

    def run_nodes(self, nodes: Any, outputs: Any, start: LiteralMap) -> dict[str, LiteralMap]:
        done: dict[str, LiteralMap] = {"": start}  # workflow inputs: node id "", as flytekit writes
        for node in nodes:  # serialized in execution order
            inputs = LiteralMap()
            for binding in node.inputs:
                inputs.literals[binding.var].CopyFrom(self.resolve(binding.binding, done))
            if node.HasField("array_node"):
                done[node.id] = self.run_array(node.array_node.node, inputs)
            else:
                done[node.id] = self.run_task(node.task_node.reference_id.name, inputs)
        return done

    def resolve(self, binding: BindingData, done: dict[str, LiteralMap]) -> Literal:
        kind = binding.WhichOneof("value")
        out = Literal()
        if kind == "scalar":
            out.scalar.CopyFrom(binding.scalar)
        elif kind == "promise":
            out.CopyFrom(done[binding.promise.node_id].literals[binding.promise.var])
        elif kind == "collection":
            out.collection.SetInParent()
            for item in binding.collection.bindings:
                out.collection.literals.add().CopyFrom(self.resolve(item, done))
        else:
            raise AssertionError(f"binding kind {kind} is not used by this workflow")
        return out

    def container(self, name: str, inputs: LiteralMap, env: dict[str, str]) -> Path:
        self.runs += 1
        folder = self.root / f"run{self.runs}"
        folder.mkdir()
        (folder / "inputs.pb").write_bytes(inputs.SerializeToString())
        template = self.templates[name]
        filled = {
            "{{.input}}": str(folder / "inputs.pb"),
            "{{.outputPrefix}}": str(folder / "out"),
            "{{.rawOutputDataPrefix}}": str(folder / "raw"),
            "{{.checkpointOutputPrefix}}": str(folder / "checkpoint"),
            "{{.prevCheckpointPrefix}}": "",
        }
        args = [filled.get(a, a) for a in template.container.args]
        assert args[0] in ("flytecheck-execute", "flytecheck-map-execute")
        template_env = {e.key: e.value for e in template.container.env}
        proc = subprocess.run(
            [entrypoint(args[0]), *args[1:]],
            cwd=self.root,
            env={**os.environ, **template_env, **env, "PYTHONPATH": str(self.root)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        out = folder / "out"
        if (out / "error.pb").exists():
            raise AssertionError(ErrorDocument.FromString((out / "error.pb").read_bytes()))
        return out

    def run_task(self, name: str, inputs: LiteralMap) -> LiteralMap:
        out = self.container(name, inputs, {})
        if (out / "futures.pb").exists():
            spec = DynamicJobSpec.FromString((out / "futures.pb").read_bytes())
            self.templates.update({t.id.name: t for t in spec.tasks})
            done = self.run_nodes(spec.nodes, spec.outputs, LiteralMap())
            result = LiteralMap()
            for binding in spec.outputs:
                result.literals[binding.var].CopyFrom(self.resolve(binding.binding, done))
            return result
        return LiteralMap.FromString((out / "outputs.pb").read_bytes())

    def run_array(self, inner: Any, inputs: LiteralMap) -> LiteralMap:
        name = inner.task_node.reference_id.name
        mapped = [
            n for n, lit in inputs.literals.items() if lit.WhichOneof("value") == "collection"
        ]
        count = len(inputs.literals[mapped[0]].collection.literals)
        gathered = LiteralMap()
        for index in range(count):
            env = {"BATCH_JOB_ARRAY_INDEX_VAR_NAME": "JOB_INDEX", "JOB_INDEX": str(index)}
            out = self.container(name, inputs, env)
            element = LiteralMap.FromString((out / "outputs.pb").read_bytes())
            for var, lit in element.literals.items():
                gathered.literals[var].collection.literals.add().CopyFrom(lit)
        return gathered


def test_a_serialized_workflow_runs_from_its_templates(tmp_path: Path) -> None:
    from flytecheck.core import TypeEngine, current_context
    from flytecheck.core.serialize import SerializationSettings, get_serializable

    (tmp_path / "served.py").write_text(textwrap.dedent(SOURCE))
    sys.path.insert(0, str(tmp_path))
    try:
        import served
    finally:
        sys.path.remove(str(tmp_path))
    settings = SerializationSettings(project="p", domain="d", version="1", image="img:1")
    spec = get_serializable(served.wf, settings)
    entities = {n.entity.name: n.entity for n in served.wf.compile().nodes}
    templates = {name: get_serializable(t, settings).template for name, t in entities.items()}
    backend = MiniBackend(tmp_path, templates)
    start = TypeEngine.dict_to_literal_map(
        current_context(), {"n": 3, "label": "sum"}, {"n": int, "label": str}
    )
    done = backend.run_nodes(spec.template.nodes, spec.template.outputs, start)
    outputs = LiteralMap()
    for binding in spec.template.outputs:
        outputs.literals[binding.var].CopyFrom(backend.resolve(binding.binding, done))
    result = TypeEngine.literal_map_to_kwargs(current_context(), outputs, {"o0": str})["o0"]
    assert result == served.wf(n=3, label="sum") == "sum: 422 from 4"  # 104 + ... + 107
    assert backend.runs == 1 + 1 + 4 + 4 + 1  # add, fan_out, its 4 adds, 4 elements, describe


@pytest.fixture(autouse=True)
def _forget_module() -> Any:
    yield
    sys.modules.pop("served", None)
