"""The project index: tasks imported from other modules of the project are known to the rules,
cold and from the cache, and a seeded set of mistakes across the authoring surface is found
with its code while the correct code beside it is left alone."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from flytecheck.lint.api import lint_paths
from flytecheck.lint.config import Settings

TASKS = """
from typing import NamedTuple, Tuple
from flytekit import task


class Stats(NamedTuple):
    mean: float
    count: int


@task
def double(x: int, factor: int = 2) -> int:
    return x * factor


@task
def split(text: str) -> Tuple[str, str]:
    return text[:1], text[1:]


@task
def stats(xs: list[float]) -> Stats:
    return Stats(sum(xs) / len(xs), len(xs))
"""

FLOWS = """
from flytekit import dynamic, workflow

from pkg.tasks import double, split
from .tasks import stats


@workflow
def good(n: int, s: str, xs: list[float]) -> int:
    head, tail = split(text=s)
    mean, count = stats(xs=xs)
    return double(x=n, factor=count)


@workflow
def bad(n: int, s: str, xs: list[float]) -> int:
    a, b, c = split(text=s)
    double(y=n)
    mean, count, extra = stats(xs=xs)
    return double(x=s)


@workflow
def excused(s: str) -> int:
    return double(x=s)  # noqa: FC309


@dynamic
def fan(n: int) -> int:
    total = 0
    for i in range(n):
        total = double(x=i, scale=3)
    return total
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "tasks.py").write_text(textwrap.dedent(TASKS))
    (tmp_path / "pkg" / "flows.py").write_text(textwrap.dedent(FLOWS))
    return tmp_path


def _found(project: Path, settings: Settings, use_cache: bool) -> list[tuple[int, str]]:
    results = lint_paths([project / "pkg"], settings, use_cache=use_cache, jobs=1)
    by_file = {Path(r.path).name: r for r in results}
    assert by_file["tasks.py"].violations == ()
    return [(v.line, v.code) for v in by_file["flows.py"].violations]


EXPECTED = [
    (17, "FC308"),  # a, b, c = split(...): two outputs
    (18, "FC306"),  # double(y=...): no input y
    (18, "FC307"),  # ... and x is missing
    (19, "FC308"),  # a NamedTuple of two, unpacked into three
    (20, "FC309"),  # a str workflow input into an int task input
    (32, "FC306"),  # in a dynamic body too: no input scale
]


def test_imported_tasks_are_checked_cold_and_warm(project: Path) -> None:
    settings = Settings(root=str(project))
    assert _found(project, settings, use_cache=True) == EXPECTED
    assert (project / ".flytecheck_cache").is_dir()
    assert _found(project, settings, use_cache=True) == EXPECTED  # served from the cache


def test_the_configuration_applies_to_index_findings(project: Path) -> None:
    settings = Settings(root=str(project), ignore=("FC306", "FC307"))
    assert _found(project, settings, use_cache=False) == [
        (line, code) for line, code in EXPECTED if code not in ("FC306", "FC307")
    ]


def test_an_imperative_workflow_adding_an_imported_task_is_checked(project: Path) -> None:
    (project / "pkg" / "imperative.py").write_text(
        "from flytekit import Workflow\nfrom pkg.tasks import double\n"
        "wf = Workflow(name='imp')\nwf.add_workflow_input('n', int)\n"
        "node = wf.add_entity(double, n=wf.inputs['n'])\n"
    )
    results = lint_paths([project / "pkg"], Settings(root=str(project)), use_cache=False, jobs=1)
    (imperative,) = [r for r in results if r.path.endswith("imperative.py")]
    assert [(v.line, v.code) for v in imperative.violations] == [(5, "FC306"), (5, "FC307")]


def test_a_changed_signature_is_seen_without_touching_the_caller(project: Path) -> None:
    """The index is rebuilt from every file's summary on each run: renaming a task's input
    makes the unchanged (cached) caller wrong."""
    settings = Settings(root=str(project))
    _found(project, settings, use_cache=True)
    tasks = project / "pkg" / "tasks.py"
    tasks.write_text(tasks.read_text().replace("def split(text: str)", "def split(body: str)"))
    found = _found(project, settings, use_cache=True)
    assert (10, "FC306") in found  # good(): split(text=s) is now wrong
    assert (10, "FC307") in found


