"""Renderings of a Graph: text for terminals and diffs, JSON for tools, Mermaid for docs and
snapshots, DOT for Graphviz. Each is deterministic: the same graph gives the same bytes."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

from flytecheck.graph.model import Graph, GraphNode

__all__ = ["FORMATS", "render", "to_dot", "to_json", "to_mermaid", "to_text"]


def _case_labels(graph: Graph) -> dict[tuple[str, str], str]:
    """(branch node, case node) -> the condition that leads there ("else" for the else case)."""
    labels = {(b.node, c.node): c.condition for b in graph.branches for c in b.cases}
    labels.update({(b.node, b.otherwise): "else" for b in graph.branches})
    return labels


def _call(node: GraphNode) -> str:
    args = ", ".join(f"{k}={v}" for k, v in node.inputs if not k.startswith("."))
    return f"{node.kind} {node.entity}({args})"


def to_text(graph: Graph) -> str:
    """An indented listing: signature, nodes in order with their cases, outputs."""
    ins = ", ".join(f"{p.name}: {p.type}" for p in graph.inputs)
    outs = ", ".join(f"{p.name}: {p.type}" for p in graph.outputs)
    lines = [f"workflow {graph.name}({ins}) -> ({outs})"]
    branches = {b.node: b for b in graph.branches}
    inner = {c.node for b in graph.branches for c in b.cases} | {
        b.otherwise for b in graph.branches
    }
    by_id = {n.id: n for n in graph.nodes}

    def emit(node: GraphNode, indent: str) -> None:
        after = f"  after {', '.join(node.upstream)}" if node.upstream else ""
        if node.kind != "branch":
            lines.append(f"{indent}{node.id}: {_call(node)}{after}")
            return
        branch = branches[node.id]
        lines.append(f"{indent}{node.id}: conditional {branch.name!r}{after}")
        for i, case in enumerate(branch.cases):
            lines.append(f"{indent}  {'if' if i == 0 else 'elif'} {case.condition}:")
            emit(by_id[case.node], indent + "    ")
        lines.append(f"{indent}  else:")
        if branch.otherwise in by_id:
            emit(by_id[branch.otherwise], indent + "    ")
        else:
            lines.append(f"{indent}    {branch.otherwise}")

    for node in graph.nodes:
        if node.id not in inner:
            emit(node, "  ")
    for port in graph.outputs:
        lines.append(f"  return {port.name} = {port.source}")
    for sub in graph.sub_workflows:
        lines.append("")
        lines.extend(to_text(sub).splitlines())
    return "\n".join(lines) + "\n"


def to_json(graph: Graph) -> str:
    return json.dumps(dataclasses.asdict(graph), indent=2, sort_keys=True) + "\n"


def _mermaid_id(node_id: str) -> str:
    return node_id.replace("-", "_")


def _label(text: str) -> str:
    return text.replace('"', "#quot;")


def to_mermaid(graph: Graph) -> str:
    """A Mermaid flowchart: inputs at the top, outputs at the bottom, conditionals as diamonds."""
    lines = ["flowchart TD", f'  start(["{_label(graph.name)} inputs"])']
    for node in graph.nodes:
        mid = _mermaid_id(node.id)
        if node.kind == "branch":
            lines.append(f'  {mid}{{"{_label(node.id)}: {_label(node.name)}"}}')
        else:
            lines.append(f'  {mid}["{_label(node.id)}: {node.kind} {_label(node.entity)}"]')
    lines.append('  finish(["outputs"])')
    cases = _case_labels(graph)
    for source, target in graph.edges:
        label = cases.get((source, target))
        arrow = f' -->|"{_label(label)}"| ' if label else " --> "
        lines.append(f"  {_mermaid_id(source)}{arrow}{_mermaid_id(target)}")
    inner = {c.node for b in graph.branches for c in b.cases} | {
        b.otherwise for b in graph.branches
    }
    for node in graph.nodes:
        if not node.upstream and node.id not in inner:
            lines.append(f"  start --> {_mermaid_id(node.id)}")
    for port in graph.outputs:
        source = port.source.split(".", 1)[0]
        if source != "wf" and source:
            lines.append(f'  {_mermaid_id(source)} -->|"{port.name}"| finish')
    for branch in graph.branches:
        if branch.otherwise.startswith("fail:"):
            mid = _mermaid_id(branch.node)
            lines.append(f'  {mid} -->|"else"| fail_{mid}(["{_label(branch.otherwise)}"])')
    return "\n".join(dict.fromkeys(lines)) + "\n"


def to_dot(graph: Graph) -> str:
    """A Graphviz digraph with the same nodes and edges as the Mermaid rendering."""
    lines = [
        f'digraph "{graph.name}" {{',
        "  rankdir=TB;",
        '  node [shape=box, fontname="Helvetica"];',
    ]
    for node in graph.nodes:
        shape = ", shape=diamond" if node.kind == "branch" else ""
        lines.append(f'  "{node.id}" [label="{node.id}: {node.kind} {node.entity}"{shape}];')
    cases = _case_labels(graph)
    for source, target in graph.edges:
        label = cases.get((source, target))
        attrs = f' [label="{label.replace(chr(34), chr(39))}"]' if label else ""
        lines.append(f'  "{source}" -> "{target}"{attrs};')
    lines.append("}")
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[Graph], str]] = {
    "text": to_text,
    "json": to_json,
    "mermaid": to_mermaid,
    "dot": to_dot,
}


def render(graph: Graph, fmt: str = "text") -> str:
    """`graph` in the format named `fmt` (text, json, mermaid or dot)."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        msg = f"unknown graph format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise ValueError(msg) from None
    return renderer(graph)
