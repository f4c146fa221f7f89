"""The vectors' workflows, written against flytekit's API, run on the core and serialize to the
templates flytekit wrote (apart from the runtime metadata and the container entrypoint)."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from google.protobuf import json_format

from flytecheck.core.serialize import ENTRYPOINT, SerializationSettings, get_serializable
from tests.conftest import VECTORS, vectors_dir

SETTINGS = SerializationSettings(
    project="proj", domain="dev", version="v1", image="example.org/app:v1"
)


def _templates() -> list[dict[str, Any]]:
    path = VECTORS / "templates.jsonl"
    if not path.exists():
        return [{"name": "vectors-missing"}]
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


TEMPLATES = _templates()


@pytest.fixture(scope="module")
def entities() -> dict[str, Any]:
    vectors_dir()
    os.environ.setdefault("VECTOR_AUTHORING", "flytecheck.core")
    import vector_workflows

    return dict(vector_workflows.ENTITIES)


def _normalized(spec: Any) -> Any:
    """Blank the two places flytecheck differs on purpose: the SDK runtime, the entrypoint."""
    if isinstance(spec, dict):
        out = {k: _normalized(v) for k, v in spec.items() if k != "runtime"}
        args = out.get("args")
        if args and args[0] in ("pyflyte-execute", ENTRYPOINT):
            args = list(args)
            args[0] = "<entrypoint>"
            args[args.index("--resolver") + 1] = "<resolver>"
            out["args"] = args
        return out
    if isinstance(spec, list):
        return [_normalized(v) for v in spec]
    return spec


@pytest.mark.parametrize("rec", TEMPLATES, ids=[r["name"] for r in TEMPLATES])
def test_serializes_to_flytekits_spec(rec: dict[str, Any], entities: dict[str, Any]) -> None:
    """Each entity's TaskSpec, WorkflowSpec or LaunchPlan equals flytekit's, as parsed JSON."""
    ours = json.loads(json_format.MessageToJson(get_serializable(entities[rec["name"]], SETTINGS)))
    assert _normalized(ours) == _normalized(rec["spec"])


def test_the_entrypoint_is_flytechecks(entities: dict[str, Any]) -> None:
    """The container runs flytecheck-execute, loading the task by module and name."""
    spec = get_serializable(entities["add"], SETTINGS)
    args = list(spec.template.container.args)  # type: ignore[union-attr]
    assert args[0] == "flytecheck-execute"
    assert args[-4:] == ["task-module", "vector_workflows", "task-name", "add"]


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("add", {"a": 2, "b": 3}, 5),
        ("chain", {"a": 1}, 9),
        ("chain", {"a": 2, "b": 3}, 25),
        ("branchy", {"x": 3}, 9),
        ("branchy", {"x": 0}, 1),
        ("branchy", {"x": -2}, -2),
        ("fan", {"xs": [1, 2, 3]}, (6, "n=6")),
        ("nested", {"a": 2}, 16),
        ("chain_lp", {}, 36),
        ("chain_lp", {"b": 2}, 9),
        ("maybe", {}, -1),
        ("noop", {}, None),
    ],
)
def test_runs_locally_with_the_right_results(
    name: str, kwargs: dict[str, Any], expected: Any, entities: dict[str, Any]
) -> None:
    """Each entity runs locally and gives what the backend would."""
    assert entities[name](**kwargs) == expected
