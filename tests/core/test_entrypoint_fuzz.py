"""Fuzzing flytecheck-execute's inputs: random LiteralMaps (from flytecheck.strategies), the
task's own inputs, and random bytes as inputs.pb. Exactly one of outputs.pb and error.pb is
written, and it is complete (it parses)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flyteidl.core.errors_pb2 import ErrorDocument
from flyteidl.core.literals_pb2 import LiteralMap
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flytecheck.core import TypeEngine, current_context
from flytecheck.core.entrypoint import ExecuteArgs, execute
from flytecheck.strategies import literal_maps

MODULE = "tests.core.fixtures.exec_tasks"
INT64 = st.integers(-(2**62), 2**62)
OWN_INPUTS = st.fixed_dictionaries({"a": INT64, "b": INT64}).map(
    lambda d: TypeEngine.dict_to_literal_map(current_context(), d, {"a": int, "b": int})
)
INPUTS = st.one_of(
    literal_maps().map(LiteralMap.SerializeToString),
    OWN_INPUTS.map(LiteralMap.SerializeToString),
    st.binary(max_size=200),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=INPUTS, task=st.sampled_from(["add", "fails", "surrogate_message", "exits"]))
def test_exactly_one_complete_document_whatever_inputs_pb_holds(data: bytes, task: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "inputs.pb").write_bytes(data)
        args = ExecuteArgs(
            str(root / "inputs.pb"),
            str(root / "out"),
            str(root / "raw"),
            loader_args=("task-module", MODULE, "task-name", task),
        )
        execute(args, sandbox=root / "sandbox")
        written = sorted(p.name for p in (root / "out").iterdir())
        assert written in (["outputs.pb"], ["error.pb"])
        document = (root / "out" / written[0]).read_bytes()
        if written == ["outputs.pb"]:
            assert "o0" in LiteralMap.FromString(document).literals
        else:
            assert ErrorDocument.FromString(document).error.code
