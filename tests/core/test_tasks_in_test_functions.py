"""Tasks defined inside functions: accepted in test modules, as flytekit accepts them (user
suites do this all the time), refused elsewhere, as flytekit refuses them; a container that
cannot load one says why."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import pytest

from flytecheck.core import task, workflow
from flytecheck.core.exceptions.system import FlyteEntrypointNotLoadable
from flytecheck.core.resolver import default_task_resolver

SOURCE = """
def make(sdk):
    @sdk.task
    def double(x: int) -> int:
        return x * 2

    @sdk.workflow
    def wf(x: int) -> int:
        return double(x=double(x=x))

    return double, wf
"""


def _module(name: str, folder: Path) -> types.ModuleType:
    """`SOURCE` as the module `name`, from a real file (flytekit reads its source)."""
    path = folder / f"{name.replace('.', '_')}.py"
    path.write_text(SOURCE)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _outcome(module_name: str, sdk: types.ModuleType, folder: Path) -> str:
    module = _module(module_name, folder)
    sys.modules[module_name] = module  # as an imported module is, while its tasks are made
    try:
        _double, wf = module.make(sdk)
        return f"ran: {wf(x=3)}"
    except Exception as e:
        return f"refused: {type(e).__name__}"
    finally:
        del sys.modules[module_name]


@pytest.mark.parametrize(
    ("module_name", "accepted"),
    [
        ("test_flows", True),
        ("pkg.flows_test", True),
        ("pkg.flows", False),
        ("tests.helpers", False),
    ],
)
def test_nested_tasks_are_accepted_where_flytekit_accepts_them(
    module_name: str, accepted: bool, tmp_path: Path
) -> None:
    import flytecheck.core as core

    ours = _outcome(module_name, core, tmp_path)
    assert ours.startswith("ran: 12" if accepted else "refused"), ours
    if importlib.util.find_spec("flytekit") is not None:
        import flytekit

        theirs = _outcome(module_name, flytekit, tmp_path)
        assert ours.split(":")[0] == theirs.split(":")[0], (ours, theirs)


def test_the_refusal_says_where_it_is_accepted(tmp_path: Path) -> None:
    import flytecheck.core as core

    module = _module("pkg.flows", tmp_path)
    with pytest.raises(Exception, match=r"define it at module level.*test_\*\.py"):
        module.make(core)


def test_a_task_defined_in_this_test_runs() -> None:
    @task
    def inc(x: int) -> int:
        return x + 1

    @workflow
    def wf(x: int) -> int:
        return inc(x=x)

    assert wf(x=1) == 2


def test_a_container_cannot_load_it_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("test_container_flows")
    monkeypatch.setitem(sys.modules, "test_container_flows", module)
    args = ["task-module", "test_container_flows", "task-name", "inner"]
    with pytest.raises(FlyteEntrypointNotLoadable, match="define it at module level"):
        default_task_resolver.load_task(args)
