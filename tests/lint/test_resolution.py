"""Entities are found by what names resolve to, not by how they are spelt: Union's SDK and its
actor environments, flytekit's Environment, aliases, `functools.partial`, configured decorators
and the project's own decorators (in the file, or in another module through the project index).
Where nothing resolves, rules that need to know stay silent; Flyte 2 code gets nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from flytecheck.lint import ALL_RULES, lint_source
from flytecheck.lint.api import lint_paths
from flytecheck.lint.config import Settings, load_settings

# Each body has a task `t` with an untyped parameter (FC101 when `t` is a task) and a workflow
# calling it with a misspelt input (FC306 when `t` is known with its signature).
_CALLS = "\n@workflow\ndef w(a: int) -> int:\n    return t(xx=a, y=a)\n"


def codes(source: str, path: str = "m.py") -> list[str]:
    result = lint_source(textwrap.dedent(source), path, ALL_RULES)
    assert result.error is None
    return [v.code for v in result.violations]


SPELLINGS = {
    "union module": "import union\nfrom flytekit import workflow\n@union.task\ndef t(x, y: int) -> int:\n    return y\n",
    "union import": "from union import task, workflow\n@task\ndef t(x, y: int) -> int:\n    return y\n",
    "union alias": "import union as u\nworkflow = u.workflow\n@u.task(retries=2)\ndef t(x, y: int) -> int:\n    return y\n",
    "actor environment": (
        "from union.actor import ActorEnvironment\nfrom flytekit import workflow\n"
        "actor = ActorEnvironment(name='a', replica_count=1)\n@actor.task\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "actor environment, configured": (
        "import union\nfrom flytekit import workflow\nenv = union.actor.ActorEnvironment(name='a')\n"
        "@env.task(cache=True)\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "flytekit Environment": (
        "from flytekit import Environment, workflow\nenv = Environment(retries=2)\n"
        "@env\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "flytekit Environment extended": (
        "from flytekit import Environment, workflow\nbase = Environment(retries=2)\n"
        "gpu = base.extend(requests=None)\n@gpu.task(cache=False)\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "module alias": "import flytekit as fl\nworkflow = fl.workflow\n@fl.task\ndef t(x, y: int) -> int:\n    return y\n",
    "attribute chain": "import flytekit.core.task\nfrom flytekit import workflow\n@flytekit.core.task.task\ndef t(x, y: int) -> int:\n    return y\n",
    "name alias": "import flytekit\nfrom flytekit import workflow\nmy_task = flytekit.task\n@my_task\ndef t(x, y: int) -> int:\n    return y\n",
    "partial": (
        "from functools import partial\nfrom flytekit import task, workflow\n"
        "cached = partial(task, cache=True, cache_version='1')\n@cached\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "partial inline": (
        "import functools\nfrom flytekit import task, workflow\n"
        "@functools.partial(task, retries=3)\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "configured decorator": (
        "from flytekit import task, workflow\nheavy = task(retries=3)\n@heavy\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "own decorator": (
        "from flytekit import task, workflow\ndef my_task(fn):\n    return task(fn, retries=2)\n"
        "@my_task\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "own decorator factory": (
        "from flytekit import task, workflow\ndef my_task(**options):\n    def wrap(fn):\n"
        "        return task(**options)(fn)\n    return wrap\n@my_task(retries=2)\ndef t(x, y: int) -> int:\n    return y\n"
    ),
    "guarded import": (
        "try:\n    import union\nexcept ImportError:\n    union = None\nfrom flytekit import workflow\n"
        "@union.task\ndef t(x, y: int) -> int:\n    return y\n"
    ),
}


@pytest.mark.parametrize("source", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_every_spelling_of_a_task_is_a_task(source: str) -> None:
    """Each spelling makes `t` a task: its untyped input is found, and a workflow's call of
    it is checked against its signature (a misspelt input, named once)."""
    assert codes(source + _CALLS) == ["FC101", "FC306"]


def test_union_actor_tasks_called_in_a_workflow_are_not_plain_functions() -> None:
    """flyte-conformance's actor example: every call was FC302 when `@actor.task` was unseen."""
    source = """
        from flytekit import workflow, dynamic
        from union.actor import ActorEnvironment

        actor = ActorEnvironment(name="conformance", replica_count=2, ttl_seconds=300)

        @actor.task
        def plus_one(input: int) -> int:
            return input + 1

        @dynamic
        def d1():
            plus_one(input=1)

        @workflow
        def actor_wf(input: int = 0) -> int:
            d1()
            a = plus_one(input=input)
            return plus_one(input=a)
    """
    assert codes(source) == []