SEEDED = [
    # (source, expected codes): mistakes across the surface, and the correct forms beside them
    (
        "from flytekit import task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@workflow\ndef w(x: int) -> int:\n    y = t(x=x)\n    if y > 1:\n        return t(x=y)\n    return y\n",
        ["FC301"],
    ),
    (
        "from flytekit import dynamic, task\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@dynamic\ndef d(n: int) -> int:\n    out = 0\n    for i in range(n):\n        out = t(x=i)\n"
        "    return out\n",
        [],
    ),
    (
        "from flytekit import dynamic, task\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@dynamic\ndef d(n: int) -> int:\n    y = t(x=n)\n    return y + 1\n",
        ["FC301"],
    ),
    (
        "import asyncio\nfrom flytekit import eager, task\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@eager\nasync def e(x: int) -> int:\n    a = await t(x=x)\n    return a * 2\n",
        [],
    ),
    (
        "from flytekit import eager, task\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@eager\nasync def e(x: int) -> int:\n    a = t(x=x)\n    return 1\n",
        ["FC305"],
    ),
    (
        "from typing import List\nfrom flytekit import map_task, task, workflow\n@task\ndef t(x: int) -> int:\n"
        "    return x\n@workflow\ndef w(xs: List[int]) -> List[int]:\n    return map_task(t)(x=xs)\n",
        [],
    ),
    (
        "from pydantic import BaseModel\nfrom flytekit import task\nclass M(BaseModel):\n    x: int\n"
        "@task\ndef t(m: M) -> M:\n    return m\n",
        [],
    ),
    (
        "import pandas as pd\nfrom flytekit import task\nfrom flytekit.types.structured import StructuredDataset\n"
        "@task\ndef t(df: pd.DataFrame) -> StructuredDataset:\n    return StructuredDataset(dataframe=df)\n",
        [],
    ),
    (
        "from flytekit import task\nclass Blob:\n    pass\n@task\ndef t(b: Blob) -> None:\n    pass\n",
        ["FC202"],
    ),
    (
        "import functools\nfrom typing import List\nfrom flytekit import map_task, task, workflow\n"
        "@task\ndef t(x: int, k: int) -> int:\n    return x\n@workflow\ndef w(xs: List[int]) -> List[int]:\n"
        "    a = map_task(functools.partial(t, k=2))(x=xs)\n    return map_task(functools.partial(t, kk=2))(x=xs)\n",
        ["FC306"],  # one misspelt input, one finding: FC306 names 'k'; no FC307 for it
    ),
    (
        "from flytekit import LaunchPlan, task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@workflow\ndef w(a: int, b: int = 2) -> int:\n    return t(x=a)\n"
        "lp = LaunchPlan.get_or_create(w, name='lp', fixed_inputs={'b': 1})\n"
        "@workflow\ndef v() -> int:\n    x = lp(a=1)\n    return lp(a=1, b=3)\n",
        ["FC306"],
    ),
    (
        "from flytekit import Workflow, task\n@task\ndef t(x: int) -> int:\n    return x\n"
        "wf = Workflow(name='imp')\nwf.add_workflow_input('a', int)\n"
        "ok = wf.add_entity(t, x=wf.inputs['a'])\nbad = wf.add_entity(t, y=wf.inputs['a'])\n",
        ["FC306", "FC307"],
    ),
    (
        "from flytekit import reference_launch_plan, workflow\n"
        "@reference_launch_plan(project='p', domain='d', name='remote.lp', version='v1')\n"
        "def remote(a: int) -> int:\n    ...\n@workflow\ndef w(a: int) -> int:\n    return remote(a)\n",
        ["FC304"],
    ),
    (
        "from flytekit import reference_task, workflow\n"
        "@reference_task(project='p', domain='d', name='remote.add', version='v1')\n"
        "def add(a: int, b: int) -> int:\n    ...\n@workflow\ndef w(a: int) -> int:\n    return add(a=a, c=1)\n",
        ["FC306", "FC307"],
    ),
    (
        "from typing import List\nfrom flytekit import task, workflow\n@task\ndef t(xs: List[int] = []) -> int:\n"
        "    return len(xs)\n@workflow\ndef w(xs: List[int] = [1, 2]) -> int:\n    a = t(xs=xs)\n    return t()\n",
        ["FC401"],
    ),
]


@pytest.mark.parametrize(("source", "codes"), SEEDED)
def test_seeded_mistakes_are_found_and_correct_code_is_not(
    tmp_path: Path, source: str, codes: list[str]
) -> None:
    (tmp_path / "case.py").write_text(source)
    (result,) = lint_paths([tmp_path / "case.py"], Settings(root=str(tmp_path)), use_cache=False)
    assert [v.code for v in result.violations] == codes
