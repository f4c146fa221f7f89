"""One canonical model of a compiled workflow, and its renderings (text, JSON, Mermaid, DOT).

Built from Flyte IDL (a WorkflowSpec), so a workflow written with flytecheck.core and one
serialized by flytekit give the same model: the CLI prints it, the pytest plugin asserts on it.
"""

from __future__ import annotations

from flytecheck.graph.model import Branch, Case, Graph, GraphNode, Port, graph_of
from flytecheck.graph.render import FORMATS, render

__all__ = ["FORMATS", "Branch", "Case", "Graph", "GraphNode", "Port", "graph_of", "render"]
