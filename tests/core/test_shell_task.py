"""ShellTask as flytekit's: serialized the same, its script run in a real shell with inputs and
outputs interpolated, a failing script a recoverable error showing what it printed, and names
the script uses checked when the task is declared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flytecheck.core.exceptions.user import FlyteRecoverableException, FlyteValidationException
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
from flytekit import kwtypes, workflow
from flytekit.extras.tasks.shell import OutputLocation, ShellTask
from flytekit.types.file import FlyteFile

copy = ShellTask(
    name="copy",
    script="cp {inputs.src} {outputs.dst} && echo copied {inputs.n}",
    inputs=kwtypes(src=FlyteFile, n=int),
    output_locs=[OutputLocation(var="dst", var_type=FlyteFile, location="{inputs.src}.copy")],
)

@workflow
def wf(src: FlyteFile, n: int) -> FlyteFile:
    return copy(src=src, n=n)
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("shell"), SOURCE)


@pytest.mark.parametrize("name", ["copy", "wf"])
def test_serializes_as_flytekit(name: str, both: tuple[Any, Any]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_the_script_runs_with_its_inputs_and_outputs(
    both: tuple[Any, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, core = both
    src = tmp_path / "data.txt"
    src.write_text("hello")
    out = core.wf(src=core.FlyteFile(str(src)), n=3)
    assert Path(out.download()).read_text() == "hello"
    assert str(out).endswith("data.txt.copy")
    assert "copied 3" in capsys.readouterr().out


def test_a_failing_script_is_a_recoverable_error_with_its_output(tmp_path: Path) -> None:
    source = """
        from flytekit.extras.tasks.shell import ShellTask

        broken = ShellTask(name="broken", script="echo before; echo oops >&2; exit 3")
    """
    module = load_core(tmp_path, source)
    with pytest.raises(
        FlyteRecoverableException, match=r"(?s)exited with 3.*StdOut: before.*StdErr: oops"
    ):
        module.broken()


@pytest.mark.parametrize(
    ("script", "locs", "message"),
    [
        (
            "cat {inputs.srcc}",
            "[]",
            r"names \{inputs.srcc\}, but the task has no such input \(src\)",
        ),
        ("cat {outputs.nope}", "[]", r"names \{outputs.nope\}, but the task has no such output"),
        (
            "cat {inputs.src}",
            '[OutputLocation(var="o", var_type=int, location="x")]',
            "FlyteFile or FlyteDirectory",
        ),
        (
            "cat {inputs.src}",
            '[OutputLocation(var="o", var_type=FlyteFile, location="{outputs.o}")]',
            "a location can name inputs only",
        ),
    ],
)
def test_bad_shell_tasks_are_refused_when_declared(
    tmp_path: Path, script: str, locs: str, message: str
) -> None:
    source = f"""
        from flytekit import kwtypes
        from flytekit.extras.tasks.shell import OutputLocation, ShellTask
        from flytekit.types.file import FlyteFile

        t = ShellTask(
            name="t", script="{script}", inputs=kwtypes(src=FlyteFile), output_locs={locs}
        )
    """
    with pytest.raises(FlyteValidationException, match=message):
        load_core(tmp_path, source)
