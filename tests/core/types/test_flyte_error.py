"""FlyteError, what a failure handler receives: the same literal and literal type as flytekit's
(an Error scalar, not a dataclass struct), so a handler of either SDK reads what the other's
executor gives it; and a flytekit sub-workflow's own handler runs under flyte_run."""

from __future__ import annotations

import importlib
import sys
import textwrap
import typing
from pathlib import Path

import pytest

from flytecheck.core import current_context
from flytecheck.core.types import TypeEngine
from flytecheck.core.types.error import FlyteError

pytest.importorskip(
    "flytekit", reason="flytekit is not installed: pip install 'flytecheck[flytekit]'"
)


@pytest.mark.parametrize("optional", [False, True])
def test_the_literal_is_flytekits(optional: bool) -> None:
    from flytekit.core.context_manager import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine as FkEngine
    from flytekit.types.error import FlyteError as FkError

    theirs_type: typing.Any = typing.Optional[FkError] if optional else FkError
    ours_type: typing.Any = typing.Optional[FlyteError] if optional else FlyteError
    fk_ctx = FlyteContextManager.current_context()
    theirs = FkEngine.to_literal(
        fk_ctx, FkError("it broke", "n3"), theirs_type, FkEngine.to_literal_type(theirs_type)
    )
    ours = TypeEngine.to_literal(current_context(), FlyteError("it broke", "n3"), ours_type)
    assert ours == theirs.to_flyte_idl()
    assert (
        TypeEngine.to_literal_type(ours_type)
        == FkEngine.to_literal_type(theirs_type).to_flyte_idl()
    )
    assert TypeEngine.to_python_value(current_context(), ours, ours_type) == FlyteError(
        "it broke", "n3"
    )


FLOWS = """
import typing
from flytekit import task, workflow
from flytekit.types.error import FlyteError

SEEN = []


@task
def boom(x: int) -> int:
    if x > 0:
        raise ValueError("boom")
    return x


@task
def clean_up(x: int, err: typing.Optional[FlyteError] = None) -> None:
    SEEN.append((x, type(err).__module__, err.failed_node_id if err else None))


@workflow(on_failure=clean_up)
def sub(x: int) -> int:
    return boom(x=x)


@workflow
def parent(x: int) -> int:
    return sub(x=x)
"""


@pytest.mark.parametrize("entry", ["sub", "parent"])
def test_a_flytekit_sub_workflows_failure_handler_gets_flytekits_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str
) -> None:
    from flytecheck.pytest_plugin._interop import run_any

    name = f"fk_failing_{entry}"  # a module of its own: its SEEN is this run's
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(FLOWS))
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module(name)
    monkeypatch.setitem(sys.modules, name, module)
    with pytest.raises(Exception, match="boom"):
        run_any(getattr(module, entry), x=1)
    assert module.SEEN == [(1, "flytekit.types.error.error", "n0")]
