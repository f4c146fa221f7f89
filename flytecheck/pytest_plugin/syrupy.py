"""A syrupy extension for graph snapshots (syrupy 4 and later).

    from flytecheck.pytest_plugin.syrupy import FlyteGraphExtension

    def test_graph(snapshot, flyte_graph):
        assert flyte_graph(pipeline) == snapshot.use_extension(FlyteGraphExtension)

Each snapshot is the workflow's Mermaid rendering in its own .mmd file, readable in review and
rendered by GitHub. Pass a Graph, or a workflow (its graph is drawn).
"""

from __future__ import annotations

from typing import Any

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

__all__ = ["FlyteGraphExtension"]


class FlyteGraphExtension(SingleFileSnapshotExtension):
    file_extension = "mmd"
    _file_extension = "mmd"
    _write_mode = WriteMode.TEXT

    def serialize(self, data: Any, **kwargs: Any) -> str:
        from flytecheck.graph import Graph, render
        from flytecheck.pytest_plugin._interop import graph_of_any

        graph = data if isinstance(data, Graph) else graph_of_any(data)
        return render(graph, "mermaid")