def test_an_unresolved_decorator_is_not_known_to_be_plain() -> None:
    """A decorator nothing resolves may make a task: no FC302 on its calls, and no rule that
    needs a task's signature fires on it."""
    source = """
        from flytekit import workflow
        from company.flyte import cluster_task

        @cluster_task(gpus=1)
        def train(x) -> int:
            return 1

        @workflow
        def wf(a: int) -> int:
            return train(x=a)
    """
    assert codes(source) == []


def test_a_plain_function_called_with_promises_is_still_reported() -> None:
    source = """
        from flytekit import task, workflow

        def double(x):
            return x * 2

        @task
        def t(x: int) -> int:
            return x

        @workflow
        def wf(a: int) -> int:
            return t(x=double(a))
    """
    assert codes(source) == ["FC302"]


def test_a_rebound_function_is_not_plain() -> None:
    source = """
        from flytekit import task, workflow

        def double(x: int) -> int:
            return x * 2

        double = task(double)

        @workflow
        def wf(a: int) -> int:
            return double(x=a)
    """
    assert codes(source) == []


def test_flyte_2_code_gets_nothing() -> None:
    """Flyte 2 (`import flyte`) has no workflow DSL: its environments' tasks are plain async
    Python, untyped or not."""
    source = """
        import flyte

        env = flyte.TaskEnvironment(name="hello")

        @env.task
        async def say(name, times=[1]):
            return f"hi {name}"

        @env.task
        async def main(names: list[str]) -> list[str]:
            out = []
            for n in names:
                out.append(await say(name=n))
            if len(out) > 1:
                print(f"{out}")
            return out
    """
    assert codes(source) == []


def test_a_project_using_only_unions_sdk_is_checked(tmp_path: Path) -> None:
    """A file that never mentions flytekit is read (the prefilter knows `union`) and checked
    like a flytekit one."""
    (tmp_path / "flows.py").write_text(
        textwrap.dedent(
            """
            import union

            @union.task
            def load(path) -> bytes:
                return b""

            @union.workflow
            def wf(path: str) -> None:
                data = load(path=path)
                if data:
                    load(path=path)
            """
        )
    )
    (result,) = lint_paths([tmp_path / "flows.py"], Settings(root=str(tmp_path)), use_cache=False)
    assert [v.code for v in result.violations] == ["FC101", "FC201", "FC301"]


def test_configured_sdk_modules_resolve(tmp_path: Path) -> None:
    """`sdk-modules` names an SDK that re-exports flytekit: the prefilter reads its files and
    its decorators make entities."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flytecheck.lint]\nsdk-modules = ["acme_flyte"]\n'
    )
    (tmp_path / "flows.py").write_text(
        "from acme_flyte import task\n@task\ndef t(x) -> int:\n    return 1\n"
    )
    settings = load_settings(tmp_path)
    assert settings.sdk_modules == ("acme_flyte",)
    (result,) = lint_paths([tmp_path / "flows.py"], settings, use_cache=False)
    assert [v.code for v in result.violations] == ["FC101"]
    (plain,) = lint_paths([tmp_path / "flows.py"], Settings(root=str(tmp_path)), use_cache=False)
    assert plain.violations == ()


ENVS = """
from union.actor import ActorEnvironment
from flytekit import task


actor = ActorEnvironment(name="shared", replica_count=1)


def gpu_task(fn):
    return task(fn, retries=2)
"""

USES = """
from typing import List
from .envs import actor, gpu_task


@actor.task
def load(n) -> List[int]:
    return list(range(n))


@gpu_task
def train(xs: List[int]) -> float:
    return 0.0
"""

FLOWS = """
from flytekit import workflow
from .uses import load, train


@workflow
def wf(n: int) -> float:
    return train(xs=load(nn=n))
"""


@pytest.mark.parametrize("cache", [False, True])
def test_environments_and_decorators_from_another_module(tmp_path: Path, cache: bool) -> None:
    """`from .envs import actor` then `@actor.task`, in a file that mentions no SDK at all:
    the first pass finds what envs.py defines, a second pass lints the files that use it.
    The same findings come cold and from the cache."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "envs.py").write_text(ENVS)
    (package / "uses.py").write_text(USES)
    (package / "flows.py").write_text(FLOWS)
    settings = Settings(root=str(tmp_path))
    for _ in range(2 if cache else 1):
        results = lint_paths([package], settings, use_cache=cache, jobs=1)
        found = {(Path(r.path).name, v.line, v.code) for r in results for v in r.violations}
        assert found == {("uses.py", 7, "FC101"), ("flows.py", 8, "FC306")}
        (flows,) = [v for r in results for v in r.violations if v.code == "FC306"]
        assert "load() has no input 'nn' (did you mean 'n'?" in flows.message


