"""The pytest11 entry point. Hooks and fixtures only; the core is imported inside them, so
`pytest` without `--flyte` pays almost nothing for the plugin being installed."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flytecheck.pytest_plugin._coverage import WorkflowCoverage
from flytecheck.pytest_plugin._fixtures import FlyteExecute, FlyteMocker
from flytecheck.pytest_plugin._snapshot import EXTENSIONS, FlyteSnapshot, SnapshotSession

_COVERAGE = pytest.StashKey[WorkflowCoverage]()
_SNAPSHOTS = pytest.StashKey[SnapshotSession]()
_GATE_MESSAGE = pytest.StashKey[str]()
_WATCHING = pytest.StashKey[contextlib.ExitStack]()


def _percent(text: str) -> float:
    """A coverage gate from 0 to 100; `nan` (which no coverage is below) or 200 is refused."""
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 100:
        msg = f"{text!r} is not a percentage from 0 to 100"
        raise argparse.ArgumentTypeError(msg)
    return value


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("flytecheck", "Flyte workflows (flytecheck)")
    group.addoption(
        "--flyte",
        action="store_true",
        help="compile each workflow and launch plan the tests import; report workflow coverage",
    )
    group.addoption(
        "--flyte-cov-fail-under",
        type=_percent,
        metavar="PERCENT",
        help="fail the session if workflow coverage (nodes and branches run) is below PERCENT",
    )
    group.addoption(
        "--flyte-snapshot-update",
        action="store_true",
        help="write graph snapshots instead of comparing",
    )
    parser.addini(
        "flyte_snapshot_format",
        "graph snapshot format: mermaid, text, dot or json",
        default="mermaid",
    )
    parser.addini(
        "flyte_mock_strict",
        "fail tests whose flyte_mock stubs were never called",
        type="bool",
        default=False,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "flyte_mock(strict=False): options for the flyte_mock fixture"
    )
    config.addinivalue_line(
        "markers", "flyte_compile: a --flyte item compiling a workflow or launch plan"
    )
    fmt = config.getini("flyte_snapshot_format")
    if fmt not in EXTENSIONS:
        msg = f"flyte_snapshot_format = {fmt!r}; choose one of {', '.join(EXTENSIONS)}"
        raise pytest.UsageError(msg)
    snapshots = SnapshotSession(config.getoption("flyte_snapshot_update"), fmt)
    for arg in config.args:
        if "::" in arg:  # a node id: its module is not collected in full
            snapshots.narrowed.add(Path(config.invocation_params.dir, arg.split("::")[0]))
    config.stash[_SNAPSHOTS] = snapshots
    wanted = config.getoption("flyte") or config.getoption("flyte_cov_fail_under") is not None
    if wanted and not config.getoption("collectonly"):  # no test runs: no coverage to report
        from flytecheck.core.local import add_observer

        coverage = WorkflowCoverage()
        config.stash[_COVERAGE] = coverage
        add_observer(coverage.observe)


def _watch_flytekit(config: pytest.Config) -> None:
    """Measure direct calls of flytekit entities (`wf(x=1)`), which flytekit's own executor
    runs, once flytekit is loaded (the plugin never imports it for a project without it)."""
    coverage = config.stash.get(_COVERAGE, None)
    if coverage is None or _WATCHING in config.stash or "flytekit" not in sys.modules:
        return
    from flytecheck.interop._fk_local import watching

    stack = contextlib.ExitStack()
    stack.enter_context(watching(coverage.observe))
    config.stash[_WATCHING] = stack


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _watch_flytekit(item.config)


def pytest_unconfigure(config: pytest.Config) -> None:
    watching = config.stash.get(_WATCHING, None)
    if watching is not None:
        watching.close()
    coverage = config.stash.get(_COVERAGE, None)
    if coverage is not None:
        from flytecheck.core.local import remove_observer

        remove_observer(coverage.observe)


NO_EAGER_GRAPH = (
    "an @eager workflow has no graph to measure (its body makes its calls as it runs); the "
    "workflows it calls are measured as they run"
)


@pytest.hookimpl(tryfirst=True)  # before -k, -m and --deselect, so they apply to these items
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not config.getoption("flyte"):
        return
    import sys

    from flytecheck.pytest_plugin._compile import (
        FlyteCompileItem,
        FlyteModule,
        eager_workflows_in_project,
        entities_in_project,
        project_modules,
    )

    coverage = config.stash.get(_COVERAGE, None)
    parents: dict[str, FlyteModule] = {}
    modules = project_modules(config.rootpath)
    for module, name, entity in entities_in_project(modules):
        if module not in parents:
            path = Path(sys.modules[module].__file__ or module)
            parents[module] = FlyteModule.from_parent(session, path=path)
        item = FlyteCompileItem.from_parent(
            parents[module], name=f"flyte-compile::{name}", entity=entity
        )
        items.append(item)
        if coverage is not None and not hasattr(entity, "workflow"):
            from flytecheck.core.exceptions.scopes import safe_str
            from flytecheck.interop.flytekit import adapt

            try:
                coverage.add(adapt(entity).compile())
            except Exception as e:  # its compile item fails with the whole story
                coverage.cannot_measure(entity.name, f"{type(e).__name__}: {safe_str(e)}"[:200])
    if coverage is not None:
        for name in eager_workflows_in_project(modules):
            coverage.cannot_measure(name, NO_EAGER_GRAPH)
    _watch_flytekit(config)


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        snapshots = item.config.stash.get(_SNAPSHOTS, None)
        if snapshots is not None:
            snapshots.narrowed.add(Path(item.path))


def pytest_collection_finish(session: pytest.Session) -> None:
    snapshots = session.config.stash.get(_SNAPSHOTS, None)
    if snapshots is not None:
        for item in session.items:
            snapshots.record_collected(Path(item.path), item.name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call" and report.passed:
        snapshots = item.config.stash.get(_SNAPSHOTS, None)
        if snapshots is not None:
            snapshots.record_passed(Path(item.path), item.name)
    return report


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def flyte_mock(request: pytest.FixtureRequest) -> Iterator[FlyteMocker]:
    """Stubs for tasks, workflows and launch plans, undone when the test ends."""
    marker = request.node.get_closest_marker("flyte_mock")
    strict = (
        bool(marker.kwargs.get("strict")) if marker else request.config.getini("flyte_mock_strict")
    )
    mocker = FlyteMocker(strict=strict)
    yield mocker
    unused = mocker.unused()
    mocker.stop()
    if unused:
        names = ", ".join(f"{m.kind} {m.entity.name!r}" for m in unused)
        pytest.fail(
            f"flyte_mock: stub(s) never called: {names}; "
            "remove them or check the workflow calls them"
        )


@pytest.fixture
def flyte_context(tmp_path: Path) -> Iterator[Any]:
    """A fresh context for this test: its own sandbox and raw output prefix under tmp_path."""
    from flytecheck.core.context import FlyteContext, FlyteContextManager
    from flytecheck.core.io import FileAccessProvider

    sandbox = tmp_path / "flyte-sandbox"
    ctx = FlyteContext(
        sandbox_dir=sandbox, file_access=FileAccessProvider(sandbox, str(tmp_path / "flyte-raw"))
    )
    with FlyteContextManager.with_context(ctx):
        yield ctx


@pytest.fixture
def flyte_graph() -> Any:
    """`flyte_graph(wf)`: the canonical graph of a workflow (flytecheck's or flytekit's)."""
    from flytecheck.pytest_plugin._interop import graph_of_any

    return graph_of_any


@pytest.fixture
def flyte_run() -> Any:
    """`flyte_run(wf, **inputs)`: run a workflow or task with flytecheck's executor, flytekit's
    too, so `flyte_mock` stubs and the coverage report apply to it."""
    from flytecheck.pytest_plugin._interop import run_any

    return run_any


@pytest.fixture
def flyte_execute(tmp_path: Path) -> FlyteExecute:
    """`flyte_execute(task, **inputs)`: run a task through the container entrypoint in-process."""
    return FlyteExecute(tmp_path / "flyte-execute")


@pytest.fixture
def flyte_snapshot(request: pytest.FixtureRequest) -> FlyteSnapshot:
    """`assert flyte_graph(wf) == flyte_snapshot`: compare with the stored graph."""
    return FlyteSnapshot(
        request.config.stash[_SNAPSHOTS], Path(request.node.path), request.node.name
    )


# -- reporting ------------------------------------------------------------------------------


def pytest_assertrepr_compare(
    config: pytest.Config, op: str, left: Any, right: Any
) -> list[str] | None:
    if op != "==":
        return None
    from flytecheck.pytest_plugin._diff import explain

    return explain(left, right)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    workeroutput = getattr(config, "workeroutput", None)
    snapshots = config.stash.get(_SNAPSHOTS, None)
    if workeroutput is not None and snapshots is not None:
        workeroutput["flytecheck_snapshots"] = snapshots.dump()
    coverage = config.stash.get(_COVERAGE, None)
    if coverage is None:
        return
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["flytecheck_coverage"] = coverage.dump()
        return
    gate = config.getoption("flyte_cov_fail_under")
    if gate is None or session.exitstatus != 0:
        return
    if not coverage.measured():
        config.stash[_GATE_MESSAGE] = (
            f"FAIL: --flyte-cov-fail-under={gate:g} asks for workflow coverage, but no "
            "workflow was measured: import or run the workflows in the tests, or drop the gate"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif coverage.percent() < gate:
        config.stash[_GATE_MESSAGE] = (
            f"FAIL: Flyte workflow coverage {coverage.percent():.1f}% "
            f"is below --flyte-cov-fail-under={gate:g}"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    output = getattr(node, "workeroutput", {})
    coverage = node.config.stash.get(_COVERAGE, None)
    data = output.get("flytecheck_coverage")
    if coverage is not None and data:
        coverage.merge(data)
    snapshots = node.config.stash.get(_SNAPSHOTS, None)
    if snapshots is not None and output.get("flytecheck_snapshots"):
        snapshots.merge(output["flytecheck_snapshots"])


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    snapshots = config.stash.get(_SNAPSHOTS, None)
    if snapshots is not None and getattr(config, "workeroutput", None) is None:
        _report_snapshots(terminalreporter, snapshots)
    coverage = config.stash.get(_COVERAGE, None)
    if coverage is None or getattr(config, "workeroutput", None) is not None:
        return
    terminalreporter.section("Flyte workflow coverage")
    for line in coverage.report():
        terminalreporter.write_line(line)
    message = config.stash.get(_GATE_MESSAGE, None)
    if message:
        terminalreporter.write_line(message, red=True, bold=True)


def _report_snapshots(terminalreporter: Any, snapshots: SnapshotSession) -> None:
    if not snapshots.read:
        return
    unused = snapshots.unused()
    if snapshots.written:
        terminalreporter.write_line(
            f"flytecheck: {len(snapshots.written)} graph snapshot(s) written"
        )
    if unused and snapshots.update:
        for path in unused:
            path.unlink()
        terminalreporter.write_line(f"flytecheck: {len(unused)} unused graph snapshot(s) deleted")
    elif unused:
        terminalreporter.write_line(
            f"flytecheck: {len(unused)} unused graph snapshot(s) "
            f"(delete with --flyte-snapshot-update): {', '.join(str(p) for p in unused)}",
            yellow=True,
        )
