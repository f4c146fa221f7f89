"""`flytecheck check`, run as a subprocess the way CI runs it before `pyflyte register`: on
Flyte's own examples (nothing false) and on a project with broken workflows (every format,
exit codes, a module that cannot be imported)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FLYTESNACKS = Path(__file__).resolve().parents[2].parent / "shared" / "flytesnacks"

# Examples that need libraries flytecheck's dev extra does not install.
NEEDS_MISSING_LIBRARY = {
    "data_types_and_io/pytorch_type.py": "torch",
    "data_types_and_io/tensorflow_type.py": "tensorflow",
    "development_lifecycle/decks.py": "sklearn",
}


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flytecheck.cli", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=300,
    )


def _flytesnacks_folders() -> list[str]:
    if not FLYTESNACKS.is_dir():
        return []
    return sorted(p.name for p in FLYTESNACKS.iterdir() if (p / p.name / "__init__.py").exists())


@pytest.mark.parametrize("folder", _flytesnacks_folders())
def test_flytesnacks_examples_have_no_false_compile_errors(folder: str) -> None:
    """Every workflow and launch plan in Flyte's own examples registers, so `check` finds
    nothing but the modules whose libraries are not installed here, which it names."""
    out = check(folder, "--output-format", "json", cwd=FLYTESNACKS / folder)
    rows = json.loads(out.stdout)
    unexpected = [r for r in rows if r["code"] != "ImportFailed"]
    assert unexpected == []
    for row in rows:
        missing = NEEDS_MISSING_LIBRARY[row["filename"]]
        assert f"No module named '{missing}'" in row["message"]
    assert out.returncode == (1 if rows else 0), out.stderr


def test_flytesnacks_examples_are_counted() -> None:
    if not FLYTESNACKS.is_dir():
        pytest.skip(f"flytesnacks not found at {FLYTESNACKS}")
    out = check("basics", cwd=FLYTESNACKS / "basics")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "All checks passed (9 workflows and 3 launch plans in 9 modules)." in out.stderr


PROJECT = {
    "flows/__init__.py": "",
    "flows/clean.py": """
        import flytekit

        @flytekit.task
        def inc(x: int) -> int:
            return x + 1

        @flytekit.workflow
        def fine(x: int) -> int:
            return inc(x=inc(x=x))

        fine_lp = flytekit.LaunchPlan.get_or_create(fine, "fine_lp", default_inputs={"x": 1})
        """,
    "flows/broken.py": """
        import flytekit
        from flows.clean import inc

        @flytekit.workflow
        def wired_wrong(name: str) -> int:
            return inc(x=name)

        @flytekit.workflow
        def does_nothing(x: int) -> int:
            return x
        """,
    "flows/core_flows.py": """
        from flytecheck.core import task, workflow

        @task
        def double(x: int) -> int:
            return 2 * x

        @workflow
        def core_fine(x: int) -> int:
            return double(x=x)

        @workflow
        def core_empty(x: int) -> int:
            return x
        """,
    "flows/unimportable.py": """
        import flytekit

        raise RuntimeError("the database is not configured")
        """,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name, source in PROJECT.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    return tmp_path


def test_text_names_file_line_code_workflow_and_node(project: Path) -> None:
    out = check("flows", cwd=project)
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert lines == [
        "flows/broken.py:9:1: NoNodesFound workflow 'flows.broken.does_nothing', node "
        "start-node: the workflow has no nodes, and the backend refuses a workflow that runs "
        "nothing; call at least one task in it (a workflow cannot only return its inputs)",
        "flows/broken.py:5:1: MismatchingTypes workflow 'flows.broken.wired_wrong', node n0 "
        "(inc): input 'x' takes int, but is bound to wf.name, a str, which the backend cannot "
        "cast to it; pass a value of type int or change one of the two annotations",
        "flows/core_flows.py:12:1: NoNodesFound workflow 'flows.core_flows.core_empty', node "
        "start-node: the workflow has no nodes, and the backend refuses a workflow that runs "
        "nothing; call at least one task in it (a workflow cannot only return its inputs)",
        "flows/unimportable.py:4:1: ImportFailed module 'flows.unimportable' cannot be "
        "imported, so none of its workflows were checked: RuntimeError: the database is not "
        "configured; fix the error (run `python -c 'import flows.unimportable'` to see it) and "
        "check again",
    ]
    assert out.stderr.strip().endswith(
        "Found 4 errors in 3 of 5 modules (5 workflows and 1 launch plan in 4 modules checked)."
    )


def test_a_clean_module_passes_and_a_dotted_name_works(project: Path) -> None:
    out = check("flows.clean", cwd=project)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""
    assert "All checks passed (1 workflow and 1 launch plan in 1 module)." in out.stderr


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "junit"])
def test_every_format_carries_every_finding(project: Path, fmt: str) -> None:
    out = check("flows", "--output-format", fmt, cwd=project)
    assert out.returncode == 1
    codes = ["NoNodesFound", "MismatchingTypes", "NoNodesFound", "ImportFailed"]
    if fmt == "json":
        assert [r["code"] for r in json.loads(out.stdout)] == codes
    elif fmt == "github":
        assert [line.split("(")[1].split(")")[0] for line in out.stdout.splitlines()] == codes
        assert "file=flows/broken.py,line=5" in out.stdout
    elif fmt == "sarif":
        run = json.loads(out.stdout)["runs"][0]
        assert [r["ruleId"] for r in run["results"]] == codes
        rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
        assert {"MismatchingTypes", "NoNodesFound", "CycleDetected", "ImportFailed"} <= rules
    else:
        assert out.stdout.count("<failure ") == 4


def test_a_workflow_body_that_raises_is_a_finding_not_a_crash(project: Path) -> None:
    (project / "flows" / "raising.py").write_text(
        textwrap.dedent(
            """
            import flytekit

            @flytekit.workflow
            def explodes(x: int) -> int:
                return {}["missing"]
            """
        )
    )
    out = check("flows/raising.py", "--output-format", "json", cwd=project)
    assert out.returncode == 1
    (row,) = json.loads(out.stdout)
    assert row["code"] == "CompileFailed"
    assert row["line"] == 4
    assert (
        "workflow 'flows.raising.explodes' could not be compiled: KeyError: 'missing'"
        in (row["message"])
    )


def test_exit_zero_and_bad_paths(project: Path) -> None:
    assert check("flows", "--exit-zero", cwd=project).returncode == 0
    missing = check("flows/nope.py", cwd=project)
    assert missing.returncode == 2
    assert "no such file or directory: flows/nope.py" in missing.stderr
    empty = project / "empty"
    empty.mkdir()
    nothing = check("empty", cwd=project)
    assert nothing.returncode == 2
    assert "no Python modules found in empty" in nothing.stderr
