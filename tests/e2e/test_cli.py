"""The `flytecheck` command, run as a subprocess the way users run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flyteidl.admin.task_pb2 import TaskSpec

from tests.conftest import vectors_dir


def flytecheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VECTOR_AUTHORING": "flytecheck.core"}
    return subprocess.run(
        [sys.executable, "-m", "flytecheck.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def vdir() -> Path:
    return vectors_dir()


def test_run_prints_named_outputs(vdir: Path) -> None:
    """`flytecheck run` converts JSON arguments and prints each output."""
    out = flytecheck("run", "vector_workflows:fan", "--xs", "[1, 2, 3]", cwd=vdir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["o0 = 6", "o1 = 'n=6'"]


def test_run_reports_bad_arguments(vdir: Path) -> None:
    """A value of the wrong type or an unknown input is a usage error (exit 2) naming it."""
    bad = flytecheck("run", "vector_workflows:chain", "--a", "two", cwd=vdir)
    assert bad.returncode == 2
    assert "--a: 'two' is not a valid int" in bad.stderr
    unknown = flytecheck("run", "vector_workflows:chain", "--z", "1", cwd=vdir)
    assert unknown.returncode == 2
    assert "has no input 'z'; its inputs: --a, --b" in unknown.stderr


def test_run_reports_a_failing_entity(vdir: Path, tmp_path: Path) -> None:
    """A flytecheck error during the run exits 1 with its message, not a traceback."""
    (tmp_path / "broken.py").write_text(
        "from flytecheck.core import task, workflow\n"
        "@task\ndef inc(x: int) -> int:\n    return x\n"
        "@workflow\ndef wf(s: str) -> int:\n    return inc(x=s)\n"
    )
    out = flytecheck("run", "broken:wf", "--s", "x", cwd=tmp_path)
    assert out.returncode == 1
    assert "input 'x'" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    ("ref", "fragment"),
    [
        ("nosuch:thing", "cannot import module 'nosuch'"),
        ("vector_workflows:nothing", "has no 'nothing'"),
        ("vector_workflows:ENTITIES", "is a dict, not a task, workflow or launch plan"),
        ("vector_workflows", "is not of the form module:entity"),
    ],
)
def test_bad_references(vdir: Path, ref: str, fragment: str) -> None:
    """A reference that does not lead to an entity says why."""
    out = flytecheck("run", ref, cwd=vdir)
    assert out.returncode in (1, 2)
    assert fragment in out.stderr


def test_serialize_prints_json_and_writes_pb_files(vdir: Path, tmp_path: Path) -> None:
    """`serialize` prints the IDL as JSON, or writes the entity and its dependencies as .pb."""
    out = flytecheck("serialize", "vector_workflows:add", "--project", "p", cwd=vdir)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["template"]["id"]["project"] == "p"
    written = flytecheck(
        "serialize", "vector_workflows:chain_lp", "-o", str(tmp_path / "pb"), cwd=vdir
    )
    assert written.returncode == 0, written.stderr
    files = sorted(p.name for p in (tmp_path / "pb").iterdir())
    assert files == [
        "01_vector_workflows.add_TaskSpec.pb",
        "02_vector_workflows.square_TaskSpec.pb",
        "03_vector_workflows.chain_WorkflowSpec.pb",
        "04_chain_lp_LaunchPlan.pb",
    ]
    spec = TaskSpec.FromString((tmp_path / "pb" / files[0]).read_bytes())
    assert spec.template.id.name == "vector_workflows.add"


@pytest.mark.parametrize(
    ("fmt", "first"),
    [("text", "workflow vector_workflows.chain"), ("mermaid", "flowchart TD"), ("dot", "digraph")],
)
def test_graph_formats(vdir: Path, fmt: str, first: str) -> None:
    """`graph` prints the canonical model in each format."""
    out = flytecheck("graph", "vector_workflows:chain", "-f", fmt, cwd=vdir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(first)


def test_graph_of_a_task_is_refused(vdir: Path) -> None:
    """`graph` on a task says graphs are for workflows."""
    out = flytecheck("graph", "vector_workflows:add", cwd=vdir)
    assert out.returncode == 1
    assert "graphs are drawn for workflows" in out.stderr
