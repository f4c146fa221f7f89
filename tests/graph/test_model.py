"""The canonical graph model: built from IDL, deterministic, and the same for any SDK."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from flyteidl.admin.workflow_pb2 import WorkflowSpec
from google.protobuf import json_format

from flytecheck.graph import graph_of, render
from tests.conftest import VECTORS, vectors_dir


@pytest.fixture(scope="module")
def vw() -> Any:
    vectors_dir()
    os.environ.setdefault("VECTOR_AUTHORING", "flytecheck.core")
    import vector_workflows

    return vector_workflows


def test_nodes_edges_and_dependencies(vw: Any) -> None:
    """Nodes carry their bindings; edges and depends_on follow the data."""
    g = graph_of(vw.fan)
    assert [n.id for n in g.nodes] == ["n0", "n1", "n2"]
    describe = g.node("describe")
    assert describe.depends_on("split")
    assert describe.depends_on("n0")
    assert not g.node("noop").depends_on("split")
    assert dict(describe.inputs) == {"label": "'n'", "x": "n0.total"}
    assert g.edges == (("n0", "n1"),)
    assert [(p.name, p.type, p.source) for p in g.outputs] == [
        ("o0", "int", "n0.total"),
        ("o1", "str", "n1.o0"),
    ]


def test_branches_and_their_conditions(vw: Any) -> None:
    """A conditional lists its cases in order with readable conditions."""
    g = graph_of(vw.branchy)
    (branch,) = g.branches
    assert branch.name == "sign"
    assert [(c.condition, c.node) for c in branch.cases] == [
        ("wf.x > 0", "n0-n0"),
        ("wf.x == 0", "n0-n1"),
    ]
    assert branch.otherwise == "n0-n2"
    assert g.node("n0-n1").inputs == (("a", "wf.x"), ("b", "1"))


def test_sub_workflows_are_included(vw: Any) -> None:
    """A sub-workflow's own graph comes along."""
    g = graph_of(vw.nested)
    assert g.node("n0").kind == "workflow"
    assert [s.name for s in g.sub_workflows] == ["vector_workflows.chain"]


def test_the_model_is_the_same_from_flytekits_idl(vw: Any) -> None:
    """flytekit's serialized WorkflowSpec gives the same graph as flytecheck's own."""
    for line in (VECTORS / "templates.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec["kind"] != "WorkflowSpec":
            continue
        theirs = json_format.ParseDict(rec["spec"], WorkflowSpec())
        ours = graph_of(vw.ENTITIES[rec["name"]])
        assert graph_of(theirs) == ours


def test_a_node_that_is_not_there(vw: Any) -> None:
    """Asking for a missing or ambiguous node lists the nodes there are."""
    g = graph_of(vw.chain)
    with pytest.raises(
        LookupError, match=r"has no node called 'mul'; its nodes: n0 \(add\), n1 \(square\)"
    ):
        g.node("mul")


@pytest.mark.parametrize("fmt", ["text", "json", "mermaid", "dot"])
def test_renderings_are_deterministic(vw: Any, fmt: str) -> None:
    """Each format renders the same graph to the same bytes, every time."""
    first = render(graph_of(vw.branchy), fmt)
    assert first == render(graph_of(vw.branchy), fmt)
    assert "n0" in first


def test_text_rendering_reads_like_the_workflow(vw: Any) -> None:
    """The text form shows the signature, the cases and the returns."""
    text = render(graph_of(vw.branchy), "text")
    assert text.splitlines()[0] == "workflow vector_workflows.branchy(x: int) -> (o0: int)"
    assert "    if wf.x > 0:" in text
    assert "  return o0 = n0.o0" in text


def test_json_rendering_round_trips(vw: Any) -> None:
    """The JSON form parses back to the model's fields."""
    data = json.loads(render(graph_of(vw.fan), "json"))
    assert [n["id"] for n in data["nodes"]] == ["n0", "n1", "n2"]


def test_unknown_format() -> None:
    """An unknown format names the known ones."""
    with pytest.raises(ValueError, match="choose one of text, json, mermaid, dot"):
        render(graph_of(WorkflowSpec()), "svg")


def test_graph_of_a_task_is_refused(vw: Any) -> None:
    """Only workflows have graphs."""
    with pytest.raises(TypeError, match="is not a workflow"):
        graph_of(vw.add)


def test_case_nodes_wait_for_outer_nodes() -> None:
    """A case node reading an earlier node's output depends on that node, not a case sibling."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
    from shop.workflows import price_order

    g = graph_of(price_order)
    assert g.node("n2-n0").upstream == ("n1",)
    assert g.node("n2-n0").depends_on("discount")


@pytest.mark.parametrize(
    ("python_type", "name"),
    [
        ("int", "int"),
        ("typing.Optional[typing.List[str]]", "Optional[List[str]]"),
        ("typing.Union[int, str]", "Union[int, str]"),
        ("typing.Dict[str, float]", "Dict[str, float]"),
        ("datetime.timedelta", "timedelta"),
        ("dict", "dict"),
        ("Inner", "Inner"),
        ("Color", "Enum[red, green, blue]"),
    ],
)
def test_types_read_as_python(python_type: str, name: str) -> None:
    """Graphs show each port's type the way Python spells it."""
    vectors_dir()
    import vector_types

    from flytecheck.core.types import TypeEngine
    from flytecheck.graph._types import literal_type_name

    t = eval(python_type, vector_types.NAMESPACE)
    assert literal_type_name(TypeEngine.to_literal_type(t)) == name


def test_blob_types_read_as_files() -> None:
    """Blob types show as FlyteFile / FlyteDirectory with their format."""
    from flyteidl.core.types_pb2 import BlobType, LiteralType

    from flytecheck.graph._types import literal_type_name

    assert literal_type_name(LiteralType(blob=BlobType(format="csv"))) == 'FlyteFile["csv"]'
    assert (
        literal_type_name(LiteralType(blob=BlobType(dimensionality=BlobType.MULTIPART)))
        == "FlyteDirectory"
    )
