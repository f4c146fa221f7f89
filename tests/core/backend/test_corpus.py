"""The backend compiler's own test data: every workflow it compiles, flytecheck accepts, and
connects exactly as the backend did."""

from __future__ import annotations

import pytest
from flyteidl.admin.workflow_pb2 import WorkflowSpec

from flytecheck.core.idl_check import compile_launch_plan, compile_workflow
from flytecheck.graph import graph_of
from tests.core.backend.corpus import closure_names, load


def test_the_corpus_is_what_its_readme_says() -> None:
    """43 WorkflowClosures, 2 WorkflowSpecs with sub-workflows, 51 launch plans, 87 tasks:
    a smaller count would mean payloads silently went unread."""
    corpus = load()
    counts = [len(x) for x in (corpus.closures, corpus.specs, corpus.launch_plans, corpus.tasks)]
    assert counts == [43, 2, 51, 87]


@pytest.mark.parametrize("name", closure_names())
def test_every_corpus_workflow_compiles_with_the_backends_connections(name: str) -> None:
    corpus = load()
    template = corpus.closures[name].workflow
    compiled = compile_workflow(template, corpus.registration)
    assert compiled.errors == ()
    expected = corpus.connections(name)
    assert {k: list(v) for k, v in compiled.connections.upstream.items()} == expected["upstream"]
    assert {k: list(v) for k, v in compiled.connections.downstream.items()} == (
        expected["downstream"]
    )


@pytest.mark.parametrize("name", closure_names())
def test_the_graph_has_the_backends_top_level_edges(name: str) -> None:
    """What `flyte_graph` shows is what the backend runs: its edges between top-level nodes
    are the backend's connections between them."""
    corpus = load()
    template = corpus.closures[name].workflow
    top = {n.id for n in template.nodes}
    backend = {
        (up, node)
        for node, ups in corpus.connections(name)["upstream"].items()
        if node in top
        for up in ups
        if up in top
    }
    graph = graph_of(WorkflowSpec(template=template))
    assert {e for e in graph.edges if e[0] in top and e[1] in top} == backend


def test_workflows_with_sub_workflows_and_every_launch_plan_compile() -> None:
    corpus = load()
    for spec in corpus.specs.values():
        assert compile_workflow(spec.template, corpus.registration).errors == ()
    for plan in corpus.launch_plans.values():
        assert compile_launch_plan(plan, corpus.registration).errors == ()