def test_fc402_is_silent_where_unions_sdk_supplies_a_cache_policy(tmp_path: Path) -> None:
    flytekit_only = "from flytekit import task\n@task(cache=True)\ndef t() -> None:\n    pass\n"
    assert codes(flytekit_only) == ["FC402"]
    assert codes("import union\n" + flytekit_only) == []
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\ndependencies = ["union>=0.1"]\n'
    )
    (tmp_path / "m.py").write_text(flytekit_only)
    settings = load_settings(tmp_path)
    assert settings.union_project
    (result,) = lint_paths([tmp_path / "m.py"], settings, use_cache=False)
    assert result.violations == ()


def test_fc401_is_reported_where_flytekit_refuses_it() -> None:
    """flytekit accepts a mutable default when the task is defined and on a direct call; it
    refuses a workflow call that leaves the input out."""
    task = "from typing import List\nfrom flytekit import task, workflow\n@task\ndef t(xs: List[int] = []) -> int:\n    return len(xs)\n"
    assert codes(task) == []
    assert codes(task + "@workflow\ndef w() -> int:\n    return t(xs=[1])\n") == []
    assert codes(task + "@workflow\ndef w() -> int:\n    return t()\n") == ["FC401"]


def test_a_misspelt_input_is_one_finding_naming_the_closest() -> None:
    source = (
        "from flytekit import task, workflow\n@task\ndef t(name: str, count: int) -> int:\n    return count\n"
        "@workflow\ndef w(a: str) -> int:\n    return t(nmae=a, count=1)\n"
    )
    result = lint_source(source, "m.py", ALL_RULES)
    assert [v.code for v in result.violations] == ["FC306"]
    assert "did you mean 'name'?" in result.violations[0].message
    unrelated = source.replace("nmae=a", "zzz=a")
    assert codes(unrelated) == ["FC306", "FC307"]


@pytest.mark.parametrize(
    "annotation", ["Optional[int]", "int | None", "Union[int, None]", "Annotated[Optional[int], 1]"]
)
def test_an_optional_input_without_default_is_not_required(annotation: str) -> None:
    """flytekit marks it not required and binds None when a workflow call leaves it out."""
    source = (
        "from typing import Annotated, Optional, Union\nfrom flytekit import task, workflow\n"
        f"@task\ndef t(a: int, b: {annotation}) -> int:\n    return a\n"
        "@workflow\ndef w(x: int) -> int:\n    return t(a=x)\n"
    )
    assert codes(source) == []


MODELS = """
import dataclasses


class Blob:
    pass


@dataclasses.dataclass
class Point:
    x: int


class Local(Blob):
    pass
"""

USES_MODELS = """
from flytekit import task
from .models import Blob, Local, Point
from acme.things import Thing


class Derived(Point):
    pass


@task
def t(b: Blob, p: Point, l: Local, d: Derived, th: Thing) -> None:
    pass
"""


@pytest.mark.parametrize("cache", [False, True])
def test_classes_of_another_module_are_judged_through_the_index(
    tmp_path: Path, cache: bool
) -> None:
    """A plain class defined in a module that mentions no SDK is known to be pickled where a
    task names it; a dataclass there is handled, and so is a subclass of it here; a class of
    an unread package stays unknown."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text(MODELS)
    (package / "tasks.py").write_text(USES_MODELS)
    for _ in range(2 if cache else 1):
        results = lint_paths([package], Settings(root=str(tmp_path)), use_cache=cache, jobs=1)
        found = [
            (Path(r.path).name, v.code, v.message.split(" ")[0])
            for r in results
            for v in r.violations
        ]
        assert found == [("tasks.py", "FC202", "Blob"), ("tasks.py", "FC202", "Local")]


def test_nested_tasks_are_reported_except_in_test_modules() -> None:
    """flytekit accepts tasks defined inside functions of test modules (they run locally)."""
    from flytecheck.lint.rules.nested_entity import NestedEntity

    source = NestedEntity.VALID_IN_TESTS
    assert codes(source, "tests/test_flows.py") == []
    assert codes(source, "tests/flows_test.py") == []
    assert codes(source, "src/flows.py") == ["FC104"]
