"""Flyte's own examples run on the core with only their imports changed, and print what they
print on flytekit.

Each module of `../shared/flytesnacks/` is run as its `__main__` block twice in the same test
session: as written, on flytekit, and with its `flytekit` imports pointed at `flytecheck.core`.
Where flytekit completes, the core must complete too and print the same lines (less the few
lines that differ between two flytekit runs, or that print a flytekit object's repr, listed
below with the reason).
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.flytesnacks import Run, copy_corpus, flytesnacks_dir, modules, run_module

# What stops a module on flytekit itself, here: it is left out, with the reason.
FAILS_ON_FLYTEKIT = {
    "advanced_composition/checkpoint": "flytekit's local run does not retry a recoverable error",
    "data_types_and_io/file": "downloads a file from GitHub (no network here)",
    "data_types_and_io/file_streaming": "reads from S3 with real credentials",
    "data_types_and_io/folder": "downloads files from GitHub (no network here)",
    "data_types_and_io/pytorch_type": "needs torch",
    "data_types_and_io/tensorflow_type": "needs tensorflow",
    "development_lifecycle/decks": "needs sklearn and flytekitplugins-deck",
}

# Lines that differ between two runs of the same module on flytekit, or that print a flytekit
# object's repr or a file's path (flytekit keeps a local output's relative path, the core
# resolves it, so a downstream task finds it from any directory): not compared.
UNSTABLE_LINES = {
    "basics/shell_task": re.compile(r"tmp/|flyte-|^Running shell_task_wf\(\) "),
    "data_types_and_io/pickle_type": re.compile(r" object at 0x"),
    "advanced_composition/subworkflow": re.compile(r"^Running nested_regression_line_lp\(\): "),
    "extending/user_container": re.compile(r"^\d\d:\d\d:\d\d\.\d+ |^\s{10,}"),
}

# What the core does not have yet, by module: each is a strict xfail, so a module that starts
# passing fails here until it is taken off this list.
NOT_YET: dict[str, str] = {}


def _params() -> list[object]:
    out: list[object] = []
    for module in modules():
        marks: list[pytest.MarkDecorator] = []
        if module in FAILS_ON_FLYTEKIT:
            marks.append(pytest.mark.skip(reason=f"fails on flytekit: {FAILS_ON_FLYTEKIT[module]}"))
        elif module in NOT_YET:
            reason = f"the core has no {NOT_YET[module]} yet (issue 10)"
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
        out.append(pytest.param(module, marks=marks, id=module))
    return out


def _run_all(corpus: Path) -> dict[str, Run]:
    wanted = [m for m in modules() if m not in FAILS_ON_FLYTEKIT]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(wanted, pool.map(lambda m: run_module(corpus, m), wanted), strict=True))


@pytest.fixture(scope="module")
def on_flytekit(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every module's run on flytekit, as written (run once, in parallel)."""
    pytest.importorskip("flytekit")
    flytesnacks_dir()
    return _run_all(copy_corpus(tmp_path_factory.mktemp("flytekit") / "corpus", on_core=False))


@pytest.fixture(scope="module")
def on_core(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every module's run on flytecheck.core, imports changed."""
    flytesnacks_dir()
    return _run_all(copy_corpus(tmp_path_factory.mktemp("core") / "corpus", on_core=True))


def _compared(module: str, stdout: str) -> list[str]:
    unstable = UNSTABLE_LINES.get(module)
    return [line for line in stdout.splitlines() if not (unstable and unstable.search(line))]


@pytest.mark.parametrize("module", _params())
def test_runs_on_the_core_as_on_flytekit(
    module: str, on_flytekit: dict[str, Run], on_core: dict[str, Run]
) -> None:
    """The module completes on the core, and prints what it prints on flytekit."""
    expected, got = on_flytekit[module], on_core[module]
    assert expected.returncode == 0, f"flytekit itself failed on {module}:\n{expected.stderr}"
    assert got.returncode == 0, f"{module} failed on the core:\n{got.stderr[-3000:]}"
    assert _compared(module, got.stdout) == _compared(module, expected.stdout)


# Modules flytekit cannot complete locally and the core can, because it runs them as the
# backend would: each must complete on the core.
COMPLETES_ON_THE_CORE_ONLY = {
    "advanced_composition/checkpoint": "a recoverable error is retried from the checkpoint",
}


@pytest.mark.parametrize("module", sorted(COMPLETES_ON_THE_CORE_ONLY))
def test_completes_on_the_core_where_flytekit_cannot(module: str, tmp_path: Path) -> None:
    flytesnacks_dir()
    got = run_module(copy_corpus(tmp_path / "corpus", on_core=True), module)
    assert got.returncode == 0, f"{module} failed on the core:\n{got.stderr[-3000:]}"
    assert module in FAILS_ON_FLYTEKIT


def test_every_module_that_fails_on_flytekit_is_named() -> None:
    """The left-out list names only modules that exist, so none is left out by a typo."""
    flytesnacks_dir()
    assert set(FAILS_ON_FLYTEKIT) | set(NOT_YET) <= set(modules())
